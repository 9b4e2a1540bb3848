"""How many terminal cells a string takes, and strings cut to fit without splitting a character.

Chinese, Japanese and Korean characters take two cells, combining marks none.  Every place
that shortens text to a width (result titles, headers, table cells, CLI columns) cuts by
cells, never by characters, and never between a base letter and its combining marks, so a
wide character is never cut in half and a column of mixed text stays aligned.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Cells one character takes: 2 for wide and full-width, 0 for combining marks, else 1."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Cells ``text`` takes on one line."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def _clusters(text: str) -> list[str]:
    """``text`` as base characters, each with the zero-width marks that follow it."""
    clusters: list[str] = []
    for char in text:
        if clusters and char_width(char) == 0:
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def fit_end(text: str, cells: int, ellipsis: str = ELLIPSIS) -> str:
    """``text`` cut at the end to at most ``cells`` cells, with ``ellipsis`` where it was cut."""
    if cell_width(text) <= cells:
        return text
    room = cells - cell_width(ellipsis)
    if room < 0:
        return ""
    kept: list[str] = []
    used = 0
    for cluster in _clusters(text):
        width = cell_width(cluster)
        if used + width > room:
            break
        kept.append(cluster)
        used += width
    return "".join(kept) + ellipsis


def fit_middle(text: str, cells: int, ellipsis: str = ELLIPSIS) -> str:
    """``text`` cut in the middle to at most ``cells`` cells: its start and its end both kept.

    For items that differ at the end (ids, file names, titles of a series), which a cut at
    the end would make look alike.
    """
    if cell_width(text) <= cells:
        return text
    room = cells - cell_width(ellipsis)
    if room <= 0:
        return fit_end(text, cells, ellipsis)
    clusters = _clusters(text)
    head_room = (room + 1) // 2
    head: list[str] = []
    used = 0
    for cluster in clusters:
        if used + cell_width(cluster) > head_room:
            break
        head.append(cluster)
        used += cell_width(cluster)
    tail: list[str] = []
    tail_room = room - used
    used = 0
    for cluster in reversed(clusters[len(head) :]):
        if used + cell_width(cluster) > tail_room:
            break
        tail.append(cluster)
        used += cell_width(cluster)
    return "".join(head) + ellipsis + "".join(reversed(tail))


def fit_start(text: str, cells: int, ellipsis: str = ELLIPSIS) -> str:
    """``text`` cut at the start to at most ``cells`` cells: its end kept, ``ellipsis`` before it.

    For the text just before a quote, whose end is what leads into the quote.
    """
    if cell_width(text) <= cells:
        return text
    room = cells - cell_width(ellipsis)
    if room < 0:
        return ""
    kept: list[str] = []
    used = 0
    for cluster in reversed(_clusters(text)):
        width = cell_width(cluster)
        if used + width > room:
            break
        kept.append(cluster)
        used += width
    return ellipsis + "".join(reversed(kept))


def pad_end(text: str, cells: int) -> str:
    """``text`` with spaces after it up to ``cells`` cells (``str.ljust`` counting cells), for columns."""
    return text + " " * max(0, cells - cell_width(text))
