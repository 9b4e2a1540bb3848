"""Chinese text as both engines index it: each Han character a word, traditional folded.

Chinese has no spaces, and the engines' tokenizers take a whole clause as one word, so
nothing shorter than a clause was found.  Each Han character is made a word of its own
(as Lucene's standard analyser does), after folding (``tui.text.chinese.fold``:
traditional to simplified, fullwidth to ASCII); Latin words, digits and everything else
are left to the engine's own rules, so English is analysed as before.

A query's Chinese text is looked for as a phrase of its characters, so it finds exactly
the articles that hold it, whatever the words around it: a dictionary segmenter would
miss an article whose context splits the string differently (measured in
``tests/benchmarks/zh_eval.py``, explained in ``tui/docs/chinese-search.md``).  Whoosh
also indexes each pair of neighbouring characters, for speed (``tui.search.whoosh.chinese``);
the articles found are the same.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from tui.text.chinese import HAN_CHARACTER, fold

#: Names this analysis in the indexes' fingerprints: a change rebuilds every index.
ANALYSIS = "han-characters-pairs-t2s-2"

#: A Han character, or a run of other characters.
_PIECE = re.compile(f"{HAN_CHARACTER.pattern}|[^{HAN_CHARACTER.pattern[1:-1]}]+")


def pieces(word: str) -> Iterator[tuple[str, int, int]]:
    """A word of the engine's tokenizer split into its Han characters (one each) and the
    runs between them, each with its offsets in ``word``; a word without Han is itself."""
    for match in _PIECE.finditer(word):
        yield match.group(), match.start(), match.end()


def spaced(text: str) -> str:
    """``text`` folded, with a space on each side of every Han character: what a tokenizer
    that splits at non-letters (tantivy's) indexes to see one word per character."""
    return HAN_CHARACTER.sub(r" \g<0> ", fold(text))


class Unspacer:
    """Maps offsets in ``spaced(text)`` back to offsets in ``text``."""

    def __init__(self, text: str) -> None:
        self._han = [match.start() for match in HAN_CHARACTER.finditer(text)]
        #: Where each Han character is in the spaced text.
        self._spaced = [start + 2 * number + 1 for number, start in enumerate(self._han)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span in ``text`` of the word at ``[start, end)`` of the spaced text."""
        before = bisect_right(self._spaced, start)
        if before and self._spaced[before - 1] == start:
            original = self._han[before - 1]
            return original, original + 1
        return start - 2 * before, end - 2 * before
