"""The app follows the workspace's tag set: keys, colours, legend, footer, help, palette, dialog.

Also: the keys the article view uses are the ones ``tui.workspace.tagset`` keeps from tags, and the
key table of ``tui/docs/keys.md`` lists exactly the app's keys.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.binding import Binding
from textual.widgets import OptionList

from tests.workspace.test_tagset import FIVE
from tui.app import run_app
from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.app.app import GlossatorApp
from tui.app.article_panel import ArticlePanel
from tui.app.article_view import ArticleView
from tui.app.dialogs import TagDialog
from tui.app.help_screen import HelpScreen
from tui.app.keys import docs_rows, key_name
from tui.app.main_screen import MainScreen
from tui.workspace.layout import Workspace
from tui.workspace.tagset import DEFAULT_TAGS, RESERVED_KEYS, TagSetError

from ..conftest import FIRST, REPO
from .conftest import make_app, palette_offers, saved, screen_lines, screen_text, settle


@pytest.fixture
def five_tags(workspace: Workspace) -> Workspace:
    (workspace.root / "glossator.toml").write_text(FIVE, "utf-8")
    return workspace


async def test_a_tag_set_of_five_gives_keys_colours_legend_help_and_dialog(five_tags: Workspace) -> None:
    app = make_app(five_tags)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_article(FIRST)
        await settle(pilot)
        viewer = app.query_one(Annotator)
        shown = screen_text(app)
        for label in ("p policy", "f funding", "c company", "e person", "o place"):
            assert label in shown  # the legend (a fourth tag used to raise ValueError)
        assert "p f c e o Tag" in screen_lines(app)[-1]  # the footer
        ids = {binding.id for binding in Binding.make_bindings(type(viewer).BINDINGS)}
        assert {f"annotate.tag.{name}" for name in ("policy", "funding", "company", "person", "place")} <= ids
        # Each tag its own colour, from the theme (or fixed, for #rrggbb), in every theme.
        styles = {name: viewer.look(name) for name in ("policy", "funding", "company", "person", "place")}
        assert len({str(style) for style in styles.values()}) == 5
        app.theme = "textual-light"
        await settle(pilot)
        assert viewer.look("person") != styles["person"] and viewer.look("place") != styles["place"]
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        help_text = "\n".join(await _help_lines(app, pilot))
        assert "Tag the selection person: People named in" in help_text
        assert "Tag the selection place" in help_text
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"tag the selection place")
        prompts = await palette_offers(pilot)
        assert any("Tag the selection place" in prompt for prompt in prompts), prompts
        await pilot.press("escape")
        await settle(pilot)


async def _help_lines(app: GlossatorApp, pilot: Any) -> list[str]:
    """Every line the help shows, scrolling it down with the keyboard."""
    lines: list[str] = []
    for _ in range(60):
        await pilot.pause()
        lines += screen_lines(app)
        await pilot.press("down")
    return lines


async def test_the_new_tags_tag_spans_and_the_dialog_offers_them(five_tags: Workspace) -> None:
    app = make_app(five_tags)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_article(FIRST)
        await settle(pilot)
        viewer = app.query_one(Annotator)
        start = viewer.source.index("Wan Long")
        viewer.select_range(start, start + len("Wan Long"))
        await pilot.press("e")
        await settle(pilot)
        start = viewer.source.index("Harbin World")
        viewer.select_range(start, start + len("Harbin"))
        await pilot.press("o")
        await settle(pilot)
        assert sorted((a["tag"], a["quote"]) for a in saved(five_tags, FIRST)) == [
            ("person", "Wan Long"),
            ("place", "Harbin"),
        ]
        viewer.move_to(viewer.source.index("Wan Long") + 1)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagDialog)
        dialog_text = screen_text(app)
        assert "e  person" in dialog_text and "o  place" in dialog_text
        await pilot.press("o")
        await settle(pilot)
        assert sorted(a["tag"] for a in saved(five_tags, FIRST)) == ["place", "place"]
        listing = app.query_one(AnnotationList)
        assert listing.border_title == "Annotations (2)"
        # The store the app saves through knows the same tags.
        assert app.session.store.tag_set.names == ("policy", "funding", "company", "person", "place")
        # The new tags are search fields: by tag, and by the text inside their spans.
        results = app.query_one("#results", OptionList)
        for query in ("tag:place", "place:wan"):
            await pilot.press("slash", *query, "enter")
            await settle(pilot)
            assert [results.get_option_at_index(i).id for i in range(results.option_count)] == [FIRST]
        assert "Wan Long" in screen_text(app)  # the hit lists the span it is about


async def test_the_tag_dialog_offers_the_tag_set(five_tags: Workspace) -> None:
    app = make_app(five_tags)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(TagDialog.for_tags(app.looks)("policy"))
        await settle(pilot)
        shown = screen_text(app)
        for option in ("p  policy", "f  funding", "c  company", "e  person", "o  place"):
            assert option in shown
        assert "People named in the article" in shown
        chosen: list[str | None] = []
        app.pop_screen()
        app.push_screen(TagDialog.for_tags(app.looks)("policy"), chosen.append)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert chosen == ["place"]


def test_an_unusable_tag_set_stops_the_app_with_the_file_line_and_reason(
    five_tags: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    path = five_tags.root / "glossator.toml"
    path.write_text(FIVE.replace('key = "o"', 'key = "j"'), "utf-8")
    assert run_app(five_tags) == 1
    error = capsys.readouterr().err
    assert error.startswith("glossator: glossator.toml:25: tag 'place': the key 'j' is already bound")
    with pytest.raises(TagSetError):
        GlossatorApp(five_tags)


def _single_keys(bindings: list[Any]) -> set[str]:
    keys = set()
    for binding in Binding.make_bindings(bindings):
        name = key_name(binding.key)
        if len(name) == 1 and name not in "↑↓←→":  # a character typed, not an arrow
            keys.add(name)
    return keys


def test_every_single_key_of_the_article_view_and_the_list_is_kept_from_tags() -> None:
    used = (
        _single_keys(ArticleView.BINDINGS)
        | _single_keys(Annotator.BINDINGS)
        | _single_keys(AnnotationList.BINDINGS)
        | _single_keys(GlossatorApp.BINDINGS)
        | _single_keys(MainScreen.BINDINGS)
        | _single_keys(ArticlePanel.BINDINGS)
    )
    assert used - RESERVED_KEYS == set(), "add these to tui.workspace.tagset.RESERVED_KEYS"
    # The default tags' keys are the tag keys, not reserved.
    assert not {tag.key for tag in DEFAULT_TAGS} & RESERVED_KEYS


def test_the_key_table_of_keys_md_is_exactly_the_apps_keys() -> None:
    """The user documentation's table is the app's bindings, with their ids (what a keymap names)."""
    document = (REPO / "tui" / "docs" / "keys.md").read_text("utf-8")
    table = [line for line in document.split("## The key table", 1)[1].splitlines() if line.startswith("|")]
    expected = docs_rows(DEFAULT_TAGS)
    assert table == expected, "paste these rows into tui/docs/keys.md:\n" + "\n".join(expected)


def test_key_names_are_written_as_a_person_types_them() -> None:
    assert [key_name(k) for k in ("f1", "slash", "right_square_bracket", "escape", "pagedown")] == [
        "F1",
        "/",
        "]",
        "Esc",
        "PgDn",
    ]
    assert key_name("ctrl+shift+left") == "ctrl+shift+←"
    assert key_name("left_curly_bracket") == "{"


def test_the_key_table_rows_are_markdown_table_rows() -> None:
    rows = docs_rows(DEFAULT_TAGS)
    assert all(row.startswith("| ") and row.endswith(" |") and row.count(" | ") == 3 for row in rows)
    assert rows[2] == "| anywhere | `/` | Go to the search box (shows the results) | `app.search` |"
    assert (
        "| tagging a selection | `c` | Tag the selection company: Companies, start-ups and other "
        in "\n".join(rows)
    )
