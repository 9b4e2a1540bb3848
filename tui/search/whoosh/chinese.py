"""Whoosh's analysers taught Chinese: each Han character a word (``tui.search.chinese``),
and each pair of neighbouring characters a second word at the same place.

``HanFilter`` follows the tokenizer (whose words are whole clauses of Chinese) and splits
each word at its Han characters, folded.  At the place of a character followed by another
it also puts the pair: a Chinese query is a phrase of pairs (科技企业: 科技 技企 企业),
found from a few short posting lists, where a phrase of single characters made Whoosh
walk the places of every common character (0.6 s for 投资 at 2,400 articles; a pair:
one term).  Pairs join characters that are neighbours in the word stream, punctuation
between them aside, so a phrase of pairs finds exactly what a phrase of characters finds
(the tantivy engine's way: ``tui.search.tantivy``).

``HanStopFilter`` is Whoosh's stop filter with two changes: a word of one letter is kept
if it comes from Chinese text (a character, or the 5 of 5家), where Whoosh drops it and
closes the gap (which made 企业家 match 企业5家); and a pair keeps its character's place.
A text without Han comes out as from Whoosh's own analysers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

from tui.search.chinese import pieces
from tui.text.chinese import fold, is_han

#: A piece of the word stream: (text, start, end, from Chinese text).
_Piece = tuple[str, int, int, bool]


class HanFilter(Filter):
    """Words split at their Han characters, folded, with the pairs of neighbouring
    characters; positions numbered again."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        waiting: _Piece | None = None
        position = -1
        token: Any = None
        for token in tokens:
            if position < 0:
                position = token.pos if token.positions else 0
            for piece in self._pieces(token):
                if waiting is not None:
                    yield from self._emit(token, waiting, piece, position)
                    position += 1
                waiting = piece
        if waiting is not None:
            yield from self._emit(token, waiting, None, position)

    @staticmethod
    def _pieces(token: Any) -> list[_Piece]:
        text = fold(token.text)
        start = token.startchar if token.chars else 0
        if text.isascii():
            return [(text, start, start + len(text), False)]
        split = list(pieces(text))
        chinese = len(split) > 1 or is_han(text)
        return [(piece, start + begin, start + end, chinese) for piece, begin, end in split]

    @staticmethod
    def _emit(token: Any, piece: _Piece, following: _Piece | None, position: int) -> Iterator[Any]:
        """The piece at ``position``, then its pair with the following piece if both are Han."""
        token.text, token.startchar, token.endchar, token.chinese = piece
        token.pos = position
        yield token
        if following is not None and is_han(piece[0]) and is_han(following[0]):
            token.text, token.startchar, token.endchar, token.chinese = (
                piece[0] + following[0],
                piece[1],
                following[2],
                True,
            )
            token.pos = position
            yield token


def is_pair(word: str) -> bool:
    """Whether an analysed word is a pair of Han characters (every Han word of one
    character is a character; a pair is two)."""
    return len(word) == 2 and is_han(word[0])


def phrase_words(placed: Sequence[tuple[int, str]]) -> list[str]:
    """The words a phrase looks for, from a query's analysed words and their places: at each
    place the pair if there is one, else the word; the last character left out if the pair
    before it holds it."""
    words: dict[int, str] = {}
    for position, word in placed:
        if position not in words or is_pair(word):
            words[position] = word
    chosen = [words[position] for position in sorted(words)]
    if len(chosen) > 1 and is_pair(chosen[-2]) and is_han(chosen[-1]):
        chosen.pop()
    return chosen


def characters(words: Sequence[str]) -> list[str]:
    """The words one at each place (``phrase_words`` undone): a pair gives its first
    character, and the last pair its second one too."""
    found = [word[0] if is_pair(word) else word for word in words]
    if words and is_pair(words[-1]):
        found.append(words[-1][1])
    return found


class HanStopFilter(StopFilter):
    """Whoosh's ``StopFilter`` (its code, as of whoosh-reloaded 2.7.5), except that a word
    from Chinese text is long enough whatever its length, and words at one place (a
    character and its pair) keep one place."""

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        position = original = None
        for token in tokens:
            text = token.text
            long_enough = len(text) >= self.min or token.chinese
            if long_enough and (self.max is None or len(text) <= self.max) and text not in self.stops:
                if self.renumber and token.positions:
                    if position is None:
                        position = token.pos
                    elif token.pos != original:
                        position += 1
                    original = token.pos
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
