"""Helpers for driving the real app through Textual's Pilot."""

from __future__ import annotations

import contextlib
import html
import re
import time
import tomllib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from tui.app.app import GlossatorApp
from tui.app.keymap import CONFIG_ENV
from tui.search import CorpusIndex
from tui.workspace.layout import Workspace


@pytest.fixture(autouse=True)
def user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config file the app reads (none unless a test writes it): never the tester's own."""
    path = tmp_path_factory.mktemp("user") / "config.toml"
    monkeypatch.setenv(CONFIG_ENV, str(path))
    return path


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker (index, search, open, save) is done and the screen is painted."""
    app = pilot.app
    for _ in range(3):
        # The file watcher ("watch") runs until the app quits: every other worker is waited for.
        busy = [worker for worker in app.workers if worker.group != "watch"]
        for worker in busy:
            # An exclusive worker (a search typed over) is cancelled by its successor, which
            # the next round waits for; a worker that failed still fails the test.
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 2.0) -> float:
    """Poll the app until ``condition()`` holds; the time it took (fails after ``seconds``)."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "the app did not notice in time"
        await pilot.pause(0.05)
    return time.monotonic() - started


async def palette_offers(pilot: Pilot[Any]) -> list[str]:
    """What the open command palette offers for what was typed, once its search is done."""
    offered = pilot.app.screen.query_one(CommandList)
    await wait_for(pilot, lambda: offered.option_count > 0, 10)
    await settle(pilot)  # the palette's search is a worker: its last results are in
    return [str(offered.get_option_at_index(i).prompt) for i in range(offered.option_count)]


def saved(workspace: Workspace, article_id: str) -> list[dict[str, Any]]:
    """The annotations in the article's TOML file on disk (empty if there is no file)."""
    path = workspace.annotation_path(article_id)
    if not path.exists():
        return []
    annotations: list[dict[str, Any]] = tomllib.loads(path.read_text("utf-8")).get("annotation", [])
    return annotations


def search_ids(workspace: Workspace, query: str) -> list[str]:
    """What a new search (a fresh index opened from the files) returns."""
    fresh = CorpusIndex.open(workspace)
    try:
        return [hit.article_id for hit in fresh.search(query).hits]
    finally:
        fresh.close()


def make_app(workspace: Workspace) -> GlossatorApp:
    return GlossatorApp(workspace, author="Tester")


@asynccontextmanager
async def opened(
    workspace: Workspace, article_id: str, size: tuple[int, int] = (100, 30)
) -> AsyncIterator[tuple[GlossatorApp, Pilot[Any]]]:
    """The app running on ``workspace`` with ``article_id`` open and everything settled."""
    app = make_app(workspace)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.open_article(article_id)
        await settle(pilot)
        yield app, pilot


def screen_lines(app: GlossatorApp) -> list[str]:
    """The screen as a person sees it, one string per terminal line (read from the app's screenshot)."""
    svg = app.export_screenshot()
    cell = 12.2  # the width of a terminal cell in Textual's SVG screenshots
    top = 20.0  # the y of the first line's text
    line_height = 24.4
    width, height = app.size
    lines = [[" "] * width for _ in range(height)]
    for x, y, text in re.findall(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        row = round((float(y) - top) / line_height)
        column = round(float(x) / cell)
        for offset, character in enumerate(html.unescape(text).replace("\xa0", " ")):
            if 0 <= row < height and 0 <= column + offset < width:
                lines[row][column + offset] = character
    return ["".join(line).rstrip() for line in lines]


def screen_text(app: GlossatorApp) -> str:
    return "\n".join(screen_lines(app))
