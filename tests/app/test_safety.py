"""What the app shows must be the text itself: no markup, no terminal control, no lost work."""

from __future__ import annotations

import shutil

from textual.widgets import Static

from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.app.search_panel import ResultList
from tui.workspace.layout import Workspace

from ..conftest import FIRST, FUNDING_QUOTE
from .conftest import make_app, opened, palette_offers, saved, screen_lines, settle, wait_for

HOSTILE = (
    "Zebra [bold]news[/] and [link=http://x]link[/link] [@click=app.quit]quit[/]\n"
    "Price $variable \\ backslash \x1b[31mred\x1b[0m \x1b]52;c;aGk=\x07 \x1b]8;;http://e\x1b\\x\x1b]8;;\x1b\\ "
    "bell\x07 back\x08space lone\rreturn\n"
    "CJK 中国 emoji 🚀 combining e\u0301 end\n"
)


async def test_hostile_text_is_shown_verbatim_everywhere(make_workspace) -> None:
    workspace = make_workspace({"evil": HOSTILE})
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"zebra", "enter")
        await settle(pilot)
        results = app.query_one(ResultList)
        prompt = results.get_option_at_index(0).prompt
        shown = prompt.plain  # type: ignore[union-attr]
        assert "[bold]news[/]" in shown and "[link=http://x]link[/link]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        await pilot.press("enter")
        await settle(pilot)
        viewer = app.query_one(Annotator)
        assert "[bold]news[/]" in viewer.text
        assert "\x1b" not in viewer.text and "\x07" not in viewer.text and "\x08" not in viewer.text
        assert "\u241b[31mred" in viewer.text
        # Offsets still land on the right characters, CJK, emoji and combining marks included.
        text = viewer.source
        for word in ("中国", "🚀", "e\u0301", "$variable"):
            start = text.index(word)
            viewer.select_range(start, start + len(word))
            await pilot.press("c")
            await settle(pilot)
            assert saved(workspace, "evil")[-1]["quote"] in {word} | {
                a["quote"] for a in saved(workspace, "evil")
            }
        assert sorted(a["quote"] for a in saved(workspace, "evil")) == sorted(
            ["中国", "🚀", "e\u0301", "$variable"]
        )
        # A hostile note is shown as text in the annotation list.
        viewer.move_to(text.index("中国"))
        await pilot.press("n", *"[red]x[/] \\", "enter")
        await settle(pilot)
        listing = app.query_one(AnnotationList)
        plains = [listing.get_option_at_index(i).prompt.plain for i in range(listing.option_count)]  # type: ignore[union-attr]
        assert any("[red]x[/] \\" in plain for plain in plains)
        assert app.is_running  # [@click=app.quit] did not run


async def test_unparseable_annotation_file_is_shown_and_never_overwritten(workspace: Workspace) -> None:
    path = workspace.annotation_path(FIRST)
    path.write_text('format = 1\narticle = "x\n', "utf-8")
    before = path.read_bytes()
    async with opened(workspace, FIRST, size=(100, 30)) as (app, pilot):
        problems = app.query_one("#problems", Static)
        shown = problems.render().plain
        assert f"annotations/{FIRST}.toml:2: -: invalid TOML" in shown
        assert "not rewritten" in shown
        viewer = app.query_one(Annotator)
        assert viewer.source.startswith("The northeastern provinces")
        start = viewer.source.index(FUNDING_QUOTE)
        viewer.select_range(start, start + 4)
        await pilot.press("f")
        await settle(pilot)
        notes = [n.message for n in app.message_log]
        assert any("read-only" in message for message in notes)
    assert path.read_bytes() == before


async def test_a_failed_save_keeps_the_change_and_retries_with_the_next(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=(100, 30)) as (app, pilot):
        viewer = app.query_one(Annotator)
        text = viewer.source
        # Make the annotations folder impossible to write into: a file stands in its place.
        shutil.rmtree(workspace.annotations_dir)
        workspace.annotations_dir.write_text("not a folder")
        start = text.index(FUNDING_QUOTE)
        viewer.select_range(start, start + len(FUNDING_QUOTE))
        await pilot.press("f")
        await settle(pilot)
        assert any(f"Could not save annotations/{FIRST}.toml" in n.message for n in app.message_log)
        assert app.query_one(AnnotationList).option_count == 1  # still on screen
        assert viewer.editor is not None and viewer.editor.dirty
        # The disk is back; the next change saves both.
        workspace.annotations_dir.unlink()
        workspace.annotations_dir.mkdir()
        start = text.index("Harbin")
        viewer.select_range(start, start + len("Harbin"))
        await pilot.press("c")
        await settle(pilot)
        assert [a["quote"] for a in saved(workspace, FIRST)] == ["Harbin", FUNDING_QUOTE]
        assert not viewer.editor.dirty


async def test_help_lists_every_key_and_the_palette_offers_actions(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        seen: list[str] = []
        for _ in range(30):  # what the help shows, scrolled through with the keyboard
            await pilot.pause()
            seen += screen_lines(app)
            await pilot.press("pagedown")
        help_text = "\n".join(seen)
        for expected in (
            "Tag the selection policy",
            "Tag the selection funding",
            "Tag the selection company",
            "Edit the note",
            "Undo",
            "Redo",
            "Select the word",
            "Select the sentence",
            "Next annotation",
            "Next search hit",
            "Up a line",
            "Show every key",
            "Quit",
        ):
            assert expected in help_text
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"select sent")
        from textual.command import CommandPalette

        assert isinstance(app.screen, CommandPalette)
        names = await palette_offers(pilot)
        assert any("Select the sentence" in name for name in names), names
        await pilot.press("escape")


async def test_themes_recolour_the_tags(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=(100, 30)) as (app, pilot):
        viewer = app.query_one(Annotator)
        before = viewer.look("funding")
        app.theme = "textual-light"
        await settle(pilot)
        assert viewer.look("funding") != before


async def test_first_run_builds_the_index_with_progress_while_usable(make_workspace) -> None:
    workspace = make_workspace({f"a{n:04d}": f"Article {n} about harbin start-ups.\n" for n in range(400)})
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.search_panel
        seen: list[tuple[int, int]] = []
        show_progress = panel.show_progress
        panel.show_progress = lambda done, total: (seen.append((done, total)), show_progress(done, total))  # type: ignore[method-assign]
        # Typing works while the index is being built.
        await pilot.press(*"harbin")
        assert panel.query_text == "harbin"
        status = panel.query_one("#status", Static)
        # The results follow typing after a short debounce.
        await wait_for(pilot, lambda: status.render().plain == "400 results, showing 50", 10)
        await settle(pilot)
        assert (400, 400) in seen
        assert any(0 < done < 400 for done, _ in seen)
