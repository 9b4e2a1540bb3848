"""How long the tests' heavy cases take, against the limits they were written for.

Usage: python -m tests.benchmarks.bench_limits [--runs 3]

Each case is a test's own workload (imported from the test, so the two cannot drift): the
tests check what the work gives, this times it.  Timings belong here, not in the tests,
where a busy machine would fail them.  Key presses in a big article and slow queries are
timed by ``tests.benchmarks.run``.  Exits 1 if a case is over its limit.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.agreement.test_agreement import thousands_of_spans
from tests.annotations.test_anchoring_edits import a_hundred_annotations
from tests.app.test_text_layout import ONE_LONG_LINE
from tests.conftest import write_workspace
from tests.faults.test_bad_input import huge_annotation_file
from tui.agreement.scores import compare
from tui.annotations.anchoring import reanchor_all
from tui.annotations.store import AnnotationStore
from tui.app.text_layout import wrap


def agreement(folder: Path) -> Callable[[], object]:
    articles, annotators = thousands_of_spans()
    workspace = write_workspace(folder, articles)
    return lambda: compare(workspace, annotators)


def reanchoring(_: Path) -> Callable[[], object]:
    annotations, new_text = a_hundred_annotations()
    return lambda: reanchor_all(annotations, new_text)


def layout(_: Path) -> Callable[[], object]:
    return lambda: wrap(ONE_LONG_LINE, 60)


def big_file(folder: Path) -> Callable[[], object]:
    workspace = write_workspace(folder, {})
    text = huge_annotation_file(workspace)
    return lambda: AnnotationStore(workspace).load("huge", text)


#: (what is timed, its limit in seconds, how to prepare it: gives the work to time)
CASES: list[tuple[str, float, Callable[[Path], Callable[[], object]]]] = [
    ("agreement: 8,000 spans on an 80,000-word article", 3.0, agreement),
    ("re-anchoring 100 annotations in 12,000 characters", 1.0, reanchoring),
    ("laying out a 2.2 MB line at 60 cells", 1.0, layout),
    ("loading a file of 100,000 annotations", 30.0, big_file),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="time each case this many times (the best counts)"
    )
    args = parser.parse_args()
    over = 0
    for name, limit, prepare in CASES:
        with tempfile.TemporaryDirectory() as folder:
            work = prepare(Path(folder))
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                work()
                times.append(time.perf_counter() - started)
        best = min(times)
        over += best > limit
        print(f"{name:<55} {best:8.3f} s  (limit {limit:g} s){'  OVER' if best > limit else ''}")
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
