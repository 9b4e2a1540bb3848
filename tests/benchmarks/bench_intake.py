"""Bringing a corpus in: 10,000 saved pages and a 100,000-row CSV added with ``glossator add``.

Usage: python -m tests.benchmarks.bench_intake [--pages 10000] [--rows 100000]

Each case runs in its own process (so its peak memory is its own): the sources are written
to a temporary folder, then added to an empty workspace twice, the second run finding
everything already there (what resuming costs).  Indexing, which follows once, is timed
apart; the first peak is the process's after adding, the last after indexing too.  Pages are news pages with navigation, ads and comments around ~300 words of
article; rows hold ~80 words each (a table is read whole, up to the 64 MiB every file
is limited to: 100,000 rows of this size make 55 MB).  Texts are made of random words, so none is the same
story as another.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.intake.pages import news_page
from tui.intake.run import Intake
from tui.search import CorpusIndex
from tui.workspace.layout import Workspace

VOCABULARY = (
    "harbor storm ministry council budget election trade port river bridge factory farmers prices "
    "energy school hospital police court railway airport province city village market bank rates "
    "growth export import workers union strike protest reform policy minister mayor report survey "
    "officials said on monday tuesday wednesday thursday friday the a of to in and for with after "
    "before during new old local national foreign million billion percent year week month"
)
WORDS = VOCABULARY.split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_pages(folder: Path, count: int) -> None:
    rng = random.Random(1)
    for number in range(count):
        paragraphs = tuple(sentence(rng, 30) for _ in range(10))
        page = news_page(sentence(rng, 6)[:-1], paragraphs, url=f"https://planet.example/{number}")
        (folder / f"page-{number:05}.html").write_text(page, encoding="utf-8")


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(2)
    with path.open("w", encoding="utf-8") as out:
        out.write("title,date,media_name,url,text\n")
        for number in range(rows):
            text = " ".join(sentence(rng, 20) for _ in range(4))  # 100,000 rows stay under 64 MiB
            day = f"2024-{1 + number % 12:02}-{1 + number % 28:02}"
            out.write(f"{sentence(rng, 6)[:-1]},{day},Wire,https://wire.example/{number},{text}\n")


def case(kind: str, size: int) -> dict[str, float]:
    """One case, in this process: its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = root / "sources"
        sources.mkdir()
        if kind == "pages":
            write_pages(sources, size)
        else:
            write_csv(sources / "export.csv", size)
        (root / "ws" / "corpus").mkdir(parents=True)
        workspace = Workspace.open(root / "ws")
        started = time.perf_counter()
        first = Intake(workspace).run([str(sources)])
        adding = time.perf_counter() - started
        peak_adding = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        started = time.perf_counter()
        CorpusIndex.open(workspace)
        indexing = time.perf_counter() - started
        started = time.perf_counter()
        second = Intake(workspace).run([str(sources)])
        again = time.perf_counter() - started
    assert len(first.added) == size and not first.refused, (len(first.added), first.refused[:3])
    assert len(second.already) == size and not second.added
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": size, "adding_s": adding, "per_s": size / adding, "indexing_s": indexing,
            "second_run_s": again, "peak_adding_mb": peak_adding, "peak_mb": peak}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--case", choices=("pages", "rows"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(case(args.case, args.pages if args.case == "pages" else args.rows)))
        return
    print(
        f"{'case':<22} {'added':>8} {'per s':>8} {'peak MB':>8} {'indexing':>9} {'2nd run':>8} {'peak MB':>8}"
    )
    for kind, size in (("pages", args.pages), ("rows", args.rows)):
        command = [
            sys.executable,
            "-m",
            "tests.benchmarks.bench_intake",
            "--case",
            kind,
            f"--{kind}",
            str(size),
        ]
        figures = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
        label = f"{size:,} saved pages" if kind == "pages" else f"CSV of {size:,} rows"
        print(
            f"{label:<22} {figures['adding_s']:>7.1f}s {figures['per_s']:>8.0f} {figures['peak_adding_mb']:>8.0f} "
            f"{figures['indexing_s']:>8.1f}s "
            f"{figures['second_run_s']:>7.1f}s {figures['peak_mb']:>8.0f}"
        )


if __name__ == "__main__":
    main()
