"""The app told of changes by the operating system: new folders, the tag set taken in live, quitting
stops the watch."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from textual.widgets import Input, OptionList

from tui.app.annotator import Annotator
from tui.cli import main
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from .conftest import make_app, opened, saved, screen_text, settle, wait_for

#: Generous: the watcher reports within a second and a half; a loaded machine may be slower.
DEADLINE_S = 20.0


def inotify_instances() -> int:
    """How many inotify instances this process holds (the watcher's, while it watches)."""
    folder = Path("/proc/self/fd")
    count = 0
    for name in os.listdir(folder):
        try:
            count += os.readlink(folder / name) == "anon_inode:inotify"
        except OSError:
            continue  # the descriptor was closed meanwhile
    return count


async def test_a_folder_moved_into_the_corpus_is_searchable(workspace: Workspace, tmp_path: Path) -> None:
    incoming = tmp_path / "incoming" / "2016"
    incoming.mkdir(parents=True)
    (incoming / "moved.txt").write_text("Zanzibar cloves reach a record price.", "utf-8")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        incoming.parent.rename(workspace.corpus_dir / "incoming")  # as a git checkout of a branch would
        await wait_for(
            pilot,
            lambda: any("Changed on disk: incoming/2016/moved" in n.message for n in app.message_log),
            DEADLINE_S,
        )
        await pilot.press(*"zanzibar", "enter")  # the search box has the focus
        await settle(pilot)
        assert app.search_panel.shown_query == "zanzibar"
        assert app.query_one("#results").option_count == 1


async def test_a_tag_added_from_the_cli_is_taken_in_live(workspace: Workspace) -> None:
    """`glossator tags add person --key e` while the app runs: e tags at once, the legend shows it."""
    async with opened(workspace, FIRST, size=(100, 30)) as (app, pilot):
        viewer = app.query_one(Annotator)
        assert main(["--workspace", str(workspace.root), "tags", "add", "person", "--key", "e"]) == 0
        await wait_for(pilot, lambda: "e person" in screen_text(app), DEADLINE_S)
        await settle(pilot)
        assert re.search(r"p policy +f funding +c company +e person", screen_text(app)), "the legend"
        assert "p f c e Tag" in screen_text(app), "the footer"
        viewer = app.query_one(Annotator)  # the article stays open, the cursor where it was
        assert viewer.has_focus and viewer.editor is not None and viewer.editor.article.id == FIRST
        start = viewer.source.index("Harbin")
        viewer.select_range(start, start + len("Harbin"))
        await pilot.press("e")
        await settle(pilot)
        assert [(a["quote"], a["tag"]) for a in saved(workspace, FIRST)] == [("Harbin", "person")]
        # The index is built again for the new tag: it finds the span.
        await wait_for(pilot, lambda: app.session.index is not None, DEADLINE_S)
        await pilot.press("slash", *"tag:person", "enter")
        await settle(pilot)
        assert app.search_panel.shown_query == "tag:person"
        assert app.query_one("#results", OptionList).option_count == 1


async def test_a_broken_tag_set_keeps_the_tags_in_use(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        (workspace.root / "glossator.toml").write_text('[[tag]]\nname = "person"\nkey = "x"\n', "utf-8")
        await wait_for(
            pilot,
            lambda: any(
                n.message.endswith("the tags in use stay until it is fixed") for n in app.message_log
            ),
            DEADLINE_S,
        )
        assert re.search(r"p policy +f funding +c company\n", screen_text(app))
        assert app.query_one("#query", Input).has_focus  # a message, nothing else changes


async def test_quitting_stops_the_watcher(workspace: Workspace) -> None:
    before = inotify_instances()
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: inotify_instances() == before + 1, DEADLINE_S)
        await pilot.press("ctrl+q")
    assert not app.is_running
    deadline = time.monotonic() + DEADLINE_S
    while inotify_instances() != before:
        assert time.monotonic() < deadline, "the watcher still watches after quitting"
        time.sleep(0.05)


async def test_a_file_rewritten_in_place_while_the_app_was_closed_is_taken_in_after_opening(
    workspace: Workspace,
) -> None:
    """Opening trusts unchanged folders (a quick sync); the full sync right after sees the rest."""
    from tui.search import CorpusIndex

    CorpusIndex.open(workspace).close()
    with workspace.article_path(FIRST).open("a", encoding="utf-8") as article:
        article.write("\nPostscript about a wombat.\n")  # in place: the folder's time stays
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: any(FIRST in n.message for n in app.message_log), DEADLINE_S)
        await pilot.press(*"wombat", "enter")
        await settle(pilot)
        assert app.query_one("#results").option_count == 1
