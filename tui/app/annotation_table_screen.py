"""One base for the screens that list places or annotations in columns: the review screen and the browser.

Both read their rows in a thread worker (a plan, suggestions, the annotation files), show
them in one ``RowList`` (``tui.app.table``: a row's cells are made only when it is painted,
so 10,000 rows open as fast as ten), lay their columns out for the screen's width, filter
and sort the rows in memory, preview the highlighted row under the list, and write what
the user decided as one batch in another worker.  This base does all of that; each screen
says what its rows are, its columns, its sorts and filters, and what writing means.

Articles are named by their titles (read in the loading worker, ``tui.project.titles``),
and titles a narrow column would cut alike are cut in the middle instead
(``tui.text.labels``), so two articles never look like one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.render import plain
from tui.app.table import RowList, cell, fit_widths, header
from tui.app.tags import TagLooks
from tui.errors import GlossatorError
from tui.project.batch import BatchResult
from tui.project.titles import TitleCache
from tui.search import QueryError
from tui.text.labels import distinct_labels
from tui.workspace.layout import Workspace

RowT = TypeVar("RowT")
ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class Column(Generic[RowT]):
    label: str
    #: Cells; None: the columns without a width share what the others leave.
    width: int | None
    #: A row's cell, given the column's width.
    cell: Callable[[RowT, int], Text]


@dataclass(frozen=True)
class Rows(Generic[RowT]):
    """What a screen's loader read, in its worker."""

    workspace: Workspace
    rows: tuple[RowT, ...]
    #: What could not be read, one line each.
    problems: tuple[str, ...] = ()
    #: The titles of the rows' articles (filled by the base's worker).
    titles: Mapping[str, str] = field(default_factory=dict)


class AnnotationTableScreen(Screen[ResultT], Generic[RowT, ResultT]):
    """A top line, a status line, the column titles, the rows, a preview of the highlighted row."""

    DEFAULT_CSS = """
    AnnotationTableScreen > .table-top { height: 1; margin: 0; }
    AnnotationTableScreen > #table-status { height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; }
    AnnotationTableScreen > #table-header { height: 1; background: $surface; }
    AnnotationTableScreen > RowList { height: 1fr; }
    AnnotationTableScreen > #table-preview {
        height: 3;
        padding: 0 1;
        border-top: solid $surface-lighten-2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    #: The orders rows can be shown in (name: how the status line says it), the first by default.
    SORTS: ClassVar[dict[str, str]] = {"place": "article and place"}
    #: Which rows are shown (name: how the status line says it), the first by default.
    FILTERS: ClassVar[dict[str, str]] = {"all": "listed"}
    #: What the status line says while the rows are read.
    LOADING = "Reading…"

    @dataclass
    class Loaded(Message):
        generation: int
        rows: Rows[Any]

    @dataclass
    class LoadFailed(Message):
        generation: int
        reason: str

    @dataclass
    class Written(Message):
        result: BatchResult

    @dataclass
    class WriteFailed(Message):
        reason: str

    def __init__(self, looks: TagLooks, titles: TitleCache | None = None) -> None:
        super().__init__()
        self.looks = looks
        self.title_cache = titles or TitleCache()
        #: Every row read, in the loader's order.
        self.rows: tuple[RowT, ...] = ()
        #: The rows the filter keeps, in the sort's order: what the list shows.
        self.shown: tuple[RowT, ...] = ()
        self.titles: Mapping[str, str] = {}
        self.problems: tuple[str, ...] = ()
        self.sort = next(iter(self.SORTS))
        self.filter = next(iter(self.FILTERS))
        #: A write is under way (the keys that change something wait for it).
        self.writing = False
        self._generation = 0
        self._labels: dict[str, str] = {}
        self._styles: dict[tuple[str, bool], Style] = {}
        self._started = time.perf_counter()
        #: Seconds from asking for the rows to the list shown (for the benchmarks).
        self.listed_in: float | None = None

    # -- what each screen says --

    def compose_top(self) -> ComposeResult:
        """The line above the status line (a query box, a title)."""
        yield from ()

    def load(self) -> Rows[RowT]:
        """Read the rows (in a thread worker: no widget is touched here)."""
        raise NotImplementedError

    def took(self, rows: Rows[RowT]) -> bool:
        """The rows were read: whether to show them (False: the screen was dismissed)."""
        return True

    def row_key(self, row: RowT) -> str:
        """What keeps a row highlighted when the rows are read or sorted again."""
        raise NotImplementedError

    def article_of(self, row: RowT) -> str:
        raise NotImplementedError

    def articles_read(self, rows: Rows[RowT]) -> Iterable[str]:
        """The articles of rows just read (in the loading worker, before ``took``)."""
        return (self.article_of(row) for row in rows.rows)

    def columns(self, width: int) -> list[Column[RowT]]:
        raise NotImplementedError

    def preview(self, row: RowT) -> Content:
        """Two lines about the highlighted row, under the list."""
        raise NotImplementedError

    def status_parts(self) -> list[str]:
        """What the status line says of the rows (joined with ``·``)."""
        return [f"{len(self.shown):,} {self.FILTERS[self.filter]}", f"by {self.SORTS[self.sort]}"]

    def sort_rows(self, rows: Sequence[RowT], sort: str) -> Sequence[RowT]:
        return rows

    def keeps(self, row: RowT, chosen: str) -> bool:
        return True

    def chosen(self, row: RowT) -> None:
        """Enter (or a double click) on a row."""

    def written(self, result: BatchResult) -> None:
        """A write finished."""

    # -- layout --

    def compose(self) -> ComposeResult:
        yield from self.compose_top()
        yield Static(plain(self.LOADING), id="table-status")
        yield Static(id="table-header")
        yield RowList(id="table-list")
        yield Static(id="table-preview")
        yield Footer(compact=True)

    @property
    def row_list(self) -> RowList:
        return self.query_one(RowList)

    def on_mount(self) -> None:
        self.reload()

    # -- loading --

    def reload(self) -> None:
        """Read the rows again (first, after a change, a new query)."""
        self._generation += 1
        self._started = time.perf_counter()
        self.query_one("#table-status", Static).update(plain(self.LOADING))
        self._load(self._generation)

    @work(thread=True, exclusive=True, group="table-load", exit_on_error=False)
    def _load(self, generation: int) -> None:
        try:
            read = self.load()
            titles = self.title_cache.titles(read.workspace, self.articles_read(read))
        except (GlossatorError, QueryError, OSError) as error:
            self.post_message(self.LoadFailed(generation, str(error)))
            return
        self.post_message(self.Loaded(generation, replace(read, titles=titles)))

    @on(LoadFailed)
    def _load_failed(self, event: LoadFailed) -> None:
        if event.generation == self._generation:
            self.failed(event.reason)

    def failed(self, reason: str) -> None:
        """The rows could not be read: said on the status line."""
        self.query_one("#table-status", Static).update(plain(reason))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        if event.generation != self._generation or not self.took(event.rows):
            return
        current = self.current_key()
        self.rows, self.titles, self.problems = event.rows.rows, event.rows.titles, event.rows.problems
        self.rearrange(current)
        self.listed_in = time.perf_counter() - self._started

    # -- filling the list --

    def rearrange(self, keep: str | None = None) -> None:
        """Filter and sort the rows again and show them; ``keep`` (a row's key) stays highlighted."""
        kept = [row for row in self.rows if self.keeps(row, self.filter)]
        self.shown = tuple(self.sort_rows(kept, self.sort))
        self.fill(keep)

    def fill(self, keep: str | None = None) -> None:
        """Lay the rows out for the screen's width (a row's cells are made when it is painted)."""
        rows = self.row_list
        width = rows.size.width or self.app.size.width
        columns = self.columns(width)
        widths = fit_widths(width, [column.width for column in columns])
        self.query_one("#table-header", Static).update(header([c.label for c in columns], widths))
        self._styles.clear()
        for column, column_width in zip(columns, widths, strict=True):
            if column.cell == self.article_cell:
                self._label_articles(column_width)
        if keep is not None:
            keys = [self.row_key(row) for row in self.shown]
            if keep in keys:
                rows.cursor_row = keys.index(keep)

        def cells(number: int) -> list[Text]:
            row = self.shown[number]
            return [column.cell(row, w) for column, w in zip(columns, widths, strict=True)]

        rows.show(len(self.shown), cells, widths)
        self.show_status()
        self._preview()

    def _label_articles(self, width: int) -> None:
        ids = sorted({self.article_of(row) for row in self.shown})
        labels = distinct_labels([(self.titles.get(i, i), i) for i in ids], width)
        self._labels = dict(zip(ids, labels, strict=True))

    def article_cell(self, row: RowT, width: int) -> Text:
        """The article column: its title (told apart from the others')."""
        article_id = self.article_of(row)
        return cell(self._labels.get(article_id, article_id), "dim")

    def title_of(self, article_id: str) -> str:
        return self.titles.get(article_id, article_id)

    def tag_style(self, tag: str, suggested: bool = False) -> Style:
        """A tag's colours for a cell (resolved from the theme once per filling)."""
        key = (tag, suggested)
        if key not in self._styles:
            self._styles[key] = self.looks.rich_style(tag, self.app.theme_variables, suggested=suggested)
        return self._styles[key]

    def current(self) -> RowT | None:
        row = self.row_list.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def current_key(self) -> str | None:
        row = self.current()
        return None if row is None else self.row_key(row)

    def show_status(self) -> None:
        self.query_one("#table-status", Static).update(plain(" · ".join(self.status_parts())))

    def refresh_row(self, row: RowT) -> None:
        """Paint a row again (its mark changed)."""
        if row in self.shown:
            self.row_list.refresh_row(self.shown.index(row))

    def on_resize(self) -> None:
        if self.rows:
            self.fill()

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        self._preview()

    def _preview(self) -> None:
        row = self.current()
        self.query_one("#table-preview", Static).update(Content("") if row is None else self.preview(row))

    @on(RowList.Chosen)
    def _chosen(self, event: RowList.Chosen) -> None:
        row = self.current()
        if row is not None:
            self.chosen(row)

    # -- sorting and filtering (each screen binds the keys it offers) --

    def action_sort(self) -> None:
        """Sort by the next order."""
        sorts = list(self.SORTS)
        self.sort = sorts[(sorts.index(self.sort) + 1) % len(sorts)]
        self.rearrange(self.current_key())

    def action_filter(self) -> None:
        """Show the next choice of rows."""
        filters = list(self.FILTERS)
        self.filter = filters[(filters.index(self.filter) + 1) % len(filters)]
        self.rearrange(self.current_key())

    # -- writing --

    def write(self, saying: str, job: Callable[[], BatchResult]) -> None:
        """Run ``job`` (a batch through the core) in a worker; ``written`` gets its result."""
        self.writing = True
        self.query_one("#table-status", Static).update(plain(saying))
        self._write(job)

    @work(thread=True, exclusive=True, group="table-write", exit_on_error=False)
    def _write(self, job: Callable[[], BatchResult]) -> None:
        try:
            result = job()
        except (GlossatorError, OSError) as error:
            self.post_message(self.WriteFailed(str(error)))
            return
        self.post_message(self.Written(result))

    @on(WriteFailed)
    def _write_failed(self, event: WriteFailed) -> None:
        self.writing = False
        self.show_status()
        self.app.notify(f"Nothing was saved: {event.reason}", severity="error")

    @on(Written)
    def _written(self, event: Written) -> None:
        self.writing = False
        self.written(event.result)
