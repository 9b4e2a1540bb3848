"""The left side: the query box, indexing progress, and the ranked results.

The status line under the box says how many results there are and, once you have marked
articles done, how many of them you marked ("150 results · 12 of 150 done").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from tui.app.render import one_line, plain, result_content
from tui.app.tags import TagLooks
from tui.search import SearchHit, SearchResults
from tui.text.labels import distinct_labels

#: What the empty search box says: whole in the narrowest panel (30 cells); F1 shows the rest.
PLACEHOLDER = 'Search: words "a phrase" (F1)'
#: Results refresh this long after the last keystroke (Enter searches at once).
DEBOUNCE_S = 0.25


def snippet_line_count(height: int) -> int:
    """Lines of snippet per result: one on a small terminal (five results fit at 80 by 24), up to three."""
    return 1 if height < 26 else 2 if height < 40 else 3


class ResultList(OptionList):
    """Ranked results, each a one-line title, a line of details and a short snippet; Enter opens one."""

    DEFAULT_CSS = """
    ResultList {
        height: 1fr;
        border: none;
        padding: 0;
        &:focus { border: none; }
    }
    ResultList > .option-list--option {
        padding: 0 1 1 1;
    }
    """

    def __init__(self, looks: TagLooks, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.looks = looks
        self.hits: list[SearchHit] = []
        self._laid_out_for: tuple[int, int] = (0, 0)

    def _measure(self) -> tuple[int, int]:
        """(cells for a line of a result, snippet lines) at the current size."""
        width = self.scrollable_content_region.width or self.size.width or 40
        return max(10, width - 2), snippet_line_count(self.size.height or 24)

    def show(self, hits: list[SearchHit], *, keep: bool = True) -> None:
        """Replace the results; with ``keep``, the highlighted article stays highlighted if still there."""
        previous = self.current_id() if keep else None
        self.hits = hits
        self._render_options(previous)

    def _render_options(self, keep: str | None) -> None:
        width, count = self._laid_out_for = self._measure()
        # Titles that one line would cut alike (a series, two copies of a story) are cut in the middle.
        titles = distinct_labels(
            [(hit.title or hit.article_id, hit.article_id) for hit in self.hits],
            width,
            lambda title, cells: one_line(title, cells).plain,
        )
        self.set_options(
            Option(result_content(hit, self.looks, width, count, title), id=hit.article_id)
            for hit, title in zip(self.hits, titles, strict=True)
        )
        ids = [hit.article_id for hit in self.hits]
        if ids:
            self.highlighted = ids.index(keep) if keep in ids else 0

    def on_resize(self, event: events.Resize) -> None:
        if self.hits and self._measure() != self._laid_out_for:
            self._render_options(self.current_id())

    def current_id(self) -> str | None:
        index = self.highlighted
        return self.hits[index].article_id if index is not None and index < len(self.hits) else None

    def current_hit(self) -> SearchHit | None:
        index = self.highlighted
        return self.hits[index] if index is not None and index < len(self.hits) else None


class SearchPanel(Vertical):
    """Posts ``QueryChanged`` as the user types and ``ResultChosen`` when a result is opened."""

    DEFAULT_CSS = """
    SearchPanel > #query { margin: 0; }
    /* Where typing goes must show: the box is tinted while it has the focus. */
    SearchPanel > #query:focus { background-tint: $primary 25%; }
    SearchPanel > #progress { height: 1; display: none; }
    SearchPanel > #progress.-busy { display: block; }
    SearchPanel > #status { height: auto; max-height: 8; color: $text-muted; padding: 0 1; }
    SearchPanel > #status.-error { color: $text-error; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_results", "Go to the results", show=False, id="search.results"),
    ]

    #: The query the results shown answer (the screen's, bound to it).
    shown_query: reactive[str] = reactive("", init=False)

    @dataclass
    class QueryChanged(Message):
        query: str
        immediate: bool

    @dataclass
    class ResultChosen(Message):
        hit: SearchHit
        query: str

    def __init__(self, looks: TagLooks | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.looks = looks or TagLooks.default()
        self._debounce: Timer | None = None
        #: Whether the results are files listed while the index is being built.
        self.listing = False
        #: What the status line says of the results shown ("150 results"), and their number.
        self._summary = ""
        self._total = 0

    def compose(self) -> ComposeResult:
        yield Input(placeholder=PLACEHOLDER, id="query", compact=True)
        yield ProgressBar(id="progress", show_eta=False)
        yield Static(id="status", markup=False)
        yield ResultList(self.looks, id="results")

    @property
    def results(self) -> ResultList:
        return self.query_one(ResultList)

    @property
    def query_text(self) -> str:
        return self.query_one("#query", Input).value

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_S, lambda: self._emit(immediate=False))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._emit(immediate=True)
        self.results.focus()

    def _emit(self, *, immediate: bool) -> None:
        self.post_message(self.QueryChanged(self.query_text, immediate))

    def action_focus_results(self) -> None:
        self.results.focus()

    def show_results(self, results: SearchResults, *, keep: bool, listing: str = "") -> None:
        """Show ranked results (or, with ``listing``, files listed while the index is built).

        ``keep``: the highlighted article stays highlighted (the same query again).
        """
        hits = list(results.hits)
        self.results.show(hits, keep=keep)
        self.listing = bool(listing)
        if listing:
            self.set_status(plain(listing))
            return
        shown = f", showing {len(hits)}" if len(hits) < results.total else ""
        noun = "result" if results.total == 1 else "results"
        self._summary = f"{results.total} {noun}{shown}"
        self._total = results.total
        self.set_status(plain(self._summary))

    def use_looks(self, looks: TagLooks) -> None:
        """The tag set changed: the results are drawn again in its colours."""
        self.looks = self.results.looks = looks
        self.results.show(self.results.hits)

    def show_done(self, query: str, done: int) -> None:
        """How many of the results you marked done ("12 of 150 done"), said once you have marked one."""
        if query != self.shown_query or self.listing or not self._summary:
            return
        said = f"{self._summary} · {done:,} of {self._total:,} done" if done else self._summary
        self.set_status(plain(said))

    def show_error(self, message: str) -> None:
        self._summary = ""
        self.set_status(plain(message), error=True)

    def set_status(self, content: Content, *, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(content)
        status.set_class(error, "-error")

    def show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.set_class(done < total, "-busy")
        bar.update(total=total, progress=done)
        if done < total:
            meanwhile = ": the newest files are listed meanwhile" if self.listing else "…"
            self.set_status(plain(f"Indexing {done:,} of {total:,} articles{meanwhile}"))

    @on(OptionList.OptionSelected, "#results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.ResultChosen(self.results.hits[event.option_index], self.shown_query))
