"""The article text laid out in screen rows: soft wrapping and cell columns.

Pure functions over strings (no Textual), so the slow part of showing an article (wrapping
a 20 MB text) can run in a worker thread, and so the rules are easy to test.

A *row* is a range ``[start, end)`` of article offsets shown on one screen line; a line
break character is never part of a row.  Widths are counted in terminal cells the way Rich
counts them when the row is painted (wide CJK characters are two cells, a tab reaches the
next multiple of ``TAB_SIZE`` from the start of its row), so a row never needs more cells
than it was given.  Rows break after spaces, and between CJK characters (which have no
spaces to break at) but never before closing punctuation; a word longer than the row is
cut.  (Where words start and end, for moving and selecting, is ``tui.text.words``.)  Each
row costs the same to lay out and to paint however long its logical line is: an article that
is one 2 MB line is as fast as one with many short lines.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import get_character_cell_size

TAB_SIZE = 4
ZWJ = "\u200d"
ZWNJ = "\u200c"
VS16 = "\ufe0f"

#: Characters a row of CJK text never starts with: closing punctuation (full-width comma,
#: full stop, enumeration comma, semicolon, colon, question and exclamation marks, closing
#: brackets and quotes, ellipsis, dash, middle dot) and its ASCII forms.
NO_ROW_START = frozenset(
    "\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\uff09\u300d\u300f\u201d\u2019\u300b\u3009\u3011\u3015\u2026\u2014\u00b7"
    ",.;:?!)]}%"
)
#: Characters a row never ends with: opening brackets and quotes.
NO_ROW_END = frozenset("\uff08\u300c\u300e\u201c\u2018\u300a\u3008\u3010\u3014([{")

#: Pictographic characters (emoji and symbols) next to which a joiner or presentation
#: selector changes how many cells a terminal draws.
_PICTOGRAPHIC = r"\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_UNSTEADY = re.compile(
    rf"(?<=[{_PICTOGRAPHIC}]){ZWJ}|{ZWJ}(?=[{_PICTOGRAPHIC}])|{VS16}|[\U0001f3fb-\U0001f3ff]"
)


def steady(text: str) -> str:
    """``text`` with the characters whose width terminals disagree on made zero-width, one for one.

    A zero-width joiner between emoji (👩‍💻) is drawn as one glyph by some terminals and
    as two by others (tmux 3.3), a variation selector widens the symbol before it in some,
    and a skin-tone modifier merges with the emoji before it.  Rich cannot know which, so a
    row measured as 2 cells may take 4 and push everything after it on that screen line
    (the column divider, the scroll bar) sideways.  Each such character becomes a
    zero-width non-joiner, which every terminal draws as nothing, so the emoji are shown
    one by one and every width is the one measured.  Joiners inside words (Persian, Indic
    scripts) are kept.  One character for one, so offsets into ``text`` stay valid.
    """
    if text.isascii():
        return text
    return _UNSTEADY.sub(ZWNJ, text)


def char_cells(character: str, column: int) -> int:
    """Cells ``character`` takes when it starts at ``column`` of its row."""
    if character == "\t":
        return TAB_SIZE - column % TAB_SIZE
    return get_character_cell_size(character)


def cell_columns(text: str) -> list[int]:
    """The cell column where each character of a row starts, plus the row's width at the end."""
    columns = [0]
    column = 0
    if text.isascii() and "\t" not in text:
        return list(range(len(text) + 1))
    after_joiner = False
    for character in text:
        if after_joiner:
            after_joiner = False  # Rich draws the character after a joiner as part of the one before
        else:
            column += char_cells(character, column)
        after_joiner = character == ZWJ
        columns.append(column)
    return columns


@dataclass(frozen=True)
class Rows:
    """Where each screen row of a text starts and ends (article offsets), for one width."""

    starts: array[int]
    ends: array[int]
    width: int

    def __len__(self) -> int:
        return len(self.starts)

    def row_of(self, offset: int) -> int:
        """The row showing ``offset`` (a wrapped row's end is shown at the next row's start)."""
        return max(0, bisect_right(self.starts, offset) - 1)


def wrap(text: str, width: int) -> Rows:
    """Lay ``text`` out in rows of at most ``width`` cells (trailing spaces may hang over)."""
    width = max(1, width)
    starts: array[int] = array("q")
    ends: array[int] = array("q")
    offset = 0
    for line in text.split("\n"):
        if len(line) <= width and (line.isascii() or _fits(line, width)) and "\t" not in line:
            starts.append(offset)
            ends.append(offset + len(line))
        elif line.isascii() and "\t" not in line:
            _wrap_simple(line, offset, width, starts, ends)
        else:
            _wrap_cells(line, offset, width, starts, ends)
        offset += len(line) + 1
    return Rows(starts, ends, width)


def _fits(line: str, width: int) -> bool:
    return cell_columns(line)[-1] <= width


def _wrap_simple(line: str, base: int, width: int, starts: array[int], ends: array[int]) -> None:
    """Rows of a line of printable ASCII: one character, one cell."""
    start = 0
    length = len(line)
    while length - start > width:
        space = line.rfind(" ", start, start + width + 1)
        end = space + 1 if space > start else start + width
        while end < length and line[end] == " ":
            end += 1  # spaces hang at the end of the row
        starts.append(base + start)
        ends.append(base + end)
        start = end
    if start < length or not length:
        starts.append(base + start)
        ends.append(base + length)


def _wrap_cells(line: str, base: int, width: int, starts: array[int], ends: array[int]) -> None:
    """Rows of any other line, measured character by character.

    A row may also break without a space next to a wide (CJK) character, as Chinese and
    Japanese break, but never before closing punctuation (a comma, a full stop, a closing
    quote) nor after opening punctuation.
    """
    length = len(line)
    start = 0
    while True:
        column = 0
        index = start
        breakable = -1
        after_joiner = False
        after_wide = False
        while index < length:
            character = line[index]
            cells = 0 if after_joiner else char_cells(character, column)
            after_joiner = character == ZWJ
            if character in " \t":
                column += cells
                index += 1
                breakable = index
                after_wide = False
                continue
            wide = cells == 2
            if (
                (wide or after_wide)
                and index > start
                and character not in NO_ROW_START
                and line[index - 1] not in NO_ROW_END
            ):
                breakable = index
            after_wide = wide
            if column + cells > width and index > start:
                break
            column += cells
            index += 1
        if index >= length:
            starts.append(base + start)
            ends.append(base + length)
            return
        end = breakable if breakable > start else index
        starts.append(base + start)
        ends.append(base + end)
        start = end


def offset_at_column(row_text: str, column: int) -> int:
    """The index in ``row_text`` of the character drawn at cell ``column`` (or its end)."""
    columns = cell_columns(row_text)
    index = bisect_right(columns, column) - 1
    return max(0, min(index, len(row_text)))
