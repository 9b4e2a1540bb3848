"""Snippet fragments: excerpts of an article around the words a query looks for.

tantivy's ``SnippetGenerator`` gives one excerpt and knows nothing of the words a
wildcard matched, so the excerpts are made here from the text's words as the index holds
them, with their character offsets (``analysis.prose_matches``).  The text is analysed a
part at a time until a part holds a match: a match 20 MB into an article is found without
analysing the 20 MB before it for every search (about 0.1 s a megabyte).
"""

from __future__ import annotations

import re

from tui.search.backend import Fragment
from tui.search.snippets import begin_after, edges, end_at
from tui.search.tantivy.analysis import prose_matches
from tui.search.wanted import Wanted

SNIPPET_CHARS = 220
#: Text shown before a fragment's first match and after its last (as Whoosh's pinpoint fragments).
SURROUND = 70
SNIPPET_FRAGMENTS = 2
#: How much of an article is analysed at a time, looking for the first matches.
PART_CHARS = 100_000

_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")
#: Where an excerpt may begin or end: white space, or Chinese punctuation.
_EDGE, _LAST_EDGE = edges(r"\s")
#: A match: (start, end, word).
_Match = tuple[int, int, str]


def body_fragments(text: str, wanted: Wanted) -> list[Fragment]:
    """The best ``SNIPPET_FRAGMENTS`` excerpts of the first part of ``text`` that holds what
    the query looks for (``wanted``), in text order; [] if none does."""
    start = 0
    while start < len(text):
        end = _part_end(text, start)
        matches = [(start + s, start + e, word) for s, e, word in prose_matches(text[start:end], wanted)]
        if matches:
            return _best(text, matches)
        start = end
    return []


def _part_end(text: str, start: int) -> int:
    """Where the part of ``text`` from ``start`` ends: after white space, so no word is cut."""
    end = start + PART_CHARS
    if end >= len(text):
        return len(text)
    space = _last_space(text, start + 1, end)
    return end if space < 0 else space + 1


def _last_space(text: str, start: int, end: int) -> int:
    """Where the last white space of ``text[start:end]`` is; -1 if it has none."""
    match = _LAST_SPACE.search(text, start, end)
    return -1 if match is None else match.start()


def _best(text: str, matches: list[_Match]) -> list[Fragment]:
    """Excerpts of up to ``SNIPPET_CHARS`` around the matches: the ``SNIPPET_FRAGMENTS`` with
    the most different words, then the most matches."""
    scored: list[tuple[tuple[int, int], Fragment]] = []
    first = 0
    while first < len(matches):
        start = max(0, matches[first][0] - SURROUND)
        limit = start + SNIPPET_CHARS
        last = first
        while last + 1 < len(matches) and matches[last + 1][1] <= limit:
            last += 1
        inside = matches[first : last + 1]
        end = min(len(text), limit, inside[-1][1] + SURROUND)
        start, end = _trimmed(text, start, end, inside)
        score = (len({word for _, _, word in inside}), len(inside))
        scored.append((score, (start, end, [(s, e) for s, e, _ in inside])))
        first = last + 1
    best = sorted(
        range(len(scored)), key=lambda number: (-scored[number][0][0], -scored[number][0][1], number)
    )
    return [scored[number][1] for number in sorted(best[:SNIPPET_FRAGMENTS])]


def _trimmed(text: str, start: int, end: int, inside: list[_Match]) -> tuple[int, int]:
    """``start`` and ``end`` moved in to white space or Chinese punctuation, so no word is
    cut, nor any match (Chinese without either is cut between two characters)."""
    if start > 0 and not _EDGE.fullmatch(text[start - 1]):
        edge = _EDGE.search(text, start, inside[0][0])
        start = start if edge is None else begin_after(edge)
    if end < len(text) and not _EDGE.fullmatch(text[end]):
        last = _LAST_EDGE.search(text, inside[-1][1], end)
        end = end if last is None else end_at(last)
    return start, end
