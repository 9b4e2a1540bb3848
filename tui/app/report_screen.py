"""The report screen: what the annotations of the current query say, as a chart and a table.

Opened from the main screen (F6, or the palette) with the search box's query; the query
box on top changes it.  ``v`` shows the next view (over time, by source, by annotator, top
texts, pairs), ``b`` the next period (month, quarter, year), ``p`` the next pair of tags.
The chart (plotext, through textual-plotext) draws the view; the table under it has its
counts, and ``Enter`` on a row or a cell opens the annotation browser on the articles
behind it (a tag's column: that tag's annotations; ``tui.reports.tables``).  The report is
made in a thread worker (``tui.reports``), which posts ``ReportMade``.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual_plotext import PlotextPlot

from tui.app.messages import ReportMade
from tui.errors import GlossatorError
from tui.reports import PERIODS, Report, ReportOptions, Table, gather, make_report
from tui.reports.charts import draw_time, draw_top, draw_totals
from tui.search import CorpusIndex
from tui.text.english import counted
from tui.text.safe import visible

VIEWS = ("time", "sources", "annotators", "top", "pairs")


class ReportScreen(Screen[None]):
    DEFAULT_CSS = """
    ReportScreen > #report-query { margin: 0; }
    ReportScreen > #report-status { height: 1; padding: 0 1; }
    ReportScreen > PlotextPlot { height: 1fr; min-height: 8; }
    ReportScreen > DataTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_query", "Query", show=False, tooltip="Go to the query box",
                id="report.query"),
        Binding("v", "next_view", "View", tooltip="Show the next view: time, sources, annotators, top, pairs",
                id="report.view"),
        Binding("b", "next_period", "Period", tooltip="Count by the next period: month, quarter, year",
                id="report.period"),
        Binding("p", "next_pair", "Pair", tooltip="Pair the texts of the next two tags", id="report.pair"),
        Binding("escape", "close", "Close", tooltip="Close the report", id="report.close"),
    ]  # fmt: skip

    def __init__(self, index: CorpusIndex, query: str, browse: Callable[[str], None]) -> None:
        """``browse`` opens the annotation browser on a query (the main screen's)."""
        super().__init__()
        self.index = index
        self.query_text = query
        self.browse = browse
        self.view = VIEWS[0]
        self.period = PERIODS[0]
        self.pairs = list(combinations(index.tag_set.names, 2))
        self.pair = 0
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield Input(self.query_text, placeholder="Query: which articles (empty: all)", id="report-query",
                    compact=True)  # fmt: skip
        yield Static("Counting…", id="report-status")
        yield PlotextPlot()
        yield DataTable(cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.make()

    @property
    def options(self) -> ReportOptions:
        return ReportOptions(by=self.period, pair=self.pairs[self.pair] if self.pairs else None)

    def make(self) -> None:
        self.query_one("#report-status", Static).update("Counting…")
        self._count(self.query_text, self.options)

    @work(thread=True, exclusive=True, group="report")
    def _count(self, query: str, options: ReportOptions) -> None:
        try:
            report = make_report(gather(self.index, query), options)
        except GlossatorError as error:
            self.post_message(ReportMade(query, None, str(error)))
            return
        self.post_message(ReportMade(query, report))

    def on_report_made(self, made: ReportMade) -> None:
        status = self.query_one("#report-status", Static)
        if made.query != self.query_text:
            return  # an older query's report
        if made.report is None:
            status.update(Text(visible(made.problem)))
            return
        self.report = made.report
        self.show()

    def show(self) -> None:
        report = self.report
        if report is None:
            return
        table = report.table(self.view) if self.view in {t.name for t in report.tables} else report.tables[0]
        self.view = table.name
        counts = f"{counted(report.articles, 'article')} · {counted(report.annotations, 'annotation')}"
        status = f"{counts} · {table.title}"
        self.query_one("#report-status", Static).update(Text(visible(status)))
        rows = self.query_one(DataTable)
        rows.clear(columns=True)
        rows.add_columns(*(Text(visible(column)) for column in table.columns))
        rows.add_rows(
            [tuple(Text(visible(str(value)), justify="right" if isinstance(value, int) else "left")
                   for value in row) for row in table.rows]
        )  # fmt: skip
        self._draw(report, table)

    def _draw(self, report: Report, table: Table) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        if table.name == "time":
            draw_time(plt, report)
        elif table.name == "top":
            row = self.query_one(DataTable).cursor_row
            tag = str(table.rows[row][0]) if table.rows else ""
            draw_top(plt, report, tag)
        else:
            draw_totals(plt, table)
        plot.refresh()

    @on(Input.Submitted, "#report-query")
    def _query(self, submitted: Input.Submitted) -> None:
        self.query_text = submitted.value
        self.query_one(DataTable).focus()
        self.make()

    @on(DataTable.CellSelected)
    def _drill(self, selected: DataTable.CellSelected) -> None:
        if self.report is None:
            return
        table = self.report.table(self.view)
        row, column = selected.coordinate
        if row < len(table.rows):
            self.browse(table.cell_query(row, column))

    @on(DataTable.CellHighlighted)
    def _highlighted(self, highlighted: DataTable.CellHighlighted) -> None:
        if self.report is not None and self.view == "top":
            self._draw(self.report, self.report.table("top"))

    def action_focus_query(self) -> None:
        self.query_one(Input).focus()

    def action_next_view(self) -> None:
        names = [table.name for table in self.report.tables] if self.report else list(VIEWS)
        self.view = names[(names.index(self.view) + 1) % len(names)] if self.view in names else names[0]
        self.show()

    def action_next_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        self.make()

    def action_next_pair(self) -> None:
        if self.pairs:
            self.pair = (self.pair + 1) % len(self.pairs)
            self.view = "pairs"
            self.make()

    def action_close(self) -> None:
        self.dismiss(None)
