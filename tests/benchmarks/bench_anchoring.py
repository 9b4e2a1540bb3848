"""Re-anchoring at scale: 6 annotations on each of up to 900 real articles, one realistic
edit per article, and every span's true new place tracked through the edit.

Usage: python -m tests.benchmarks.bench_anchoring WORKSPACE [--articles 900] [--seed 11] [--chinese]
(make WORKSPACE first with ``python -m tests.benchmarks.make_corpus WORKSPACE``).

With ``--chinese``, the workspace's Chinese articles (``../shared/zh-news`` added to one,
say) are edited instead, each as often as needed to make ``--articles`` cases, with the
Chinese edit kinds of ``tests/annotations/test_anchoring_chinese.py`` taking turns with the others.

Two thirds of the articles are ones whose first line is repeated in the text (a headline
that the front matter or the body repeats, as in Reuters items): repeated quotes are where
re-anchoring goes wrong.  The spans, the edits (their kinds take turns) and the verdicts
are those of ``tests/annotations/test_anchoring_edits.py``, which says what "exact", "equivalent",
"twin" and "wrong" mean.  Not part of the default test run.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tests.annotations.test_anchoring_chinese import ALL_KINDS, make_chinese_case
from tests.annotations.test_anchoring_edits import EDITS, Case, explain, make_case, recognizable, verdict
from tui.annotations.anchoring import Anchor, anchor, reanchor_all
from tui.annotations.model import Annotation
from tui.text.words import mostly_chinese
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

OUTCOMES = ("kept", "exact", "equivalent", "twin", "wrong", "orphan")


@dataclass
class Tally:
    """What happened to the annotations, overall and by kind of edit."""

    outcomes: Counter[str] = field(default_factory=Counter)
    by_kind: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    #: Annotations whose words survived the edit recognizably, and how many of them were orphaned.
    recognizable: int = 0
    recognizable_orphans: int = 0
    lost: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    examples: list[str] = field(default_factory=list)


def first_line_repeats(text: str) -> bool:
    """Whether the first line of the article (after any front matter) occurs again in it."""
    lines = [line for line in text.split("\n") if line.strip() and "=" not in line and line != "+++"]
    return bool(lines) and len(lines[0]) > 15 and text.count(lines[0]) > 1


def choose_articles(workspace: Workspace, count: int, seed: int) -> list[str]:
    """Up to ``count`` article texts: two thirds with a repeated first line, the rest others."""
    ids = workspace.article_ids()
    random.Random(seed).shuffle(ids)
    repeating: list[str] = []
    others: list[str] = []
    for article_id in ids:
        text = load_article(workspace, article_id).text
        (repeating if first_line_repeats(text) else others).append(text)
        if len(repeating) >= count and len(others) >= count:
            break
    wanted = min(len(repeating), count * 2 // 3)
    return repeating[:wanted] + others[: count - wanted]


def chinese_articles(workspace: Workspace, count: int) -> list[str]:
    """The workspace's Chinese article texts, repeated in turn to make ``count`` of them."""
    texts = [load_article(workspace, i).text for i in workspace.article_ids()]
    chinese = [text for text in texts if mostly_chinese(text)]
    return [chinese[number % len(chinese)] for number in range(count)] if chinese else []


def run(texts: list[str], seed: int, chinese: bool = False) -> Tally:
    kinds = ALL_KINDS if chinese else sorted(EDITS)
    tally = Tally()
    for number, text in enumerate(texts):
        rng = random.Random(f"{seed}-{number}")
        kind = kinds[number % len(kinds)]
        case = make_chinese_case(text, rng, kind, texts) if chinese else make_case(text, rng, texts, kind)
        if case is not None:
            judge(case, tally)
    return tally


def judge(case: Case, tally: Tally) -> None:
    """Anchor one article's annotations in its edited text and count the verdicts."""
    started = time.perf_counter()
    anchors = [_anchor_or_none(annotation, case.new_text) for annotation in case.annotations]
    elapsed = time.perf_counter() - started
    tally.seconds += elapsed
    tally.slowest = max(tally.slowest, elapsed)
    if all(anchors):
        result = reanchor_all(case.annotations, case.new_text)
        tally.lost += len({a.id for a in case.annotations} - {a.id for a in result.annotations})
    for annotation, found in zip(case.annotations, anchors, strict=True):
        outcome = "crash" if found is None else verdict(case, annotation, found)
        if outcome == "exact" and found is not None and found.status == "kept":
            outcome = "kept"
        tally.outcomes[outcome] += 1
        tally.by_kind[case.edit.kind][outcome] += 1
        if recognizable(case, annotation) or outcome == "equivalent":
            tally.recognizable += 1
            tally.recognizable_orphans += outcome == "orphan"
        if outcome in ("wrong", "twin") and len(tally.examples) < 12:
            tally.examples.append(f"  [{outcome}] {explain(case, annotation, found)[:500]}")


def _anchor_or_none(annotation: Annotation, text: str) -> Anchor | None:
    """``anchor``, or None if it raised (an older version did, on some texts)."""
    try:
        return anchor(annotation, text)
    except Exception:  # a crash is counted, not fatal to the run
        return None


def report(tally: Tally, articles: int) -> None:
    counts = tally.outcomes
    total = sum(counts.values())
    placed = counts["kept"] + counts["exact"] + counts["equivalent"]

    def line(label: str, n: int, of: int, note: str = "") -> None:
        print(f"{label:<40}{n:>7,} ({100 * n / max(of, 1):5.1f}%){note}")

    print(f"{'annotations':<40}{total:>7,} on {articles:,} articles")
    line("kept (same offsets, same quote)", counts["kept"], total)
    line("placed exactly (kept included)", placed, tally.recognizable, " of those whose words survived")
    line("  of them, equivalent (see the tests)", counts["equivalent"], tally.recognizable)
    line("placed wrongly", counts["wrong"], total)
    line("placed on a twin (see the tests)", counts["twin"], total)
    line("orphaned", counts["orphan"], total)
    line("  of them, whose words survived", tally.recognizable_orphans, tally.recognizable)
    print(f"{'lost':<40}{tally.lost:>7,}")
    if counts["crash"]:
        line("anchor() raised an exception", counts["crash"], total)
    print(
        f"{'time in anchor()':<40}{tally.seconds:>7.2f} s "
        f"({1000 * tally.seconds / max(articles, 1):.1f} ms per article, slowest {1000 * tally.slowest:.0f} ms)"
    )
    print("\nby edit:        " + "".join(f"{name:>11}" for name in OUTCOMES))
    for kind, kind_counts in sorted(tally.by_kind.items()):
        print(f"{kind:<16}" + "".join(f"{kind_counts[name]:>11}" for name in OUTCOMES))
    if tally.examples:
        print("\nexamples:\n" + "\n".join(tally.examples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--articles", type=int, default=900)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--chinese", action="store_true", help="edit the Chinese articles, Chinese edits too")
    args = parser.parse_args()
    workspace = Workspace.open(args.workspace)
    if args.chinese:
        texts = chinese_articles(workspace, args.articles)
    else:
        texts = choose_articles(workspace, args.articles, args.seed)
    report(run(texts, args.seed, args.chinese), len(texts))


if __name__ == "__main__":
    main()
