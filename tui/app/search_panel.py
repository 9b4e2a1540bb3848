"""The left side: the query box, indexing progress, and the ranked results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from tui.app.render import plain, result_content
from tui.index import SearchHit, SearchResults

#: Results refresh this long after the last keystroke (Enter searches at once).
DEBOUNCE_S = 0.25


class ResultList(OptionList):
    """Ranked results; Enter or a click opens one."""

    DEFAULT_CSS = """
    ResultList {
        height: 1fr;
        border: none;
        padding: 0;
    }
    ResultList > .option-list--option {
        padding: 0 1 1 1;
    }
    """


class SearchPanel(Vertical):
    """Posts ``QueryChanged`` as the user types and ``ResultChosen`` when a result is opened."""

    DEFAULT_CSS = """
    SearchPanel > #query { margin: 0 0 0 0; }
    SearchPanel > #progress { height: 1; display: none; }
    SearchPanel > #progress.-busy { display: block; }
    SearchPanel > #status { height: 1; color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "focus_results", "Results", show=False, id="search.results"),
    ]

    @dataclass
    class QueryChanged(Message):
        query: str
        immediate: bool

    @dataclass
    class ResultChosen(Message):
        hit: SearchHit
        query: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._debounce: Timer | None = None
        self._hits: list[SearchHit] = []
        self.shown_query = ""

    def compose(self) -> ComposeResult:
        yield Input(placeholder='Search: words, "a phrase", tag:funding, funding:yuan …', id="query")
        yield ProgressBar(id="progress", show_eta=False)
        yield Static(id="status", markup=False)
        yield ResultList(id="results")

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
        self.query_one(ResultList).focus()

    def _emit(self, *, immediate: bool) -> None:
        self.post_message(self.QueryChanged(self.query_text, immediate))

    def action_focus_results(self) -> None:
        self.query_one(ResultList).focus()

    def show_results(self, results: SearchResults) -> None:
        """Replace the results; keeps the highlighted row when the same article is still there."""
        results_list = self.query_one(ResultList)
        previous = self._current_id()
        self._hits = list(results.hits)
        self.shown_query = results.query
        results_list.set_options(Option(result_content(hit), id=hit.article_id) for hit in results.hits)
        ids = [hit.article_id for hit in results.hits]
        if ids:
            results_list.highlighted = ids.index(previous) if previous in ids else 0
        shown = f", showing {len(ids)}" if len(ids) < results.total else ""
        noun = "result" if results.total == 1 else "results"
        self.set_status(plain(f"{results.total} {noun}{shown}"))

    def show_error(self, message: str) -> None:
        self.set_status(Content.styled(message, "$text-error"))

    def set_status(self, content: Content) -> None:
        self.query_one("#status", Static).update(content)

    def show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.set_class(done < total, "-busy")
        bar.update(total=total, progress=done)
        if done < total:
            self.set_status(plain(f"Indexing {done:,} of {total:,} articles…"))

    def _current_id(self) -> str | None:
        results_list = self.query_one(ResultList)
        index = results_list.highlighted
        return self._hits[index].article_id if index is not None and index < len(self._hits) else None

    @on(OptionList.OptionSelected, "#results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.ResultChosen(self._hits[event.option_index], self.shown_query))
