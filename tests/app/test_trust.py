"""The app never loses, misplaces or leaks an annotation, whatever happens around it (issue: trust)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.app.dialogs import ConfirmQuit, NoteDialog, NoteEditor
from tui.workspace.layout import Workspace

from ..conftest import FIRST, FUNDING_QUOTE, TAIYUAN
from ..search.test_coordinator import add
from .conftest import opened, saved, settle, wait_for
from .test_sharing import COMPANY


def burst(pilot: Pilot[Any], *keys: tuple[str, str | None]) -> None:
    """Keys that arrive together (a paste, a fast typist, a laggy SSH link): no pause between them."""
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(pilot.app)
        pilot.app.post_message(event)


def select(viewer: Annotator, quote: str) -> None:
    start = viewer.source.index(quote)
    viewer.select_range(start, start + len(quote))


async def test_keys_typed_in_the_same_burst_as_slash_go_to_the_search_box(workspace: Workspace) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding")
    async with opened(workspace, FIRST) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.move_to(viewer.source.index(FUNDING_QUOTE) + 2)
        burst(pilot, ("slash", "/"), ("x", "x"), ("u", "u"))
        await settle(pilot)
        assert app.query_one("#query", Input).value == "xu"
        assert [a["quote"] for a in saved(workspace, FIRST)] == [FUNDING_QUOTE]


async def test_reopening_an_article_keeps_its_undo_history(workspace: Workspace) -> None:
    async with opened(workspace, FIRST) as (app, pilot):
        viewer = app.query_one(Annotator)
        select(viewer, "Harbin")
        await pilot.press("c")
        await settle(pilot)
        app.open_article(TAIYUAN)
        await settle(pilot)
        app.open_article(FIRST)
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert saved(workspace, FIRST) == []
        assert any(n.message == "Undone: Tagged company: Harbin" for n in app.message_log)


async def test_undo_after_a_pull_never_removes_the_colleagues_annotation(workspace: Workspace) -> None:
    async with opened(workspace, FIRST) as (app, pilot):
        viewer = app.query_one(Annotator)
        select(viewer, "Harbin")
        await pilot.press("c")
        await settle(pilot)
        add(workspace, FIRST, FUNDING_QUOTE, "funding", author="Colleague")  # git pull merges it in
        listing = app.query_one(AnnotationList)
        await wait_for(pilot, lambda: listing.border_title == "Annotations (2)")
        viewer.focus()
        await pilot.press("u")
        await settle(pilot)
        assert [(a["quote"], a["author"]) for a in saved(workspace, FIRST)] == [(FUNDING_QUOTE, "Colleague")]


async def test_a_note_typed_while_the_article_reopens_is_saved(workspace: Workspace) -> None:
    async with opened(workspace, FIRST) as (app, pilot):
        viewer = app.query_one(Annotator)
        select(viewer, COMPANY)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        # The article's text changes on disk under the dialog (sed -i on the .txt).
        path = workspace.article_path(FIRST)
        path.write_text("BREAKING: " + path.read_text("utf-8"), "utf-8")
        await wait_for(pilot, lambda: viewer.source.startswith("BREAKING: "), 3)
        await pilot.press(*"welding", "enter")
        await settle(pilot)
        [annotation] = saved(workspace, FIRST)
        assert annotation["note"] == "welding"
        text = path.read_text("utf-8")
        assert text[annotation["start"] : annotation["end"]] == COMPANY  # re-anchored to the new text


async def test_a_pasted_note_is_saved_as_pasted_and_shown_safely(workspace: Workspace) -> None:
    async with opened(workspace, FIRST) as (app, pilot):
        viewer = app.query_one(Annotator)
        select(viewer, "Harbin")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        pasted = "alpha \x1b[31mred\x1b[0m\nomega"
        pilot.app.post_message(events.Paste(pasted))  # as a terminal's bracketed paste arrives
        await settle(pilot)
        painted = app.screen.query_one(NoteEditor).get_line(0).plain
        assert "\x1b" not in painted and "\u241b[31mred" in painted
        await pilot.press("enter")
        await settle(pilot)
        assert saved(workspace, FIRST)[0]["note"] == pasted


async def test_a_change_that_could_not_be_saved_is_kept_across_articles_and_quitting_asks(
    workspace: Workspace,
) -> None:
    async with opened(workspace, FIRST) as (app, pilot):
        viewer = app.query_one(Annotator)
        shutil.rmtree(workspace.annotations_dir)
        workspace.annotations_dir.write_text("not a folder")  # nothing can be written there
        select(viewer, "Harbin")
        await pilot.press("c")
        await settle(pilot)
        app.open_article(TAIYUAN)
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmQuit)
        assert any(FIRST in str(shown.render()) for shown in app.screen.query(Static))
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running
        workspace.annotations_dir.unlink()
        workspace.annotations_dir.mkdir()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [a["quote"] for a in saved(workspace, FIRST)] == ["Harbin"]
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert not app.is_running


async def test_conflict_markers_in_the_open_articles_file_show_the_banner_and_it_clears(
    workspace: Workspace,
) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding")
    async with opened(workspace, FIRST) as (app, pilot):
        path = workspace.annotation_path(FIRST)
        good = path.read_text("utf-8")
        path.write_text("<<<<<<< ours\n" + good + "=======\n>>>>>>> theirs\n", "utf-8")
        banner = app.query_one("#problems", Static)
        await wait_for(pilot, lambda: banner.has_class("-shown"), 3)
        assert "invalid TOML" in str(banner.render())
        listing = app.query_one(AnnotationList)
        assert "could not be read" in str(listing.get_option_at_index(0).prompt)
        path.write_text(good, "utf-8")
        await wait_for(pilot, lambda: not banner.has_class("-shown"), 3)
        assert listing.border_title == "Annotations (1)"


async def test_escapes_never_reach_the_terminal_through_toasts_or_the_header(tmp_path: Path) -> None:
    root = tmp_path / "ws\x1b]52;c;aGk=\x07\u202e"  # the workspace folder's name reaches the header
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "evil.txt").write_text("Harbin \x1b[31mred\x1b]52;c;aGk=\x07 text")
    workspace = Workspace.open(root)
    async with opened(workspace, "evil") as (app, pilot):
        viewer = app.query_one(Annotator)
        start = viewer.source.index("Harbin")
        viewer.select_range(start, start + len("Harbin \x1b[31mred"))
        await pilot.press("c")
        await settle(pilot)
        messages = [n.message for n in app.message_log]
        assert any("Tagged company" in m for m in messages)
        assert not any(char in m for m in messages for char in "\x1b\x07\x9b\u202e")
        assert not any(char in app.sub_title for char in "\x1b\x07\u202e")


async def test_a_text_change_is_not_swallowed_by_a_save_in_the_same_second(workspace: Workspace) -> None:
    """sed -i on the open article, then a tag before the file watcher looks: the save's
    re-index must not hide the new text (the viewer kept the old text for good)."""
    async with opened(workspace, FIRST) as (app, pilot):
        viewer = app.query_one(Annotator)
        path = workspace.article_path(FIRST)
        path.write_text("BREAKING: " + path.read_text("utf-8"), "utf-8")
        select(viewer, COMPANY)  # still the old text on screen
        await pilot.press("c")
        await wait_for(pilot, lambda: viewer.source.startswith("BREAKING: "), 4)
        await settle(pilot)
        text = path.read_text("utf-8")
        [annotation] = saved(workspace, FIRST)
        assert text[annotation["start"] : annotation["end"]] == COMPANY
