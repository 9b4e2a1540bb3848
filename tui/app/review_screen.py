"""Tagging a phrase everywhere, reviewed place by place: the dialog that asks, the screen that lists.

``ctrl+g`` asks for a phrase (the viewer's selection, else the search box's phrase), a tag,
and whether case matters or the places are to be suggestions (``TagAllDialog``).  The
review screen then plans, in a thread worker, every place the phrase occurs in the
articles the current query finds (``tui.project.reviewing``), and lists them: each with its
article and the text around it, those you tagged already marked and locked (another
annotator's span at the same place does not lock it).  Places are
accepted or rejected one by one or all at once; ``ctrl+s`` writes the accepted ones, one
write per article through the core's ``apply``, in another worker.  The same screen reviews
suggestions (``F4``): accepting clears a suggestion's status, rejecting deletes it.

The list, its loading and writing workers and its columns are the table screen base's
(``tui.app.annotation_table_screen``, shared with the annotation browser), so a thousand
places open as fast as ten; articles are named by title.  The screen is dismissed with the
``BatchResult`` of the write, which the app keeps as one undo step (``U``), or with None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.style import Style as VisualStyle
from textual.widgets import Checkbox, Input, Static

from tui.app.annotation_table_screen import AnnotationTableScreen, Column, Rows
from tui.app.dialogs import DIALOG_CSS
from tui.app.render import plain, shown
from tui.app.table import cell, in_context
from tui.app.tag_picker import TagPicker
from tui.app.tags import TagLooks
from tui.app.tickbox import Tickbox
from tui.project.batch import BatchResult
from tui.project.reviewing import ALREADY_TAGGED, Review, ReviewItem
from tui.text.width import cell_width

ACCEPT, REJECT = "accept", "reject"
#: How each decision is shown in the first column.
MARKS = {ACCEPT: ("✓", "bold $text-success"), REJECT: ("✗", "bold $text-error"), "": ("·", "dim")}
LOCKED_MARK = ("=", "dim")


@dataclass(frozen=True)
class TagAllRequest:
    phrase: str
    tag: str
    case_sensitive: bool
    suggest: bool


class TagAllDialog(ModalScreen[TagAllRequest | None]):
    """What to tag everywhere: a phrase, a tag, case, and whether the places become suggestions.

    The tag is picked as in the retag dialog (``TagPicker``: its key, or the arrows and
    Enter), and picking it finds the places.  Focus starts on the tags when the phrase is
    already there (the selection, the search box's words), else in the phrase field, where
    letters are the phrase's and Enter moves on to the tags.
    """

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="TagAllDialog")
        + """
    TagAllDialog #tags { max-height: 6; margin: 1 0 0 0; }
    TagAllDialog Checkbox { margin: 0; }
    TagAllDialog #scope { color: $text-muted; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tag_all.cancel"),
        # Not a priority binding, which would run before the letters typed just before it arrive.
        Binding("ctrl+s", "start", "Find the places", id="tag_all.start"),
    ]

    def __init__(self, phrase: str, scope: str, looks: TagLooks) -> None:
        super().__init__()
        self.phrase = phrase
        self.scope = scope
        self.looks = looks

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Tag every occurrence"), classes="title")
            yield Input(
                " ".join(self.phrase.split()), placeholder="a word or phrase", id="phrase", compact=True
            )
            yield Static(plain(self.scope), id="scope")
            yield TagPicker.for_tags(self.looks)(self.looks, id="tags")
            yield Tickbox("Case-sensitive", id="case", compact=True)
            yield Tickbox("Add them as suggestions", id="suggest", compact=True)
            yield Static(id="tag-all-hint", classes="hint")

    def on_mount(self) -> None:
        picker = self.query_one(TagPicker)
        self.query_one("#tag-all-hint", Static).update(
            plain(
                f"In the tags: {picker.keys_hint()} or Enter picks the tag and finds the places · "
                "Tab moves · Space ticks · Escape cancels"
            )
        )
        (picker if self.phrase.split() else self.query_one("#phrase", Input)).focus()

    @on(Input.Submitted, "#phrase")
    def _phrase_entered(self) -> None:
        if self._phrase():
            self.query_one(TagPicker).focus()

    @on(TagPicker.Picked)
    def _picked(self, event: TagPicker.Picked) -> None:
        self._start(event.tag)

    def action_start(self) -> None:
        self._start(self.query_one(TagPicker).tag)

    def _phrase(self) -> str:
        phrase = self.query_one("#phrase", Input).value
        if not phrase.split():
            self.notify("Type the word or phrase to look for", severity="warning")
            self.query_one("#phrase", Input).focus()
            return ""
        return phrase

    def _start(self, tag: str) -> None:
        phrase = self._phrase()
        if phrase:
            case, suggest = (self.query_one(f"#{name}", Checkbox).value for name in ("case", "suggest"))
            self.dismiss(TagAllRequest(phrase, tag, case, suggest))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewScreen(AnnotationTableScreen[int, BatchResult | None]):
    """Each place (or suggestion) with its context: a accepts, r rejects, A and R all, ctrl+s writes.

    The rows are the items' numbers in the review (decisions are kept by number).
    """

    DEFAULT_CSS = """
    ReviewScreen > #review-title {
        padding: 0 1;
        background: $boost;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a", "decide('accept')", "Accept", tooltip="Accept the highlighted place", id="review.accept"
        ),
        Binding(
            "r", "decide('reject')", "Reject", tooltip="Reject the highlighted place", id="review.reject"
        ),
        Binding(
            "space",
            "flip",
            "Accept or reject",
            show=False,
            tooltip="Accept or reject the highlighted place",
            id="review.toggle",
        ),
        Binding(
            "A",
            "decide_all('accept')",
            "All",
            tooltip="Accept every place (not those already tagged)",
            id="review.accept_all",
        ),
        Binding("R", "decide_all('reject')", "None", tooltip="Reject every place", id="review.reject_all"),
        Binding(
            "ctrl+s", "write", "Save", tooltip="Save the decisions (one undo step: U)", id="review.write"
        ),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving anything", id="review.cancel"),
    ]
    LOADING = "Looking through the articles…"

    def __init__(self, title: str, load: Callable[[], Review], looks: TagLooks) -> None:
        """``load`` runs in a thread: it plans the places, or lists the suggestions."""
        super().__init__(looks)
        self.title_text = title
        self._load_review = load
        self.review: Review | None = None
        self.items: tuple[ReviewItem, ...] = ()
        self.decisions: list[str] = []
        #: Each decision's symbol and style in the first column (theme colours, resolved when filled).
        self._marks: dict[str, tuple[str, Style]] = {}

    def compose_top(self) -> ComposeResult:
        yield Static(plain(self.title_text), id="review-title", classes="table-top")

    def on_mount(self) -> None:
        self.row_list.display = False
        super().on_mount()

    # -- the rows --

    def load(self) -> Rows[int]:
        review = self._load_review()
        return ReviewRows(review.workspace, tuple(range(len(review.items))), review=review)

    def failed(self, reason: str) -> None:
        self.app.notify(reason, severity="error")
        self.dismiss(None)

    def took(self, rows: Rows[int]) -> bool:
        review = rows.review if isinstance(rows, ReviewRows) else None
        if review is None:
            return False
        items = review.items
        problems = review.problems
        if problems:
            first = str(problems[0])
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.app.notify(f"Not looked at: {first}{more}", severity="warning", timeout=8)
        if not items:
            self.app.notify(f"Nothing to review: {self.title_text}", severity="warning")
            self.dismiss(None)
            return False
        self.review, self.items = review, items
        self.decisions = ["" for _ in items]
        self.row_list.display = True
        self.row_list.focus()
        return True

    def row_key(self, row: int) -> str:
        return str(row)

    def article_of(self, row: int) -> str:
        return self.items[row].article_id

    def articles_read(self, rows: Rows[int]) -> Iterable[str]:
        review = rows.review if isinstance(rows, ReviewRows) else None
        return () if review is None else (item.article_id for item in review.items)

    def columns(self, width: int) -> list[Column[int]]:
        variables = self.app.theme_variables
        self._marks = {
            key: (symbol, VisualStyle.parse(style, variables).rich_style)
            for key, (symbol, style) in [*MARKS.items(), ("=", LOCKED_MARK)]
        }
        longest_tag = max((cell_width(item.tag) for item in self.items), default=4)
        return [
            Column("", 1, self._mark),
            Column("tag", min(10, max(3, longest_tag)), self._tag),
            Column("article", 20 if width < 120 else 32, self.article_cell),
            Column("the place in its text", None, self._place_cell),
        ]

    def _style(self, item: ReviewItem) -> Style:
        return self.tag_style(item.tag, item.suggested)

    def _mark(self, row: int, width: int) -> Text:
        symbol, style = self._marks["=" if self.items[row].locked else self.decisions[row]]
        return Text(symbol, style=style, end="")

    def _tag(self, row: int, width: int) -> Text:
        item = self.items[row]
        return cell(item.tag, self._style(item))

    def _place_cell(self, row: int, width: int) -> Text:
        item = self.items[row]
        return in_context(item.before, item.quote, item.after, width, self._style(item))

    def preview(self, row: int) -> Content:
        item = self.items[row]
        said = f"{self.title_of(item.article_id)} [{item.article_id} {item.start}-{item.end}]"
        if item.author:
            said += f" · suggested by {item.author}"
        if item.locked:
            said += f" · {item.locked}"
        before, quote, after = (
            shown(" ".join(part.split())) for part in (item.before, item.quote, item.after)
        )
        before = f"{before} " if item.before[-1:].isspace() else before
        after = f" {after}" if item.after[:1].isspace() else after
        style = self.looks.suggested_style(item.tag) if item.suggested else self.looks.content_style(item.tag)
        return Content("\n").join(
            [
                Content.styled(shown(said), "dim"),
                Content.assemble(before, Content.styled(quote, style), after),
            ]
        )

    def status_parts(self) -> list[str]:
        counts = {ACCEPT: 0, REJECT: 0, "": 0}
        locked = 0
        for item, decision in zip(self.items, self.decisions, strict=True):
            if item.locked:
                locked += 1
            else:
                counts[decision] += 1
        parts = [f"{len(self.items):,} listed"]
        if locked:
            parts.append(f"{locked:,} {ALREADY_TAGGED}")
        return [*parts, f"✓ {counts[ACCEPT]:,}", f"✗ {counts[REJECT]:,}", f"{counts['']:,} to decide"]

    def chosen(self, row: int) -> None:
        self.action_flip()

    def _set(self, number: int, decision: str) -> None:
        if self.items[number].locked:
            return
        self.decisions[number] = decision
        self.refresh_row(number)

    # -- keys --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("decide", "flip", "decide_all", "write"):
            return bool(self.items) and not self.writing
        return True

    def action_decide(self, decision: str) -> None:
        number = self.current()
        if number is None:
            return
        if self.items[number].locked:
            self.notify(f"This place is {self.items[number].locked}: nothing to decide", severity="warning")
        self._set(number, decision)
        self.show_status()
        self.row_list.move_cursor(self.row_list.cursor_row + 1)

    def action_flip(self) -> None:
        number = self.current()
        if number is not None:
            self._set(number, REJECT if self.decisions[number] == ACCEPT else ACCEPT)
            self.show_status()

    def action_decide_all(self, decision: str) -> None:
        for number in range(len(self.items)):
            self._set(number, decision)
        self.show_status()

    def action_write(self) -> None:
        review = self.review
        accepted = [n for n, decision in enumerate(self.decisions) if decision == ACCEPT]
        rejected = [n for n, decision in enumerate(self.decisions) if decision == REJECT]
        if review is None:
            return
        if not accepted and not rejected:
            self.notify("Nothing decided yet: a accepts, r rejects (A, R: every one)", severity="warning")
            return
        self.write(f"Saving {len(accepted):,} accepted…", lambda: review.write(accepted, rejected))

    def written(self, result: BatchResult) -> None:
        self.dismiss(result)

    def action_cancel(self) -> None:
        if self.writing:
            return
        self.dismiss(None)


@dataclass(frozen=True)
class ReviewRows(Rows[int]):
    """The rows of a review: its items' numbers, with the review they are of."""

    review: Review | None = None
