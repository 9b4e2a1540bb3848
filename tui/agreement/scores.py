"""Inter-annotator agreement: span matching with precision/recall/F1, Cohen's kappa on tokens, gamma.

Annotators are either the ``author``s inside the files, or versions of ``annotations/`` at
different git refs (one annotator per ref).  Suggested annotations (``status =
"suggested"``) are proposals nobody accepted yet, so they are left out unless asked for.
Each pair of annotators is compared on the articles both annotated; with ``against``, each
annotator only with that one (the agreed version an adjudicator settled, see
``tui.agreement.adjudication``), which is then the reference.  Spans match *exactly* (same start,
end and tag) or by *overlap* (same tag, overlapping; matched one to one, largest overlap
first).  With the first annotator as reference, precision is matched / second's spans,
recall is matched / first's spans.  Cohen's kappa compares the label each word token gets
from each annotator (the tag of the shortest span covering it, or none).  Gamma
(``tui.agreement.gamma``) is computed only when asked: it needs an optional package and takes about
half a second per article.

Span matching and kappa are sweeps over spans sorted by position (O(n log n) plus the
overlapping pairs), so a 50,000-annotation file compares in a fraction of the time it takes
to read it.

Files that cannot be used (invalid TOML, not UTF-8, a name that cannot be an article id)
are left out of the comparison and said so in ``problems``.
"""

from __future__ import annotations

import heapq
import re
import subprocess
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from tui.agreement.gamma import Gamma, gamma_agreement
from tui.annotations.fileformat import parse_annotation_file
from tui.annotations.model import SUGGESTED, Annotation, Problem
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.workspace.articles import load_article
from tui.workspace.layout import ANNOTATION_SUFFIX, InvalidArticleIdError, Workspace, validate_article_id

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
    #: Only when asked for (``compare(..., gamma=True)``); None too when neither has a span.
    gamma: Gamma | None = None


def by_author(
    workspace: Workspace, problems: list[str] | None = None, include_suggested: bool = False
) -> Annotations:
    """Annotators as the authors recorded in the annotation files."""
    store = AnnotationStore(workspace)
    found: Annotations = defaultdict(lambda: defaultdict(list))
    for article_id in workspace.annotated_ids():
        loaded = store.load(article_id, None)
        _note_problems(loaded.problems, problems)
        for annotation in loaded.annotations:
            if include_suggested or annotation.status != SUGGESTED:
                found[annotation.author][article_id].append(annotation)
    return found


def by_ref(
    workspace: Workspace, refs: list[str], problems: list[str] | None = None, include_suggested: bool = False
) -> Annotations:
    """Annotators as git refs: each ref's version of annotations/ is one annotator.

    The workspace may be a subfolder of the repository.  File names are listed with
    ``ls-tree -z`` (so names with non-ASCII letters are read as they are, not quoted) and
    the files are read in one ``cat-file --batch``.
    """
    prefix = _git(workspace, "rev-parse", "--show-prefix").decode("utf-8", "replace").strip()
    found: Annotations = {}
    for ref in refs:
        if not _object_id(workspace, f"{ref}^{{tree}}"):
            raise GlossatorError(f"--ref {ref}: no such branch, tag or commit in this repository")
        folder = _object_id(workspace, f"{ref}:{prefix}annotations")
        per_article = _read_tree(workspace, ref, folder, problems) if folder else {}
        found[ref] = {
            article_id: [a for a in annotations if include_suggested or a.status != SUGGESTED]
            for article_id, annotations in per_article.items()
        }
    return found


def require(annotators: Annotations, name: str) -> None:
    """Refuse a name that is not one of the annotators (a typo would otherwise compare nothing)."""
    if name not in annotators:
        known = ", ".join(sorted(annotators)) or "none"
        raise GlossatorError(f"no annotations by {name!r} (annotators: {known})")


def shared_articles(annotators: Annotations, first: str, second: str) -> list[str]:
    """The articles both annotators annotated (at least one span each), in id order."""
    return sorted(
        article_id
        for article_id in set(annotators[first]) & set(annotators[second])
        if annotators[first][article_id] and annotators[second][article_id]
    )


def _object_id(workspace: Workspace, spec: str) -> str:
    """The id of the git object ``spec`` names (``ref^{tree}``, ``ref:path``), or "" if none."""
    completed = _run_git(workspace, "rev-parse", "--verify", "--quiet", "--end-of-options", spec)
    return completed.stdout.decode("ascii", "replace").strip() if completed.returncode == 0 else ""


def _read_tree(
    workspace: Workspace, ref: str, tree: str, problems: list[str] | None
) -> dict[str, list[Annotation]]:
    listing = _git(workspace, "ls-tree", "-r", "-z", "--full-tree", tree)
    wanted: list[tuple[str, str]] = []  # (article id, blob id)
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, blob = meta.decode("ascii", "replace").split(" ")[:3]
        try:
            path = raw_path.decode("utf-8")
        except UnicodeDecodeError:
            _note(problems, f"{ref}:annotations/{raw_path.decode('utf-8', 'replace')}: "
                            "the file name is not valid UTF-8; not compared")  # fmt: skip
            continue
        if kind != "blob" or mode == "120000" or not path.endswith(ANNOTATION_SUFFIX):
            continue
        if any(part.startswith(".") for part in path.split("/")):
            continue  # hidden, as in the workspace (e.g. a leftover temporary file)
        article_id = path[: -len(ANNOTATION_SUFFIX)]
        try:
            validate_article_id(article_id)
        except InvalidArticleIdError as error:
            _note(problems, f"{ref}:annotations/{path}: {error}; not compared")
            continue
        wanted.append((article_id, blob))
    per_article: dict[str, list[Annotation]] = {}
    for (article_id, _), content in zip(wanted, _blobs(workspace, [b for _, b in wanted]), strict=True):
        document, found = parse_annotation_file(
            content, display_path=f"{ref}:annotations/{article_id}{ANNOTATION_SUFFIX}",
            expected_article=article_id, text=None,
        )  # fmt: skip
        _note_problems(found, problems)
        if document is not None:
            per_article[article_id] = list(document.annotations)
    return per_article


def _blobs(workspace: Workspace, blobs: list[str]) -> list[bytes]:
    """The contents of git blobs, in order, through one ``git cat-file --batch``."""
    if not blobs:
        return []
    output = _git(workspace, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blobs).encode())
    contents, position = [], 0
    for _ in blobs:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        contents.append(output[header_end + 1 : header_end + 1 + size])
        position = header_end + 1 + size + 1
    return contents


def _note_problems(found: list[Problem] | tuple[Problem, ...], problems: list[str] | None) -> None:
    for problem in found:
        if problem.blocks_writing:
            _note(problems, f"{problem}; not compared")


def _note(problems: list[str] | None, message: str) -> None:
    if problems is not None:
        problems.append(message)


def _run_git(
    workspace: Workspace, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", *args], cwd=workspace.root, input=stdin, capture_output=True, check=False
        )
    except OSError as error:
        raise GlossatorError(f"git could not be run: {error}") from error


def _git(workspace: Workspace, *args: str, stdin: bytes | None = None) -> bytes:
    completed = _run_git(workspace, *args, stdin=stdin)
    if completed.returncode != 0:
        reason = completed.stderr.decode("utf-8", "replace").strip()
        raise GlossatorError(f"git {' '.join(args[:2])} failed: {reason}")
    return completed.stdout


def compare(
    workspace: Workspace,
    annotators: Annotations,
    tag: str | None = None,
    *,
    against: str | None = None,
    gamma: bool = False,
) -> list[PairAgreement]:
    """Agreement of every pair of annotators (or of each with ``against``) on the articles both annotated."""
    tags = (tag,) if tag else AnnotationStore(workspace).tag_set.names
    tokens_of: dict[str, list[tuple[int, int]]] = {}
    pairs = []
    for first, second in _pairs(annotators, against):
        shared = shared_articles(annotators, first, second)
        pair = PairAgreement(first, second, len(shared))
        pair.exact = {t: Scores() for t in tags}
        pair.overlap = {t: Scores() for t in tags}
        labels_a: list[str] = []
        labels_b: list[str] = []
        spans: list[tuple[str, list[Annotation], list[Annotation]]] = []
        for article_id in shared:
            ours = [a for a in annotators[first][article_id] if a.tag in tags]
            theirs = [a for a in annotators[second][article_id] if a.tag in tags]
            spans.append((article_id, ours, theirs))
            for t in tags:
                mine = [a for a in ours if a.tag == t]
                other = [a for a in theirs if a.tag == t]
                for scores, matcher in ((pair.exact[t], _exact_matches), (pair.overlap[t], _overlap_matches)):
                    scores.matched += matcher(mine, other)
                    scores.reference += len(mine)
                    scores.predicted += len(other)
            if article_id not in tokens_of:
                text = _text(workspace, article_id)
                tokens_of[article_id] = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
            tokens = tokens_of[article_id]
            labels_a += _token_labels(tokens, ours)
            labels_b += _token_labels(tokens, theirs)
        pair.kappa = cohen_kappa(labels_a, labels_b)
        pair.tokens = len(labels_a)
        pair.gamma = gamma_agreement(spans) if gamma else None
        pairs.append(pair)
    return pairs


def _pairs(annotators: Annotations, against: str | None) -> list[tuple[str, str]]:
    """Every pair of annotators; with ``against``, that one (first: the reference) with each other."""
    if against is None:
        return list(combinations(sorted(annotators), 2))
    require(annotators, against)
    return [(against, other) for other in sorted(annotators) if other != against]


def _text(workspace: Workspace, article_id: str) -> str:
    try:
        return load_article(workspace, article_id).text
    except (OSError, GlossatorError):
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
    used_first: set[int] = set()
    used_second: set[int] = set()
    for _, i, j in sorted(overlapping_pairs(first, second), reverse=True):
        if i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
    return len(used_first)


def overlapping_pairs(
    first: Sequence[Annotation], second: Sequence[Annotation]
) -> list[tuple[int, int, int]]:
    """``(overlap, i, j)`` for every ``first[i]`` and ``second[j]`` that overlap, in no set order.

    Found by a sweep over the spans in order of their start (each pair once, when the later
    of the two starts), not by comparing every span with every one.
    """
    events = sorted(
        [(a.start, 0, i, a.end) for i, a in enumerate(first)]
        + [(b.start, 1, j, b.end) for j, b in enumerate(second)]
    )
    active: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])  # (end, index) per side
    candidates: list[tuple[int, int, int]] = []
    for start, side, index, end in events:
        others = [(other_end, other) for other_end, other in active[1 - side] if other_end > start]
        active[1 - side][:] = others
        for other_end, other in others:
            overlap = min(end, other_end) - start
            candidates.append((overlap, index, other) if side == 0 else (overlap, other, index))
        active[side].append((end, index))
    return candidates


def _token_labels(tokens: list[tuple[int, int]], annotations: list[Annotation]) -> list[str]:
    """Each token's label: the tag of the shortest span covering it, else "none".

    Tokens come in order and do not overlap, so a sweep does it: spans that started are
    kept in a heap by length (ties: the earlier in ``annotations``); one that ends before
    the current token cannot cover any later token either and is dropped for good.
    """
    order = sorted(range(len(annotations)), key=lambda i: annotations[i].start)
    heap: list[tuple[int, int, int, str]] = []  # (length, index, end, tag)
    labels = []
    next_span = 0
    for start, end in tokens:
        while next_span < len(order) and annotations[order[next_span]].start <= start:
            i = order[next_span]
            a = annotations[i]
            heapq.heappush(heap, (a.end - a.start, i, a.end, a.tag))
            next_span += 1
        while heap and heap[0][2] < end:
            heapq.heappop(heap)
        labels.append(heap[0][3] if heap else NONE)
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
