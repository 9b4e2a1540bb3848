"""The app with files changing under it: live reload, merging, re-anchoring, orphans, conflicts."""

from __future__ import annotations

from dataclasses import replace

from tui.annotations.model import CONFLICT_KEY
from tui.annotations.store import AnnotationStore
from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import FIRST, FUNDING_QUOTE
from ..search.test_coordinator import add
from .conftest import opened, saved, settle, wait_for

COMPANY = "Harbin World Wide Welding Co Ltd"


async def test_changes_made_outside_appear_within_two_seconds(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=(110, 34)) as (app, pilot):
        listing = app.query_one(AnnotationList)
        assert listing.border_title == "Annotations (0)"
        add(workspace, FIRST, FUNDING_QUOTE, "funding", author="Colleague")  # e.g. a git pull
        await wait_for(pilot, lambda: listing.border_title == "Annotations (1)")
        # The notification is posted as a message: it may land a moment after the list.
        await wait_for(pilot, lambda: any("Changed on disk" in n.message for n in app.message_log), 0.5)
        await settle(pilot)
        results = app.search_panel
        await pilot.press("slash", *"author:colleague", "enter")
        await settle(pilot)
        assert results.shown_query == "author:colleague"
        assert app.query_one("#results").option_count == 1


async def test_a_change_in_the_app_is_merged_with_a_change_on_disk(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=(110, 34)) as (app, pilot):
        viewer = app.query_one(Annotator)
        add(workspace, FIRST, FUNDING_QUOTE, "funding", author="Colleague")  # lands before the app looks
        start = viewer.source.index(COMPANY)
        viewer.select_range(start, start + len(COMPANY))
        await pilot.press("c")
        await settle(pilot)
        quotes = sorted(a["quote"] for a in saved(workspace, FIRST))
        assert quotes == sorted([FUNDING_QUOTE, COMPANY])
        await wait_for(pilot, lambda: app.query_one(AnnotationList).border_title == "Annotations (2)")


async def test_a_changed_article_is_reanchored_and_orphans_can_be_reattached(workspace: Workspace) -> None:
    moved = add(workspace, FIRST, FUNDING_QUOTE, "funding")
    orphan = add(workspace, FIRST, COMPANY, "company")
    text = load_article(workspace, FIRST).text
    workspace.article_path(FIRST).write_text("A new lead.\n" + text.replace(COMPANY, "HWW Welding"), "utf-8")
    async with opened(workspace, FIRST, size=(110, 34)) as (app, pilot):
        assert any("re-anchored 1 annotation" in n.message for n in app.message_log)
        viewer = app.query_one(Annotator)
        on_disk = {a["id"]: a for a in saved(workspace, FIRST)}
        new_text = viewer.source
        assert new_text[on_disk[moved.id]["start"] : on_disk[moved.id]["end"]] == FUNDING_QUOTE
        assert on_disk[orphan.id]["quote"] == COMPANY  # kept as it was
        listing = app.query_one(AnnotationList)
        prompts = [listing.get_option_at_index(i).prompt.plain for i in range(listing.option_count)]  # type: ignore[union-attr]
        assert any("orphan" in p and COMPANY in p for p in prompts)
        # Re-attach the orphan: select the new name, Tab to the list, End (orphans come last), a.
        start = new_text.index("HWW Welding")
        viewer.select_range(start, start + len("HWW Welding"))
        await pilot.press("tab")
        assert listing.has_focus
        await pilot.press("end")
        assert listing.highlighted_id() == orphan.id
        await pilot.press("a")
        await settle(pilot)
        attached = {a["id"]: a for a in saved(workspace, FIRST)}[orphan.id]
        assert attached["quote"] == "HWW Welding"
        assert new_text[attached["start"] : attached["end"]] == "HWW Welding"
        assert attached["tag"] == "company"


async def test_k_keeps_one_version_of_a_merge_conflict(workspace: Workspace) -> None:
    first = add(workspace, FIRST, FUNDING_QUOTE, "funding", note="ours")
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    loaded = store.load(FIRST, text)
    twin = replace(first, id=first.id + "-theirs", note="theirs", extra={CONFLICT_KEY: first.id})
    ours = replace(first, extra={CONFLICT_KEY: twin.id})
    store.update(loaded.article_id, text, lambda _: [ours, twin])
    async with opened(workspace, FIRST, size=(110, 34)) as (app, pilot):
        listing = app.query_one(AnnotationList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        listing.focus()
        listing.highlighted = ids.index(twin.id)
        await pilot.press("k")
        await settle(pilot)
        [kept] = saved(workspace, FIRST)
        assert kept["note"] == "theirs"
        assert CONFLICT_KEY not in kept
