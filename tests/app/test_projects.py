"""Annotation projects in the app, through Pilot on real workspaces: tag every occurrence with a
review, suggestions, progress marks, the annotation browser, and comparing two annotators."""

from __future__ import annotations

import tomllib
from typing import Any

from textual.widgets import Static

from tui.agreement.adjudication import SETTLED_BY, SETTLED_FROM
from tui.agreement.comparison import Kind
from tui.annotations.model import SUGGESTED, new_annotation
from tui.annotations.store import AnnotationStore
from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.app.browser import AnnotationBrowser
from tui.app.compare import ChooseAnnotators, ComparisonBar
from tui.app.confirm import Confirm
from tui.app.dialogs import TagDialog
from tui.app.review_screen import ReviewScreen, TagAllDialog
from tui.app.table import RowList
from tui.project.occurrences import phrase_matcher
from tui.project.plan import make_plan
from tui.project.progress import set_mark
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import CHINA_DAILY, FIRST, FUNDING_QUOTE, XINHUA
from ..project.conftest import annotate
from .conftest import make_app, opened, saved, screen_text, settle

SMALL = (80, 24)
COMPANY = "Harbin World Wide Welding Co Ltd"


def _marks(workspace: Workspace, article_id: str) -> list[dict[str, Any]]:
    path = workspace.annotation_path(article_id)
    if not path.exists():
        return []
    marks: list[dict[str, Any]] = tomllib.loads(path.read_text("utf-8")).get("progress", [])
    return marks


def _status(app: Any) -> str:
    return str(app.search_panel.query_one("#status", Static).render())


def _company_harbin_by_tester(workspace: Workspace) -> set[tuple[str, int, int]]:
    return {
        (article_id, a["start"], a["end"])
        for article_id in workspace.article_ids()
        for a in saved(workspace, article_id)
        if a["tag"] == "company" and a["author"] == "Tester"
    }


async def test_tag_every_occurrence_reviewed_saves_exactly_the_accepted_and_u_undoes_the_batch(
    workspace: Workspace,
) -> None:
    earlier = annotate(workspace, FIRST, "Harbin", "company", author="Ada")
    mine = annotate(workspace, XINHUA, "Harbin", "company", author="Tester")
    plan = make_plan(
        workspace, [phrase_matcher("harbin", "company")], workspace.article_ids(), author="Tester"
    )
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, TagAllDialog)
        await pilot.press(*"harbin", "tab", "down", "down", "enter")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.items
        # Every place with its context; the one I (Tester) tagged is listed, locked; Ada's is not.
        assert [(i.article_id, i.start, i.end) for i in review.items] == [
            (p.article_id, p.start, p.end) for p in plan.occurrences
        ]
        locked = [i for i in review.items if i.locked]
        assert [(i.article_id, i.start) for i in locked] == [(XINHUA, mine.start)]
        assert any((i.article_id, i.start) == (FIRST, earlier.start) for i in review.items if not i.locked)
        shown = screen_text(app)
        assert "already tagged" in shown and "the place in its text" in shown and "^s Save" in shown
        table = review.query_one(RowList)
        free = [n for n, item in enumerate(review.items) if not item.locked]
        for number, key in zip(free[:3], ("a", "a", "r"), strict=True):
            table.move_cursor(number)
            await pilot.press(key)
        await settle(pilot)
        assert "✓ 2 · ✗ 1" in screen_text(app)
        accepted = {
            (review.items[n].article_id, review.items[n].start, review.items[n].end) for n in free[:2]
        }
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen)
        # Exactly the accepted places were written, once each; Ada's is as it was.
        assert _company_harbin_by_tester(workspace) == accepted | {(XINHUA, mine.start, mine.end)}
        assert any(a["id"] == earlier.id for a in saved(workspace, FIRST))
        # The app's own index took the batch in (tag:company finds the articles).
        assert app.session.index is not None
        found = {hit.article_id for hit in app.session.index.search("tag:company", limit=10).hits}
        assert {article_id for article_id, _, _ in accepted} <= found
        # A colleague adds one in a file of the batch meanwhile; U takes back the batch only.
        touched = sorted({article_id for article_id, _, _ in accepted})[0]
        colleague = annotate(workspace, touched, "Heilongjiang", "policy", author="Cy")
        # The focus is back where ctrl+g was pressed (the search box), where U is a letter:
        # U works from the results.
        assert app.focused is app.search_panel.query_one("#query")
        await pilot.press("down", "U")
        await settle(pilot)
        assert _company_harbin_by_tester(workspace) == {(XINHUA, mine.start, mine.end)}
        assert any(a["id"] == colleague.id for a in saved(workspace, touched))
        assert any(a["id"] == earlier.id for a in saved(workspace, FIRST))
        await pilot.press("U")
        await settle(pilot)
        assert "No change to many annotations to undo" in "\n".join(n.message for n in app.message_log)


async def test_suggestions_are_drawn_apart_listed_and_accepted_or_rejected_one_key_each(
    workspace: Workspace,
) -> None:
    first = annotate(workspace, FIRST, COMPANY, "company", author="bot", status=SUGGESTED)
    second = annotate(workspace, FIRST, "Heilongjiang", "policy", author="bot", status=SUGGESTED)
    accepted = annotate(workspace, FIRST, FUNDING_QUOTE, "funding", author="Ada")
    async with opened(workspace, FIRST) as (app, pilot):
        viewer = app.query_one(Annotator)
        # Drawn unlike an accepted span of the same tag (underlined in the tag's colour, no tint).
        assert viewer.look("suggested:company") != viewer.look("company")
        assert viewer.look("suggested:company").underline
        row = viewer.painted_line(first.start)
        assert any(span.style == viewer.look("suggested:company") for span in row.spans)
        funding_row = viewer.painted_line(accepted.start)
        assert any(span.style == viewer.look("funding") for span in funding_row.spans)
        # Listed as suggestions.
        listing = app.query_one(AnnotationList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert sum("suggested" in prompt for prompt in prompts) == 2
        # A accepts the one under the cursor: its status goes, the file changes.
        viewer.focus()
        viewer.move_to(first.start + 2)
        await pilot.press("A")
        await settle(pilot)
        on_disk = {a["id"]: a for a in saved(workspace, FIRST)}
        assert "status" not in on_disk[first.id] and on_disk[second.id]["status"] == SUGGESTED
        # R in the list rejects (deletes) the highlighted suggestion.
        listing.focus()
        listing.highlighted = [a.id for a in app.session.editors[FIRST].anchored()].index(second.id)
        await pilot.press("R")
        await settle(pilot)
        assert second.id not in {a["id"] for a in saved(workspace, FIRST)}
        # Each is one undoable change.
        viewer.focus()
        await pilot.press("u")
        await settle(pilot)
        assert {a["id"]: a.get("status") for a in saved(workspace, FIRST)}[second.id] == SUGGESTED
        await pilot.press("u")
        await settle(pilot)
        assert {a["id"]: a.get("status") for a in saved(workspace, FIRST)}[first.id] == SUGGESTED


async def test_suggestions_reviewed_in_bulk_and_taken_back_as_one_step(workspace: Workspace) -> None:
    ids = [
        annotate(workspace, FIRST, "Heilongjiang", "policy", author="bot", status=SUGGESTED).id,
        annotate(workspace, FIRST, COMPANY, "company", author="bot", status=SUGGESTED).id,
        annotate(workspace, XINHUA, "Kingdee", "company", author="bot", status=SUGGESTED).id,
    ]
    kept = annotate(workspace, CHINA_DAILY, "Harbin", "company", author="Ada")
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and len(review.items) == 3
        await pilot.press("A")  # every one accepted ...
        review.query_one(RowList).move_cursor(2)
        await pilot.press("r")  # ... but the last one rejected
        await pilot.press("ctrl+s")
        await settle(pilot)
        statuses = {a["id"]: a.get("status", "") for a in saved(workspace, FIRST) + saved(workspace, XINHUA)}
        assert statuses == {ids[0]: "", ids[1]: ""}  # Kingdee (XINHUA) was the third: deleted
        await pilot.press("down", "U")  # from the results (focus is back in the search box)
        await settle(pilot)
        statuses = {a["id"]: a.get("status", "") for a in saved(workspace, FIRST) + saved(workspace, XINHUA)}
        assert statuses == dict.fromkeys(ids, SUGGESTED)
        assert [a["id"] for a in saved(workspace, CHINA_DAILY)] == [kept.id]


async def test_marking_done_counting_done_results_and_opening_the_next_not_done(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        ranked = [hit.article_id for hit in app.search_panel.results.hits]
        assert _status(app) == "5 results"  # nothing marked: nothing said
        await pilot.press("D")
        await settle(pilot)
        assert [(m["author"], m["state"]) for m in _marks(workspace, FIRST)] == [("Tester", "done")]
        assert _status(app) == "5 results · 1 of 5 done"
        assert "✓ done by you" in screen_text(app)
        # The next article of the results not done by me, in their order.
        await pilot.press("ctrl+n")
        await settle(pilot)
        following = ranked[(ranked.index(FIRST) + 1) % len(ranked)]
        assert app.article_panel.annotator.editor is not None
        assert app.article_panel.annotator.editor.article.id == following
        await pilot.press("S")
        await settle(pilot)
        assert [(m["author"], m["state"]) for m in _marks(workspace, following)] == [("Tester", "skipped")]
        assert _status(app) == "5 results · 1 of 5 done"  # skipped is not done
        # Someone else's mark does not count as mine.
        other = ranked[(ranked.index(following) + 1) % len(ranked)]
        text = load_article(workspace, other).text
        set_mark(AnnotationStore(workspace), other, text, "Cy", "done")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.article_panel.annotator.editor.article.id == other  # Cy's mark is not mine
        # A query: the count is of its results.
        await pilot.press("slash", *"venture", "enter")
        await settle(pilot)
        assert _status(app) == "2 results · 1 of 2 done"
        # D again on a done article takes the mark back.
        app.open_article(FIRST)
        await settle(pilot)
        app.article_panel.annotator.focus()
        await pilot.press("D")
        await settle(pilot)
        assert _marks(workspace, FIRST) == []
        assert _status(app) == "2 results"


async def test_the_annotation_browser_lists_sorts_opens_and_retags_selected_rows_undoably(
    workspace: Workspace,
) -> None:
    funding = annotate(workspace, FIRST, FUNDING_QUOTE, "funding", author="Ada")
    company = annotate(workspace, FIRST, COMPANY, "company", author="Bob")
    kingdee = annotate(workspace, XINHUA, "Kingdee", "company", author="Ada")
    policy = annotate(workspace, XINHUA, "Heilongjiang", "policy", author="Bob")
    suggestion = annotate(workspace, XINHUA, "Harbin", "company", author="bot", status=SUGGESTED)
    app = make_app(workspace)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, AnnotationBrowser)
        table = browser.query_one(RowList)
        assert table.row_count == 4  # accepted annotations (the suggestion with s)
        shown = screen_text(app)
        assert "quote in its context" in shown and "Kingdee" in shown and "4 accepted annotations" in shown
        assert [e.article_id for e in browser.entries] == [
            FIRST,
            FIRST,
            XINHUA,
            XINHUA,
        ]  # by article and place
        assert [e.annotation.start for e in browser.entries[:2]] == sorted(
            e.annotation.start for e in browser.entries[:2]
        )
        await pilot.press("o")  # by tag, in the tag set's order
        await settle(pilot)
        assert [e.annotation.tag for e in browser.entries] == ["policy", "funding", "company", "company"]
        assert "by tag" in screen_text(app)
        await pilot.press("s")  # the suggestions
        await settle(pilot)
        assert [e.annotation.id for e in browser.entries] == [suggestion.id]
        await pilot.press("s", "s")  # accepted again
        await settle(pilot)
        await pilot.press("o")  # by author
        await settle(pilot)
        assert [e.annotation.author for e in browser.entries] == ["Ada", "Ada", "Bob", "Bob"]
        # Select Bob's two rows and retag them funding: one batch.
        table.move_cursor(2)
        await pilot.press("space", "down", "space")
        assert "2 selected" in screen_text(app)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagDialog)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)  # Bob's, not mine (Tester): asked once
        await pilot.press("y")
        await settle(pilot)
        tags = {a["id"]: a["tag"] for article in (FIRST, XINHUA) for a in saved(workspace, article)}
        assert tags[company.id] == tags[policy.id] == "funding" and tags[kingdee.id] == "company"
        assert sorted(e.annotation.tag for e in browser.entries) == [
            "company",
            "funding",
            "funding",
            "funding",
        ]
        await pilot.press("U")
        await settle(pilot)
        tags = {a["id"]: a["tag"] for article in (FIRST, XINHUA) for a in saved(workspace, article)}
        assert (tags[company.id], tags[policy.id]) == ("company", "policy")
        assert sorted(e.annotation.tag for e in browser.entries) == [
            "company",
            "company",
            "funding",
            "policy",
        ]
        # Enter opens the article with the cursor on the span.
        row = [e.annotation.id for e in browser.entries].index(funding.id)
        table.move_cursor(row)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, AnnotationBrowser)
        viewer = app.query_one(Annotator)
        assert viewer.editor is not None and viewer.editor.article.id == FIRST
        assert viewer.cursor_offset == funding.start
        # Deleting selected rows is one step too.
        await pilot.press("f2")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, AnnotationBrowser)
        await pilot.press("ctrl+a", "x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert saved(workspace, FIRST) == [] and [a["id"] for a in saved(workspace, XINHUA)] == [
            suggestion.id
        ]
        await pilot.press("U")
        await settle(pilot)
        assert len(saved(workspace, FIRST)) == 2 and len(saved(workspace, XINHUA)) == 3


def _two_annotators(workspace: Workspace) -> dict[str, str]:
    """wei and lin on FIRST: one span alike, one with other boundaries, one with another tag, one lin's alone."""
    text = load_article(workspace, FIRST).text
    store = AnnotationStore(workspace)

    def made(quote: str, tag: str, author: str, skip: int = 0) -> Any:
        start = text.index(quote)
        return new_annotation(text, start + skip, start + len(quote), tag, author=author)

    spans = {
        "same-wei": made(COMPANY, "company", "wei"),
        "same-lin": made(COMPANY, "company", "lin"),
        "boundary-wei": made(FUNDING_QUOTE, "funding", "wei"),
        "boundary-lin": made("16.5 million yuan", "funding", "lin"),
        "tag-wei": made("Heilongjiang", "policy", "wei"),
        "tag-lin": made("Heilongjiang", "company", "lin"),
        "only-lin": made("Jilin", "company", "lin"),
    }
    store.update(FIRST, text, lambda on_disk: list(spans.values()))
    return {name: annotation.id for name, annotation in spans.items()}


async def test_comparison_mode_marks_kinds_steps_through_disagreements_and_settles(
    workspace: Workspace,
) -> None:
    ids = _two_annotators(workspace)
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ChooseAnnotators)
        assert "lin (a) and wei (b)" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        bar = app.query_one(ComparisonBar)
        assert bar.active and bar.has_focus and viewer.marking
        assert (bar.first, bar.second) == ("lin", "wei")
        kinds = {kind for _, _, kind in bar.marks()}
        assert {Kind.SAME.value, Kind.BOUNDARY.value, Kind.TAG.value, Kind.ONLY_A.value, "current"} <= kinds
        # Each kind its own look (painted instead of the tags' colours, the bar's legend says which).
        looks = {str(viewer.look(f"mark:{kind.value}")) for kind in Kind}
        assert len(looks) == len(Kind)
        row = viewer.painted_line(bar.disagreements[0].start)
        assert any(span.style == viewer.look(f"mark:{bar.disagreements[0].kind.value}") for span in row.spans)
        assert "lin (a) vs wei (b): 1/3 · 0 settled · 1 same" in screen_text(app)  # fits at 80x24
        assert viewer.cursor_offset == bar.disagreements[0].start
        # ] and [ step through the disagreements; the cursor follows.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert bar.current == 1 and viewer.cursor_offset == bar.disagreements[1].start
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert bar.current == 2
        # Settle the current one: take a (lin's). The adjudicator's annotations hold it, and the span
        # both made alike; lin's and wei's own are untouched.
        pair = bar.disagreements[2]
        assert pair.a is not None
        await pilot.press("a")
        await settle(pilot)
        judged = [a for a in saved(workspace, FIRST) if a["author"] == "Tester"]
        assert sorted(a[SETTLED_FROM][0] for a in judged) == sorted([pair.a.id, ids["same-lin"]])
        assert all(a[SETTLED_BY] == "Tester" for a in judged)
        assert {a["id"] for a in saved(workspace, FIRST)} >= set(ids.values())
        assert "1 settled" in screen_text(app)
        assert bar.current != 2  # on to the next one not settled
        # Taking b where only a made a span is refused with a word, nothing written.
        only = next(n for n, p in enumerate(bar.disagreements) if p.kind is Kind.ONLY_A)
        bar.current = only
        await pilot.press("b")
        await settle(pilot)
        assert len([a for a in saved(workspace, FIRST) if a["author"] == "Tester"]) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert not bar.active and not viewer.marking and viewer.has_focus


async def test_comparing_needs_two_annotators(workspace: Workspace) -> None:
    annotate(workspace, FIRST, COMPANY, "company", author="wei")
    async with opened(workspace, FIRST) as (app, pilot):
        await pilot.press("C")
        await settle(pilot)
        assert not isinstance(app.screen, ChooseAnnotators)
        assert "needs two annotators" in "\n".join(n.message for n in app.message_log)
