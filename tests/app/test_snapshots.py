"""Snapshots of what a person sees, at 80x24 (a new user's terminal) and 160x50.

Update after an intended change with ``pytest tests/app/test_snapshots.py --snapshot-update``
and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.workspace.test_tagset import FIVE
from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.app.annotator import Annotator
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import FIRST, FUNDING_QUOTE
from .conftest import make_app, palette_offers, settle

SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])


async def _steady(pilot: Pilot[Any]) -> None:
    """Settled, with no blinking cursor (in the main screen's inputs and a dialog's)."""
    for widget in [*pilot.app.query(Input), *pilot.app.screen.query(Input)]:
        widget.cursor_blink = False
    await settle(pilot)


def _annotate(workspace: Workspace, spans: list[tuple[str, str, str]]) -> None:
    article = load_article(workspace, FIRST)
    text = article.text
    store = AnnotationStore(workspace)
    annotations = []
    for quote, tag, note in spans:
        start = text.index(quote)
        annotations.append(
            new_annotation(
                text, start, start + len(quote), tag, author="Tester", note=note, tags=store.tag_set.names
            )
        )
    store.update(FIRST, text, lambda _: annotations)


EVERY_TAG = [
    ("By the end of 2015, the park had received 16.5 million yuan", "policy", "outer span"),
    (FUNDING_QUOTE, "funding", "overlaps the policy span"),
    ("Harbin World Wide Welding Co Ltd", "company", ""),
]


async def _open_on(pilot: Pilot[Any], quote: str) -> None:
    await _steady(pilot)
    pilot.app.open_article(FIRST)  # type: ignore[attr-defined]
    await _steady(pilot)
    viewer = pilot.app.query_one(Annotator)
    viewer.move_to(viewer.source.index(quote))
    await _steady(pilot)


@SIZES
def test_main_screen_with_results(snap_compare: Any, workspace: Workspace, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        await pilot.press(*"venture investment", "enter")
        await _steady(pilot)

    assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)


@SIZES
def test_article_with_spans_of_every_tag(
    snap_compare: Any, workspace: Workspace, size: tuple[int, int]
) -> None:
    _annotate(workspace, EVERY_TAG)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _open_on(pilot, "By the end of 2015")
        viewer = pilot.app.query_one(Annotator)
        start = viewer.source.index("Wan Long")
        viewer.select_range(start, start + len("Wan Long"))  # a selection, unlike every tag
        await _steady(pilot)

    assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)


def test_article_with_a_workspace_tag_set_of_five(snap_compare: Any, workspace: Workspace) -> None:
    (workspace.root / "glossator.toml").write_text(FIVE, "utf-8")
    _annotate(workspace, [*EVERY_TAG, ("Wan Long", "person", ""), ("Harbin Institute", "place", "")])

    async def run_before(pilot: Pilot[Any]) -> None:
        await _open_on(pilot, "The Harbin Institute")

    assert snap_compare(make_app(workspace), terminal_size=(100, 30), run_before=run_before)


@SIZES
def test_help_screen_scrolled_to_the_end(
    snap_compare: Any, workspace: Workspace, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        await pilot.press("f1")
        await _steady(pilot)
        await pilot.press("end")
        await _steady(pilot)

    assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)


@SIZES
def test_command_palette(snap_compare: Any, workspace: Workspace, size: tuple[int, int]) -> None:
    _annotate(workspace, EVERY_TAG)

    async def run_before(pilot: Pilot[Any]) -> None:
        await _open_on(pilot, "Harbin World Wide")
        await pilot.press("ctrl+p")
        await _steady(pilot)
        await pilot.press(*"annotation")
        await palette_offers(pilot)
        await _steady(pilot)

    assert snap_compare(make_app(workspace), terminal_size=size, run_before=run_before)


def test_tag_every_occurrence_dialog(snap_compare: Any, workspace: Workspace) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _steady(pilot)
        await pilot.press("slash", *"Harbin")
        await _steady(pilot)
        await pilot.press("ctrl+g")
        await _steady(pilot)

    assert snap_compare(make_app(workspace), terminal_size=(80, 24), run_before=run_before)


def test_a_message_on_the_status_line(snap_compare: Any, workspace: Workspace) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _open_on(pilot, "Harbin World Wide")
        viewer = pilot.app.query_one(Annotator)
        start = viewer.source.index("Harbin World Wide Welding Co Ltd")
        viewer.select_range(start, start + len("Harbin World Wide Welding Co Ltd"))
        await pilot.press("c")
        await _steady(pilot)

    assert snap_compare(make_app(workspace), terminal_size=(80, 24), run_before=run_before)
