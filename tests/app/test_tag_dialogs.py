"""Picking a tag: the tag-all dialog (ctrl+g) and the retag dialog (t, F2's t) agree.

A tag's key picks it in both, as their hints say; in the tag-all dialog the phrase field
keeps its letters, and an unticked box reads as unticked.
"""

from __future__ import annotations

from textual.widgets import Input

from tui.app.annotator import Annotator
from tui.app.dialogs import TagDialog
from tui.app.review_screen import ReviewScreen, TagAllDialog
from tui.app.tag_picker import TagPicker
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from ..project.conftest import annotate
from .conftest import make_app, opened, saved, screen_text, settle

SMALL = (80, 24)


async def test_ctrl_g_then_a_tag_key_tags_the_search_phrase_as_the_dialog_says(workspace: Workspace) -> None:
    """The issue's keys: / Harbin ctrl+g c — the plan is "company", the phrase stays Harbin."""
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Harbin")
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TagAllDialog)
        shown = screen_text(app)
        assert "p / f / c or Enter picks the tag" in " ".join(shown.split())
        assert dialog.query_one(TagPicker).has_focus  # the phrase is there: the tags are next
        await pilot.press("c")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert "every “Harbin” company" in review.title_text


async def test_a_phrase_typed_keeps_its_letters_and_enter_moves_on_to_the_tags(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TagAllDialog)
        phrase = dialog.query_one("#phrase", Input)
        assert phrase.has_focus  # nothing to tag yet: the phrase comes first
        await pilot.press(*"provincial")  # p and c typed here are letters
        assert phrase.value == "provincial" and isinstance(app.screen, TagAllDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert dialog.query_one(TagPicker).has_focus
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "every “provincial” funding" in app.screen.title_text


async def test_the_retag_dialog_picks_a_tag_the_same_way(workspace: Workspace) -> None:
    mine = annotate(workspace, FIRST, "Heilongjiang", "policy", author="Tester")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.move_to(viewer.source.index("Heilongjiang"))
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagDialog)
        assert app.screen.query_one(TagPicker).has_focus
        assert "p / f / c or Enter chooses" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert [a["tag"] for a in saved(workspace, FIRST) if a["id"] == mine.id] == ["company"]


async def test_an_unticked_box_is_empty_and_a_ticked_one_has_its_x(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        shown = screen_text(app)
        assert "▐ ▌ Case-sensitive" in shown and "X▌ Case-sensitive" not in shown
        app.screen.query_one("#case").focus()
        await pilot.press("space")
        await settle(pilot)
        assert "▐X▌ Case-sensitive" in screen_text(app)
        assert "▐ ▌ Add them as suggestions" in screen_text(app)
