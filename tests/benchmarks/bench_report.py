"""Reports on the benchmark workspace: ``glossator report`` over every article within 1 s.

Usage: python -m tests.benchmarks.bench_report WORKSPACE [--articles N] [--runs R]
(make WORKSPACE first with ``python -m tests.benchmarks.make_corpus WORKSPACE``).

The index is opened first (built if it is missing: not timed here, see run.py); then each
report is made ``runs`` times in-process (what the app's report screen does in its
worker: the index's stored fields, the views), target < 1 s, and once as a process
(``glossator report``, start to the last line, output to /dev/null).  ``--articles N``
reports on a copy of the first N articles, for a loaded machine (say so with the figures).

Not part of the default test run (pytest ignores tests/benchmarks).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tui.reports import ReportOptions, gather, make_report
from tui.search import CorpusIndex
from tui.workspace.layout import Workspace

from .bench_project import row, timed
from .run import subset

QUERIES = ("", "tag:funding", "tag:company OR tag:policy", "date:[2000 to]")


def bench_reports(workspace: Workspace, runs: int) -> None:
    started = time.perf_counter()
    index = CorpusIndex.open(workspace)
    print(f"  index opened in {time.perf_counter() - started:.1f} s ({len(index):,} articles)", flush=True)
    try:
        options = ReportOptions(by="quarter", pair=("company", "policy"))
        for query in QUERIES:
            report, times = timed(lambda query=query: make_report(gather(index, query), options), runs)
            shown = query or "(every article)"
            row(f"report {shown}: {report.articles:,} articles, {report.annotations:,} annotations", times,
                "target < 1 s")  # fmt: skip
    finally:
        index.close()
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "--workspace",
            str(workspace.root),
            "report",
            "--pair",
            "company,policy",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    row("glossator report (a process, to /dev/null)", [time.perf_counter() - started], "target < 1 s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--articles", type=int, help="report on a copy of the first N articles only")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workspace = Workspace.open(args.workspace)
    if args.articles is None:
        bench_reports(workspace, args.runs)
        return
    with tempfile.TemporaryDirectory(prefix="glossator-report-") as folder:
        ids = workspace.article_ids()[: args.articles]
        print(f"  on a copy of {len(ids):,} of {len(workspace.article_ids()):,} articles", flush=True)
        bench_reports(subset(workspace, list(ids), Path(folder)), args.runs)


if __name__ == "__main__":
    main()
