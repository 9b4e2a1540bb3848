"""Where words start and end in mixed Latin and Chinese text, for moving and selecting.

A word is what vim's ``w`` stops at: a Latin word (letters and digits, with inner
apostrophes, hyphens and decimal points: ``China's``, ``start-ups``, ``2.53``), a run of
punctuation, or a Chinese word.  Chinese has no spaces, so a run of Han characters is
split into words by the segmenter that search and tag-all use (``tui.text.chinese``):
``v`` on 政 in 黑龙江省政府出台新政策 selects 黑龙江省政府, as a search for it finds it.

Only the text around the offset asked about is split, so each call costs the same in a
short article and in one that is a single 2 MB line.
"""

from __future__ import annotations

import re

from tui.text.chinese import HAN, HAN_RANGES, word_spans

#: A word character that is not Han: Latin, Cyrillic, digits, kana...  One character class
#: (not a word character, nor Han, negated), twice as fast as ``(?!HAN)\w`` per letter.
LETTER = rf"[^\W{HAN_RANGES}]"
#: A Latin word, a run of Han characters (split further into words), or a run of punctuation.
_PIECE = re.compile(rf"(?P<latin>{LETTER}+(?:['\u2019.,-]{LETTER}+)*)|(?P<han>{HAN}+)|[^\w\s]+")
_HAN_CHARACTER = re.compile(HAN)
_OTHER_LETTER = re.compile(LETTER)
#: How far around an offset the text is split at first (doubled while that is not enough).
_REACH = 128
#: Beyond this reach a piece cut by the window is used as it is (a 2 MB run of Han characters).
_MAX_REACH = 8192

Span = tuple[int, int]


def _words(text: str, low: int, high: int, *, keep_cut: bool) -> list[Span]:
    """The words of ``text[low:high]`` that are whole (all of them with ``keep_cut``).

    A piece (a Latin word, a Han run) that touches a window edge inside the text may go on
    beyond it, and a Han run cut there may be split otherwise: its words are left out
    unless the caller's window is already as wide as it gets.
    """
    pieces = list(_PIECE.finditer(text, low, high))
    cut_low = bool(pieces) and low > 0 and pieces[0].start() == low
    cut_high = bool(pieces) and high < len(text) and pieces[-1].end() == high
    words: list[Span] = []
    for number, piece in enumerate(pieces):
        cut = (number == 0 and cut_low) or (number == len(pieces) - 1 and cut_high)
        if cut and not keep_cut:
            continue
        if piece.group("han") is None:
            words.append(piece.span())
        else:
            base = piece.start()
            words += [(base + start, base + end) for start, end in word_spans(piece.group())]
    return words


def _around(text: str, offset: int) -> list[Span]:
    """Words near ``offset``: enough that the words on both sides of it are whole (if any).

    With a whole word starting before ``offset`` and one starting after it, the word
    ``offset`` is in lies between them, away from the cut edges, so it is whole too.
    """
    reach = _REACH
    while True:
        low, high = max(0, offset - reach), min(len(text), offset + reach)
        last = reach >= _MAX_REACH
        words = _words(text, low, high, keep_cut=last)
        enough_before = low == 0 or any(start < offset for start, _ in words)
        enough_after = high == len(text) or any(start > offset for start, _ in words)
        if (enough_before and enough_after) or last:
            return words
        reach *= 2


def words(text: str) -> list[Span]:
    """Every word of ``text`` (Latin and Chinese words, not punctuation), in order."""
    return [(start, end) for start, end in _words(text, 0, len(text), keep_cut=True) if text[start].isalnum()]


def mostly_chinese(text: str) -> bool:
    """Whether ``text`` has more Han characters than other letters and digits."""
    han = sum(1 for _ in _HAN_CHARACTER.finditer(text))
    return han > sum(1 for _ in _OTHER_LETTER.finditer(text))


def warm_up() -> None:
    """Load the Chinese segmenter now (about a second, once), off the event loop, before the
    first motion needs it."""
    word_spans("中文")


def next_word_start(text: str, offset: int) -> int:
    """Where the next word after the one at ``offset`` starts (vim's ``w``); the end of the text if none."""
    words = _around(text, offset)
    return next((start for start, _ in words if start > offset), len(text))


def word_end(text: str, offset: int) -> int:
    """The end of the word at or after ``offset`` (ctrl+→)."""
    words = _around(text, offset)
    return next((end for _, end in words if end > offset), len(text))


def previous_word_start(text: str, offset: int) -> int:
    """Where the word before ``offset`` starts, or the one ``offset`` is inside (vim's ``b``)."""
    words = _around(text, offset)
    return next((start for start, _ in reversed(words) if start < offset), 0)


def word_at(text: str, offset: int) -> Span | None:
    """The word (letters, digits or a Chinese word, not punctuation) under ``offset``, or just before it."""
    words = _around(text, offset)
    for position in (offset, offset - 1):
        for start, end in words:
            if start <= position < end and text[start].isalnum():
                return start, end
    return None
