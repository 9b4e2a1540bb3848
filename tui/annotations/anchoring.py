"""Finding an annotation's quote again after the article text changed.

An annotation stores its offsets, its quote and 32 characters of context either side
(like the W3C TextPositionSelector + TextQuoteSelector pair Hypothesis uses).  A wrong
placement is worse than an orphan (Hypothesis client issue #258): a reader trusts a
highlight, and a misplaced one silently says something false.  So each annotation is
anchored like this:

1. **Kept** at once if the stored offsets still select the quote *and* the stored prefix
   and suffix still stand either side.  Offsets that select the quote amid other words may
   be another occurrence of it (a deletion before the span can slide a repeated headline
   there), so they are only one candidate among the others, if a favoured one.
2. **Candidates**: every exact occurrence of the quote, and every approximate one (at most
   a quarter of the quote's characters wrong) from edlib's bounded edit-distance search.
   edlib reports only the best distance, so each round masks what it found and searches
   again: an edited occurrence is found even where an unchanged copy of the quote exists.
   A quote that began (ended) a word only lands where a word begins (ends); the edges of an
   approximate match are moved to where the quote and the context around it fit best.
3. **Scoring**, the same for every candidate, exact or approximate, near or far: how many
   of the stored characters are in place there, every character counting the same: the
   quote's (edit distance), the prefix's and the suffix's (in runs of 3 or more, since two
   unrelated stretches of English share single letters; white space squashed, since a
   layout change is no evidence).  Standing at the old offsets adds a few characters;
   nearness to them breaks ties.  So a one-character correction at the original place, its
   context intact, beats an exact copy of the quote elsewhere.
4. **Acceptance**: the best candidate is taken only if nothing casts doubt on it.  It must
   be ``MARGIN_CHARS`` ahead of the best candidate at another place; keep at least
   ``MIN_QUOTE_SIMILARITY`` of the quote; have one side of its context intact (a sentence
   inserted right after a span replaces the other side), both sides nearly so if its quote
   changed; and have certain edges (not the exact quote run together with letters, nor a
   changed first or last letter without the context right beside it).  And nothing may
   contradict it: the side of the context it lacks must not stand whole
   elsewhere beside a rewritten quote; a quote rewritten by more than a typo loses to an
   exact copy with one side of its context; a copy of the quote with the same intact side
   must be ``COPY_MARGIN`` behind it, and it must keep half of its other side.  Otherwise
   the annotation is an **orphan**: kept unchanged, never moved to a guess.

Statuses: ``kept`` (same offsets, same quote), ``moved`` (the same quote elsewhere),
``fuzzy`` (the quote's text changed: ``Anchor.quote`` holds the new text, so that a caller
can show the old and the new quote, and let the user accept the change) and ``orphan``.
``tests/annotations/test_anchoring_edits.py`` checks "never a wrong occurrence" on realistic edits with
their ground truth; ``tests/benchmarks/bench_anchoring.py`` measures it on 900 articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import edlib
from rapidfuzz.distance import Indel, Levenshtein

from tui.annotations.model import CONTEXT_CHARS, Annotation

# What counts as evidence.

#: Least share of the quote's characters that must be right in an approximate match.
MIN_QUOTE_SIMILARITY = 0.75
#: Context characters only count as in place in runs this long: two unrelated stretches of
#: English share letters here and there, which says nothing about where a quote was.
MIN_RUN = 3
#: Standing exactly at the old offsets is worth this many characters: evidence too (most
#: edits do not change the length of the text before a span), though never enough alone,
#: since a deletion before the span may slide another copy of the quote there.
OFFSETS_BONUS = 8.0
#: Stands for "before the start / after the end of the text" in a context: a stored prefix
#: shorter than ``CONTEXT_CHARS`` says the quote was that close to the start, and a copy of
#: the quote further in does not fit it.
TEXT_EDGE = "\x00"
#: Characters that join letters into one word ("Jong-nam", "don't").
WORD_JOINERS = "-'\u2019"

# When the best candidate is taken (the figures behind them: tests/benchmarks/bench_anchoring.py).

#: It must have this many more characters of quote and context in place than the best
#: candidate at another place; otherwise there is no telling them apart.
MARGIN_CHARS = 6.0
#: A side of the context this similar to the stored one (white space aside) is intact.  An
#: exact quote needs one intact side (a sentence inserted right after it replaces the other);
#: nearly intact is not enough: a sentence deleted after the annotated "The" leaves
#: "... yuan. " before the next sentence's '"The', which is another word.
INTACT_SIDE = 1.0
#: An approximate quote needs both sides of its context at least this similar, and the
#: stored context's ``EDGE_CONTEXT`` characters right beside it if its first or last letter
#: changed.
MIN_FUZZY_SIDE = 0.97
EDGE_CONTEXT = 8
#: Text at least this much like the quote, beside a whole side of the stored context that
#: the best candidate lacks, may be the annotated words, rewritten.
REWRITTEN_QUOTE = 0.5
#: A quote changed by more than this many characters loses to an exact copy of it that has
#: one side of its context (a tweet quoted twice, cleaned up once): an orphan.
TYPO_CHARS = 2
#: When a copy of the quote elsewhere shares the intact side of the best candidate's
#: context, the best candidate needs at least this much of its other side, and to be this
#: many characters ahead of the copy.
HALF_SIDE = 0.5
COPY_MARGIN = 8.0

# How hard to look.

#: Rounds of approximate search (each finds the matches at the next best distance).
SEARCH_ROUNDS = 6
#: At most this many approximate matches are looked at, and this many exact ones scored
#: (the nearest to the old position).
MAX_APPROXIMATE = 100
MAX_CANDIDATES = 2000
#: How far an approximate match's edges may move to fit words and context (at most).
EDGE_SLACK = 8

_LINE_BREAKS = re.compile(r"[ \t]*\n\s*")
_SPACES = re.compile(r"[^\S\n]+")

Status = Literal["kept", "moved", "fuzzy", "orphan"]


@dataclass(frozen=True)
class Anchor:
    """Where an annotation belongs in the current text, and how sure that is."""

    status: Status
    start: int
    end: int
    score: float = 1.0
    reason: str = ""
    #: The text at ``start:end`` of the found place (for an orphan, the stored quote).
    #: For a ``fuzzy`` anchor it differs from the annotation's quote: show both.
    quote: str = ""

    @property
    def found(self) -> bool:
        return self.status != "orphan"


@dataclass(frozen=True)
class _Candidate:
    """A place the quote may be now, and how similar its quote, prefix and suffix are (0..1)."""

    start: int
    end: int
    quote: float
    prefix: float
    suffix: float
    #: Characters of the stored quote and context in place here, plus ``OFFSETS_BONUS`` at
    #: the old offsets and up to one for nearness to them (a tie-breaker).
    rank: float
    #: The characters in place as a share of all the stored ones (what ``Anchor.score`` says).
    score: float

    def overlaps(self, other: _Candidate) -> bool:
        return self.start < other.end and other.start < self.end


def anchor(annotation: Annotation, text: str) -> Anchor:
    """Find ``annotation`` in ``text`` (see the module docstring for how)."""
    if annotation.matches(text) and _context_unchanged(annotation, text):
        return Anchor("kept", annotation.start, annotation.end, quote=annotation.quote)
    if not annotation.quote:
        return _orphan(annotation, "the annotation has no quote")
    spans = _candidate_spans(annotation, text)
    if not spans:
        return _orphan(annotation, "the quote is not in the text any more")
    return _decide(annotation, text, [_score(annotation, text, start, end) for start, end in spans])


def _orphan(annotation: Annotation, reason: str) -> Anchor:
    return Anchor("orphan", annotation.start, annotation.end, 0.0, reason, annotation.quote)


def _context_unchanged(annotation: Annotation, text: str) -> bool:
    """Whether the stored prefix and suffix still stand right before and after the offsets."""
    return _context(annotation, text, annotation.start, annotation.end) == _stored_context(annotation)


def _stored_context(annotation: Annotation) -> tuple[str, str]:
    """The stored prefix and suffix, padded with ``TEXT_EDGE`` where the text began or ended."""
    width = _context_width(annotation)
    return annotation.prefix.rjust(width, TEXT_EDGE), annotation.suffix.ljust(width, TEXT_EDGE)


def _context(annotation: Annotation, text: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after ``start:end``, as wide as the stored context and padded alike."""
    width = _context_width(annotation)
    before = text[max(0, start - width) : start].rjust(width, TEXT_EDGE)
    return before, text[end : end + width].ljust(width, TEXT_EDGE)


def _context_width(annotation: Annotation) -> int:
    return max(CONTEXT_CHARS, len(annotation.prefix), len(annotation.suffix))


def _compared_contexts(annotation: Annotation, text: str, start: int, end: int) -> tuple[str, ...]:
    """The stored prefix and suffix and the text's around ``start:end``, white space squashed
    (a layout change is no evidence either way, a paragraph break is) and as long as the
    stored ones: (stored prefix, stored suffix, text before, text after)."""
    prefix, suffix = (_squash(side) for side in _stored_context(annotation))
    width = 2 * _context_width(annotation)
    before = _squash(text[max(0, start - width) : start].rjust(width, TEXT_EDGE))[-len(prefix) :]
    after = _squash(text[end : end + width].ljust(width, TEXT_EDGE))[: len(suffix)]
    return prefix, suffix, before, after


def _squash(context: str) -> str:
    """Each run of spaces as one space, each run of line breaks (and spaces) as one break."""
    return _SPACES.sub(" ", _LINE_BREAKS.sub("\n", context))


# -- candidates --


def _candidate_spans(annotation: Annotation, text: str) -> list[tuple[int, int]]:
    """Every place the quote may be now: exact occurrences first, then approximate ones."""
    quote = annotation.quote
    exact = [
        (start, start + len(quote))
        for start in _exact_occurrences(quote, text)
        if _edges_fit(annotation, text, start, start + len(quote))
    ]
    if len(exact) > MAX_CANDIDATES:
        exact = sorted(exact, key=lambda span: abs(span[0] - annotation.start))[:MAX_CANDIDATES]
    approximate = _approximate_spans(annotation, text, exact)
    return list(dict.fromkeys([*exact, *approximate]))


def _exact_occurrences(quote: str, text: str) -> list[int]:
    found = []
    position = text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def _approximate_spans(
    annotation: Annotation, text: str, exact: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Approximate matches of the quote, in rounds of increasing edit distance.

    edlib reports only the matches at the best distance, so an unchanged copy of the quote
    would hide an edited occurrence: each round masks the places already found."""
    quote = annotation.quote
    allowed = int(len(quote) * (1 - MIN_QUOTE_SIMILARITY))
    # edlib counts at most 256 distinct symbols.  Characters that are not in the quote can
    # only ever be edits, so they all map to one placeholder: distances stay the same.
    alphabet = set(quote)
    if allowed < 1 or len(alphabet) > 255:
        return []
    placeholder = next(chr(code) for code in range(0xE000, 0xF8FF) if chr(code) not in alphabet)
    target = [char if char in alphabet else placeholder for char in text]
    _mask(target, exact, placeholder)
    locations: list[tuple[int, int]] = []
    for _ in range(SEARCH_ROUNDS):
        result = edlib.align(quote, "".join(target), mode="HW", task="locations", k=allowed)
        if result["editDistance"] < 0 or len(locations) >= MAX_APPROXIMATE:
            break
        # edlib leaves a start out now and then: the quote's length before the end will do.
        found = [
            (max(0, end + 1 - len(quote)) if start is None else start, end + 1)
            for start, end in result["locations"]
        ]
        _mask(target, found, placeholder)
        locations += found
    refined = (_refine_edges(annotation, text, start, end, allowed) for start, end in locations)
    return [span for span in refined if span is not None]


def _mask(target: list[str], spans: Iterable[tuple[int, int]], placeholder: str) -> None:
    for start, end in spans:
        target[start:end] = [placeholder] * (end - start)


def _refine_edges(
    annotation: Annotation, text: str, start: int, end: int, allowed: int
) -> tuple[int, int] | None:
    """The edges near an approximate match that fit the quote and the context around it best,
    and obey the whole-word rule (None if there are none).

    edlib's edges are one of several equally good alignments of the quote alone: they may cut
    a word ("bankrupthy" inside "bbankrupthy"), or take a neighbour's letters when the
    quote's first or last word was rewritten.  The stored context says where the quote
    began and ended: the start is chosen first, then the end."""
    slack = min(allowed, EDGE_SLACK) + 1
    prefix, suffix = _stored_context(annotation)
    head, tail = prefix[-slack - 2 :], suffix[: slack + 2]

    def start_cost(s: int) -> tuple[int, int]:
        before = text[max(0, s - len(head)) : s].rjust(len(head), TEXT_EDGE)
        quote = Levenshtein.distance(annotation.quote, text[s:end])
        return quote + Levenshtein.distance(head, before), abs(s - start)

    def end_cost(e: int) -> tuple[int, int]:
        after = text[e : e + len(tail)].ljust(len(tail), TEXT_EDGE)
        quote = Levenshtein.distance(annotation.quote, text[best_start:e])
        return quote + Levenshtein.distance(tail, after), abs(e - end)

    starts = [
        s for s in range(start - slack, start + slack + 1) if s < end and _start_fits(annotation, text, s)
    ]
    if not starts:
        return None
    best_start = min(starts, key=start_cost)
    ends = [
        e for e in range(end - slack, end + slack + 1) if e > best_start and _end_fits(annotation, text, e)
    ]
    return (best_start, min(ends, key=end_cost)) if ends else None


def _edges_fit(annotation: Annotation, text: str, start: int, end: int) -> bool:
    """A span that was a whole word (or words) only moves to whole words: "yuan", not "Taiyuan"."""
    return _start_fits(annotation, text, start) and _end_fits(annotation, text, end)


def _start_fits(annotation: Annotation, text: str, start: int) -> bool:
    """Whether a span may start here: not on a space, and not inside a word if the quote
    began a word."""
    if not 0 <= start < len(text) or (text[start].isspace() and not annotation.quote[:1].isspace()):
        return False
    if _inside_word(annotation.prefix[-2:], annotation.quote[:2]):
        return True  # the quote began inside a word: any start will do
    return not _inside_word(text[max(0, start - 2) : start], text[start : start + 2])


def _end_fits(annotation: Annotation, text: str, end: int) -> bool:
    """Whether a span may end here (as ``_start_fits``)."""
    if not 0 < end <= len(text) or (text[end - 1].isspace() and not annotation.quote[-1:].isspace()):
        return False
    if _inside_word(annotation.quote[-2:], annotation.suffix[:2]):
        return True
    return not _inside_word(text[max(0, end - 2) : end], text[end : end + 2])


def _inside_word(before: str, after: str) -> bool:
    """Whether the point between ``before`` and ``after`` is inside a word.  A hyphen or an
    apostrophe between letters joins them: "Jong-nam" and "don't" are one word each."""
    last, first = before[-1:], after[:1]
    if last.isalnum() and first.isalnum():
        return True
    if last and last in WORD_JOINERS and before[-2:-1].isalnum() and first.isalnum():
        return True
    return bool(first) and first in WORD_JOINERS and last.isalnum() and after[1:2].isalnum()


# -- scoring --


def _score(annotation: Annotation, text: str, start: int, end: int) -> _Candidate:
    """How many of the stored quote's and context's characters are in place at ``start:end``.

    Every stored character counts the same: a one-letter correction in the quote costs one
    character, a copy of the quote in another sentence costs most of 64 characters of context.
    (Hypothesis weighs the quote at 50 and each side at 20 whatever their lengths, so a short
    quote's copy elsewhere could beat its corrected original.)"""
    expected_prefix, expected_suffix, before, after = _compared_contexts(annotation, text, start, end)
    quote = max(0.0, 1 - Levenshtein.distance(annotation.quote, text[start:end]) / len(annotation.quote))
    prefix = _side_similarity(expected_prefix, before)
    suffix = _side_similarity(expected_suffix, after)
    width = _context_width(annotation)
    in_place = quote * len(annotation.quote) + (prefix + suffix) * width
    nearness = 1 - min(1.0, abs(start - annotation.start) / max(len(text), 1))
    at_offsets = (start, end) == (annotation.start, annotation.end) and quote == 1
    score = in_place / (len(annotation.quote) + 2 * width)
    rank = in_place + nearness + OFFSETS_BONUS * at_offsets
    return _Candidate(start, end, quote, prefix, suffix, rank, score)


def _side_similarity(expected: str, actual: str) -> float:
    """The share of ``expected`` found in ``actual``, in order, in runs of ``MIN_RUN`` or more.

    The text's edge (``TEXT_EDGE`` padding) only counts where it is exactly as far away as
    it was: a copy of the quote a few characters further from the start is not "near the
    start" in part."""
    found = 0
    for op in Indel.opcodes(expected, actual):
        if op.tag == "equal" and op.src_end - op.src_start >= MIN_RUN:
            found += op.src_end - op.src_start
    if expected.count(TEXT_EDGE) != actual.count(TEXT_EDGE):
        found -= min(expected.count(TEXT_EDGE), actual.count(TEXT_EDGE))
    return max(0, found) / max(len(expected), 1)


# -- deciding --


def _decide(annotation: Annotation, text: str, candidates: list[_Candidate]) -> Anchor:
    """The best candidate if nothing casts doubt on it; else an orphan saying why."""
    best = max(candidates, key=lambda c: c.rank)
    found = text[best.start : best.end]
    doubt = _doubt(annotation, text, best, found, [c for c in candidates if not c.overlaps(best)])
    if doubt:
        return _orphan(annotation, doubt)
    if found != annotation.quote:
        status: Status = "fuzzy"
    elif (best.start, best.end) == (annotation.start, annotation.end):
        status = "kept"
    else:
        status = "moved"
    return Anchor(status, best.start, best.end, round(best.score, 3), "", found)


def _doubt(
    annotation: Annotation, text: str, best: _Candidate, found: str, elsewhere: list[_Candidate]
) -> str | None:
    """Why ``best`` may not be the annotated place (None: it is, as sure as can be).

    ``elsewhere`` are the candidates that do not overlap it."""
    close = [c for c in elsewhere if best.rank - c.rank < MARGIN_CHARS]
    if close:
        return f"the quote fits {1 + len(close)} places about equally well"
    if best.quote < MIN_QUOTE_SIMILARITY:
        return "the quote is not in the text any more"
    if best.quote < 1 and min(best.prefix, best.suffix) < MIN_FUZZY_SIDE:
        return "the quote is not in the text any more (nor anything like it in its context)"
    if max(best.prefix, best.suffix) < INTACT_SIDE:
        return "the quote is in the text, but not where its context was"
    if found != annotation.quote and annotation.quote in found:
        return "the quote is in the text, but run together with the letters beside it"
    if found != annotation.quote and not _edges_certain(annotation, text, best, found):
        return "the quote's first or last letter changed: where it begins or ends is unclear"
    if _context_elsewhere(annotation, text, best):
        return "the text that was before the quote and the text after it are now apart"
    if _rewritten(annotation, best) and any(_exact_with_a_side(c) for c in elsewhere):
        return "the quote was rewritten here, and stands unchanged elsewhere"
    if _copies_alike(best, elsewhere):
        return "copies of the quote share the context on one side, and the other side is gone"
    return None


def _edges_certain(annotation: Annotation, text: str, best: _Candidate, found: str) -> bool:
    """Whether an approximate match's extent is certain: it keeps the quote's first and last
    letters, or the stored context stands right beside both its edges.  After an edit at a
    quote's very edge ("having" -> "hvaing", "vs loss" -> "vsiloss") there is otherwise no
    knowing whether the span lost a letter or gained a word."""
    if _edge_letters(found) == _edge_letters(annotation.quote):
        return True
    prefix, suffix, before, after = _compared_contexts(annotation, text, best.start, best.end)
    return before[-EDGE_CONTEXT:] == prefix[-EDGE_CONTEXT:] and after[:EDGE_CONTEXT] == suffix[:EDGE_CONTEXT]


def _edge_letters(quote: str) -> tuple[str, str]:
    letters = [char for char in quote if char.isalnum()] or [""]
    return letters[0], letters[-1]


def _context_elsewhere(annotation: Annotation, text: str, best: _Candidate) -> bool:
    """Whether a side of the stored context that ``best`` does not have intact stands whole
    elsewhere, beside text still somewhat like the quote, or with the other side whole too
    about a quote's length away: the annotated place may well be there with its quote
    rewritten, ``best`` being another copy of the quote (in a headline, say), and nothing
    shows which of the two it is."""
    if min(best.prefix, best.suffix) >= INTACT_SIDE:
        return False
    quote = annotation.quote
    allowed = int(len(quote) * (1 - REWRITTEN_QUOTE))
    lengths = range(max(1, len(quote) - allowed), len(quote) + allowed + 1)
    ends = _side_ends(annotation.prefix, text, before=True)
    starts = _side_ends(annotation.suffix, text, before=False)
    places: list[tuple[int, int]] = []
    if best.prefix < INTACT_SIDE:
        places += [(end, end + length) for end in ends for length in lengths]
    if best.suffix < INTACT_SIDE:
        places += [(start - length, start) for start in starts for length in lengths]
    framed = [
        (end, start) for end in ends for start in starts if len(quote) / 2 <= start - end <= 2 * len(quote)
    ]
    return any(start >= 0 and not (start < best.end and best.start < end) for start, end in framed) or any(
        start >= 0
        and not (start < best.end and best.start < end)
        and Levenshtein.distance(quote, text[start:end], score_cutoff=allowed + 1) <= allowed
        for start, end in places
    )


def _side_ends(side: str, text: str, *, before: bool) -> list[int]:
    """Where a quote would start after each whole occurrence of a stored prefix (``before``),
    or end before each one of a stored suffix.  A context shorter than ``CONTEXT_CHARS``
    reached the text's edge, so it only counts there."""
    if len(side) < CONTEXT_CHARS:
        if before:
            return [len(side)] if text.startswith(side) else []
        return [len(text) - len(side)] if text.endswith(side) else []
    return [start + len(side) if before else start for start in _exact_occurrences(side, text)]


def _rewritten(annotation: Annotation, candidate: _Candidate) -> bool:
    """Whether a candidate's quote differs from the stored one by more than a typo."""
    return round((1 - candidate.quote) * len(annotation.quote)) > TYPO_CHARS


def _exact_with_a_side(candidate: _Candidate) -> bool:
    return candidate.quote == 1 and max(candidate.prefix, candidate.suffix) >= INTACT_SIDE


def _copies_alike(best: _Candidate, elsewhere: list[_Candidate]) -> bool:
    """Whether another place has intact the one side of the context that ``best`` has intact
    (a copy of the same passage: a headline and its repetition, a pull quote), while
    ``best`` keeps less than half of its other side, or is not ``COPY_MARGIN`` ahead on it:
    the copies then differ only by scraps of that other side, which an edit next to the
    annotated words can change as much as the copy's own surroundings do."""
    for side, other in (("prefix", "suffix"), ("suffix", "prefix")):
        if getattr(best, side) < INTACT_SIDE or getattr(best, other) >= INTACT_SIDE:
            continue
        copies = [c for c in elsewhere if getattr(c, side) >= INTACT_SIDE]
        if copies and (
            getattr(best, other) < HALF_SIDE or any(best.rank - c.rank < COPY_MARGIN for c in copies)
        ):
            return True
    return False


# -- whole sets --


@dataclass(frozen=True)
class Reanchored:
    """A whole annotation set anchored in a new text."""

    #: Every annotation: the applied ones at their new place, the others as they were.
    annotations: tuple[Annotation, ...]
    #: Exact moves (the same quote elsewhere), always applied.
    moved: tuple[tuple[Annotation, Anchor], ...]
    orphans: tuple[tuple[Annotation, Anchor], ...]
    #: Approximate matches (the quote's text changed): applied only with ``approximate=True``,
    #: listed either way so that a caller can show the old and the new quote.
    approximate: tuple[tuple[Annotation, Anchor], ...] = ()
    #: Whether the approximate matches were applied to ``annotations``.
    approximate_applied: bool = True

    @property
    def changed(self) -> bool:
        """Whether ``annotations`` differs from the input (something was applied)."""
        return bool(self.moved) or (self.approximate_applied and bool(self.approximate))


def reanchor_all(annotations: tuple[Annotation, ...], text: str, *, approximate: bool = True) -> Reanchored:
    """Anchor each annotation; move the confident ones (quote and context from the new text).

    With ``approximate=False`` a changed quote is never rewritten silently: fuzzy matches
    are reported in ``Reanchored.approximate`` and the annotation stays as it was."""
    result: list[Annotation] = []
    moved: list[tuple[Annotation, Anchor]] = []
    fuzzy: list[tuple[Annotation, Anchor]] = []
    orphans: list[tuple[Annotation, Anchor]] = []
    for annotation in annotations:
        found = anchor(annotation, text)
        apply = found.status == "moved" or (found.status == "fuzzy" and approximate)
        {"moved": moved, "fuzzy": fuzzy, "orphan": orphans}.get(found.status, []).append((annotation, found))
        result.append(annotation.with_span(text, found.start, found.end) if apply else annotation)
    return Reanchored(tuple(result), tuple(moved), tuple(orphans), tuple(fuzzy), approximate)
