"""Annotation projects on the benchmark workspace: tag-all (plan, save) and the annotations listing.

Usage: python -m tests.benchmarks.bench_project WORKSPACE [--phrase WORD] [--runs R]
(make WORKSPACE first with ``python -m tests.benchmarks.make_corpus WORKSPACE``).

- tag-all: planning a phrase with about 1,000 whole-word places (default ``dollar``: 1,005
  in the 15,148 articles) over every article, target < 2 s; saving 1,000 of them (one write
  per article, through the store's one write path), target < 5 s.  The saves are made in
  a temporary copy of the workspace, so WORKSPACE is left as it is.
- the listing: every annotation of the workspace (10,505), target < 1 s, in-process and
  as ``glossator annotations`` (process start to the last line, output to /dev/null).
- the app (headless, through Pilot, at 80x24, on a copy of WORKSPACE with its index): the
  review screen of tag-all opening with about 1,000 places (every article, and the articles
  a query finds), target < 2 s; saving 1,000 accepted places from it, target < 5 s; the
  annotation browser listing every annotation, target < 1 s, and sorting it again.

Not part of the default test run (pytest ignores tests/benchmarks).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from tui.project.annotation_listing import ALL, ListingFilter, list_annotations
from tui.project.occurrences import phrase_matcher
from tui.project.plan import apply, make_plan
from tui.workspace.layout import Workspace

T = TypeVar("T")


def timed(action: Callable[[], T], runs: int) -> tuple[T, list[float]]:
    """The last result of ``action`` and the seconds each of ``runs`` runs took."""
    times: list[float] = []
    result: T | None = None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    assert result is not None
    return result, times


def row(name: str, times: list[float], target: str) -> None:
    value = f"median {statistics.median(times):.3f} s, max {max(times):.3f} s"
    print(f"  {name:<62} {value:>30}  {target}", flush=True)


def bench_tag_all(workspace: Workspace, phrase: str, runs: int) -> None:
    matchers = [phrase_matcher(phrase, "funding")]
    plan, times = timed(lambda: make_plan(workspace, matchers, workspace.article_ids(), author="bench"), runs)
    places = len(plan.proposed)
    row(f"tag-all plan: {places:,} places of {phrase!r} in {plan.articles:,} articles", times, "target < 2 s")
    accepted = set(plan.proposed[:1000])
    articles = len({place.article_id for place in accepted})
    save_times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder)
            shutil.copytree(workspace.corpus_dir, copy / "corpus")
            shutil.copytree(workspace.annotations_dir, copy / "annotations")
            copied = Workspace.open(copy)
            in_copy = make_plan(
                copied, matchers, sorted({place.article_id for place in accepted}), author="bench"
            )
            chosen = [place for place in in_copy.proposed if place in accepted]
            started = time.perf_counter()
            applied = apply(in_copy, chosen, author="bench")
            save_times.append(time.perf_counter() - started)
            assert applied.added == len(accepted) and not applied.problems, applied
    row(f"tag-all save: {len(accepted):,} annotations in {articles:,} files", save_times, "target < 5 s")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "tag-all",
            phrase,
            "--tag",
            "funding",
            "--dry-run",
            "-w",
            str(workspace.root),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    row("glossator tag-all --dry-run, process start to the end", [time.perf_counter() - started], "")


def bench_listing(workspace: Workspace, runs: int) -> None:
    listing, times = timed(lambda: list_annotations(workspace, ListingFilter(status=ALL)), runs)
    row(f"annotations listing: {len(listing.entries):,} annotations", times, "target < 1 s")
    for extra in ([], ["--json"]):
        cli_times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tui",
                    "annotations",
                    "--status",
                    "all",
                    *extra,
                    "-w",
                    str(workspace.root),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            cli_times.append(time.perf_counter() - started)
        row(
            f"glossator annotations --status all {' '.join(extra)}".strip(),
            cli_times,
            "process start to the end",
        )


async def _until(pilot: Any, ready: Callable[[], bool], limit: float = 60.0) -> float:
    """Seconds until ``ready()`` holds, polling the app every 10 ms."""
    started = time.perf_counter()
    while not ready():
        if time.perf_counter() - started > limit:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.01)
    return time.perf_counter() - started


async def _bench_app(workspace: Workspace, phrase: str, runs: int) -> None:
    from tests.app.conftest import settle
    from tui.app.app import GlossatorApp
    from tui.app.browser import AnnotationBrowser
    from tui.app.review_screen import ReviewScreen
    from tui.project.reviewing import review_places

    app = GlossatorApp(workspace, author="bench")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.session.index is not None
        for query in ("", phrase):
            opened = []
            for run in range(runs):
                load = partial(
                    review_places, workspace, app.session.index, query, phrase, "funding", author="bench"
                )
                screen = ReviewScreen("bench", load, app.looks)
                started = time.perf_counter()
                app.push_screen(screen, app.main.reviewed)
                await _until(pilot, lambda screen=screen: screen.listed_in is not None)  # type: ignore[misc]
                opened.append(time.perf_counter() - started)
                places = len(screen.items)
                if run != runs - 1:
                    screen.dismiss(None)
                    await settle(pilot)
            scope = f"the articles {query!r} finds" if query else "every article"
            row(f"app: review of {places:,} places opens ({scope})", opened, "target < 2 s")
            await pilot.press("A")
            started = time.perf_counter()
            await pilot.press("ctrl+s")
            await _until(pilot, lambda screen=screen: not screen.is_attached)  # type: ignore[misc]
            written = time.perf_counter() - started
            await settle(pilot)
            indexed = time.perf_counter() - started
            row(
                f"app: {places:,} accepted places saved (then indexed: {indexed:.1f} s)",
                [written],
                "target < 5 s",
            )
            await pilot.press("U")
            await settle(pilot)
        listed, sorted_ = [], []
        for run in range(runs + 1):
            # The first opening parses every file; later ones only what changed (the app's cache).
            browser = AnnotationBrowser(
                app.session.store, app.session.index, "", app.looks, app.session.listing_cache, author="bench"
            )
            started = time.perf_counter()
            app.push_screen(browser)
            await _until(pilot, lambda browser=browser: browser.listed_in is not None)  # type: ignore[misc]
            if run == 0:
                row(f"app: browser lists {len(browser.entries):,} annotations (first time)",
                    [time.perf_counter() - started], "target < 1 s")  # fmt: skip
            else:
                listed.append(time.perf_counter() - started)
            started = time.perf_counter()
            await pilot.press("o")
            await pilot.pause()
            sorted_.append(time.perf_counter() - started)
            browser.dismiss(None)
            await settle(pilot)
        row(f"app: browser lists {len(browser.entries):,} annotations (again)", listed, "target < 1 s")
        row("app: browser sorted again (o)", sorted_, "")


def bench_app(workspace: Workspace, phrase: str, runs: int) -> None:
    """The app's review screen and annotation browser, on a copy of the workspace (its index too)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "ws"
        shutil.copytree(workspace.root, copy, symlinks=True)
        asyncio.run(_bench_app(Workspace.open(copy), phrase, runs))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--phrase", default="dollar", help="the phrase tag-all looks for (default: dollar)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workspace = Workspace.open(args.workspace)
    print(f"Annotation projects on {workspace.root}: {len(workspace.article_ids()):,} articles")
    bench_tag_all(workspace, args.phrase, args.runs)
    bench_listing(workspace, args.runs)
    bench_app(workspace, args.phrase, args.runs)


if __name__ == "__main__":
    main()
