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

#: A run of Han characters (CJK unified ideographs, extensions A-F, compatibility ideographs).
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")


def is_han(char: str) -> bool:
    """Whether one character is a Han ideograph."""
    return HAN_RUN.fullmatch(char) is not None


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
    punctuation) is left to the caller's own rules and yields no span here.
    """
    spans: list[tuple[int, int]] = []
    for run in HAN_RUN.finditer(text):
        base = run.start()
        for _word, start, end in _segmenter().tokenize(run.group()):
            spans.append((base + start, base + end))
    return spans
