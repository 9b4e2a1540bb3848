"""The app's help (F1): every key, and the help topics as Markdown, the query language among them."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt

from tui.app.app import GlossatorApp
from tui.app.help_screen import KEYS, HelpScreen, escaped, in_list_order, keys_markdown
from tui.docs import topics
from tui.workspace.layout import Workspace

from .conftest import make_app, screen_lines, screen_text, settle

HOSTILE = "**bold** <b>x</b> [red]y[/red] `code` | pipe \x1b[31m"


async def _choose(app: GlossatorApp, pilot: Any, name: str) -> None:
    """Go to the list of pages (shift+tab) and down to the topic, as a user does."""
    position = 1 + [topic.name for topic in in_list_order(topics())].index(name)
    await pilot.press("shift+tab", *["down"] * position)
    await settle(pilot)


async def test_the_help_shows_the_keys_then_the_query_language_topic(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        assert "Glossator keys" in shown and "Anywhere" in shown
        pages = [line[1:24].strip() for line in screen_lines(app)[2:8]]
        assert pages[:2] == ["Every key", "The query language"], pages
        for topic in ("Sharing through git", "Workspaces"):
            assert topic in shown  # the list of pages
        await _choose(app, pilot, "query")
        shown = screen_text(app)
        assert "Glossator keys" not in shown
        assert "The query language" in shown
        assert "Plain words search the title, the article text and the" in shown
        # Its table, further down, scrolled to with the keyboard from the page.
        await pilot.press("tab", "end")
        await settle(pilot)
        assert "every article, newest first" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_a_link_to_another_topic_opens_it(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        await _choose(app, pilot, "query")
        row, column = next(
            (row, line.index("Search engines"))
            for row, line in enumerate(screen_lines(app))
            if "Search engines" in line[30:]
        )
        await pilot.click(offset=(column + 2, row))
        await settle(pilot)
        shown = screen_text(app)
        assert "Whoosh (pure Python) is the default" in shown
        assert "Plain words search the title" not in shown


async def test_a_tag_description_is_shown_as_written_never_as_markdown(workspace: Workspace) -> None:
    description = HOSTILE.replace("\x1b", "\\u001b")  # TOML's escape: the file holds an ESC
    (workspace.root / "glossator.toml").write_text(
        f'[[tag]]\nname = "odd"\nkey = "e"\ncolour = "warning"\ndescription = "{description}"\n', "utf-8"
    )
    app = make_app(workspace)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        lines: list[str] = []
        for _ in range(40):
            lines += screen_lines(app)
            if any("Tag the selection odd" in line for line in lines):
                break
            await pilot.press("pagedown")
            await settle(pilot)
        line = next(line for line in lines if "Tag the selection odd" in line)
        assert "Tag the selection odd: " + HOSTILE.replace("\x1b", "␛") in line


def test_escaped_text_reads_back_as_written_with_controls_visible() -> None:
    """The keys page's Markdown, parsed, gives back each description exactly (controls visible)."""
    page = keys_markdown([("Odd place", [("e", HOSTILE)])])
    parsed = MarkdownIt("commonmark", {"html": False}).parseInline(page.splitlines()[-1])
    text = "".join(
        child.content for token in parsed for child in token.children or [] if child.type == "text"
    )
    assert text == "e: " + HOSTILE.replace("\x1b", "␛")
    assert escaped("a|b") == "a\\|b"
    assert KEYS not in {topic.name for topic in topics()}
