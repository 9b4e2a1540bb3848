"""Re-anchoring on realistic edits of the bundled articles: found where it is, orphaned where not."""

from __future__ import annotations

import pytest

from tests.conftest import FIRST, FUNDING_QUOTE, SCMP, TAIYUAN, run_cli
from tests.search.test_coordinator import add
from tui.annotations.anchoring import anchor, reanchor_all
from tui.annotations.model import Annotation, new_annotation
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

COMPANY = "Harbin World Wide Welding Co Ltd"


@pytest.fixture
def text(workspace: Workspace) -> str:
    return load_article(workspace, FIRST).text


def annotated(text: str, quote: str, occurrence: int = 0) -> Annotation:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return new_annotation(text, start, start + len(quote), "funding", author="a")


def placed(annotation: Annotation, new_text: str) -> str | None:
    """The text the annotation lands on in ``new_text``, or None for an orphan."""
    found = anchor(annotation, new_text)
    return new_text[found.start : found.end] if found.found else None


def test_unchanged_offsets_are_kept(text: str) -> None:
    annotation = annotated(text, FUNDING_QUOTE)
    assert anchor(annotation, text + "\nAn appended line.").status == "kept"


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: "A new opening paragraph about the region.\n" + t,  # inserted paragraph before
        lambda t: t.replace(
            "Low GDP growth, overcapacity of traditional industries and unprofitable companies were blamed for the decline.\n",
            "",
        ),  # deleted sentence before
        lambda t: t.replace(
            "By the end of 2015", "By the end of the year 2015"
        ),  # typo fix just before the quote
        lambda t: t.replace("in venture investment", "in venture capital investment"),  # edit in the suffix
        lambda t: t.replace("  ", " ").replace("\n", "\n\n"),  # layout normalised
    ],
    ids=["inserted-paragraph", "deleted-sentence", "edit-in-prefix", "edit-in-suffix", "blank-lines"],
)
def test_edits_around_the_quote_move_it_exactly(text: str, edit) -> None:
    annotation = annotated(text, FUNDING_QUOTE)
    new_text = edit(text)
    found = anchor(annotation, new_text)
    assert found.status in ("moved", "kept")
    assert new_text[found.start : found.end] == FUNDING_QUOTE


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "Harbin World Wide Welding Co Ltd",
            "Harbin World-Wide Welding Co. Ltd",
        ),  # punctuation fixed in the quote
        ("Harbin World Wide Welding Co Ltd", "Harbin World Wide Welding Co Ltd."),  # trailing punctuation
        ("Harbin World Wide Welding Co Ltd", "Harbin Worldwide Welding Co Ltd"),  # typo fix inside
    ],
)
def test_small_edits_inside_the_quote_are_found_approximately(text: str, old: str, new: str) -> None:
    annotation = annotated(text, COMPANY)
    new_text = "Editor's note: corrected.\n" + text.replace(old, new)
    found = anchor(annotation, new_text)
    assert found.status == ("moved" if COMPANY in new_text else "fuzzy")
    landed = new_text[found.start : found.end]
    assert landed.startswith("Harbin World") and "Welding Co" in landed


def test_curly_quotes_and_spacing_normalised_in_a_long_quote(workspace: Workspace) -> None:
    text = load_article(workspace, SCMP).text
    quote = "“The [local] science and technology bureau has provided hi-tech firms with supporting policies."
    annotation = annotated(text, quote)
    new_text = text.replace("“The [local]", '"The  [local]')
    found = anchor(annotation, new_text)
    assert found.status == "fuzzy"
    assert new_text[found.start : found.end].endswith("supporting policies.")


def test_a_quote_that_now_occurs_twice_goes_to_its_own_context(text: str) -> None:
    annotation = annotated(text, FUNDING_QUOTE)
    new_text = f"Summary: the park raised {FUNDING_QUOTE} so far.\n" + text
    found = anchor(annotation, new_text)
    assert found.status == "moved"
    assert found.start == annotation.start + new_text.index(text)


def test_a_short_quote_follows_its_context(text: str) -> None:
    annotation = annotated(text, "yuan", occurrence=2)
    new_text = "Prices in yuan rose.\n" + text
    found = anchor(annotation, new_text)
    assert found.status == "moved"
    assert found.start == annotation.start + len("Prices in yuan rose.\n")


def test_a_duplicated_paragraph_is_ambiguous_and_orphaned(text: str) -> None:
    paragraph_start = text.index("By the end of 2015")
    paragraph_end = text.index("\n", paragraph_start) + 1
    paragraph = text[paragraph_start:paragraph_end]
    annotation = annotated(text, FUNDING_QUOTE)
    new_text = "Lead.\n" + text[:paragraph_end] + paragraph + text[paragraph_end:]
    assert anchor(annotation, new_text).status == "orphan"


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace(FUNDING_QUOTE, "a large sum"),  # reworded quote
        lambda t: t.replace(
            t[t.index("By the end of 2015") : t.index("The Heilongjiang provincial")], ""
        ),  # passage deleted
    ],
    ids=["reworded", "deleted-passage"],
)
def test_reworded_or_deleted_quotes_become_orphans(text: str, edit) -> None:
    annotation = annotated(text, FUNDING_QUOTE)
    found = anchor(annotation, edit(text))
    assert found.status == "orphan"
    assert (found.start, found.end) == (annotation.start, annotation.end)  # kept unchanged


def test_a_completely_different_text_orphans_everything(workspace: Workspace, text: str) -> None:
    other = load_article(workspace, TAIYUAN).text
    annotations = (annotated(text, FUNDING_QUOTE), annotated(text, COMPANY), annotated(text, "yuan"))
    result = reanchor_all(annotations, other)
    assert len(result.orphans) == 3 and not result.moved
    assert result.annotations == annotations


def test_reanchor_all_moves_quote_and_context_with_the_span(text: str) -> None:
    annotation = annotated(text, COMPANY)
    new_text = "Lead.\n" + text.replace(COMPANY, "Harbin World-Wide Welding Co Ltd")
    result = reanchor_all((annotation,), new_text)
    [moved] = result.annotations
    assert moved.id == annotation.id
    assert moved.quote == "Harbin World-Wide Welding Co Ltd"
    assert new_text[moved.start : moved.end] == moved.quote
    assert moved.prefix == new_text[moved.start - 32 : moved.start]


def test_check_and_reanchor_commands(workspace: Workspace, text: str) -> None:
    moved = add(workspace, FIRST, FUNDING_QUOTE, "funding")
    orphan = add(workspace, FIRST, COMPANY, "company")
    path = workspace.article_path(FIRST)
    path.write_text("A new lead paragraph.\n" + text.replace(COMPANY, "a welding firm"), "utf-8")
    checked = run_cli("check", cwd=workspace.root)
    assert checked.returncode == 1
    assert f"{moved.id}: quote moved from " in checked.stdout and "run glossator reanchor" in checked.stdout
    assert f"{orphan.id}: orphan: the quote is not in the text any more" in checked.stdout
    result = run_cli("reanchor", cwd=workspace.root)
    assert result.returncode == 1  # an orphan is left
    assert "1 annotation re-anchored in 1 file; 1 orphan left as they were" in result.stdout
    again = run_cli("check", cwd=workspace.root)
    assert moved.id not in again.stdout
    assert f"{orphan.id}: orphan" in again.stdout
    new_text = path.read_text("utf-8")
    import tomllib

    data = tomllib.loads(workspace.annotation_path(FIRST).read_text("utf-8"))
    funding = next(a for a in data["annotation"] if a["id"] == moved.id)
    assert new_text[funding["start"] : funding["end"]] == FUNDING_QUOTE
    kept = next(a for a in data["annotation"] if a["id"] == orphan.id)
    assert kept["quote"] == COMPANY  # the orphan is never dropped or moved
