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
import time
from pathlib import Path

from tui.search import CorpusIndex
from tui.search.engines import ENGINES
from tui.workspace.layout import Workspace
from tui.workspace.tagset import CONFIG_NAME, load_tag_set, render_tag_set

from .run import ROWS, bench_saves, bench_search, bench_slow_queries, folder_size, ms, query_set, row


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
