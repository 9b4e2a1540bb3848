"""A person's session, through the real app: search, open, select, tag, note, retag, delete, undo."""

from __future__ import annotations

import re

from textual.widgets import Input, Static

from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.app.search_panel import ResultList
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import CHINA_DAILY, FIRST, FUNDING_QUOTE
from .conftest import make_app, opened, saved, search_ids, settle


async def test_search_open_select_tag_note_retag_delete_undo_redo(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # An empty query lists every article.
        assert app.search_panel.query_one("#status", Static).render().plain == "5 results"

        await pilot.press(*"venture", "enter")
        await settle(pilot)
        results = app.query_one(ResultList)
        assert results.has_focus
        assert {results.get_option_at_index(i).id for i in range(results.option_count)} == {
            FIRST,
            CHINA_DAILY,
        }

        results.highlighted = [results.get_option_at_index(i).id for i in range(2)].index(FIRST)
        await pilot.press("enter")
        await settle(pilot)
        viewer = app.query_one(Annotator)
        assert viewer.has_focus
        text = viewer.source
        # A text query puts the cursor on the first hit.
        assert text[viewer.cursor_offset : viewer.cursor_offset + 7] == "venture"

        # Select "venture investment" with the keyboard and tag it funding.
        await pilot.press(*["shift+right"] * len("venture investment"), "f")
        await settle(pilot)
        [funding] = saved(workspace, FIRST)
        assert (funding["tag"], funding["quote"], funding["author"]) == (
            "funding",
            "venture investment",
            "Tester",
        )
        assert text[funding["start"] : funding["end"]] == "venture investment"
        assert search_ids(workspace, "funding:venture") == [FIRST]
        # The app's own search shows it too (the index was updated in a worker).
        await pilot.press("slash", *"tag:funding", "enter")
        await settle(pilot)
        assert results.option_count == 1 and results.get_option_at_index(0).id == FIRST

        # Select a company name with the mouse: drag from its first to its last character.
        name = "Harbin World Wide Welding Co Ltd"
        start = text.index(name)
        viewer.focus()
        viewer.move_to(start)
        await settle(pilot)
        begin = viewer.cursor_screen_offset
        viewer.move_to(start + len(name))
        await settle(pilot)
        end = viewer.cursor_screen_offset
        await pilot.mouse_down(offset=begin)
        await pilot.hover(offset=end)
        await pilot.mouse_up(offset=end)
        await settle(pilot)
        assert viewer.selected_range == (start, start + len(name))
        await pilot.press("c")
        await settle(pilot)
        assert [(a["tag"], a["quote"]) for a in saved(workspace, FIRST)] == [
            ("funding", "venture investment"),
            ("company", name),
        ]
        assert search_ids(workspace, "company:welding") == [FIRST]

        # A note on the funding span: cursor inside it, n, type, Enter.
        viewer.move_to(funding["start"] + 3)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"seed round", "enter")
        await settle(pilot)
        assert saved(workspace, FIRST)[0]["note"] == "seed round"
        assert search_ids(workspace, "note:seed") == [FIRST]

        # Change its tag to policy.
        viewer.move_to(funding["start"] + 3)
        await pilot.press("t", "p")
        await settle(pilot)
        assert saved(workspace, FIRST)[0]["tag"] == "policy"
        assert search_ids(workspace, "tag:funding") == []
        assert search_ids(workspace, "policy:venture") == [FIRST]

        # Delete it, undo, redo.
        viewer.move_to(funding["start"] + 3)
        await pilot.press("x")
        await settle(pilot)
        assert [a["quote"] for a in saved(workspace, FIRST)] == [name]
        assert search_ids(workspace, "tag:policy") == []
        await pilot.press("u")
        await settle(pilot)
        assert [a["quote"] for a in saved(workspace, FIRST)] == ["venture investment", name]
        assert saved(workspace, FIRST)[0]["note"] == "seed round"
        assert search_ids(workspace, "tag:policy") == [FIRST]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert [a["quote"] for a in saved(workspace, FIRST)] == [name]
        assert app.query_one(AnnotationList).option_count == 1


async def test_tag_query_result_opens_on_the_span_and_the_list_jumps(workspace: Workspace) -> None:
    text = (workspace.article_path(FIRST)).read_text("utf-8")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        viewer = app.query_one(Annotator)
        app.open_article(FIRST)
        await settle(pilot)
        start = text.index(FUNDING_QUOTE)
        viewer.select_range(start, start + len(FUNDING_QUOTE))
        await pilot.press("f")
        await settle(pilot)
        viewer.move_to(0)
        app.query_one(Input).focus()
        await pilot.press(*"funding:yuan", "enter", "enter")
        await settle(pilot)
        assert viewer.cursor_offset == start
        # ] and [ jump between annotations; the list moves the cursor too.
        viewer.move_to(0)
        await pilot.press("right_square_bracket")
        assert viewer.cursor_offset == start
        annotations = app.query_one(AnnotationList)
        annotations.focus()
        viewer.move_to(0)
        await pilot.press("enter")
        await settle(pilot)
        assert viewer.cursor_offset == start


async def test_whitespace_is_trimmed_and_empty_selections_are_refused(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=(100, 30)) as (app, pilot):
        viewer = app.query_one(Annotator)
        text = viewer.source
        line_end = text.index("\n")
        viewer.select_range(line_end - 5, line_end + 4)  # "boom.\nThe " spans a line break
        await pilot.press("p")
        await settle(pilot)
        assert saved(workspace, FIRST)[0]["quote"] == "boom.\nThe"
        viewer.select_range(line_end, line_end + 1)
        await pilot.press("c")
        await settle(pilot)
        assert len(saved(workspace, FIRST)) == 1


async def test_select_word_and_sentence_keys(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=(100, 30)) as (app, pilot):
        viewer = app.query_one(Annotator)
        text = viewer.source
        viewer.move_to(text.index("incubator") + 2)
        await pilot.press("v")
        start, end = viewer.selected_range or (0, 0)
        assert text[start:end] == "incubator"
        viewer.move_to(text.index("16.5 million"))
        await pilot.press("V")
        start, end = viewer.selected_range or (0, 0)
        assert text[start:end] == (
            "By the end of 2015, the park had received 16.5 million yuan ($2.53 million) "
            "in venture investment, with total revenue reaching 14 million yuan."
        )


#: More saves than Whoosh lets pile up before it merges them (8 segments of one size).
SAVES = 10


async def test_a_run_of_saves_is_merged_in_the_background_and_stays_searchable(workspace: Workspace) -> None:
    """Each save adds to the index; the app merges what the saves left, in a worker.

    How an engine merges (Whoosh's segments and size classes) is tested beside the engine.
    """
    async with opened(workspace, FIRST, size=(100, 30)) as (app, pilot):
        viewer = app.query_one(Annotator)
        text = viewer.source
        words = [m.start() for m in re.finditer(r"\b[a-z]{6,}\b", text)][:SAVES]
        for start in words:
            viewer.move_to(start + 1)
            await pilot.press("v", "c")
            await settle(pilot)
        assert len(saved(workspace, FIRST)) == len(words)
        assert app.session.index is not None
        assert not app.session.index.compact()  # nothing left to merge: the app has merged after the saves
        hit = app.session.index.search("tag:company").hits[0]
        assert (hit.article_id, hit.tag_counts) == (FIRST, {"company": len(words)})
        assert search_ids(workspace, "tag:company") == [FIRST]


async def test_the_viewer_text_follows_the_article_shown(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=(100, 30)) as (app, pilot):
        viewer = app.query_one(Annotator)
        assert viewer.text == viewer.source and "Harbin" in viewer.text
        app.open_article(CHINA_DAILY)
        await settle(pilot)
        assert viewer.text == load_article(workspace, CHINA_DAILY).text != load_article(workspace, FIRST).text
