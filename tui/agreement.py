"""Inter-annotator agreement: span matching with precision/recall/F1, and Cohen's kappa on tokens.

Annotators are either the ``author``s inside the files, or versions of ``annotations/`` at
different git refs (one annotator per ref).  Each pair of annotators is compared on the
articles both annotated.  Spans match *exactly* (same start, end and tag) or by *overlap*
(same tag, overlapping; matched one to one, largest overlap first).  With the first
annotator as reference, precision is matched / second's spans, recall is matched / first's
spans.  Cohen's kappa compares the label each word token gets from each annotator (the tag
of the shortest span covering it, or none).
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from tui.corpus import load_article
from tui.errors import GlossatorError
from tui.store import TAGS, Annotation, AnnotationStore, parse_annotation_file
from tui.workspace import ANNOTATION_SUFFIX, Workspace

TOKEN = re.compile(r"\w+")
NONE = "none"

#: annotator -> article id -> annotations
Annotations = dict[str, dict[str, list[Annotation]]]


@dataclass
class Scores:
    matched: int = 0
    reference: int = 0
    predicted: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.reference if self.reference else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class PairAgreement:
    first: str
    second: str
    articles: int
    exact: dict[str, Scores] = field(default_factory=dict)
    overlap: dict[str, Scores] = field(default_factory=dict)
    kappa: float = 0.0
    tokens: int = 0


def by_author(workspace: Workspace) -> Annotations:
    """Annotators as the authors recorded in the annotation files."""
    store = AnnotationStore(workspace)
    found: Annotations = defaultdict(lambda: defaultdict(list))
    for article_id in workspace.annotated_ids():
        for annotation in store.load(article_id, None).annotations:
            found[annotation.author][article_id].append(annotation)
    return found


def by_ref(workspace: Workspace, refs: list[str]) -> Annotations:
    """Annotators as git refs: each ref's version of annotations/ is one annotator."""
    found: Annotations = {}
    for ref in refs:
        listing = _git(workspace, "ls-tree", "-r", "--name-only", ref, "--", "annotations")
        per_article: dict[str, list[Annotation]] = {}
        for path in listing.splitlines():
            if not path.endswith(ANNOTATION_SUFFIX):
                continue
            article_id = path[len("annotations/") : -len(ANNOTATION_SUFFIX)]
            content = _git(workspace, "show", f"{ref}:{path}").encode("utf-8")
            document, _ = parse_annotation_file(
                content, display_path=f"{ref}:{path}", expected_article=article_id, text=None
            )
            if document is not None:
                per_article[article_id] = list(document.annotations)
        found[ref] = per_article
    return found


def _git(workspace: Workspace, *args: str) -> str:
    try:
        completed = subprocess.run(
            ["git", *args], cwd=workspace.root, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise GlossatorError(f"git could not be run: {error}") from error
    if completed.returncode != 0:
        raise GlossatorError(f"git {' '.join(args[:2])} failed: {completed.stderr.strip()}")
    return completed.stdout


def compare(workspace: Workspace, annotators: Annotations, tag: str | None = None) -> list[PairAgreement]:
    """Agreement of every pair of annotators on the articles both annotated."""
    tags = (tag,) if tag else TAGS
    texts: dict[str, str] = {}
    pairs = []
    for first, second in combinations(sorted(annotators), 2):
        shared = sorted(
            article_id
            for article_id in set(annotators[first]) & set(annotators[second])
            if annotators[first][article_id] and annotators[second][article_id]
        )
        pair = PairAgreement(first, second, len(shared))
        pair.exact = {t: Scores() for t in tags}
        pair.overlap = {t: Scores() for t in tags}
        labels_a: list[str] = []
        labels_b: list[str] = []
        for article_id in shared:
            ours = [a for a in annotators[first][article_id] if a.tag in tags]
            theirs = [a for a in annotators[second][article_id] if a.tag in tags]
            for t in tags:
                mine = [a for a in ours if a.tag == t]
                other = [a for a in theirs if a.tag == t]
                for scores, matcher in ((pair.exact[t], _exact_matches), (pair.overlap[t], _overlap_matches)):
                    scores.matched += matcher(mine, other)
                    scores.reference += len(mine)
                    scores.predicted += len(other)
            if article_id not in texts:
                texts[article_id] = _text(workspace, article_id)
            tokens = [(m.start(), m.end()) for m in TOKEN.finditer(texts[article_id])]
            labels_a += _token_labels(tokens, ours)
            labels_b += _token_labels(tokens, theirs)
        pair.kappa = cohen_kappa(labels_a, labels_b)
        pair.tokens = len(labels_a)
        pairs.append(pair)
    return pairs


def _text(workspace: Workspace, article_id: str) -> str:
    try:
        return load_article(workspace, article_id).text
    except OSError:
        return ""


def _exact_matches(first: list[Annotation], second: list[Annotation]) -> int:
    remaining = Counter((a.start, a.end) for a in second)
    matched = 0
    for annotation in first:
        key = (annotation.start, annotation.end)
        if remaining[key]:
            remaining[key] -= 1
            matched += 1
    return matched


def _overlap_matches(first: list[Annotation], second: list[Annotation]) -> int:
    """One-to-one matching of overlapping spans, the largest overlaps first."""
    candidates = sorted(
        (
            (min(a.end, b.end) - max(a.start, b.start), i, j)
            for i, a in enumerate(first)
            for j, b in enumerate(second)
            if a.start < b.end and b.start < a.end
        ),
        reverse=True,
    )
    used_first: set[int] = set()
    used_second: set[int] = set()
    for _, i, j in candidates:
        if i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
    return len(used_first)


def _token_labels(tokens: list[tuple[int, int]], annotations: list[Annotation]) -> list[str]:
    """Each token's label: the tag of the shortest span covering it, else "none"."""
    by_length = sorted(annotations, key=lambda a: a.end - a.start)
    labels = []
    for start, end in tokens:
        covering = next((a.tag for a in by_length if a.start <= start and end <= a.end), NONE)
        labels.append(covering)
    return labels


def cohen_kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa of two label sequences (1.0 when both agree on a single label)."""
    total = len(first)
    if total == 0:
        return 0.0
    observed = sum(1 for a, b in zip(first, second, strict=True) if a == b) / total
    counts_a, counts_b = Counter(first), Counter(second)
    expected = sum(counts_a[label] * counts_b[label] for label in counts_a) / (total * total)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1 - expected)
