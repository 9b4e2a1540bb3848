"""A report's charts in the terminal, drawn by plotext: the time series and the top lists.

The same drawing serves ``glossator report --chart`` (plotext itself) and the app's report
screen (textual-plotext's ``plt``, which has plotext's functions), so both show one chart.
Texts from the annotations are drawn through ``visible`` (the app's plot widget reads the
chart's colour codes, so a control character in a tagged text must not reach it raw); the
command line draws without colour and prints through ``say``.
"""

from __future__ import annotations

from typing import Any, Protocol

from tui.reports.tables import Table
from tui.reports.views import UNDATED, Report
from tui.text.safe import visible
from tui.text.width import fit_end

#: Period labels shown under the time axis at most (every n-th one beyond that).
MAX_TICKS = 8
#: A tagged text is cut to this many cells beside its bar.
LABEL_CELLS = 28


class Plot(Protocol):
    """plotext's module, or textual-plotext's ``plt``: the calls the charts make."""

    def plot(self, *args: Any, **kwargs: Any) -> None: ...
    def bar(self, *args: Any, **kwargs: Any) -> None: ...
    def xticks(self, *args: Any, **kwargs: Any) -> None: ...
    def yticks(self, *args: Any, **kwargs: Any) -> None: ...
    def xlim(self, *args: Any, **kwargs: Any) -> None: ...
    def title(self, label: str) -> None: ...
    def xlabel(self, label: str) -> None: ...
    def ylabel(self, label: str) -> None: ...


def draw_time(plt: Plot, report: Report) -> None:
    """Annotations per period, every tag together, as bars (articles without a date left out).

    One bar per period rather than one per tag: drawn without colour, stacked or grouped
    bars could not be told apart.  The split by tag is the table's (and the figure's).
    """
    periods, series = time_series(report)
    places = list(range(1, len(periods) + 1))
    totals = [sum(counts) for counts in zip(*series.values(), strict=True)] if series else []
    if totals:
        plt.bar(places, totals, width=0.6)
        plt.yticks(*_whole_ticks(max(totals)))
    step = max(1, -(-len(periods) // MAX_TICKS))
    plt.xticks(places[::step], periods[::step])
    plt.xlim(places[0] - 1 if places else 0, places[-1] + 1 if places else 1)  # room beside a lone bar
    plt.title(time_title(report, "all tags"))
    plt.xlabel(report.options.by)
    plt.ylabel("annotations")


def draw_top(plt: Plot, report: Report, tag: str) -> None:
    """The most tagged texts of ``tag`` as horizontal bars (annotations each)."""
    texts, counts = top_of(report.table("top"), tag)
    labels = [fit_end(visible(text), LABEL_CELLS) for text in texts]
    plt.bar(labels[::-1], counts[::-1], orientation="horizontal", width=0.3)
    plt.xticks(*_whole_ticks(max(counts, default=0)))
    plt.title(f"The most tagged {visible(tag)} texts")
    plt.xlabel("annotations")


def _whole_ticks(most: int) -> tuple[list[int], list[str]]:
    """Ticks at whole numbers from 0 to ``most`` (counts have no fractions), about five of them."""
    step = max(1, -(-most // 5))
    ticks = list(range(0, most + step, step))
    return ticks, [str(tick) for tick in ticks]


def time_series(report: Report) -> tuple[list[str], dict[str, list[int]]]:
    """The dated periods and, per tag with any annotation, its count in each."""
    table = report.table("time")
    rows = [row for row in table.rows if row[0] != UNDATED]
    series = {}
    for column, tag in enumerate(table.column_tags):
        values = [int(row[column]) for row in rows] if tag else []
        if tag and any(values):
            series[tag] = values
    return [str(row[0]) for row in rows], series


def time_title(report: Report, which: str = "") -> str:
    """The time chart's title: the period, ``which`` annotations, how many undated are left out."""
    undated = f" ({report.undated} undated left out)" if report.undated else ""
    return f"Annotations by {report.options.by}{', ' + which if which else ''}{undated}"


def top_of(table: Table, tag: str) -> tuple[list[str], list[int]]:
    """The texts of one tag in the top table, most tagged first, and their annotations."""
    rows = [row for row in table.rows if row[0] == tag]
    return [str(row[1]) for row in rows], [int(row[2]) for row in rows]


def tags_with_texts(report: Report) -> list[str]:
    """The tags the top table has texts for, in the report's order."""
    return list(dict.fromkeys(str(row[0]) for row in report.table("top").rows))


def terminal_charts(report: Report, width: int, height: int) -> str:
    """The time series and each tag's top list, as text for a terminal of ``width`` columns."""
    import plotext

    charts = []
    for tag in [None, *tags_with_texts(report)]:
        plotext.clear_figure()
        plotext.theme("clear")
        plotext.plotsize(width, height)
        if tag is None:
            draw_time(plotext, report)
        else:
            draw_top(plotext, report, tag)
        drawn = str(plotext.uncolorize(plotext.build()))
        charts.append("\n".join(line.rstrip() for line in drawn.splitlines()))
    plotext.clear_figure()
    return "\n\n".join(charts)


def draw_totals(plt: Plot, table: Table) -> None:
    """A table's rows as horizontal bars: its first column(s) as labels, its count as length.

    The count is the ``total`` column (sources, annotators) or the last one (pairs).
    """
    value = table.columns.index("total") if "total" in table.columns else len(table.columns) - 1
    names = 2 if table.name == "pairs" else 1
    labels = [
        fit_end(visible(" + ".join(str(cell) for cell in row[:names])), LABEL_CELLS) for row in table.rows
    ]
    counts = [int(row[value]) for row in table.rows]
    plt.bar(labels[::-1], counts[::-1], orientation="horizontal", width=0.3)
    plt.xticks(*_whole_ticks(max(counts, default=0)))
    plt.title(visible(table.title))
    plt.xlabel(table.columns[value])
