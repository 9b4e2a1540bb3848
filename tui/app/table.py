"""Long lists of untrusted text in columns: rows made only when drawn, widths that fill the screen.

The review screen and the annotation browser list up to tens of thousands of rows.
Textual's DataTable measures every cell of every row it is given (on idle, to size its
columns): 3 s for 10,000 rows of five columns, even with fixed widths.  ``RowList`` is a
Line API widget (``ScrollView``, as the article viewer is) that asks its owner for a row's
cells only when the row is painted, so showing, sorting or refilling 10,000 rows costs the
same as 20.  Columns have fixed widths, computed from the screen's (``fit_widths``).

Every string goes through ``shown`` (control characters visible, unsteady widths
neutralised) into a Rich ``Text``: a quote such as ``[bold]`` is shown as typed, never read
as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.render import shown
from tui.text.width import cell_width, fit_start

#: Cells between two columns.
GAP = 1


def cell(text: str, style: str | Style = "") -> Text:
    """One line of untrusted text (line breaks flattened), cut with an ellipsis where the column ends."""
    return Text(shown(" ".join(text.split())), style=style, no_wrap=True, overflow="ellipsis", end="")


def in_context(before: str, quote: str, after: str, width: int, quote_style: str | Style) -> Text:
    """``…before quote after…`` in ``width`` cells, the quote styled and in view (its start, if long).

    The text before is cut at its start and the text after at its end, each side getting
    what the quote leaves of the width, so the quote sits near the middle of the cell.
    Widths are cells, so Chinese context (two cells a character) leaves the quote in view
    too.
    """
    flat_quote = shown(" ".join(quote.split()))
    flat_before = shown(" ".join(before.split()))
    flat_after = shown(" ".join(after.split()))
    room = max(0, width - cell_width(flat_quote) - 2)
    keep_before = min(cell_width(flat_before), max(room // 2, room - cell_width(flat_after)))
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(fit_start(flat_before, keep_before) if keep_before else "")
    if text.plain and before[-1:].isspace():
        text.append(" ")
    text.append(flat_quote, quote_style)
    if flat_after and after[:1].isspace():
        text.append(" ")
    text.append(flat_after)
    return text


def fit_widths(total: int, widths: Sequence[int | None], *, least: int = 12) -> list[int]:
    """Column widths for ``total`` cells: fixed ones as given, the ``None`` ones share the rest.

    Room is kept for the gaps between columns and for the scroll bar.
    """
    fixed = sum(width for width in widths if width is not None)
    flexible = sum(1 for width in widths if width is None)
    left = total - fixed - GAP * (len(widths) - 1) - 3
    share = max(least, left // flexible) if flexible else 0
    return [share if width is None else width for width in widths]


def header(labels: Sequence[str], widths: Sequence[int]) -> Text:
    """The column titles, laid out as ``RowList`` lays out the cells."""
    return _line([Text(label, style="bold") for label in labels], widths)


def _line(cells: Sequence[Text], widths: Sequence[int]) -> Text:
    line = Text(no_wrap=True, end="")
    for number, (content, width) in enumerate(zip(cells, widths, strict=False)):
        if number:
            line.append(" " * GAP)
        piece = content.copy()
        piece.truncate(width, overflow="ellipsis", pad=True)
        line.append_text(piece)
    return line


class RowList(ScrollView, can_focus=True):
    """Rows of cells asked for when painted; a cursor row; Enter (or a double click) chooses it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"row-list--cursor"}
    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;
        overflow-y: scroll;
        & > .row-list--cursor { background: $boost; text-style: bold; }
        &:focus > .row-list--cursor { background: $primary 40%; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "ends(False)", "First", show=False),
        Binding("end", "ends(True)", "Last", show=False),
        Binding("enter", "choose", "Choose", show=False),
    ]

    @dataclass
    class Highlighted(Message):
        row_list: RowList
        row: int

    @dataclass
    class Chosen(Message):
        row_list: RowList
        row: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.row_count = 0
        self.cursor_row = 0
        self._cells: Callable[[int], Sequence[Text]] = lambda row: ()
        self._widths: list[int] = []
        self._cache: dict[int, Strip] = {}

    def show(self, count: int, cells: Callable[[int], Sequence[Text]], widths: Sequence[int]) -> None:
        """Show ``count`` rows; ``cells(row)`` makes a row's cells when it is painted."""
        self.row_count = count
        self._cells = cells
        self._widths = list(widths)
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, count)
        self.cursor_row = max(0, min(self.cursor_row, count - 1))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.cursor_row))

    def refresh_row(self, row: int) -> None:
        """Paint a row again (its cells changed)."""
        self._cache.pop(row, None)
        self.refresh()

    def move_cursor(self, row: int) -> None:
        if not self.row_count:
            return
        row = max(0, min(row, self.row_count - 1))
        if row != self.cursor_row:
            self._cache.pop(self.cursor_row, None)
            self._cache.pop(row, None)
            self.cursor_row = row
            self.post_message(self.Highlighted(self, row))
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False)

    # -- keys and the mouse --

    def action_move(self, by: int) -> None:
        self.move_cursor(self.cursor_row + by)

    def action_page(self, by: int) -> None:
        self.move_cursor(self.cursor_row + by * max(1, self.scrollable_content_region.height - 1))

    def action_ends(self, last: bool) -> None:
        self.move_cursor(self.row_count - 1 if last else 0)

    def action_choose(self) -> None:
        if self.row_count:
            self.post_message(self.Chosen(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        row = self.scroll_offset.y + event.y
        if 0 <= row < self.row_count:
            self.move_cursor(row)
            if event.chain >= 2:
                self.action_choose()

    # -- painting --

    def notify_style_update(self) -> None:
        self._cache.clear()
        super().notify_style_update()

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)

    def on_focus(self, event: events.Focus) -> None:
        self._cache.pop(self.cursor_row, None)
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self._cache.pop(self.cursor_row, None)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = self.scroll_offset.y + y
        if row >= self.row_count:
            return Strip.blank(width, base)
        strip = self._cache.get(row)
        if strip is None:
            line = _line(self._cells(row), self._widths)
            style = base
            if row == self.cursor_row:
                # Under the cells' own styles (a tag's tint stays), over the list's background.
                style = base + self.get_component_rich_style("row-list--cursor")
            strip = Strip(list(line.render(self.app.console)), line.cell_len).apply_style(style)
            strip = strip.crop_extend(0, width, style)
            self._cache[row] = strip
        return strip
