"""Comparison mode: two annotators' spans in the open article, each disagreement stepped to and settled.

``C`` in the article asks which two annotators to compare (``ChooseAnnotators``: every pair
of people with accepted annotations in the article).  The viewer then paints their spans
by how they compare (``tui.agreement.comparison``: the same, only a, only b, tags differ, boundaries
differ, both differ), each kind in its own theme colour, instead of by tag; the bar under
the text (``ComparisonBar``, focused) says where you are and what each side made, and its
keys step through the disagreements and settle the current one: take a's span, b's, both
or neither, through ``tui.agreement.adjudication.settle`` with the app's author as the adjudicator
(their annotations are the agreed version).  Each settlement also takes in the spans both
made alike, as ``glossator adjudicate`` does.  Settling writes the file in a thread worker
and says so with ``AnnotationsWritten``; the app reloads the article, and the bar moves to
the next disagreement not settled yet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.agreement.adjudication import Take, settle, settled_take
from tui.agreement.comparison import ArticleComparison, Kind, SpanPair, compare_article
from tui.annotations.editing import ArticleEditor
from tui.annotations.model import SUGGESTED, Annotation
from tui.annotations.store import AnnotationStore
from tui.app.article_view import Mark
from tui.app.dialogs import DIALOG_CSS
from tui.app.messages import AnnotationsWritten
from tui.app.render import plain, shown
from tui.errors import GlossatorError
from tui.text.english import possessive
from tui.text.width import cell_width, fit_end

#: How each kind of pair is painted in comparison mode, instead of the tags' colours (theme
#: colours, so every theme recolours them; the bar's legend says which is which).
KIND_STYLES = {
    Kind.SAME.value: "$foreground on $success-muted",
    Kind.ONLY_A.value: "$foreground on $primary-muted",
    # Underlined too: in some themes the secondary colour is close to the primary.
    Kind.ONLY_B.value: "underline $foreground on $secondary-muted",
    Kind.TAG.value: "$foreground on $warning-muted",
    Kind.BOUNDARY.value: "$foreground on $error-muted",
    Kind.BOTH.value: "italic $foreground on $error-muted",
    "current": "bold underline",
}
LEGEND = (Kind.SAME, Kind.ONLY_A, Kind.ONLY_B, Kind.TAG, Kind.BOUNDARY, Kind.BOTH)
SHORT_LABELS = {Kind.BOUNDARY: "bounds differ", Kind.BOTH: "both differ"}
#: The legend's labels on a narrow screen (80 columns: the bar is under half of it).
NARROW_LABELS = {Kind.SAME: "same", Kind.TAG: "tags", Kind.BOUNDARY: "bounds", Kind.BOTH: "both"}
TAKES = {"a": Take.A, "b": Take.B, "both": Take.BOTH, "none": Take.NONE}


def authors_of(editor: ArticleEditor) -> list[str]:
    """Who has accepted annotations in the article (suggestions are nobody's decision yet)."""
    return sorted({a.author for a in editor.anchored() if a.status != SUGGESTED})


def compare_in(editor: ArticleEditor, first: str, second: str) -> ArticleComparison:
    """``first``'s and ``second``'s accepted spans in the article, paired."""
    spans = [a for a in editor.anchored() if a.status != SUGGESTED]
    return compare_article(
        editor.article.id, [a for a in spans if a.author == first], [a for a in spans if a.author == second]
    )


class ChooseAnnotators(ModalScreen[tuple[str, str] | None]):
    """Which two annotators to compare: every pair of the article's annotators, Enter chooses."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="ChooseAnnotators") + "ChooseAnnotators OptionList { max-height: 10; }"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="compare_choose.cancel")
    ]

    def __init__(self, authors: Sequence[str], adjudicator: str) -> None:
        super().__init__()
        self.pairs = [pair for pair in combinations(authors, 2) if adjudicator not in pair] + [
            pair for pair in combinations(authors, 2) if adjudicator in pair
        ]
        self.adjudicator = adjudicator

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Compare two annotators"), classes="title")
            yield OptionList(
                *(Option(plain(f"{a} (a) and {b} (b)"), id=str(n)) for n, (a, b) in enumerate(self.pairs)),
                id="pairs",
            )
            yield Static(
                plain(
                    f"Settling makes {possessive(self.adjudicator)} annotations the agreed version "
                    "· Enter · Escape"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#pairs")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.pairs[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ComparisonBar(Vertical, can_focus=True):
    """Where you are among the disagreements, what each side made; keys step and settle."""

    DEFAULT_CSS = """
    ComparisonBar {
        height: auto;
        max-height: 5;  /* a border, where you are, the pair (two lines when narrow), the legend */
        padding: 0 1;
        border-top: solid $surface-lighten-2;
        display: none;
        &.-shown { display: block; }
        &:focus { border-top: solid $primary; }
        & > Static { text-wrap: nowrap; text-overflow: ellipsis; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "step(1)", "Next", tooltip="Next disagreement", id="compare.next"),
        Binding(
            "left_square_bracket",
            "step(-1)",
            "Previous",
            tooltip="Previous disagreement",
            id="compare.previous",
        ),
        Binding("a", "take('a')", "Take a", tooltip="Settle it: take a's span", id="compare.take_a"),
        Binding("b", "take('b')", "Take b", tooltip="Settle it: take b's span", id="compare.take_b"),
        Binding("plus", "take('both')", "Both", tooltip="Settle it: take both spans", id="compare.take_both"),
        Binding(
            "minus", "take('none')", "Neither", tooltip="Settle it: take neither", id="compare.take_none"
        ),
        Binding("escape", "leave", "Leave", tooltip="Leave comparison mode", id="compare.leave"),
    ]

    @dataclass
    class Moved(Message):
        """The current disagreement changed: paint the marks again, put the cursor on it."""

        bar: ComparisonBar
        offset: int | None

    @dataclass
    class Left(Message):
        bar: ComparisonBar

    @dataclass
    class Settled(Message):
        article_id: str
        said: str
        severity: str = "information"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.first = self.second = ""
        self.adjudicator = ""
        self.store: AnnotationStore | None = None
        self.editor: ArticleEditor | None = None
        self.comparison: ArticleComparison | None = None
        #: Which disagreement is current (its number in ``comparison.disagreements``).
        self.current = 0
        #: A settlement was written: once the article is reloaded, move to the next unsettled one.
        self._advance = False

    def compose(self) -> ComposeResult:
        yield Static(id="compare-where")
        yield Static(id="compare-pair")
        yield Static(id="compare-legend")

    @property
    def active(self) -> bool:
        return self.has_class("-shown")

    @property
    def disagreements(self) -> tuple[SpanPair, ...]:
        return self.comparison.disagreements if self.comparison else ()

    def start(
        self, editor: ArticleEditor, first: str, second: str, adjudicator: str, store: AnnotationStore
    ) -> None:
        self.first, self.second, self.adjudicator, self.store = first, second, adjudicator, store
        self.current = 0
        self.add_class("-shown")
        self.show(editor, keep=False)
        self.focus()

    def show(self, editor: ArticleEditor, *, keep: bool = True) -> None:
        """Compare again in ``editor``'s annotations (after a change, or another article opened)."""
        before = self._pair()
        place = before.start if keep and before is not None else None
        if editor is not self.editor:
            place, self.current = None, 0
        self.editor = editor
        self.comparison = compare_in(editor, self.first, self.second)
        pairs = self.disagreements
        if place is not None and pairs:
            self.current = next((n for n, pair in enumerate(pairs) if pair.start >= place), len(pairs) - 1)
        self.current = min(self.current, max(0, len(pairs) - 1))
        if self._advance:
            self._advance = False
            self.next_unsettled()
            return
        self._describe()
        pair = self._pair()
        self.post_message(self.Moved(self, pair.start if pair and not keep else None))

    def marks(self) -> list[Mark]:
        """Every pair painted by its kind, the current disagreement underlined over it."""
        if self.comparison is None:
            return []
        painted: list[Mark] = []
        for pair in self.comparison.pairs:
            painted += [(x.start, x.end, pair.kind.value) for x in pair.annotations]
        current = self._pair()
        if current is not None:
            painted += [(x.start, x.end, "current") for x in current.annotations]
        return painted

    def _pair(self) -> SpanPair | None:
        pairs = self.disagreements
        return pairs[self.current] if 0 <= self.current < len(pairs) else None

    def _describe(self) -> None:
        comparison, editor = self.comparison, self.editor
        if comparison is None or editor is None:
            return
        width = self.content_region.width or self.app.size.width
        pairs = comparison.disagreements
        same = len(comparison.pairs) - len(pairs)
        settled = sum(
            1 for pair in pairs if settled_take(pair, editor.annotations, self.adjudicator) is not None
        )
        if pairs:
            counts = [[f"{self.current + 1} of {len(pairs)}", f"{settled} settled", f"{same} the same"],
                      [f"{self.current + 1}/{len(pairs)}", f"{settled} settled", f"{same} same"]]  # fmt: skip
        else:
            counts = [["no disagreement here", f"{same} the same"], ["none to settle", f"{same} same"]]
        where = where_line(self.first, self.second, counts, width)
        self.query_one("#compare-where", Static).update(Content.styled(shown(where), "bold"))
        pair = self._pair()
        self.query_one("#compare-pair", Static).update(
            self._pair_content(pair, width) if pair else Content("")
        )
        self.query_one("#compare-legend", Static).update(legend(width))

    def on_resize(self) -> None:
        self._describe()

    def _pair_content(self, pair: SpanPair, width: int) -> Content:
        """The current disagreement: its kind, each side's tag and quote, what was taken.

        One line when it fits ``width``; else two (b's side and the state on the second),
        quotes shortened until each line fits.
        """
        editor = self.editor
        took = settled_take(pair, editor.annotations, self.adjudicator) if editor else None
        state = Content.styled(f"  took {took}" if took else "  not settled", "dim")
        chip = Content.styled(shown(f" {pair.kind.label} "), KIND_STYLES[pair.kind.value])

        def side(name: str, annotation: Annotation | None, limit: int) -> Content:
            if annotation is None:
                return Content("")
            return plain(f"  {name}: {annotation.tag} “{_short(annotation, limit)}”")

        def fitted(line: Callable[[int], Content]) -> Content:
            content = line(30)
            for limit in (20, 12, 6, 3):
                if content.cell_length <= width:
                    break
                content = line(limit)
            return content

        one = fitted(
            lambda limit: Content.assemble(chip, side("a", pair.a, limit), side("b", pair.b, limit), state)
        )
        if one.cell_length <= width or pair.a is None or pair.b is None:
            return one
        first = fitted(lambda limit: Content.assemble(chip, side("a", pair.a, limit)))
        second = fitted(lambda limit: Content.assemble(side("b", pair.b, limit), state))
        return Content("\n").join([first, second])

    # -- keys --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("step", "take"):
            return self.active and bool(self.disagreements)
        return True

    def action_step(self, by: int) -> None:
        pairs = self.disagreements
        if not pairs:
            return
        self.current = (self.current + by) % len(pairs)
        self._describe()
        self.post_message(self.Moved(self, pairs[self.current].start))

    def action_take(self, choice: str) -> None:
        pair, editor, store = self._pair(), self.editor, self.store
        if pair is None or editor is None or store is None:
            return
        take = TAKES[choice]
        missing = {
            Take.A: pair.a is None,
            Take.B: pair.b is None,
            Take.BOTH: pair.a is None or pair.b is None,
        }
        if missing.get(take, False):
            self.notify(f"{pair.kind.label} here: take a, b or neither (-) as there is", severity="warning")
            return
        agreed = (
            [(p, Take.A) for p in self.comparison.pairs if p.kind is Kind.SAME] if self.comparison else []
        )
        self._settle(store, editor.article.id, editor.text, [*agreed, (pair, take)], choice)

    @work(thread=True, group="settle", exit_on_error=False)
    def _settle(
        self,
        store: AnnotationStore,
        article_id: str,
        text: str,
        decisions: list[tuple[SpanPair, Take]],
        choice: str,
    ) -> None:
        try:
            done = settle(store, article_id, text, self.adjudicator, decisions)
        except (GlossatorError, OSError) as error:
            self.post_message(self.Settled(article_id, f"Not settled: {error}", "error"))
            return
        said = f"Settled: took {choice} as {self.adjudicator} ({done.added} added, {done.removed} removed)"
        self.post_message(self.Settled(article_id, said))

    @on(Settled)
    def _settled(self, event: Settled) -> None:
        if event.severity == "error":
            self.notify(event.said, severity="error")
            return
        self._advance = True
        self.post_message(AnnotationsWritten((event.article_id,), event.said))

    def next_unsettled(self) -> None:
        """After a settlement: move on to the next disagreement not settled yet (if any)."""
        editor, pairs = self.editor, self.disagreements
        if editor is None or not pairs:
            return
        for step in range(1, len(pairs) + 1):
            number = (self.current + step) % len(pairs)
            if settled_take(pairs[number], editor.annotations, self.adjudicator) is None:
                self.current = number
                break
        self._describe()
        self.post_message(self.Moved(self, pairs[self.current].start))

    def action_leave(self) -> None:
        self.remove_class("-shown")
        self.comparison = None
        self.editor = None
        self.post_message(self.Left(self))


def where_line(first: str, second: str, counts: list[list[str]], width: int) -> str:
    """``first (a) vs second (b): counts`` in ``width`` cells: shorter counts, then shorter names.

    ``counts`` is the same news, longest wording first.  Names are cut (a short one is
    kept whole) only when the shortest counts still do not fit.
    """
    for wording in counts:
        line = f"{first} (a) vs {second} (b): {' · '.join(wording)}"
        if cell_width(line) <= width:
            return line
    tail = " · ".join(counts[-1])
    room = width - cell_width(tail) - len(" (a) vs  (b): ")
    rooms = _share(cell_width(first), cell_width(second), room)
    return f"{fit_end(first, rooms[0])} (a) vs {fit_end(second, rooms[1])} (b): {tail}"


def _share(first: int, second: int, room: int) -> tuple[int, int]:
    """Cells for two names in ``room``: a short name whole, the other what is left (each 4 at least)."""
    half = room // 2
    if first <= half:
        return first, max(4, room - first)
    if second <= half:
        return max(4, room - second), second
    return max(4, half), max(4, room - half)


def legend(width: int = 200) -> Content:
    """What each colour means in comparison mode, in ``width`` cells: shorter labels, then no gaps."""
    wide = [SHORT_LABELS.get(kind, kind.label) for kind in LEGEND]
    short = [NARROW_LABELS.get(kind, kind.label) for kind in LEGEND]
    for labels, gap in ((wide, " "), (short, " "), (short, "")):
        chips = [
            Content.styled(f" {label} ", KIND_STYLES[kind.value])
            for kind, label in zip(LEGEND, labels, strict=True)
        ]
        line = Content(gap).join(chips)
        if line.cell_length <= width:
            break
    return line


def _short(annotation: Annotation, limit: int = 30) -> str:
    return fit_end(" ".join(annotation.quote.split()), limit)
