"""Finding an annotation's quote again after the article text changed.

An annotation stores its offsets, its quote and 32 characters of context either side
(like the W3C TextPositionSelector + TextQuoteSelector pair Hypothesis uses).  When the
text changes, each annotation is anchored in this order:

1. the stored offsets, if they still select the quote;
2. exact occurrences of the quote, chosen by how well the text around each matches the
   stored prefix and suffix, and by nearness to the old position;
3. approximate occurrences (at most a quarter of the quote's characters wrong, found with
   edlib's bounded edit-distance infix search), scored by quote errors, context and
   position, accepted only above ``MIN_SCORE``; short quotes also need matching context;
4. otherwise the annotation is an **orphan**: kept unchanged, never moved to a guess.

A wrong placement is worse than an orphan, so two candidates that score alike make an
orphan too: there is no telling which one the annotator meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import edlib
from rapidfuzz.fuzz import ratio

from tui.store import Annotation

#: Least combined score for a moved span to be accepted.
MIN_SCORE = 0.75
#: Least similarity of an approximate quote to the stored one.
MIN_QUOTE_SIMILARITY = 0.75
#: Quotes shorter than this need their context to match too (a short quote occurs anywhere).
SHORT_QUOTE = 20
MIN_SHORT_CONTEXT = 0.75
#: Two best candidates closer than this are ambiguous.
AMBIGUITY_MARGIN = 0.03
#: At most this many candidates are scored (the nearest to the old position).
MAX_CANDIDATES = 200
#: Weights of quote similarity, prefix, suffix and position (as in Hypothesis' client).
WEIGHTS = (50.0, 20.0, 20.0, 2.0)

Status = Literal["kept", "moved", "fuzzy", "orphan"]


@dataclass(frozen=True)
class Anchor:
    """Where an annotation belongs in the current text, and how sure that is."""

    status: Status
    start: int
    end: int
    score: float = 1.0
    reason: str = ""

    @property
    def found(self) -> bool:
        return self.status != "orphan"


def anchor(annotation: Annotation, text: str) -> Anchor:
    """Find ``annotation`` in ``text`` (see the module docstring for the order)."""
    if annotation.matches(text):
        return Anchor("kept", annotation.start, annotation.end)
    quote = annotation.quote
    exact = _exact_occurrences(quote, text) if quote else []
    if exact:
        # edlib reports only the best-distance matches, which would be these same ones,
        # so an exact occurrence in the wrong context makes an orphan, not a fuzzy search.
        candidates = [
            (start, start + len(quote), 1.0)
            for start in exact
            if _same_boundaries(annotation, text, start, start + len(quote))
        ]
        chosen = _choose(annotation, text, candidates, "moved") if candidates else None
        return chosen or _orphan(annotation, "the quote is in the text, but not where its context was")
    approximate = _approximate_occurrences(quote, text) if quote else []
    chosen = _choose(annotation, text, approximate, "fuzzy") if approximate else None
    return chosen or _orphan(annotation, "the quote is not in the text any more")


def _orphan(annotation: Annotation, reason: str) -> Anchor:
    return Anchor("orphan", annotation.start, annotation.end, 0.0, reason)


def _exact_occurrences(quote: str, text: str) -> list[int]:
    found = []
    position = text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def _approximate_occurrences(quote: str, text: str) -> list[tuple[int, int, float]]:
    """(start, end, quote similarity) of the best approximate matches of ``quote``."""
    allowed = int(len(quote) * (1 - MIN_QUOTE_SIMILARITY))
    if allowed < 1:
        return []
    # edlib counts at most 256 distinct symbols.  Characters that are not in the quote can
    # only ever be edits, so they all map to one placeholder: distances stay the same.
    alphabet = set(quote)
    if len(alphabet) > 255:
        return []
    placeholder = next(chr(code) for code in range(0xE000, 0xF8FF) if chr(code) not in alphabet)
    target = "".join(char if char in alphabet else placeholder for char in text)
    result = edlib.align(quote, target, mode="HW", task="locations", k=allowed)
    distance = result["editDistance"]
    if distance < 0:
        return []
    similarity = 1 - distance / len(quote)
    return [(start, end + 1, similarity) for start, end in result["locations"]]


def _choose(
    annotation: Annotation, text: str, candidates: list[tuple[int, int, float]], status: Status
) -> Anchor | None:
    """The best candidate if it is confident; an orphan if two are alike; else None."""
    nearest = sorted(candidates, key=lambda c: abs(c[0] - annotation.start))[:MAX_CANDIDATES]
    scored = sorted(
        ((_score(annotation, text, start, end, similarity), start, end, similarity)
         for start, end, similarity in nearest),
        reverse=True,
    )  # fmt: skip
    score, start, end, similarity = scored[0]
    if len(scored) > 1 and score - scored[1][0] < AMBIGUITY_MARGIN:
        return _orphan(annotation, f"the quote fits {len(scored)} places equally well")
    short = len(annotation.quote) < SHORT_QUOTE
    if short and _context(annotation, text, start, end) < MIN_SHORT_CONTEXT:
        return None
    if score < MIN_SCORE or similarity < MIN_QUOTE_SIMILARITY:
        return None
    return Anchor(status, start, end, round(score, 3))


def _same_boundaries(annotation: Annotation, text: str, start: int, end: int) -> bool:
    """A span that was a whole word (or words) only moves to whole words: "yuan", not "Taiyuan"."""

    def word_edge(before: str, after: str) -> bool:
        return not (before[-1:].isalnum() and after[:1].isalnum())

    starts_word = word_edge(annotation.prefix, annotation.quote)
    ends_word = word_edge(annotation.quote, annotation.suffix)
    before, first = text[max(0, start - 1) : start], text[start : start + 1]
    last, after = text[max(start, end - 1) : end], text[end : end + 1]
    return (not starts_word or word_edge(before, first)) and (not ends_word or word_edge(last, after))


def _score(annotation: Annotation, text: str, start: int, end: int, similarity: float) -> float:
    quote_weight, prefix_weight, suffix_weight, position_weight = WEIGHTS
    prefix, suffix = _context_parts(annotation, text, start, end)
    position = 1 - min(1.0, abs(start - annotation.start) / max(len(text), 1))
    total = (
        quote_weight * similarity
        + prefix_weight * prefix
        + suffix_weight * suffix
        + position_weight * position
    )
    return total / sum(WEIGHTS)


def _context(annotation: Annotation, text: str, start: int, end: int) -> float:
    prefix, suffix = _context_parts(annotation, text, start, end)
    return (prefix + suffix) / 2


def _context_parts(annotation: Annotation, text: str, start: int, end: int) -> tuple[float, float]:
    """How much the text before and after a candidate looks like the stored prefix and suffix."""
    prefix = _similar(annotation.prefix, text[max(0, start - len(annotation.prefix)) : start])
    suffix = _similar(annotation.suffix, text[end : end + len(annotation.suffix)])
    return prefix, suffix


def _similar(expected: str, actual: str) -> float:
    """Similarity of two context strings in 0..1 (empty context, as at the text's edges, matches)."""
    if not expected and not actual:
        return 1.0
    return ratio(expected, actual) / 100


@dataclass(frozen=True)
class Reanchored:
    """A whole annotation set anchored in a new text."""

    #: Every annotation: the confidently found ones moved to their new place, orphans as they were.
    annotations: tuple[Annotation, ...]
    moved: tuple[tuple[Annotation, Anchor], ...]
    orphans: tuple[tuple[Annotation, Anchor], ...]

    @property
    def changed(self) -> bool:
        return bool(self.moved)


def reanchor_all(annotations: tuple[Annotation, ...], text: str) -> Reanchored:
    """Anchor each annotation; move the confident ones (quote and context from the new text)."""
    result: list[Annotation] = []
    moved: list[tuple[Annotation, Anchor]] = []
    orphans: list[tuple[Annotation, Anchor]] = []
    for annotation in annotations:
        found = anchor(annotation, text)
        if found.status == "kept":
            result.append(annotation)
        elif found.found:
            moved.append((annotation, found))
            result.append(annotation.with_span(text, found.start, found.end))
        else:
            orphans.append((annotation, found))
            result.append(annotation)
    return Reanchored(tuple(result), tuple(moved), tuple(orphans))
