"""Chinese text split into words, for search, selection and matching alike.

Chinese is written without spaces, so every part of Glossator that works by words (the
search analysers, the viewer's word motions, tag-all's boundary rule) asks this module
where the words of a run of Han characters are.  One segmenter for all of them keeps
search, selection and tag-all in agreement about what a word is.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: The Han code points (CJK unified ideographs, extensions A-F, compatibility ideographs),
#: as the inside of a character class.
HAN_RANGES = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
#: One Han character.
HAN = f"[{HAN_RANGES}]"
#: A run of Han characters.
HAN_RUN = re.compile(HAN + "+")


def is_han(char: str) -> bool:
    """Whether one character is a Han ideograph (a longer text: whether all of it is Han).

    One character is compared by its code, not with ``HAN_RUN``: the search's analysers
    ask it of every word they make.
    """
    if len(char) != 1:
        return HAN_RUN.fullmatch(char) is not None
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


@cache
def _segmenter() -> Any:
    """jieba's tokenizer, loaded once (its dictionary takes about a second to build)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def word_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the Chinese words in ``text``, in order.

    Only runs of Han characters are segmented; everything else (Latin words, digits,
    punctuation) is left to the caller's own rules and yields no span here.  Traditional
    characters are segmented as their simplified forms (the dictionary's), which keeps
    every offset since folding is one character for one: 國家發改委 splits as 国家/发改委.
    """
    spans: list[tuple[int, int]] = []
    for run in HAN_RUN.finditer(text):
        base = run.start()
        for _word, start, end in _segmenter().tokenize(fold(run.group())):
            spans.append((base + start, base + end))
    return spans


#: One Han character (the ranges of ``HAN_RUN``).
HAN_CHARACTER = re.compile(HAN)
#: The Han ranges whose traditional characters are folded (every one OpenCC maps is in them).
_FOLDED_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
#: Fullwidth digits and Latin letters (U+FF10 to U+FF5A): folded to ASCII.
_FULLWIDTH = (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
#: A character ``fold`` may change: a text without one is returned as it is, without
#: looking up each of its characters (most non-ASCII news in English has none).
_FOLDABLE = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high - 1)}" for low, high in _FOLDED_RANGES) + "\uff10-\uff5a]"
)


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Han character."""
    return HAN_CHARACTER.search(text) is not None


def fold(text: str) -> str:
    """``text`` with traditional characters written as simplified ones and fullwidth digits
    and letters as ASCII: one character for one, so every offset stays right.

    Search and tag-all compare folded text, so 投资 finds 投資 and 瀋陽 finds 沈阳; what is
    shown and stored is never folded.
    """
    if text.isascii() or _FOLDABLE.search(text) is None:
        return text
    return text.translate(_fold_table())


@cache
def _fold_table() -> dict[int, str]:
    """OpenCC's traditional-to-simplified conversion, character by character.

    Each character is converted on its own (one line each), so OpenCC's phrase tables never
    change a neighbour and every mapping is one character to one (checked).
    """
    import opencc

    characters = [chr(code) for low, high in _FOLDED_RANGES for code in range(low, high)]
    converted = opencc.OpenCC("t2s").convert("\n".join(characters)).split("\n")
    table = {
        ord(old): new for old, new in zip(characters, converted, strict=True) if new != old and len(new) == 1
    }
    table.update({code: chr(code - 0xFEE0) for code in _FULLWIDTH})
    return table
