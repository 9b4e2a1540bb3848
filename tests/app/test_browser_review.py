"""The annotation browser (F2) and the review screen (ctrl+g, F4) at 80x24, through Pilot on real files.

Selection that stays where it is, a question before other people's annotations change,
the note under the list, titles instead of ids (told apart when they share their start),
settled copies marked, and articles that cannot be annotated (out of view, removed).
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from tui.agreement.adjudication import Take, settle
from tui.agreement.comparison import compare_article
from tui.annotations.store import AnnotationStore
from tui.app.annotation_list import AnnotationList
from tui.app.browser import AnnotationBrowser
from tui.app.confirm import Confirm
from tui.app.dialogs import TagDialog
from tui.app.review_screen import ReviewScreen
from tui.app.table import RowList
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import FIRST, FUNDING_QUOTE, XINHUA
from ..project.conftest import annotate
from .conftest import make_app, opened, saved, screen_lines, screen_text
from .conftest import settle as settled
from .test_sharing import wait_for

SMALL = (80, 24)
COMPANY = "Harbin World Wide Welding Co Ltd"
#: Two articles whose titles share their first 40 characters (a series), and a third.
SERIES = {
    "s1": "Rust belt revival in China's north east, part one: the welders\n\nHarbin welding firms grow.",
    "s2": "Rust belt revival in China's north east, part two: the doctors\n\nHarbin clinics grow.",
    "s3": "Kingdee raises money\n\nHarbin software firm Kingdee raised funds.",
}


async def _browser(pilot: Any) -> AnnotationBrowser:
    await pilot.press("f2")
    await settled(pilot)
    browser = pilot.app.screen
    assert isinstance(browser, AnnotationBrowser)
    return browser


async def test_space_selects_in_place_and_others_annotations_are_changed_only_when_confirmed(
    workspace: Workspace,
) -> None:
    mine = annotate(workspace, FIRST, FUNDING_QUOTE, "funding", author="Tester")
    bobs = [
        annotate(workspace, FIRST, COMPANY, "company", author="Bob"),
        annotate(workspace, XINHUA, "Kingdee", "company", author="Bob"),
    ]
    adas = annotate(workspace, XINHUA, "Heilongjiang", "policy", author="Ada")
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        browser = await _browser(pilot)
        table = browser.query_one(RowList)
        # Space selects the highlighted row and the cursor stays on it; again: unselected.
        await pilot.press("space")
        assert table.cursor_row == 0 and "1 selected" in screen_text(app)
        await pilot.press("space")
        assert table.cursor_row == 0 and "selected" not in screen_text(app)
        # My own annotation: retagged without a question.
        table.move_cursor([e.annotation.id for e in browser.entries].index(mine.id))
        await pilot.press("t")
        await settled(pilot)
        assert isinstance(app.screen, TagDialog)
        await pilot.press("p")
        await settled(pilot)
        assert not isinstance(app.screen, Confirm)
        assert {a["id"]: a["tag"] for a in saved(workspace, FIRST)}[mine.id] == "policy"
        # Every row: Bob's two and Ada's one are someone else's; one question says whose.
        await pilot.press("ctrl+a", "x")
        await settled(pilot)
        assert isinstance(app.screen, Confirm)
        question = screen_text(app)
        assert "Bob (2) and Ada (1)" in question and "1 of them yours" in question
        await pilot.press("escape")  # leaves them as they are
        await settled(pilot)
        assert isinstance(app.screen, AnnotationBrowser)
        assert len(saved(workspace, FIRST)) == 2 and len(saved(workspace, XINHUA)) == 2
        await pilot.press("x")
        await settled(pilot)
        await pilot.press("y")
        await settled(pilot)
        assert saved(workspace, FIRST) == [] and saved(workspace, XINHUA) == []
        await pilot.press("U")  # one step takes the whole batch back
        await settled(pilot)
        ids = {a["id"] for article in (FIRST, XINHUA) for a in saved(workspace, article)}
        assert ids == {mine.id, adas.id, *(b.id for b in bobs)}


async def test_the_note_of_the_highlighted_row_is_shown_under_the_list_at_80_columns(
    workspace: Workspace,
) -> None:
    text = load_article(workspace, FIRST).text
    start = text.index(COMPANY)
    store = AnnotationStore(workspace)
    from tui.annotations.model import new_annotation

    noted = new_annotation(
        text, start, start + len(COMPANY), "company", author="Ada", note="A startup of the incubator park"
    )
    store.update(FIRST, text, lambda on_disk: [noted])
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await _browser(pilot)
        lines = screen_lines(app)
        footer = len(lines) - 1
        assert "A startup of the incubator park" in lines[footer - 1]
        assert "company · Ada" in lines[footer - 2]


async def test_the_review_screen_names_articles_by_title_told_apart(make_workspace: Any) -> None:
    workspace = make_workspace(SERIES)
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+g")
        await settled(pilot)
        await pilot.press(*"Harbin", "tab", "down", "down", "enter")
        await settled(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and len(review.items) == 3
        rows = [line for line in screen_lines(app) if "Harbin" in line and "·" in line[:2]]
        assert len(rows) == 3
        shown = "\n".join(rows)
        assert "s1" not in shown and "s2" not in shown  # titles, not ids
        assert "Kingdee raises money" in shown
        # The two titles of the series end differently in view: cut in the middle.
        series = [row for row in rows if row.split("company ", 1)[1].startswith("Rust belt")]
        assert len(series) == 2
        assert "the welders" in series[0] and "the doctors" in series[1]
        assert "Rust belt revival in China's north east, part one" in str(
            review.query_one("#table-preview", Static).render()
        )


async def test_results_and_the_browser_tell_apart_titles_that_share_their_start(make_workspace: Any) -> None:
    workspace = make_workspace(SERIES)
    for article_id in ("s1", "s2"):
        annotate(workspace, article_id, "Harbin", "company", author="Ada")
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settled(pilot)
        left = [line.split("│")[0] for line in screen_lines(app)]
        titles = [line.strip() for line in left if line.strip().startswith("Rust belt")]
        assert len(titles) == 2 and titles[0] != titles[1]
        assert {title[-5:] for title in titles} == {"lders", "ctors"}
        await _browser(pilot)
        rows = [line for line in screen_lines(app) if "Harbin" in line]
        assert len(rows) == 2 and rows[0][-12:] != rows[1][-12:]


async def test_settled_copies_are_marked_settled_from_whom(workspace: Workspace) -> None:
    wei = annotate(workspace, FIRST, COMPANY, "company", author="wei")
    lin = annotate(workspace, FIRST, COMPANY, "company", author="lin")
    text = load_article(workspace, FIRST).text
    pair = compare_article(FIRST, [wei], [lin]).pairs[0]
    settle(AnnotationStore(workspace), FIRST, text, "maintainers", [(pair, Take.A)])
    async with opened(workspace, FIRST, size=(160, 50)) as (app, pilot):
        listing = app.query_one(AnnotationList)
        prompts = [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]
        assert sum("settled by maintainers from wei, lin" in prompt for prompt in prompts) == 1
        assert sum(prompt.endswith("  wei") for prompt in prompts) == 1
        browser = await _browser(pilot)
        shown = screen_text(app)
        assert "maintainers ⇐ wei, lin" in shown
        row = next(n for n, e in enumerate(browser.entries) if e.annotation.author == "maintainers")
        browser.query_one(RowList).move_cursor(row)
        await settled(pilot)
        assert "settled by maintainers from wei, lin" in screen_text(app)


async def test_an_article_out_of_view_is_not_tagged(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=(20, 8)) as (app, pilot):
        viewer = app.article_panel.annotator
        assert not viewer.in_view
        viewer.focus()
        await pilot.press("v", "f")
        await settled(pilot)
        assert viewer.editor is not None and viewer.editor.annotations == ()
        assert saved(workspace, FIRST) == []


async def test_an_article_removed_from_the_corpus_can_no_longer_be_annotated(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.article_panel.annotator
        viewer.focus()
        await pilot.press("v", "f")
        await settled(pilot)
        assert [a["tag"] for a in saved(workspace, FIRST)] == ["funding"]
        workspace.article_path(FIRST).unlink()
        problems = app.article_panel.query_one("#problems", Static)
        await wait_for(pilot, lambda: "Removed from the corpus" in str(problems.render()), seconds=5)
        await settled(pilot)
        assert "Removed from the corpus: its" in screen_text(app)
        await pilot.press("w", "v", "c", "u")
        await settled(pilot)
        assert [a["tag"] for a in saved(workspace, FIRST)] == ["funding"]
        assert viewer.editor is not None and len(viewer.editor.annotations) == 1
