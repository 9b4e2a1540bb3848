"""Whoosh's analysers taught Chinese: each Han character a word (``tui.search.chinese``).

``HanFilter`` follows the tokenizer (whose words are whole clauses of Chinese) and splits
each word at its Han characters, folded; ``HanStopFilter`` is Whoosh's stop filter with one
change: a Han character is a word although it is one letter long (Whoosh drops words of
one letter).  A text without Han comes out as from Whoosh's own analysers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

from tui.search.chinese import pieces
from tui.text.chinese import fold, is_han


class HanFilter(Filter):
    """Words split at their Han characters, folded; positions numbered again."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        shift = 0
        for token in tokens:
            text = fold(token.text)
            if text.isascii():
                token.text = text
                if token.positions:
                    token.pos += shift
                yield token
                continue
            start, first = token.startchar if token.chars else 0, token.pos if token.positions else 0
            split = list(pieces(text))
            for number, (piece, begin, end) in enumerate(split):
                token.text = piece
                if token.positions:
                    token.pos = first + shift + number
                if token.chars:
                    token.startchar, token.endchar = start + begin, start + end
                yield token
            shift += len(split) - 1


class HanStopFilter(StopFilter):
    """Whoosh's ``StopFilter`` (its code, as of whoosh-reloaded 2.7.5), except that a Han
    character is long enough to be a word."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        position = None
        for token in tokens:
            text = token.text
            long_enough = len(text) >= self.min or is_han(text)
            if long_enough and (self.max is None or len(text) <= self.max) and text not in self.stops:
                if self.renumber and token.positions:
                    if position is None:
                        position = token.pos
                    else:
                        position += 1
                        token.pos = position
                token.stopped = False
                yield token
            elif not token.removestops:
                token.stopped = True
                yield token


def stemming_analyser(stoplist: frozenset[str]) -> Any:
    """Whoosh's ``StemmingAnalyzer(stoplist=...)``, with Chinese split into characters."""
    stops = HanStopFilter(stoplist=stoplist)
    return RegexTokenizer() | HanFilter() | LowercaseFilter() | stops | StemFilter()


def word_analyser() -> Any:
    """Whoosh's ``StandardAnalyzer(stoplist=None)``, with Chinese split into characters."""
    return RegexTokenizer() | HanFilter() | LowercaseFilter()
