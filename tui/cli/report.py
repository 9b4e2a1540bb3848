"""``glossator report``: what the annotations of a query's articles say, as tables, JSON, CSV or charts."""

from __future__ import annotations

import argparse
import csv
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.output import EXIT_OK, EXIT_USAGE, counted, progress_bar, say_error
from tui.cli.parsing import Commands, positive
from tui.errors import GlossatorError
from tui.text.safe import json_text, say
from tui.text.width import cell_width, fit_end, pad_end
from tui.workspace.layout import Workspace

if TYPE_CHECKING:
    from tui.reports import Report, Table

TERMINAL = "-"
#: A long tagged text is cut to this many cells in the aligned tables (JSON and CSV keep it whole).
TEXT_CELLS = 48


def register(commands: Commands) -> None:
    report = commands.command(
        "report",
        _report,
        "count what the annotations say: over time, by source, by annotator, top texts, pairs",
        topic="reports",
    )
    report.add_argument(
        "query",
        nargs="?",
        default="",
        help="which articles, e.g. 'tag:funding date:[2015 to]' (default: all)",
    )
    report.add_argument(
        "--by", choices=("month", "quarter", "year"), default="month", help="the time view's periods"
    )
    report.add_argument(
        "--top", type=positive, default=10, help="texts per tag and pairs listed (default 10)"
    )
    report.add_argument(
        "--pair",
        metavar="TAG,TAG",
        help="the texts of two tags tagged in the same article, e.g. company,policy",
    )
    report.add_argument("--include-suggested", action="store_true", help="count suggested annotations too")
    shown = report.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print every table as JSON")
    shown.add_argument("--csv", metavar="DIR", type=Path, help="write one CSV file per table into DIR")
    shown.add_argument(
        "--chart",
        nargs="?",
        const=TERMINAL,
        metavar="FILE",
        help="draw the time series and top lists here; with FILE.svg or FILE.png, write them as a figure",
    )


def _report(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.reports import ReportOptions, gather, make_report
    from tui.search import CorpusIndex

    pair = _pair(args.pair)
    if pair is None and args.pair is not None:
        say_error("--pair takes two tags with a comma between them, e.g. --pair company,policy")
        return EXIT_USAGE
    index = CorpusIndex.open(workspace, progress_bar("Indexing"))
    try:
        for tag in pair or ():
            if tag not in index.tag_set.names:
                raise GlossatorError(f"--pair: {tag} is not a tag of this workspace")
        gathered = gather(index, args.query, include_suggested=args.include_suggested)
    finally:
        index.close()
    report = make_report(gathered, ReportOptions(by=args.by, top=args.top, pair=pair))
    if args.json:
        say(json_text(report_json(report)), layout=True)
    elif args.csv is not None:
        for path in write_csv(report, args.csv):
            say(f"Wrote {path}")
    elif args.chart == TERMINAL:
        from tui.reports.charts import terminal_charts

        size = shutil.get_terminal_size((100, 30))
        say(terminal_charts(report, min(size.columns, 120), max(12, min(size.lines - 4, 24))), layout=True)
    elif args.chart is not None:
        from tui.reports.figures import write_figure

        write_figure(report, Path(args.chart))
        say(f"Wrote {args.chart}")
    else:
        _print(report)
    return EXIT_OK


def _pair(text: str | None) -> tuple[str, str] | None:
    parts = [part.strip() for part in (text or "").split(",")]
    return (parts[0], parts[1]) if len(parts) == 2 and all(parts) else None


def report_json(report: Report) -> dict[str, object]:
    return {
        "query": report.query,
        "by": report.options.by,
        "articles": report.articles,
        "annotations": report.annotations,
        "undated_annotations": report.undated,
        "suggestions_left_out": report.suggestions_left_out,
        "tables": {
            table.name: {"title": table.title, "columns": list(table.columns), "rows": table.as_dicts()}
            for table in report.tables
        },
    }


def write_csv(report: Report, folder: Path) -> list[Path]:
    """One file per table (``time.csv``, ``sources.csv``, ...), UTF-8, a header row first."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in report.tables:
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(table.columns)
            writer.writerows(table.rows)
        written.append(path)
    return written


def _print(report: Report) -> None:
    query = report.query.strip() or "every article"
    say(
        f"Report on {query}: {counted(report.articles, 'article')}, "
        f"{counted(report.annotations, 'annotation')}"
    )
    if report.suggestions_left_out:
        left_out = counted(report.suggestions_left_out, "suggested annotation")
        say(f"Not counted: {left_out} (--include-suggested counts them)")
    for table in report.tables:
        say()
        say(table.title)
        for line in aligned(table):
            say(line)


def aligned(table: Table) -> list[str]:
    """The table as lines: text columns padded on the right, numbers aligned on the right."""
    if not table.rows:
        return ["  (nothing)"]
    rows = [tuple(fit_end(v, TEXT_CELLS) if isinstance(v, str) else v for v in row) for row in table.rows]
    widths = [
        max(cell_width(str(value)) for value in (name, *(row[i] for row in rows)))
        for i, name in enumerate(table.columns)
    ]
    numeric = [all(isinstance(row[i], int) for row in rows) for i in range(len(table.columns))]

    def line(values: tuple[object, ...]) -> str:
        cells = [
            " " * (width - cell_width(str(value))) + str(value) if number else pad_end(str(value), width)
            for value, width, number in zip(values, widths, numeric, strict=True)
        ]
        return ("  " + "  ".join(cells)).rstrip()

    return [line(table.columns), *(line(row) for row in rows)]
