"""Each row and cell of a report names the query of the articles behind it."""

from __future__ import annotations

from tui.reports import ReportOptions, gather, make_report
from tui.search import CorpusIndex
from tui.search.engines import engine_named
from tui.workspace.layout import Workspace

from .conftest import A1, A2, A3, A4, A5


def test_rows_and_cells_find_the_articles_they_count(report_index: CorpusIndex) -> None:
    report = make_report(gather(report_index, ""), ReportOptions(by="quarter", pair=("company", "policy")))

    def found(table: str, row: int, column: int | None = None) -> list[str]:
        return report_index.matching_ids(report.table(table).cell_query(row, column))

    assert found("time", 0) == [A1, A2]  # 2015-Q1
    assert found("time", 1, 3) == [A3]  # 2015-Q2, company
    assert found("time", 7) == [A5]  # undated
    assert found("sources", 1) == [A3, A4]  # China Daily
    assert found("annotators", 1) == [A1, A2, A3, A4]  # Bob
    assert found("top", 3) == [A1, A2]  # company Kingdee
    assert found("top", 4) == [A4]  # company 华为, written 華為 too
    assert found("pairs", 0) == [A1, A2]  # Kingdee with Made in China 2025


def test_cell_queries_narrow_the_report_query(report_index: CorpusIndex) -> None:
    report = make_report(gather(report_index, "source:xinhua"), ReportOptions(by="year"))
    time = report.table("time")
    assert [row[0] for row in time.rows] == ["2015"]
    assert time.cell_query(0, 1) == "((source:xinhua) AND date:2015) AND tag:policy"
    assert report_index.matching_ids(time.cell_query(0, 1)) == [A1, A2]


def test_tantivy_gives_the_same_report_as_whoosh(
    report_workspace: Workspace, report_index: CorpusIndex
) -> None:
    options = ReportOptions(by="month", pair=("company", "policy"))
    tantivy = CorpusIndex.open(report_workspace, engine=engine_named("tantivy"))
    try:
        for query in ("", "tag:funding", "source:xinhua", "date:[2015-03 to]", "author:bob"):
            ours = make_report(gather(tantivy, query), options)
            assert ours == make_report(gather(report_index, query), options), query
    finally:
        tantivy.close()
