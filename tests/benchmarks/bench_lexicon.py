"""A 20,000-phrase lexicon planned over a corpus: one Aho-Corasick pass per article.

Usage: python -m tests.benchmarks.bench_lexicon [WORKSPACE] [--phrases N] [--runs R]
(default: the five bundled articles; make a big WORKSPACE with
``python -m tests.benchmarks.make_corpus WORKSPACE``).

Measures reading the lexicon file (``load_lexicon``: 238 s for 20,000 phrases when each
entry's line was looked for from the top) and ``make_plan`` (what ``glossator suggest`` and
the app's review screen run) with N phrases (the corpus's own word pairs, then made-up ones): before the one-pass automaton
each phrase was its own regular expression, phrases times articles (6.5 s for 20,000
phrases on the five bundled articles).  Not part of the default test run.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import tempfile
import time
from pathlib import Path

from tui.project.lexicon import load_lexicon
from tui.project.plan import make_plan
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace
from tui.workspace.tagset import load_tag_set

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", nargs="?", type=Path, default=REPO)
    parser.add_argument("--phrases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workspace = Workspace.open(args.workspace)
    ids = workspace.article_ids()
    words = re.findall(r"\w+", " ".join(load_article(workspace, i).text for i in ids[:50]))
    phrases = sorted({f"{a} {b}" for a, b in itertools.pairwise(words)})[: args.phrases]
    phrases += [f"made up phrase {n}" for n in range(args.phrases - len(phrases))]
    with tempfile.TemporaryDirectory() as folder:
        lexicon = Path(folder) / "lexicon.toml"
        lexicon.write_text("company = [\n" + "".join(f'  "{p}",\n' for p in phrases) + "]\n", "utf-8")
        began = time.perf_counter()
        matchers = load_lexicon(lexicon, load_tag_set(workspace.root))
        print(f"load_lexicon: {len(matchers):,} phrases read in {time.perf_counter() - began:.2f} s")
    times = []
    for _ in range(args.runs):
        began = time.perf_counter()
        plan = make_plan(workspace, matchers, ids)
        times.append(time.perf_counter() - began)
    print(
        f"{len(matchers):,} phrases over {len(ids):,} articles: {len(plan.occurrences):,} places, "
        f"median {statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})"
    )


if __name__ == "__main__":
    main()
