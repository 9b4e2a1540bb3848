"""The search box says how to search: its placeholder whole at 80 columns, the rest in the help."""

from __future__ import annotations

from tui.app.help_screen import HelpScreen
from tui.app.search_panel import PLACEHOLDER
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from ..search.test_coordinator import add
from .conftest import make_app, screen_lines, settle


async def test_the_placeholder_is_whole_at_80_columns_and_f1_shows_the_query_language(
    workspace: Workspace,
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert screen_lines(app)[0].startswith(PLACEHOLDER + " ")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        titles = [title for title, _ in app.screen.sections]
        assert titles.index("Searching (the query language)") == titles.index("Search box") + 1
        rows = dict(dict(app.screen.sections)["Searching (the query language)"])
        assert {'"a phrase"', "tag:policy", "policy:yuan", "date:2016-03", "status:suggested"} <= set(rows)


async def test_a_plain_word_in_the_search_box_finds_a_note(workspace: Workspace) -> None:
    """The issue: angel found nothing while note:angel found the note."""
    add(workspace, FIRST, "Heilongjiang", "policy", note="an angel round")
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"angel", "enter")
        await settle(pilot)
        assert [hit.article_id for hit in app.search_panel.results.hits] == [FIRST]
