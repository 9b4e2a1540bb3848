"""The comparison bar and legend fit 80x24, and 160x50 shows the whole article header, no blank rows.

Each test drives the real app through Pilot and reads the screen as a person sees it.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.app.annotation_list import AnnotationList
from tui.app.app import GlossatorApp
from tui.app.compare import ChooseAnnotators, ComparisonBar
from tui.app.keys import key_name
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace
from tui.workspace.tagset import RESERVED_KEYS

from ..conftest import FIRST
from .conftest import opened, screen_lines, settle

SMALL = (80, 24)
TITLE = "The northeastern provinces of Heilongjiang, Jilin and Liaoning are on the cusp of an"


def _two_annotators(workspace: Workspace, first: str, second: str) -> None:
    """``first`` and ``second`` on FIRST: one span alike, one with another tag, one only ``second``'s."""
    text = load_article(workspace, FIRST).text

    def made(quote: str, tag: str, author: str) -> Any:
        start = text.index(quote)
        return new_annotation(text, start, start + len(quote), tag, author=author)

    spans = [
        made("Harbin World Wide Welding Co Ltd", "company", first),
        made("Harbin World Wide Welding Co Ltd", "company", second),
        made("Heilongjiang", "policy", first),
        made("Heilongjiang", "company", second),
        made("overcapacity of traditional industries", "policy", second),
    ]
    AnnotationStore(workspace).update(FIRST, text, lambda on_disk: spans)


def _right(lines: list[str]) -> list[str]:
    """The right side of the screen (the article panel), line by line."""
    return [line.split("│", 1)[1] if "│" in line else "" for line in lines]


async def test_the_comparison_bar_and_its_legend_fit_80x24(workspace: Workspace) -> None:
    _two_annotators(workspace, "Glossator team", "lin")
    app = GlossatorApp(workspace, author="maintainers")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_article(FIRST)
        await settle(pilot)
        app.article_panel.annotator.focus()
        await pilot.press("C")
        await settle(pilot)
        assert isinstance(app.screen, ChooseAnnotators)
        hint = " ".join(" ".join(screen_lines(app)).split())
        assert "maintainers' annotations the agreed version" in hint
        await pilot.press("enter")
        await settle(pilot)
        bar = app.query_one(ComparisonBar)
        assert bar.active
        right = _right(screen_lines(app))
        top = next(n for n, line in enumerate(right) if "(a) vs" in line)
        shown = [line.rstrip() for line in right[top : top + 4]]
        # Every count of the first line (a long name shortened for them), the whole pair line, every
        # colour of the legend, nothing cut at the edge.
        assert shown[0].strip() == "Glos… (a) vs lin (b): 1/2 · 0 settled · 1 same"
        # The pair on two lines: a's side, then b's and the state, the quote whole.
        assert shown[1].strip() == "tags differ   a: policy “Heilongjiang”"
        assert shown[2].strip() == "b: company “Heilongjiang”  not settled"
        assert shown[3].split() == ["same", "only", "a", "only", "b", "tags", "bounds", "both"]
        assert not any(line.endswith("…") for line in shown)
        assert all(len(line) <= bar.content_region.width + 1 for line in shown)


async def test_160x50_shows_the_whole_article_header_and_no_blank_annotation_rows(
    workspace: Workspace,
) -> None:
    text = load_article(workspace, FIRST).text
    start = text.index("Heilongjiang")
    AnnotationStore(workspace).update(
        FIRST, text, lambda on_disk: [new_annotation(text, start, start + 12, "policy", author="Ada")]
    )
    async with opened(workspace, FIRST, size=(160, 50)) as (app, _pilot):
        right = [line.strip() for line in _right(screen_lines(app))]
        header = " ".join(right[:4])
        assert TITLE in header and "entrepreneurship boom." in header and FIRST in header
        assert not any(line.endswith("…") for line in right[:4])
        listing = app.query_one(AnnotationList)
        assert listing.option_count == 1
        assert listing.size.height == 1  # its one annotation, under the border: no blank rows
        lines = screen_lines(app)
        bottom = next(n for n, line in enumerate(lines) if "Annotations (1)" in line)
        assert "“Heilongjiang”" in lines[bottom + 1]
        assert bottom + 2 == len(lines) - 2  # then the status line and the footer


def test_the_comparison_keys_are_kept_from_tags() -> None:
    keys = {key_name(binding.key) for binding in Binding.make_bindings(ComparisonBar.BINDINGS)}
    single = {key for key in keys if len(key) == 1}
    assert {"+", "-", "a", "b", "[", "]"} <= single
    assert single <= RESERVED_KEYS
