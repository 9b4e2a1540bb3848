"""The report screen (F6) through Pilot: it opens on the search's query, follows a new query,
and a cell opens the annotation browser on the articles behind it."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static
from textual_plotext import PlotextPlot

from tui.app.app import GlossatorApp
from tui.app.browser import AnnotationBrowser
from tui.app.report_screen import ReportScreen
from tui.text.width import cell_width
from tui.workspace.layout import Workspace

from ..app.conftest import screen_lines, settle
from ..app.test_snapshots import _steady
from .conftest import A1, A3

SMALL = (80, 24)


def _status(screen: ReportScreen) -> str:
    return str(screen.query_one("#report-status", Static).render())


def _rows(screen: ReportScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def _report(pilot: Pilot[Any]) -> ReportScreen:
    await pilot.press("f6")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReportScreen)
    return screen


async def test_opens_on_the_query_follows_a_new_one_and_drills_down(report_workspace: Workspace) -> None:
    app = GlossatorApp(report_workspace, author="Tester")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(*"source:xinhua", "enter")  # the search box has the focus
        await settle(pilot)
        screen = await _report(pilot)
        assert screen.query_one(Input).value == "source:xinhua"
        assert _status(screen).startswith("3 articles · 6 annotations · Annotations by month")
        assert _rows(screen) == [
            ["2015-01", "1", "1", "2", "4"],
            ["2015-02", "1", "0", "1", "2"],
        ]
        screen.query_one(Input).focus()
        screen.query_one(Input).value = "tag:funding"
        await pilot.press("enter")
        await settle(pilot)
        assert _status(screen).startswith("3 articles · 3 annotations")
        await pilot.press("b", "b")  # by quarter, then by year
        await settle(pilot)
        assert _rows(screen) == [["2015", "0", "2", "0", "2"], ["undated", "0", "1", "0", "1"]]
        await pilot.press("v")  # by source
        await settle(pilot)
        assert [row[0] for row in _rows(screen)] == ["(no source)", "China Daily", "Xinhua"]
        await pilot.press("down", "right", "right", "enter")  # China Daily's funding
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, AnnotationBrowser)
        assert browser.query_text == '((tag:funding) AND source:"China Daily") AND tag:funding'
        assert {entry.article_id for entry in browser.entries} == {A3}
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")
        assert app.screen is not screen


async def test_a_top_text_opens_its_articles(report_workspace: Workspace) -> None:
    app = GlossatorApp(report_workspace, author="Tester")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = await _report(pilot)
        await pilot.press("v", "v", "v")  # the most tagged texts
        await settle(pilot)
        assert _rows(screen)[3] == ["company", "Kingdee", "3", "2"]
        await pilot.press(*["down"] * 3, "enter")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, AnnotationBrowser)
        assert browser.query_text == 'company:"Kingdee"'
        assert {entry.article_id for entry in browser.entries} == {A1, "a2"}


async def test_the_screen_at_80x24_shows_counts_chart_and_table(report_workspace: Workspace) -> None:
    # What a user reads at 80x24, cell for cell where it is stable (plotext places its axis
    # labels a cell apart from one run to the next, so the chart is checked by its labels).
    app = GlossatorApp(report_workspace, author="Tester")
    async with app.run_test(size=SMALL) as pilot:
        await _steady(pilot)
        await pilot.press("f6")
        await _steady(pilot)
        await pilot.press("b")  # by quarter: every bar fits
        await _steady(pilot)
        lines = screen_lines(app)
        assert all(cell_width(line) <= 80 for line in lines)
        shown = "\n".join(lines)
        assert "6 articles · 12 annotations" in shown
        for quarter in ("2015-Q1", "2015-Q2", "2016-Q3"):
            assert quarter in shown  # the chart's axis and the table's rows
        assert app.screen.query_one(PlotextPlot).size.height >= 8
        assert _rows(app.screen)[0][0] == "2015-Q1"


async def test_the_palette_opens_the_report(report_workspace: Workspace) -> None:
    app = GlossatorApp(report_workspace, author="Tester")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"counts over time")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert _status(app.screen).startswith("6 articles · 12 annotations")
