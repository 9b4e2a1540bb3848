"""Snapshots of what a person sees (fixed terminal sizes, no cursor blink).

Update after an intended change with ``pytest tests/app/test_snapshots.py --snapshot-update``
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tui.app.annotator import Annotator
from tui.corpus import load_article
from tui.store import AnnotationStore, new_annotation
from tui.workspace import Workspace

from ..conftest import FIRST, FUNDING_QUOTE
from .conftest import make_app, settle


async def _steady(pilot: Pilot[Any]) -> None:
    for widget in pilot.app.query(Input):
        widget.cursor_blink = False
    await settle(pilot)


def _annotate_all_three_tags(workspace: Workspace) -> None:
    article = load_article(workspace, FIRST)
    text = article.text
    store = AnnotationStore(workspace)
    spans = [
        ("By the end of 2015, the park had received 16.5 million yuan", "policy", "outer span"),
        (FUNDING_QUOTE, "funding", "overlaps the policy span"),
        ("Harbin World Wide Welding Co Ltd", "company", ""),
    ]
    annotations = []
    for quote, tag, note in spans:
        start = text.index(quote)
        annotations.append(new_annotation(text, start, start + len(quote), tag, author="Tester", note=note))
    store.update(FIRST, text, lambda _: annotations)


def test_main_screen_with_results_at_80x24(snap_compare: Any, workspace: Workspace) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        await pilot.press(*"venture investment", "enter")
        await _steady(pilot)

    assert snap_compare(make_app(workspace), terminal_size=(80, 24), run_before=run_before)


def test_article_with_spans_of_all_three_tags(snap_compare: Any, workspace: Workspace) -> None:
    _annotate_all_three_tags(workspace)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        pilot.app.open_article(FIRST)  # type: ignore[attr-defined]
        await _steady(pilot)
        viewer = pilot.app.query_one(Annotator)
        viewer.move_to(viewer.source.index("By the end of 2015"))
        await _steady(pilot)

    assert snap_compare(make_app(workspace), terminal_size=(120, 34), run_before=run_before)


def test_help_screen(snap_compare: Any, workspace: Workspace) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        await pilot.press("f1")
        await _steady(pilot)

    assert snap_compare(make_app(workspace), terminal_size=(100, 44), run_before=run_before)
