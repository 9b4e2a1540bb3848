"""Focus never surprises: where it starts, where it goes back to, and what typing may do.

Each test drives the real app with Pilot: the keys a person presses, the files on disk.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from tui.app.annotator import Annotator
from tui.app.app import GlossatorApp
from tui.app.review_screen import ReviewScreen, TagAllDialog
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from ..project.conftest import annotate
from .conftest import make_app, opened, saved, settle

SMALL = (80, 24)


def query_box(app: GlossatorApp) -> Input:
    return app.search_panel.query_one("#query", Input)


async def test_at_start_focus_is_in_the_search_box_and_slash_types_only_inside_a_word(
    workspace: Workspace,
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        box = query_box(app)
        assert box.has_focus
        # "/" out of habit (the README: "/ goes to the search box") types nothing ...
        await pilot.press("slash", *"harbin", "space", "slash")
        assert box.value == "harbin "
        # ... but inside a word it is a letter of the query.
        await pilot.press(*"24", "slash", "7")
        assert box.value == "harbin 24/7"


async def test_the_search_box_shows_that_it_has_the_focus(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        box = query_box(app)
        unfocused = box.rich_style.bgcolor
        await pilot.press("slash")
        await settle(pilot)
        assert box.has_focus and box.rich_style.bgcolor != unfocused


async def test_typing_after_a_review_goes_to_the_search_box_not_to_the_article(workspace: Workspace) -> None:
    """The issue's session: / Harbin, ctrl+g, c, save the review, then type a new search."""
    mine = annotate(workspace, FIRST, "Heilongjiang", "policy", author="Tester")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.move_to(viewer.source.index("Heilongjiang"))
        await pilot.press("t", "f")  # history: retagged to funding, u would undo it
        await settle(pilot)
        await pilot.press("slash", *"Harbin")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("A", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)
        before = saved(workspace, FIRST)
        assert [a["tag"] for a in before if a["id"] == mine.id] == ["funding"]
        box = query_box(app)
        assert app.focused is box
        await pilot.press(*"rust belt edges")
        await settle(pilot)
        assert box.value == "rust belt edges"  # the query was selected: typing replaced it
        # Nothing ran on the article: no undo (u), retag (t), mark (s, e, d are not its keys).
        assert saved(workspace, FIRST) == before
        assert not isinstance(app.screen, ReviewScreen) and app.screen is app.screen_stack[0]


async def press_to_close(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


@pytest.mark.parametrize(
    ("start", "opening", "closing"),
    [
        ("article", ["f1"], ["escape"]),
        ("article", ["n"], ["escape"]),
        ("article", ["t"], ["escape"]),
        ("article", ["f5"], ["escape"]),
        ("article", ["ctrl+p"], ["escape"]),
        ("search", ["ctrl+g"], ["escape"]),
        ("search", ["f2"], ["escape"]),
        ("article", ["v", "ctrl+g", "c"], ["escape"]),
        ("results", ["f1"], ["escape"]),
        ("results", ["ctrl+g"], ["escape"]),
    ],
    ids=lambda value: "+".join(value) if isinstance(value, list) else value,
)
async def test_focus_goes_back_where_it_was_when_a_dialog_or_screen_closes(
    workspace: Workspace, start: str, opening: list[str], closing: list[str]
) -> None:
    annotate(workspace, FIRST, "Heilongjiang", "policy", author="Tester")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.move_to(viewer.source.index("Heilongjiang"))
        places: dict[str, Widget] = {
            "article": viewer,
            "search": query_box(app),
            "results": app.search_panel.results,
        }
        places[start].focus()
        await settle(pilot)
        main = app.screen
        await press_to_close(pilot, *opening)
        assert app.screen is not main
        await press_to_close(pilot, *closing)
        assert app.screen is main
        assert app.focused is places[start]


async def test_destructive_letters_typed_in_a_text_field_stay_letters(workspace: Workspace) -> None:
    mine = annotate(workspace, FIRST, "Heilongjiang", "policy", author="Tester")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.move_to(viewer.source.index("Heilongjiang"))
        await settle(pilot)
        before = saved(workspace, FIRST)
        # The tag-all dialog's phrase field (no selection, an empty search box: focus starts there).
        await pilot.press("ctrl+g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TagAllDialog)
        await pilot.press(*"xuDSUtpfc")
        await settle(pilot)
        assert dialog.query_one("#phrase", Input).value == "xuDSUtpfc"
        await pilot.press("escape")
        # The search box.
        await pilot.press("slash", *"xuDSUt")
        await settle(pilot)
        assert query_box(app).value == "xuDSUt"
        assert saved(workspace, FIRST) == before
        assert [a["id"] for a in before] == [mine.id]
