"""Glossator at 4x and 10x the benchmark workspace, on each engine: the scale table.

Usage: python -m tests.benchmarks.scale WORKSPACE OUT_DIR [--times 4 10] [--articles 1000000]
       [--engines whoosh tantivy]

WORKSPACE is the 15k benchmark workspace (``python -m tests.benchmarks.make_corpus``);
OUT_DIR gets one replicated workspace per factor (``copy-<k>/`` folders of the corpus and
its annotation files, ids rewritten), reused when it exists.  For each factor and engine
it prints the measures of the scale table in `glossator help performance`, then the table itself.
``--articles N`` adds a workspace of about N articles (a million: 67 copies, hard links);
``--times`` with no number measures that one alone.  ``--no-build``: measure the index an
earlier run built (a million articles take a quarter of an hour to build here).
The command-line rows run with the workspace's file watcher started (as a command starts
it from 2,000 articles).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks import run
from tui.search import CorpusIndex
from tui.workspace.layout import Workspace
from tui.workspace.tagset import CONFIG_NAME


def replicate(source: Workspace, target: Path, times: int) -> Workspace:
    """``times`` copies of the source's articles and annotation files, under ``copy-<k>/``.

    The articles are hard links (a million articles take no more room than 15,000); the
    annotation files are written anew, as each names its article.
    """
    if (target / "corpus").exists():
        return Workspace.open(target)
    for k in range(times):
        shutil.copytree(source.corpus_dir, target / "corpus" / f"copy-{k}", copy_function=os.link)
        for path in source.annotations_dir.rglob("*.toml"):
            relative = path.relative_to(source.annotations_dir)
            article_id = relative.with_suffix("").as_posix()
            copy = target / "annotations" / f"copy-{k}" / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            text = path.read_text("utf-8")
            copy.write_text(
                text.replace(f'article = "{article_id}"', f'article = "copy-{k}/{article_id}"', 1)
            )
    (target / "annotations").mkdir(parents=True, exist_ok=True)
    return Workspace.open(target)


def use_engine(workspace: Workspace, engine: str) -> None:
    (workspace.root / CONFIG_NAME).write_text(f'[search]\nengine = "{engine}"\n', "utf-8")


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(workspace: Workspace, engine: str, *, build: bool = True) -> dict[str, str]:
    use_engine(workspace, engine)
    run.ROWS.clear()
    build_index = CorpusIndex(workspace)
    if build:
        seconds = timed(build_index.rebuild)
        run.row("full build", f"{seconds:.0f} s ({len(workspace.article_ids()):,} articles)")
    else:
        assert not build_index.sync().rebuilt, "--no-build needs the index of an earlier run"
    build_index.close()
    app_sync, cli_sync = [], []
    for _ in range(5):
        app_sync.append(timed(lambda: CorpusIndex(workspace).sync(quick=True)))
        cli_sync.append(timed(lambda: CorpusIndex(workspace).sync()))
    run.row("start-up sync, nothing changed (app: quick)", f"{statistics.median(app_sync):.3f} s")
    run.row("start-up sync, nothing changed (CLI: full)", f"{statistics.median(cli_sync):.3f} s")
    index = CorpusIndex.open(workspace)
    changed = workspace.annotation_path(workspace.annotated_ids()[0])
    one_full, one_watched = [], []
    for n in range(5):
        changed.write_text(changed.read_text("utf-8").replace('author = "', f'author = "{n}', 1), "utf-8")
        one_full.append(timed(index.sync))
        changed.write_text(changed.read_text("utf-8").replace('author = "', f'author = "w{n}', 1), "utf-8")
        one_watched.append(timed(lambda: index.sync_articles([changed.stem])))
    run.row("sync, one file changed (full)", f"{statistics.median(one_full):.3f} s")
    run.row("sync, one file changed (watcher)", f"{statistics.median(one_watched):.3f} s")
    searches = run.bench_search(index, run.query_set(workspace), "all", runs=20)
    run.row("search p95, all queries", f"{run.pct(searches, 0.95) * 1000:.0f} ms")
    run.bench_saves(workspace, index, 20)
    index.close()
    run.row("index on disk", f"{run.folder_size(workspace.cache_dir) / 1e6:.0f} MB")
    bench_watched_cli(workspace)
    run.bench_cli(workspace)
    run.bench_idle(workspace)
    run.bench_app(workspace)
    stop = [sys.executable, "-m", "tui", "watcher", "stop", "-w", str(workspace.root)]
    subprocess.run(stop, check=True, capture_output=True)
    return {name: value for name, value, _ in run.ROWS}


def bench_watched_cli(workspace: Workspace) -> None:
    """``glossator index`` with nothing changed, the workspace's watcher running and trusted."""
    env = {**os.environ, "GLOSSATOR_WATCHER": "on"}

    def index() -> float:
        command = [sys.executable, "-m", "tui", "index", "-w", str(workspace.root)]
        return timed(lambda: subprocess.run(command, check=True, capture_output=True, env=env))

    subprocess.run(
        [sys.executable, "-m", "tui", "watcher", "start", "-w", str(workspace.root)], check=True, env=env
    )
    index(), index()  # the first keeps the watcher's token, the next trusts it
    times = [index() for _ in range(5)]
    run.row("glossator index, nothing changed (watcher)", f"{statistics.median(times):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--times", type=int, nargs="*", default=[4, 10])
    parser.add_argument("--articles", type=int, help="also a workspace of about this many articles")
    parser.add_argument("--engines", nargs="+", default=["whoosh", "tantivy"])
    parser.add_argument("--no-build", action="store_true", help="measure the index an earlier run built")
    args = parser.parse_args()
    source = Workspace.open(args.workspace)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    table: dict[tuple[int, str], dict[str, str]] = {}
    if args.articles:
        args.times.append(-(-args.articles // len(source.article_ids())))
    for times in args.times:
        workspace = replicate(source, args.out / f"x{times}", times)
        for engine in args.engines:
            print(f"\n{times}x ({len(workspace.article_ids()):,} articles), {engine}:", flush=True)
            table[(times, engine)] = measure(workspace, engine, build=not args.no_build)
    names = list(next(iter(table.values())))
    columns = [f"{times}x {engine}" for times, engine in table]
    print("\n| measure | " + " | ".join(columns) + " |")
    print("| --- |" + " --- |" * len(columns))
    for name in names:
        print(f"| {name} | " + " | ".join(figures.get(name, "") for figures in table.values()) + " |")
    print(f"\npeak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
