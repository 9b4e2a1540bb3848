"""Tagging a phrase everywhere, reviewed place by place: the dialog that asks, the screen that lists.

``ctrl+g`` asks for a phrase (the viewer's selection, else the search box's phrase), a tag,
and whether case matters or the places are to be suggestions (``TagAllDialog``).  The
review screen then plans, in a thread worker, every place the phrase occurs in the
articles the current query finds (``tui.project.review``), and lists them: each with its
article and the text around it, those already tagged marked and locked.  Places are
accepted or rejected one by one or all at once; ``ctrl+s`` writes the accepted ones, one
write per article through the core's ``apply``, in another worker.  The same screen reviews
suggestions (``F4``): accepting clears a suggestion's status, rejecting deletes it.

The list is one ``RowList`` (``tui.app.table``: a row's cells are made only when it is
painted), so a thousand places open as fast as ten.  The screen is dismissed with the ``BatchResult`` of
the write, which the app keeps as one undo step (``U``), or with None.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.style import Style as VisualStyle
from textual.widgets import Checkbox, Footer, Input, Static

from tui.app.dialogs import DIALOG_CSS
from tui.app.render import plain, shown
from tui.app.table import RowList, cell, fit_widths, header, in_context
from tui.app.tag_picker import TagPicker
from tui.app.tags import TagLooks
from tui.app.tickbox import Tickbox
from tui.errors import GlossatorError
from tui.project.batch import BatchResult
from tui.project.review import Review, ReviewItem
from tui.search import QueryError

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


class ReviewScreen(Screen[BatchResult | None]):
    """Each place (or suggestion) with its context: a accepts, r rejects, A and R all, ctrl+s writes."""

    DEFAULT_CSS = """
    ReviewScreen > #review-title {
        height: 1;
        padding: 0 1;
        background: $boost;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ReviewScreen > #review-status { height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; }
    ReviewScreen > #review-header { height: 1; padding: 0 0 0 0; background: $surface; }
    ReviewScreen > RowList { height: 1fr; }
    ReviewScreen > #review-preview {
        height: 3;
        padding: 0 1;
        border-top: solid $surface-lighten-2;
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

    @dataclass
    class Loaded(Message):
        review: Review

    @dataclass
    class LoadFailed(Message):
        reason: str

    @dataclass
    class Written(Message):
        result: BatchResult

    @dataclass
    class WriteFailed(Message):
        reason: str

    def __init__(self, title: str, load: Callable[[], Review], looks: TagLooks) -> None:
        """``load`` runs in a thread: it plans the places, or lists the suggestions."""
        super().__init__()
        self.title_text = title
        self._load_review = load
        self.looks = looks
        self.review: Review | None = None
        self.items: tuple[ReviewItem, ...] = ()
        self.decisions: list[str] = []
        self._writing = False
        #: Each decision's symbol and style in the first column (theme colours, resolved when filled).
        self._marks: dict[str, tuple[str, Style]] = {}
        self._styles: dict[tuple[str, bool], Style] = {}
        self._context_width = 40
        self._started = time.perf_counter()
        #: Seconds from the screen's start to the list shown (for the benchmark).
        self.opened_in: float | None = None

    def compose(self) -> ComposeResult:
        yield Static(plain(self.title_text), id="review-title")
        # Until the list is there, this line says what is going on.
        yield Static(plain("Looking through the articles…"), id="review-status")
        yield Static(id="review-header")
        yield RowList(id="review-list")
        yield Static(id="review-preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(RowList).display = False
        self._started = time.perf_counter()
        self._load()

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def _load(self) -> None:
        try:
            review = self._load_review()
        except (GlossatorError, QueryError, OSError) as error:
            self.post_message(self.LoadFailed(str(error)))
            return
        self.post_message(self.Loaded(review))

    @on(LoadFailed)
    def _load_failed(self, event: LoadFailed) -> None:
        self.app.notify(event.reason, severity="error")
        self.dismiss(None)

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        review = event.review
        items = review.items
        problems = review.problems
        if problems:
            first = str(problems[0])
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self.app.notify(f"Not looked at: {first}{more}", severity="warning", timeout=8)
        if not items:
            self.app.notify(f"Nothing to review: {self.title_text}", severity="warning")
            self.dismiss(None)
            return
        self.review, self.items = review, items
        self.decisions = ["" for _ in items]
        rows = self.query_one(RowList)
        rows.display = True
        self._fill()
        rows.focus()
        self._show_status()
        self.opened_in = time.perf_counter() - self._started

    # -- the list --

    def _fill(self) -> None:
        """Lay the list out for the screen's width (a row's cells are made when it is painted)."""
        rows = self.query_one(RowList)
        longest_tag = max((len(item.tag) for item in self.items), default=4)
        longest_id = max((len(item.article_id) for item in self.items), default=8)
        widths = fit_widths(
            rows.size.width or self.app.size.width, [1, min(10, longest_tag), min(18, longest_id), None]
        )
        self.query_one("#review-header", Static).update(
            header(("", "tag", "article", "the place in its text"), widths)
        )
        variables = self.app.theme_variables
        self._marks = {
            key: (symbol, VisualStyle.parse(style, variables).rich_style)
            for key, (symbol, style) in [*MARKS.items(), ("=", LOCKED_MARK)]
        }
        self._styles = {
            (tag, suggested): self.looks.rich_style(tag, variables, suggested=suggested)
            for tag, suggested in {(item.tag, item.suggested) for item in self.items}
        }
        self._context_width = widths[-1]
        rows.show(len(self.items), self._cells, widths)

    def _cells(self, number: int) -> list[Text]:
        item = self.items[number]
        style = self._styles[item.tag, item.suggested]
        return [
            self._mark(number),
            cell(item.tag, style),
            cell(item.article_id, "dim"),
            in_context(item.before, item.quote, item.after, self._context_width, style),
        ]

    def _mark(self, number: int) -> Text:
        symbol, style = self._marks["=" if self.items[number].locked else self.decisions[number]]
        return Text(symbol, style=style, end="")

    def on_resize(self) -> None:
        if self.items:
            self._fill()

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        self._preview()

    @on(RowList.Chosen)
    def _chosen(self, event: RowList.Chosen) -> None:
        self.action_flip()

    def _preview(self) -> None:
        number = self.query_one(RowList).cursor_row
        if not 0 <= number < len(self.items):
            return
        item = self.items[number]
        said = f"{item.article_id} {item.start}-{item.end}"
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
        self.query_one("#review-preview", Static).update(
            Content("\n").join(
                [
                    Content.styled(shown(said), "dim"),
                    Content.assemble(before, Content.styled(quote, style), after),
                ]
            )
        )

    def _show_status(self) -> None:
        counts = {ACCEPT: 0, REJECT: 0, "": 0}
        locked = 0
        for item, decision in zip(self.items, self.decisions, strict=True):
            if item.locked:
                locked += 1
            else:
                counts[decision] += 1
        parts = [f"{len(self.items):,} listed"]
        if locked:
            parts.append(f"{locked:,} already tagged")
        parts += [f"✓ {counts[ACCEPT]:,}", f"✗ {counts[REJECT]:,}", f"{counts['']:,} to decide"]
        self.query_one("#review-status", Static).update(plain(" · ".join(parts)))

    def _set(self, number: int, decision: str) -> None:
        if self.items[number].locked:
            return
        self.decisions[number] = decision
        self.query_one(RowList).refresh_row(number)

    # -- keys --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("decide", "flip", "decide_all", "write"):
            return bool(self.items) and not self._writing
        return True

    def action_decide(self, decision: str) -> None:
        rows = self.query_one(RowList)
        number = rows.cursor_row
        if not 0 <= number < len(self.items):
            return
        if self.items[number].locked:
            self.notify(f"This place is {self.items[number].locked}: nothing to decide", severity="warning")
        self._set(number, decision)
        self._show_status()
        if number + 1 < len(self.items):
            rows.move_cursor(number + 1)

    def action_flip(self) -> None:
        number = self.query_one(RowList).cursor_row
        if 0 <= number < len(self.items):
            self._set(number, REJECT if self.decisions[number] == ACCEPT else ACCEPT)
            self._show_status()

    def action_decide_all(self, decision: str) -> None:
        for number in range(len(self.items)):
            self._set(number, decision)
        self._show_status()

    def action_write(self) -> None:
        accepted = [n for n, decision in enumerate(self.decisions) if decision == ACCEPT]
        rejected = [n for n, decision in enumerate(self.decisions) if decision == REJECT]
        if not accepted and not rejected:
            self.notify("Nothing decided yet: a accepts, r rejects (A, R: every one)", severity="warning")
            return
        self._writing = True
        self.query_one("#review-status", Static).update(plain(f"Saving {len(accepted):,} accepted…"))
        self._write(accepted, rejected)

    @work(thread=True, exclusive=True, group="review-write", exit_on_error=False)
    def _write(self, accepted: list[int], rejected: list[int]) -> None:
        review = self.review
        if review is None:
            return
        try:
            result = review.write(accepted, rejected)
        except (GlossatorError, OSError) as error:
            self.post_message(self.WriteFailed(str(error)))
            return
        self.post_message(self.Written(result))

    @on(WriteFailed)
    def _write_failed(self, event: WriteFailed) -> None:
        self._writing = False
        self._show_status()
        self.app.notify(f"Nothing was saved: {event.reason}", severity="error")

    @on(Written)
    def _written(self, event: Written) -> None:
        self.dismiss(event.result)

    def action_cancel(self) -> None:
        if self._writing:
            return
        self.dismiss(None)
