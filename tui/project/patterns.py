r"""The matching engine under ``suggest`` and tag-all: user patterns bounded, phrases in one pass.

A lexicon is written by users and shared through git, so its patterns are untrusted:

- A regular expression can backtrack for longer than the universe lasts (``/(a|aa)+$/``
  on a 60-letter line).  Patterns run on the ``regex`` module, whose matching takes a
  timeout: a pattern that needs more than ``PATTERN_SECONDS`` on one article stops the
  whole search with the lexicon's file and line (``PatternTimeoutError``), so it is
  fixed once instead of hanging on every article.
- ``/a{4294967296}/`` or 2,000 nested groups make compiling fail with an overflow or a
  recursion error; both are a message about the pattern (``PatternError``).
- A lexicon of 20,000 phrases tried one regular expression at a time costs phrases
  times articles.  ``PhraseIndex`` puts every phrase in one Aho-Corasick automaton (the
  ``ahocorasick_rs`` package): each article is read once whatever the number of phrases.
  Phrases match as ``phrase_matcher``'s expressions do (any run of whitespace between
  words, case ignored unless asked), so both give the same places; whole-word checks and
  trimming stay with the caller.
"""

from __future__ import annotations

import bisect
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick_rs
import regex

from tui.errors import GlossatorError

#: How long one pattern may take on one article.
PATTERN_SECONDS = 2.0
#: Limits checked before compiling: longer or deeper patterns are mistakes, not lexicons.
MAX_PATTERN_CHARS = 2000
MAX_GROUP_DEPTH = 100

_WHITESPACE = re.compile(r"\s+")


class PatternError(GlossatorError):
    """A pattern that cannot be compiled; the message says why (the caller adds where)."""


class PatternTimeoutError(GlossatorError):
    """A pattern that took too long on one article: the search is stopped, the pattern named."""


def compile_pattern(expression: str) -> regex.Pattern[str]:
    """``expression`` compiled (Python's syntax, as ``re``), or ``PatternError`` with the reason."""
    depth = deepest = 0
    for character in regex.sub(r"\\.|\[(?:\\.|[^\]])*\]", "", expression):
        depth += {"(": 1, ")": -1}.get(character, 0)
        deepest = max(deepest, depth)
    if deepest > MAX_GROUP_DEPTH:
        raise PatternError(f"nests groups {deepest} deep (at most {MAX_GROUP_DEPTH})")
    if len(expression) > MAX_PATTERN_CHARS:
        raise PatternError(f"is {len(expression):,} characters long (at most {MAX_PATTERN_CHARS:,})")
    try:
        return regex.compile(expression, regex.VERSION0)
    except regex.error as error:
        raise PatternError(str(error)) from None
    except (OverflowError, RecursionError, MemoryError) as error:
        raise PatternError(f"is too big to compile ({type(error).__name__})") from None


def bounded_search(
    pattern: regex.Pattern[str], text: str, position: int, deadline: float
) -> regex.Match[str] | None:
    """``pattern.search(text, position)``, stopped (``TimeoutError``) at ``deadline`` (``time.monotonic``)."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("regex timed out")
    return pattern.search(text, position, timeout=remaining)


def deadline() -> float:
    """When a pattern started on an article now has to stop."""
    return time.monotonic() + PATTERN_SECONDS


@dataclass(frozen=True)
class _Folded:
    """A text with each run of whitespace as one space (and case folded when asked), and the
    way back from its offsets to the text's."""

    text: str
    #: Offsets (in ``text``) where characters were removed, and how many were removed up to there.
    at: tuple[int, ...]
    removed: tuple[int, ...]

    def original(self, offset: int) -> int:
        index = bisect.bisect_right(self.at, offset) - 1
        return offset + (self.removed[index] if index >= 0 else 0)


def _fold(text: str, ignore_case: bool) -> _Folded:
    if ignore_case:
        lowered = text.lower()
        # A few characters lower to two (İ to i and a dot): keep the first, as ``re`` matches them.
        text = lowered if len(lowered) == len(text) else "".join(c.lower()[:1] for c in text)
    pieces: list[str] = []
    at: list[int] = []
    removed: list[int] = []
    total = previous = 0
    for run in _WHITESPACE.finditer(text):
        pieces.append(text[previous : run.start()])
        pieces.append(" ")
        previous = run.end()
        total += len(run.group()) - 1
        at.append(run.start() - (total - (len(run.group()) - 1)) + 1)
        removed.append(total)
    pieces.append(text[previous:])
    return _Folded("".join(pieces), tuple(at), tuple(removed))


def _phrase_key(phrase: str, ignore_case: bool) -> str:
    return _fold(" ".join(phrase.split()), ignore_case).text


class PhraseIndex:
    """Every phrase of a lexicon in one automaton; ``spans(text)`` reads the text once."""

    def __init__(self, phrases: Sequence[tuple[str, bool]]) -> None:
        """``phrases``: (phrase, ignore case) pairs; results come back by their index."""
        #: The entries that are not phrases (patterns): searched one by one by the caller.
        self.others = tuple(index for index, (phrase, _) in enumerate(phrases) if not phrase.strip())
        self._automata: list[tuple[bool, ahocorasick_rs.AhoCorasick, list[int]]] = []
        for ignore_case in (True, False):
            chosen = [
                (index, _phrase_key(p, ignore_case))
                for index, (p, ic) in enumerate(phrases)
                if ic == ignore_case
            ]
            chosen = [(index, key) for index, key in chosen if key.strip()]
            if chosen:
                automaton = ahocorasick_rs.AhoCorasick(
                    [key for _, key in chosen], matchkind=ahocorasick_rs.MatchKind.Standard
                )
                self._automata.append((ignore_case, automaton, [index for index, _ in chosen]))

    def spans(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """Where each phrase found occurs in ``text`` (overlapping occurrences too), by phrase index.

        Only the phrases found are keys, so a text costs its length and its places, not the
        number of phrases.
        """
        found: dict[int, list[tuple[int, int]]] = {}
        for ignore_case, automaton, indexes in self._automata:
            folded = _fold(text, ignore_case)
            for which, start, end in automaton.find_matches_as_indexes(folded.text, overlapping=True):
                span = (folded.original(start), folded.original(end - 1) + 1)
                found.setdefault(indexes[which], []).append(span)
        for places in found.values():
            places.sort()
        return found
