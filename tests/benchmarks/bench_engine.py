"""The search benchmarks on a chosen engine: build, searches, slow queries, saves.

Usage: python -m tests.benchmarks.bench_engine WORKSPACE --engine tantivy [--saves 100]

It writes ``[search] engine = "..."`` into WORKSPACE's ``glossator.toml`` (the other
sections and the tags are kept): run it on a copy of the benchmark workspace, e.g.
``cp -r /tmp/bench-ws /tmp/bench-ws-tantivy``.  The figures are those of ``run.py``'s
search rows, measured the same way, so the engines can be compared line by line.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tui.corpus import load_article
from tui.editing import ArticleEditor
from tui.search import CorpusIndex, QueryError
from tui.search.engines import ENGINES
from tui.store import AnnotationStore
from tui.tagset import CONFIG_NAME, load_tag_set, render_tag_set
from tui.workspace import Workspace

from .run import ROWS, bench_search, folder_size, ms, pct, query_set, row

_COMMON_WORDS = (
    "said",
    "year",
    "market",
    "price",
    "company",
    "government",
    "new",
    "also",
    "would",
    "percent",
    "million",
    "last",
    "first",
    "people",
    "two",
    "share",
    "bank",
    "rate",
    "oil",
    "growth",
    "sales",
    "trade",
    "week",
    "profit",
    "state",
    "month",
    "officials",
    "group",
    "report",
    "quarter",
)
#: Queries that are slow on some engine, or refused: each must answer within 1 s or be refused.
SLOW_QUERIES = {
    "wildcard ar*": "ar*",
    "wildcard th*": "th*",
    "wildcard co*": "co*",
    "OR of 6 common words": "said OR year OR market OR price OR company OR government",
    "OR of 30 common words": " OR ".join(_COMMON_WORDS),
    "NOT of a common word": "NOT said",
    "date range with times": "date:[2016-01-01T00:00 to 2016-02-01]",
}


def use_engine(root: Path, engine: str) -> Workspace:
    """The workspace at ``root`` with ``[search] engine`` set in its ``glossator.toml``."""
    tag_set = load_tag_set(root)
    search = {**tag_set.extra.get("search", {}), "engine": engine}
    (root / CONFIG_NAME).write_text(
        render_tag_set(dataclasses.replace(tag_set, extra={**tag_set.extra, "search": search})), "utf-8"
    )
    return Workspace.open(root)


def bench_full_build(workspace: Workspace) -> None:
    index = CorpusIndex(workspace)
    started = time.perf_counter()
    index.rebuild()
    seconds = time.perf_counter() - started
    articles = len(index)
    size = folder_size(index.folder)
    index.close()
    row(
        f"full build, {articles:,} articles ({index.engine.name})",
        f"{seconds:.1f} s ({articles / seconds:,.0f} art/s)",
        f"index {size / 1e6:.0f} MB; target ≤ 50 s",
    )


def bench_slow_queries(index: CorpusIndex, runs: int = 3) -> None:
    for name, text in SLOW_QUERIES.items():
        times, outcome = [], ""
        for _ in range(runs):
            started = time.perf_counter()
            try:
                outcome = f"{index.search(text, limit=20).total:,} results"
            except QueryError as error:
                outcome = f"refused: {str(error)[:60]}"
            times.append(time.perf_counter() - started)
        row(f"query {name}", f"{max(times):.3f} s", f"target ≤ 1 s or refused; {outcome}")


def bench_saves(workspace: Workspace, index: CorpusIndex, count: int) -> None:
    """Back-to-back saves as in ``run.py``: each through the editor, re-indexed, searched
    until found, then followed by a merge request to a worker thread, as in the app."""
    rng = random.Random(3)
    store = AnnotationStore(workspace)
    ids = workspace.article_ids()
    times: list[float] = []
    worker = ThreadPoolExecutor(max_workers=1)
    merges = []

    def timed_compact() -> float | None:
        started = time.perf_counter()
        return time.perf_counter() - started if index.compact() else None

    for n in range(count):
        article = load_article(workspace, rng.choice(ids))
        words = [m.span() for m in re.finditer(r"[A-Za-z]{4,}", article.text)]
        if not words:
            continue
        editor = ArticleEditor(store, article, "bench")
        start, end = rng.choice(words)
        started = time.perf_counter()
        editor.add(start, end, "policy", note=f"zq{n}x")
        editor.save(*editor.snapshot())
        index.update_article(article.id)
        while not index.search(f"tag:policy AND note:zq{n}x").hits:
            index.update_article(article.id)
        times.append(time.perf_counter() - started)
        merges.append(worker.submit(timed_compact))
    worker.shutdown(wait=True)
    row(f"save to searchable ({count} saves)", ms(times), "target p95 ≤ 80 ms")
    merged = [seconds for seconds in (merge.result() for merge in merges) if seconds is not None]
    row(
        "background merges (compact) during those saves",
        f"{len(merged)}"
        + (f", p50 {pct(merged, 0.5) * 1000:.0f} / max {max(merged) * 1000:.0f} ms" if merged else ""),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--engine", choices=sorted(ENGINES), required=True)
    parser.add_argument("--saves", type=int, default=100)
    args = parser.parse_args()
    workspace = use_engine(args.workspace, args.engine)
    print(f"Search benchmarks on {workspace.root} ({args.engine}): {len(workspace.article_ids()):,} articles")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    bench_full_build(workspace)
    index = CorpusIndex.open(workspace)
    queries = query_set(workspace)
    before = bench_search(index, queries, "before saves")
    row("search before saves, all queries", ms(before), "target p95 ≤ 40 ms")
    bench_slow_queries(index)
    bench_saves(workspace, index, args.saves)
    after = bench_search(index, queries, "after the saves")
    row("search after the saves, all queries", ms(after), "target p95 ≤ 40 ms")
    index.close()
    print()
    print("| measure | result | target / note |")
    print("| --- | --- | --- |")
    for name, value, target in ROWS:
        print(f"| {name} | {value} | {target} |")


if __name__ == "__main__":
    main()
