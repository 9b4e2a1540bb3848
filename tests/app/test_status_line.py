"""Messages on a status line of their own, never over the work, and a log to reopen them."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Label

from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.app.browser import AnnotationBrowser
from tui.app.message_log import MessageLogScreen
from tui.app.status_line import StatusLine
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from ..project.conftest import annotate
from .conftest import opened, screen_lines, screen_text, settle

SMALL = (80, 24)
COMPANY = "Harbin World Wide Welding Co Ltd"


async def test_a_burst_of_messages_covers_nothing_and_the_log_keeps_them_all(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        header = app.query_one("#article-header")
        title_before = screen_lines(app)[header.region.y]
        start = viewer.source.index(COMPANY)
        viewer.select_range(start, start + len(COMPANY))
        await pilot.press("c", "ctrl+l", "ctrl+l", "u")
        await settle(pilot)
        # One line, above the footer, with the newest message and how many came before it.
        line = app.screen.query_one(StatusLine)
        lines = screen_lines(app)
        assert line.region.y == SMALL[1] - 2 and line.region.height == 1
        assert "Undone" in lines[-2] and "(+3 earlier: F5)" in lines[-2]
        assert not list(app.screen.query("Toast"))
        # The title, the text and the list are where they were, uncovered.
        assert screen_lines(app)[header.region.y] == title_before
        for widget in (viewer, header, app.query_one(AnnotationList)):
            assert not widget.region.overlaps(line.region)
        # F5: the log, every message in order.
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, MessageLogScreen)
        shown = screen_text(app)
        said = ["Tagged company", "Annotation list hidden", "Annotation list shown", "Undone"]
        assert all(text in shown for text in said)
        assert [shown.index(text) for text in said] == sorted(shown.index(text) for text in said)
        await pilot.press("f5")  # the same key closes it
        await settle(pilot)
        assert not isinstance(app.screen, MessageLogScreen)


async def test_the_message_fades_but_stays_readable(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        app.notify("Saved the thing", timeout=0.05)
        line = app.screen.query_one(StatusLine)
        bright = line.rich_style.color
        await pilot.pause(0.2)
        assert line.has_class("-faded") and line.rich_style.color != bright
        assert "Saved the thing" in screen_lines(app)[-2]


async def test_a_message_on_another_screen_goes_to_its_own_status_line(workspace: Workspace) -> None:
    annotate(workspace, FIRST, "Heilongjiang", "policy", author="Tester")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, AnnotationBrowser)
        app.notify("Select rows first", severity="warning")  # as the browser's keys do
        await settle(pilot)
        line = app.screen.query_one(StatusLine)
        footer = app.screen.query_one(Footer)
        assert line.message and line.has_class("-warning")
        assert line.region.bottom == footer.region.y  # just above the browser's footer
        assert line.message in screen_lines(app)[-2]


async def test_a_message_is_shown_verbatim_and_the_widget_works_in_any_app() -> None:
    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("work")
            yield StatusLine()

    app = Bare()
    async with app.run_test(size=(60, 5)) as pilot:
        line = app.query_one(StatusLine)
        line.show("[bold]not markup[/bold] $text", "error")
        await pilot.pause()
        assert line.has_class("-error")
        assert "[bold]not markup[/bold] $text" in screen_lines(app)[-1]  # type: ignore[arg-type]


async def test_a_dialogs_message_takes_the_place_of_the_status_line_behind_it(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        app.notify("An older message")
        await pilot.press("ctrl+g", "ctrl+s")  # no phrase yet: the dialog says so
        await settle(pilot)
        lines = screen_lines(app)
        assert "Type the word or phrase to look for" in lines[-2]
        assert not any("An older message" in line for line in lines)
