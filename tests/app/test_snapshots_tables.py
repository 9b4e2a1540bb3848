"""Snapshots of the annotation browser, the review screen and comparison mode, at 80x24 and 160x50.

Update after an intended change with ``pytest tests/app/test_snapshots_tables.py --snapshot-update``
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.pilot import Pilot

from tui.agreement.adjudication import Take, settle
from tui.agreement.comparison import compare_article
from tui.annotations.model import Annotation, new_annotation
from tui.annotations.store import AnnotationStore
from tui.app.app import GlossatorApp
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import FIRST, FUNDING_QUOTE
from .test_snapshots import _steady

SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
COMPANY = "Harbin World Wide Welding Co Ltd"
WHEN = datetime(2024, 9, 5, 8, 20, tzinfo=UTC)


def _fixed(annotation: Annotation, number: int) -> Annotation:
    """A fixed id and time, so that ties sort and dates show the same every run."""
    return replace(annotation, id=f"{number:016x}", created=WHEN)


def _team(workspace: Workspace) -> None:
    """wei and lin on FIRST (alike, another tag, other bounds), one settled copy, notes."""
    text = load_article(workspace, FIRST).text
    spans: list[Annotation] = []

    def made(quote: str, tag: str, author: str, note: str = "", skip: int = 0) -> Annotation:
        start = text.index(quote)
        fresh = new_annotation(text, start + skip, start + len(quote), tag, author=author, note=note)
        spans.append(_fixed(fresh, len(spans) + 1))
        return spans[-1]

    wei = made(COMPANY, "company", "wei", "a startup of the incubator park, founded by a PhD student")
    lin = made(COMPANY, "company", "lin")
    made("Heilongjiang", "policy", "wei")
    made("Heilongjiang", "company", "lin")
    made(FUNDING_QUOTE, "funding", "wei")
    made(FUNDING_QUOTE, "funding", "lin", skip=5)
    store = AnnotationStore(workspace)
    store.update(FIRST, text, lambda on_disk: spans)
    pair = compare_article(FIRST, [wei], [lin]).pairs[0]
    settle(store, FIRST, text, "maintainers", [(pair, Take.A)])
    settled = [_fixed(a, 99) if a.author == "maintainers" else a for a in store.load(FIRST, text).annotations]
    store.update(FIRST, text, lambda on_disk: settled)


def _app(workspace: Workspace) -> GlossatorApp:
    return GlossatorApp(workspace, author="maintainers")


@SIZES
def test_annotation_browser(snap_compare: Any, workspace: Workspace, size: tuple[int, int]) -> None:
    _team(workspace)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        await pilot.press("f2")
        await _steady(pilot)
        await pilot.press("space")
        await _steady(pilot)

    assert snap_compare(_app(workspace), terminal_size=size, run_before=run_before)


@SIZES
def test_review_of_every_harbin(snap_compare: Any, workspace: Workspace, size: tuple[int, int]) -> None:
    _team(workspace)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        await pilot.press("ctrl+g")
        await _steady(pilot)
        await pilot.press(*"Harbin", "tab", "down", "down", "enter")
        await _steady(pilot)
        await pilot.press("a")
        await _steady(pilot)

    assert snap_compare(_app(workspace), terminal_size=size, run_before=run_before)


@SIZES
def test_comparison_mode(snap_compare: Any, workspace: Workspace, size: tuple[int, int]) -> None:
    _team(workspace)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        pilot.app.open_article(FIRST)  # type: ignore[attr-defined]
        await _steady(pilot)
        pilot.app.article_panel.annotator.focus()  # type: ignore[attr-defined]
        await pilot.press("C")
        await _steady(pilot)
        await pilot.press("enter")
        await _steady(pilot)

    assert snap_compare(_app(workspace), terminal_size=size, run_before=run_before)
