"""The app at 80x24 and at full speed: everything reachable, nothing cramped, list and cursor in step.

Each test drives the real app through Pilot at the size a new user's terminal has, and
checks what is on the screen (``screen_lines``) or on disk.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.command import CommandPalette
from textual.widgets import Static

from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.app.app import GlossatorApp
from tui.app.dialogs import NoteDialog, TagDialog
from tui.app.help_screen import HelpScreen
from tui.app.search_panel import ResultList
from tui.app.status_line import StatusLine
from tui.app.text_layout import ZWJ
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import CHINA_DAILY, FIRST, FUNDING_QUOTE
from ..search.test_coordinator import add
from .conftest import make_app, opened, palette_offers, saved, screen_lines, screen_text, settle, wait_for
from .test_trust import burst

SMALL = (80, 24)
COMPANY = "Harbin World Wide Welding Co Ltd"
POLICY = "The Heilongjiang provincial government has provided 50 million yuan"
#: What the help says of its last key (the annotation browser's Escape).
LAST_KEY = "Close the list (back to the article)"


def notes(app: Any) -> list[str]:
    return [notification.message for notification in app.message_log]


async def test_help_scrolls_to_its_last_line_and_question_mark_opens_it(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = screen_lines(app)
        assert any("Glossator keys" in line for line in lines)
        assert any("closes" in line for line in lines)  # the close hint stays in view
        assert not any(LAST_KEY in line for line in lines)
        await pilot.press("end")
        await settle(pilot)
        shown = screen_text(app)
        # The last key of the help, the tagging keys and the close hint can all be reached.
        assert LAST_KEY in shown
        assert "closes" in shown
        await pilot.press("home")
        await settle(pilot)
        for _ in range(12):
            await pilot.press("pagedown")
        await settle(pilot)
        assert LAST_KEY in screen_text(app)
        seen = set()
        await pilot.press("home")
        for _ in range(14):  # a page at a time: the keys, then the query language
            seen.update(screen_lines(app))
            await pilot.press("pagedown")
        seen_text = "\n".join(seen)
        for expected in ("Tag the selection policy", "Tag the selection company", "Undo", "Next annotation"):
            assert expected in seen_text
        await pilot.press("question_mark")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_five_results_fit_at_80x24_with_one_line_titles(make_workspace: Any) -> None:
    articles = {
        f"a{n}": f"Harbin start-up number {n} opens a welding workshop in the rust belt\n\n"
        + "The incubator park, which was launched last year, covers an area of square meters. " * 8
        for n in range(8)
    }
    workspace = make_workspace(articles)
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        titles = [line for line in lines if "Harbin start-up number" in line]
        assert len(titles) >= 5, "\n".join(lines)
        # Each title takes one line, cut with an ellipsis; the snippet after it is short.
        assert all(line.split("│")[0].rstrip().endswith("…") for line in titles)
        results = app.query_one(ResultList)
        first = results.get_option_at_index(0).prompt.plain  # type: ignore[union-attr]
        assert len(first.splitlines()) <= 4


async def test_results_grow_with_the_terminal(make_workspace: Any) -> None:
    workspace = make_workspace({f"a{n}": "Harbin welding " * 200 for n in range(3)})
    app = make_app(workspace)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        first = app.query_one(ResultList).get_option_at_index(0).prompt.plain  # type: ignore[union-attr]
        assert len([line for line in first.splitlines() if "Harbin welding" in line]) >= 3


async def test_the_list_follows_the_cursor_and_the_cursor_follows_the_list(workspace: Workspace) -> None:
    institute = add(workspace, FIRST, "The Harbin Institute of Technology's student incubator park", "policy")
    venture = add(workspace, FIRST, "venture investment", "funding")
    company = add(workspace, FIRST, COMPANY, "company")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        listing = app.query_one(AnnotationList)
        await pilot.press("g", "right_square_bracket")
        await settle(pilot)
        assert listing.highlighted_id() == institute.id
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert viewer.source[viewer.cursor_offset :].startswith("venture")
        assert listing.highlighted_id() == venture.id
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert listing.highlighted_id() == company.id
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert listing.highlighted_id() == institute.id
        # The highlighted line is on screen: the list scrolled to it.
        assert any("The Harbin Institute" in line for line in screen_lines(app)[-8:])
        # Moving in the list moves the article's cursor (and leaves the focus in the list).
        await pilot.press("tab")
        assert listing.has_focus
        await pilot.press("down")
        await settle(pilot)
        assert viewer.cursor_offset == venture.start
        assert listing.has_focus


async def test_editing_keys_work_on_the_highlighted_annotation_in_the_list(workspace: Workspace) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding", note="seed")
    add(workspace, FIRST, COMPANY, "company")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        listing = app.query_one(AnnotationList)
        await pilot.press("tab")
        assert listing.has_focus
        footer = screen_lines(app)[-1]
        assert "Note" in footer and "Retag" in footer and "Remove" in footer
        # Attaching and keeping a version are offered only for orphans and conflicts.
        assert "Attach" not in footer and "Keep" not in footer
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*" round", "enter")
        await settle(pilot)
        assert saved(workspace, FIRST)[0]["note"] == "seed round"
        await pilot.press("down", "t")
        await settle(pilot)
        assert isinstance(app.screen, TagDialog)
        await pilot.press("p")
        await settle(pilot)
        assert [a["tag"] for a in saved(workspace, FIRST)] == ["funding", "policy"]
        await pilot.press("x")
        await settle(pilot)
        assert [a["quote"] for a in saved(workspace, FIRST)] == [FUNDING_QUOTE]
        assert listing.border_title == "Annotations (1)"


async def test_a_bad_annotation_file_shows_its_problem_on_lines_and_clears(workspace: Workspace) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding")
    path = workspace.annotation_path(FIRST)
    good = path.read_text("utf-8")
    path.write_text(good.replace('tag = "funding"', 'tag = "compny"'), "utf-8")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        banner = app.query_one("#problems", Static)
        assert banner.has_class("-shown")
        shown = screen_text(app)
        assert "compny" in shown
        assert "\u240a" not in shown and "\u240a" not in banner.render().plain  # a real line break
        assert "not rewritten" in shown
        listing = app.query_one(AnnotationList)
        assert "could not be read" in listing.get_option_at_index(0).prompt.plain  # type: ignore[union-attr]
        # The text is still there, readable.
        assert "The northeastern provinces" in shown
        path.write_text(good, "utf-8")
        await wait_for(pilot, lambda: not banner.has_class("-shown"), 3)
        await settle(pilot)
        assert "compny" not in screen_text(app)
        assert listing.border_title == "Annotations (1)"


async def test_span_ends_grow_and_shrink_by_a_word_keeping_id_and_note(workspace: Workspace) -> None:
    original = add(workspace, FIRST, "World Wide Welding", "company", note="welders")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.move_to(original.start + 2)
        await pilot.press("right_curly_bracket")  # } grows the end
        await settle(pilot)
        [grown] = saved(workspace, FIRST)
        assert (grown["quote"], grown["id"], grown["note"]) == (
            "World Wide Welding Co",
            original.id,
            "welders",
        )
        await pilot.press("left_curly_bracket")  # { grows the start
        await settle(pilot)
        assert saved(workspace, FIRST)[0]["quote"] == "Harbin World Wide Welding Co"
        await pilot.press("right_parenthesis", "right_parenthesis")  # ) shrinks the end, twice
        await settle(pilot)
        assert saved(workspace, FIRST)[0]["quote"] == "Harbin World Wide"
        await pilot.press("left_parenthesis")  # ( shrinks the start
        await settle(pilot)
        [shrunk] = saved(workspace, FIRST)
        assert (shrunk["quote"], shrunk["id"], shrunk["note"]) == ("World Wide", original.id, "welders")
        text = load_article(workspace, FIRST).text
        assert text[shrunk["start"] : shrunk["end"]] == "World Wide"
        # Each press is one undoable step.
        await pilot.press("u")
        await settle(pilot)
        assert saved(workspace, FIRST)[0]["quote"] == "Harbin World Wide"
        await pilot.press("left_parenthesis", "left_parenthesis", "left_parenthesis")
        await settle(pilot)
        assert saved(workspace, FIRST)[0]["quote"] == "Wide"
        await pilot.press("left_parenthesis")
        await settle(pilot)
        assert saved(workspace, FIRST)[0]["quote"] == "Wide"  # never empty
        assert any("cannot shrink" in message for message in notes(app))


async def test_w_goes_to_the_start_of_the_next_word_and_b_back(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        text = viewer.source
        viewer.move_to(text.index("student incubator park"))
        await pilot.press("w")
        assert text[viewer.cursor_offset :].startswith("incubator park")
        await pilot.press("w", "w")
        assert text[viewer.cursor_offset :].startswith(", which")  # punctuation is a word, as in vim
        await pilot.press("b", "b")
        assert text[viewer.cursor_offset :].startswith("incubator park")


async def test_the_results_can_be_hidden_and_the_list_toggled(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        narrow = viewer.size.width
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert not app.search_panel.display or not app.search_panel.region.width
        assert viewer.size.width > narrow + 25
        assert viewer.has_focus
        text_lines = viewer.size.height
        listed = app.query_one(AnnotationList).outer_size.height  # as tall as its lines: the hint
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert listed >= 2 and viewer.size.height == text_lines + listed
        assert "Annotations (" not in screen_text(app)
        await pilot.press("ctrl+l", "ctrl+f")
        await settle(pilot)
        assert "Annotations (" in screen_text(app)
        assert viewer.size.width == narrow
        # / brings the results back too.
        await pilot.press("ctrl+f", "slash")
        await settle(pilot)
        assert app.search_panel.region.width > 0


async def test_messages_stay_clear_of_the_text_and_the_list(workspace: Workspace) -> None:
    """A message has a line of its own, above the footer: it covers no text, title or list."""
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        start = viewer.source.index(COMPANY)
        viewer.select_range(start, start + len(COMPANY))
        await pilot.press("c")
        await settle(pilot)
        assert not list(app.screen.query("Toast"))
        line = app.screen.query_one(StatusLine)
        assert "Tagged company" in line.message
        assert line.region.y == SMALL[1] - 2  # the row above the footer
        for widget in (viewer, app.query_one(AnnotationList), app.query_one("#article-header")):
            assert not line.region.overlaps(widget.region)
        assert any("Tagged company" in row for row in screen_lines(app))


async def test_a_query_error_is_shown_whole(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(*"foo:bar", "enter")
        await settle(pilot)
        left = " ".join(line.split("│")[0].strip() for line in screen_lines(app))
        assert "unknown field 'foo'" in left
        assert "author" in left.split("unknown field 'foo'")[1]  # the valid fields, not cut off


async def test_snippets_start_and_end_at_whole_words(make_workspace: Any) -> None:
    words = [f"w{n:04d}" for n in range(400)]
    workspace = make_workspace({"words": " ".join(words)})
    text = " ".join(words)
    add(workspace, "words", "w0200", "company")
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*"tag:company", "enter")
        await settle(pilot)
        prompt = app.query_one(ResultList).get_option_at_index(0).prompt.plain  # type: ignore[union-attr]
        snippet = " ".join(prompt.splitlines()[2:]).strip()
        assert "w0200" in snippet
        shown = snippet.strip("\u2026 ").split()
        assert shown and all(word in words for word in shown), snippet
        assert text.index(" ".join(shown)) >= 0


async def test_an_emoji_sequence_in_a_snippet_keeps_the_columns_in_place(make_workspace: Any) -> None:
    workspace = make_workspace(
        {"emoji": "Harbin coders 👩\u200d💻 and 👨\u200d👩\u200d👧 families ❤\ufe0f the park.\n"}
    )
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        results = app.query_one(ResultList)
        prompt = results.get_option_at_index(0).prompt
        plain = prompt.plain  # type: ignore[union-attr]
        # Terminals disagree on how wide a joined emoji is; shown one by one, every width is known.
        assert ZWJ not in plain and "\ufe0f" not in plain
        assert "👩" in plain and "💻" in plain
        width = results.scrollable_content_region.width
        assert all(cell_len(line) <= width - 2 for line in plain.splitlines())


async def test_jumping_with_no_article_open_says_to_open_one(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o", "right_square_bracket", "greater_than_sign")
        await settle(pilot)
        assert any("Open an article first" in message for message in notes(app))
        assert not any("No annotations in this article" in message for message in notes(app))


async def test_the_palette_names_actions_by_what_they_do_and_shows_keys_as_typed(
    workspace: Workspace,
) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"next annotation")
        assert isinstance(app.screen, CommandPalette)
        prompts = await palette_offers(pilot)
        shown = screen_text(app)
        assert "right_square_bracket" not in shown and "greater_than_sign" not in shown
        assert any("Next annotation" in prompt and "]" in prompt for prompt in prompts), prompts
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"change the tag")
        prompts = await palette_offers(pilot)
        assert any("Change the tag of the annotation under the cursor" in prompt for prompt in prompts), (
            prompts
        )
        await pilot.press("escape")


async def test_ctrl_t_opens_the_same_story_elsewhere(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        results = app.query_one(ResultList)
        ids = [hit.article_id for hit in results.hits]
        await pilot.press("down")
        results.highlighted = ids.index(FIRST)
        await pilot.press("enter")
        await settle(pilot)
        viewer = app.query_one(Annotator)
        assert viewer.editor is not None and viewer.editor.article.id == FIRST
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert viewer.editor.article.id == CHINA_DAILY
        assert "China's rust belt edges near startup boom" in screen_text(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert viewer.editor.article.id == FIRST


async def test_articles_are_listed_newest_first_while_the_index_is_built(make_workspace: Any) -> None:
    workspace = make_workspace({f"a{n:04d}": f"Article {n} about harbin start-ups.\n" for n in range(1500)})
    newest = workspace.article_path("a0007")
    newest.write_text("Newest article about the welding park.\n", "utf-8")
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        results = app.query_one(ResultList)
        await wait_for(pilot, lambda: results.option_count > 0, 20)
        assert app.session.index is None, "the index was built before anything was listed"
        assert results.hits[0].article_id == "a0007"
        await pilot.pause()
        if app.session.index is None:  # on a fast machine the build may be done by this repaint
            assert "Newest article about the" in screen_text(app)
            assert "newest files" in screen_text(app)
        # Open it and annotate it while the index is still being built.
        results.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.query_one(Annotator).source.startswith("Newest"), 10)
        viewer = app.query_one(Annotator)
        start = viewer.source.index("welding")
        viewer.select_range(start, start + len("welding"))
        await pilot.press("c")
        await wait_for(pilot, lambda: bool(saved(workspace, "a0007")), 10)
        await settle(pilot)
        assert app.session.index is not None


async def test_keys_and_annotating_work_in_a_one_line_2mb_article(make_workspace: Any) -> None:
    """Keys took 3 to 4 s each here (the benchmarks time key presses: ``tests.benchmarks.run``)."""
    sentence = "The provincial government funded 38 startups in Harbin with subsidies worth millions. "
    text = sentence * (2_000_000 // len(sentence))
    workspace = make_workspace({"long": text})
    async with opened(workspace, "long", size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.focus()
        await settle(pilot)
        for key in ("pagedown", "j", "w", "pagedown", "G", "pageup", "k"):
            before = viewer.cursor_offset
            await pilot.press(key)
            await pilot.pause()
            assert viewer.cursor_offset != before, key
        assert viewer.cursor_offset > 0
        start = viewer.source.index("Harbin", viewer.cursor_offset - 200)
        viewer.select_range(start, start + len("Harbin"))
        # On screen at once, while the save and the re-indexing of 2 MB run in the background.
        listing = app.query_one(AnnotationList)
        burst(pilot, ("c", "c"))
        await wait_for(pilot, lambda: listing.border_title == "Annotations (1)")
        await settle(pilot)
        assert saved(workspace, "long")[0]["quote"] == "Harbin"


def _distance(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    return float(sum((a - b) ** 2 for a, b in zip(one, other, strict=True)) ** 0.5)


async def test_a_selection_looks_unlike_every_tag_in_every_theme_in_256_colours_and_truecolor(
    workspace: Workspace,
) -> None:
    """A selection over a policy span looked like a policy span in a 256-colour terminal."""
    from rich.color import ColorSystem
    from textual.theme import BUILTIN_THEMES

    from tui.workspace.tagset import THEME_COLOURS, Tag, TagSet

    every_colour = TagSet(tuple(Tag(colour, str(n), colour) for n, colour in enumerate(THEME_COLOURS)))
    app = GlossatorApp(workspace, author="Tester", tag_set=every_colour)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        viewer = app.query_one(Annotator)
        for theme in BUILTIN_THEMES:
            app.theme = theme
            await pilot.pause()
            selection = viewer.look("selection")
            for colour in THEME_COLOURS:
                tag = viewer.look(colour)
                assert tag.bgcolor is not None, (theme, colour)
                if selection.reverse:  # an ANSI theme: the terminal's colours, reversed
                    assert not tag.reverse, (theme, colour)
                    continue
                assert selection.bgcolor is not None
                for system in (ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT):
                    ours = selection.bgcolor.downgrade(system).get_truecolor()
                    theirs = tag.bgcolor.downgrade(system).get_truecolor()
                    assert _distance(ours, theirs) > 100, (theme, colour, system)
