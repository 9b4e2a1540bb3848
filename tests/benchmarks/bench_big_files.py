"""Big annotation files: ``glossator merge-driver`` and ``glossator agreement`` on 50,000 annotations.

Usage: python -m tests.benchmarks.bench_big_files [--annotations N] [--runs R] [--profile]

Builds, in a temporary folder, a workspace with one long article and one annotation file
of N annotations (default 50,000) by two authors who mostly agree (same or overlapping
spans, all three tags, nested spans), then times, as real subprocesses (``python -m tui``):

- ``merge-driver BASE OURS THEIRS`` where both sides changed the 50,000-annotation file
  (edits, deletions, additions on each side, and some annotations edited differently on
  both sides, so the conflict path runs too);
- ``agreement --json`` (the two authors of that file compared).

Not part of the default test run (pytest ignores tests/benchmarks).  ``--profile`` runs
each command in-process under cProfile and prints the top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from tui.annotations.fileformat import render
from tui.annotations.model import Annotation, AnnotationFile, new_annotation
from tui.workspace.articles import text_sha256

ARTICLE = "big"
WORDS = (
    "the", "province", "announced", "a", "fund", "of", "million", "yuan", "for", "start-ups", "in",
    "Harbin", "and", "Shenyang", "while", "the", "company", "Kingdee", "raised", "venture",
    "capital", "under", "the", "new", "industrial", "policy", "of", "the", "north-east",
)  # fmt: skip


def make_text(words: int, rng: random.Random) -> str:
    out = []
    for n in range(words):
        out.append(rng.choice(WORDS))
        out.append(".\n" if n % 17 == 16 else " ")
    return "".join(out)


def make_annotations(text: str, count: int, rng: random.Random) -> list[Annotation]:
    """``count`` annotations by two authors: half agree exactly, many overlap, some are nested."""
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == " " and i + 1 < len(text)]
    annotations: list[Annotation] = []
    tags = ("policy", "funding", "company")
    while len(annotations) < count:
        start = rng.choice(starts)
        end = min(len(text), start + rng.randint(5, 60))
        tag = rng.choice(tags)
        first = new_annotation(text, start, end, tag, author="Ada", note=rng.choice(["", "seed", "note"]))
        annotations.append(first)
        roll = rng.random()
        if roll < 0.5:
            annotations.append(new_annotation(text, start, end, tag, author="Bob"))
        elif roll < 0.85:
            shift = rng.randint(1, 4)
            annotations.append(new_annotation(text, start + shift, end + shift, tag, author="Bob"))
        else:
            annotations.append(new_annotation(text, max(0, start - 30), end + 30, tag, author="Bob"))
    return annotations[:count]


def build(root: Path, count: int, seed: int = 7) -> tuple[Path, Path, Path]:
    """The workspace, plus BASE/OURS/THEIRS versions of its annotation file; returns their paths."""
    rng = random.Random(seed)
    text = make_text(max(20_000, count * 4), rng)
    (root / "corpus").mkdir(parents=True)
    (root / "annotations").mkdir()
    (root / "corpus" / f"{ARTICLE}.txt").write_text(text, "utf-8")
    base = make_annotations(text, count, rng)
    digest = text_sha256(text)

    def write(path: Path, annotations: list[Annotation]) -> Path:
        path.write_text(render(AnnotationFile(ARTICLE, digest, tuple(annotations))), "utf-8")
        return path

    write(root / "annotations" / f"{ARTICLE}.toml", base)

    def changed(side: str, lo: int, hi: int) -> list[Annotation]:
        """Edits in ``base[lo:hi]``, 300 deletions after it, conflicting notes, 500 additions."""
        deleted = set(range(hi, min(hi + 300, count)))
        out = []
        for i, annotation in enumerate(base):
            if i in deleted:
                continue
            if i % 97 == 0:  # edited differently on both sides: a conflict
                annotation = replace(annotation, note=f"{side} conflicting note")
            elif lo <= i < hi and i % 7 == 0:
                annotation = replace(annotation, note=f"{side} edit")
            out.append(annotation)
        for _ in range(500):  # additions
            start = rng.randrange(0, len(text) - 50)
            out.append(new_annotation(text, start, start + 20, "funding", author=side))
        return out

    tmp = root.parent
    base_path = write(tmp / "base.toml", base)
    ours_path = write(tmp / "ours.toml", changed("ours", 0, count // 10))
    theirs_path = write(tmp / "theirs.toml", changed("theirs", count // 5, count * 3 // 10))
    return base_path, ours_path, theirs_path


def run(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "tui", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if completed.returncode not in (0, 1) or "Traceback" in completed.stderr:
        raise SystemExit(f"{args[0]} failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return seconds


def profile(args: list[str], cwd: Path) -> None:
    from tui.cli import main

    profiler = cProfile.Profile()
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        profiler.runcall(main, [*args, "--workspace", str(cwd)] if args[0] == "agreement" else args)
    finally:
        sys.stdout, sys.stderr = saved
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(18)
    print(stream.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="glossator-big-"))
    try:
        root = folder / "ws"
        started = time.perf_counter()
        base, ours, theirs = build(root, options.annotations)
        print(f"built {options.annotations:,} annotations in {time.perf_counter() - started:.1f} s")
        merge_times, agreement_times = [], []
        for _ in range(options.runs):
            target = folder / "merged.toml"
            shutil.copyfile(ours, target)
            merge_times.append(run(["merge-driver", str(base), str(target), str(theirs)], root))
            agreement_times.append(run(["agreement", "--json"], root))
        print(f"merge-driver, {options.annotations:,} annotations: best {min(merge_times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in merge_times)})")  # fmt: skip
        print(f"agreement, {options.annotations:,} annotations:    best {min(agreement_times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in agreement_times)})")  # fmt: skip
        if options.profile:
            target = folder / "merged.toml"
            shutil.copyfile(ours, target)
            profile(["merge-driver", str(base), str(target), str(theirs)], root)
            profile(["agreement", "--json"], root)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
