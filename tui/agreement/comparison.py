"""Two annotators' spans side by side: where they agree, and each disagreement to settle.

Agreement figures say how much two annotators differ; adjudication needs to know where.
Each article's spans are paired one to one, most alike first: identical spans (same
start, end and tag), then the same boundaries with another tag, then overlapping spans
with the same tag, then overlapping spans that differ in both (the largest overlap first
within each, as the agreement's overlap matching does); what is left is one annotator's
alone.  Every pair is a ``SpanPair`` with its kind, its article offsets and both
annotations, in text order, so a viewer can step through the disagreements and
``tui.agreement.adjudication`` can settle them.  Nothing here reads or writes files, or knows of a UI.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from tui.agreement.scores import Annotations, overlapping_pairs, require, shared_articles
from tui.annotations.model import Annotation


class Kind(StrEnum):
    SAME = "same"
    ONLY_A = "only-a"
    ONLY_B = "only-b"
    #: The same boundaries, another tag.
    TAG = "tag"
    #: Overlapping, the same tag, other boundaries.
    BOUNDARY = "boundary"
    #: Overlapping, another tag and other boundaries.
    BOTH = "both"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Kind.SAME: "the same",
    Kind.ONLY_A: "only a",
    Kind.ONLY_B: "only b",
    Kind.TAG: "tags differ",
    Kind.BOUNDARY: "boundaries differ",
    Kind.BOTH: "tags and boundaries differ",
}


@dataclass(frozen=True)
class SpanPair:
    """One of A's spans and its counterpart of B's (either may be missing), in one article."""

    article_id: str
    kind: Kind
    a: Annotation | None
    b: Annotation | None

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        return tuple(x for x in (self.a, self.b) if x is not None)

    @property
    def start(self) -> int:
        """Where the earlier of the two spans starts (article offset)."""
        return min(x.start for x in self.annotations)

    @property
    def end(self) -> int:
        """Where the later of the two spans ends (article offset, exclusive)."""
        return max(x.end for x in self.annotations)


@dataclass(frozen=True)
class ArticleComparison:
    article_id: str
    #: Every pair, agreements included, in text order.
    pairs: tuple[SpanPair, ...]

    @property
    def disagreements(self) -> tuple[SpanPair, ...]:
        return tuple(pair for pair in self.pairs if pair.kind is not Kind.SAME)


def compare_article(article_id: str, a: Sequence[Annotation], b: Sequence[Annotation]) -> ArticleComparison:
    """Pair A's and B's spans in one article (see the module's docstring for the order)."""
    pairs: list[SpanPair] = []
    left_a = sorted(a, key=lambda x: x.sort_key)
    left_b = sorted(b, key=lambda x: x.sort_key)
    left_a, left_b = _pair_equal(article_id, Kind.SAME, _span_and_tag, left_a, left_b, pairs)
    left_a, left_b = _pair_equal(article_id, Kind.TAG, _span, left_a, left_b, pairs)
    used_a: set[int] = set()
    used_b: set[int] = set()
    # The same tag before another, then the largest overlap; ties by position (the order of the lists).
    overlaps = overlapping_pairs(left_a, left_b)
    ranked = sorted((left_a[i].tag != left_b[j].tag, -size, i, j) for size, i, j in overlaps)
    for other_tag, _, i, j in ranked:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            kind = Kind.BOTH if other_tag else Kind.BOUNDARY
            pairs.append(SpanPair(article_id, kind, left_a[i], left_b[j]))
    pairs += [SpanPair(article_id, Kind.ONLY_A, x, None) for i, x in enumerate(left_a) if i not in used_a]
    pairs += [SpanPair(article_id, Kind.ONLY_B, None, x) for j, x in enumerate(left_b) if j not in used_b]
    pairs.sort(key=lambda p: (p.start, p.end, [x.sort_key for x in p.annotations]))
    return ArticleComparison(article_id, tuple(pairs))


def _span_and_tag(annotation: Annotation) -> Hashable:
    return (annotation.start, annotation.end, annotation.tag)


def _span(annotation: Annotation) -> Hashable:
    return (annotation.start, annotation.end)


def _pair_equal(
    article_id: str,
    kind: Kind,
    key: Callable[[Annotation], Hashable],
    a: list[Annotation],
    b: list[Annotation],
    pairs: list[SpanPair],
) -> tuple[list[Annotation], list[Annotation]]:
    """Pair spans with equal ``key`` (in order); return the spans of each side left unpaired."""
    waiting: defaultdict[Hashable, list[int]] = defaultdict(list)
    for j, x in enumerate(b):
        waiting[key(x)].append(j)
    unpaired_a = []
    paired_b: set[int] = set()
    for x in a:
        same = waiting[key(x)]
        if same:
            j = same.pop(0)
            paired_b.add(j)
            pairs.append(SpanPair(article_id, kind, x, b[j]))
        else:
            unpaired_a.append(x)
    return unpaired_a, [x for j, x in enumerate(b) if j not in paired_b]


def compare_annotators(annotators: Annotations, a: str, b: str) -> list[ArticleComparison]:
    """A's and B's spans compared on every article both annotated, in article id order."""
    require(annotators, a)
    require(annotators, b)
    return [
        compare_article(article_id, annotators[a][article_id], annotators[b][article_id])
        for article_id in shared_articles(annotators, a, b)
    ]


def disagreements(comparisons: Sequence[ArticleComparison]) -> list[SpanPair]:
    """Every disagreement, article by article in text order: the list a viewer steps through."""
    return [pair for comparison in comparisons for pair in comparison.disagreements]
