"""The command line's figures for two source trees, measured in one run on the same workspaces.

Usage: python -m tests.benchmarks.before_after WORKSPACE [WORKSPACE ...] --tree NAME=SRC [--tree ...]
       [--big] [--runs 5]

Each SRC is a source tree of Glossator (e.g. ``git archive <commit> | tar -x -C /tmp/before``),
run by this virtualenv's Python with ``PYTHONPATH=SRC``, so "before" and "after" share the
machine, the load and the workspaces (whose indexes must be built; the document format must
be the same in both trees).  For each workspace and tree, as real processes:

- ``glossator search`` for five queries, start to output (median), and ``grep -rliw market
  corpus/`` beside it;
- ``glossator index`` with nothing changed (median of ``--runs``);

with the file watcher (``GLOSSATOR_WATCHER=on``, started and its token kept first) for the
trees that have one.  ``--big``: ``merge-driver`` and ``agreement`` on one 50,000-annotation
file (``bench_big_files``).  The load average is printed with each row: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = (
    "market",
    "oil prices",
    '"interest rates"',
    "tag:funding",
    "tag:company AND NOT tag:policy AND market",
)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise SystemExit(f"{command} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def environment(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree), "GLOSSATOR_WATCHER": "on"}


def glossator(tree: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tui", *args]


def has_watcher(tree: Path) -> bool:
    return (tree / "tui" / "workspace" / "monitor").is_dir()


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def measure_workspace(root: Path, trees: dict[str, Path], runs: int) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    articles = sum(1 for _ in (root / "corpus").rglob("*.txt"))
    for name, tree in trees.items():
        env = environment(tree)
        if has_watcher(tree):
            subprocess.run(
                glossator(tree, "watcher", "start"), cwd=root, env=env, capture_output=True, check=False
            )
            for _ in range(2):  # the first sync keeps the watcher's token, the next trusts it
                timed(glossator(tree, "index"), root, env)
        for _ in range(2):  # warm the page cache for both
            timed(glossator(tree, "search", "market"), root, env)
        searches = [timed(glossator(tree, "search", query), root, env) for query in QUERIES]
        index = [timed(glossator(tree, "index"), root, env) for _ in range(runs)]
        rows.append((f"{articles:,} articles, {name}", "glossator search, median of 5 queries",
                     f"{statistics.median(searches):.2f} s (load {load()})"))  # fmt: skip
        rows.append((f"{articles:,} articles, {name}", "glossator index, nothing changed",
                     f"{statistics.median(index):.2f} s (load {load()})"))  # fmt: skip
        if has_watcher(tree):
            subprocess.run(
                glossator(tree, "watcher", "stop"), cwd=root, env=env, capture_output=True, check=False
            )
    grep = [timed(["grep", "-rliw", "market", "corpus/"], root, dict(os.environ)) for _ in range(runs)]
    rows.append((f"{articles:,} articles", "grep -rliw market corpus/", f"{statistics.median(grep):.2f} s"))
    return rows


def measure_big(trees: dict[str, Path], runs: int) -> list[tuple[str, str, str]]:
    from tests.benchmarks.bench_big_files import build

    rows: list[tuple[str, str, str]] = []
    folder = Path(tempfile.mkdtemp(prefix="glossator-big-"))
    try:
        root = folder / "ws"
        base, ours, theirs = build(root, 50_000)
        for name, tree in trees.items():
            env = environment(tree)
            merges, agreements = [], []
            for _ in range(runs):
                target = folder / "merged.toml"
                shutil.copyfile(ours, target)
                merges.append(
                    timed(glossator(tree, "merge-driver", str(base), str(target), str(theirs)), root, env)
                )
                agreements.append(timed(glossator(tree, "agreement", "--json"), root, env))
            rows.append(("50,000 annotations, " + name, "merge-driver",
                         f"{statistics.median(merges):.2f} s (load {load()})"))  # fmt: skip
            rows.append(("50,000 annotations, " + name, "agreement",
                         f"{statistics.median(agreements):.2f} s (load {load()})"))  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspaces", type=Path, nargs="*")
    parser.add_argument("--tree", action="append", required=True, metavar="NAME=SRC")
    parser.add_argument("--big", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    trees = {name: Path(src).resolve() for name, _, src in (item.partition("=") for item in args.tree)}
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, load {load()}", flush=True)
    rows: list[tuple[str, str, str]] = []
    for workspace in args.workspaces:
        for row in measure_workspace(workspace.resolve(), trees, args.runs):
            print(" | ".join(row), flush=True)
            rows.append(row)
    if args.big:
        for row in measure_big(trees, max(1, args.runs // 2)):
            print(" | ".join(row), flush=True)
            rows.append(row)
    print("\n| where | measure | result |\n| --- | --- | --- |")
    for row in rows:
        print(f"| {' | '.join(row)} |")


if __name__ == "__main__":
    main()
