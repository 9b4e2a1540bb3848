"""The article viewer: the whole text, read-only, with a cursor, a selection, spans and hits.

A Line API widget (``ScrollView``): the text is laid out in screen rows once per width
(``tui.app.text_layout``, in a worker for a new article), and each painted screen line
costs the same whatever the length of the article or of its lines.  The cursor and the
selection are article offsets (code points), so what the user selects is exactly what is
tagged.  Annotated spans and search hits are kept in buckets of the text, so painting a
row only looks at the spans near it: a 1 MB article with thousands of annotations, or one
that is a single 2 MB line, costs the same per keypress as a short one.

The text shown is the article text with control characters made visible one for one
(``tui.text.safe``) and characters of unsteady width neutralised (``text_layout.steady``),
so offsets into it are offsets into the article.

A suggestion (``status = "suggested"``) is painted in its own style (``TagLooks.
suggested_style``: underlined, the tag's colour, no tint).  ``set_marks`` paints ranges in
named styles instead of the annotations (comparison mode paints two annotators' spans by
how they compare); the annotations stay what the keys work on.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from tui.annotations.model import SUGGESTED, Annotation
from tui.app.tags import TagLooks, is_ansi
from tui.app.text_layout import (
    Rows,
    cell_columns,
    offset_at_column,
    steady,
    wrap,
)
from tui.text.chinese import HAN_RUN
from tui.text.safe import visible
from tui.text.words import next_word_start, previous_word_start, warm_up, word_at, word_end

#: Search hits: underlined text in the accent colour (no background, so they never look like a tag).
HIT_STYLE = "bold underline $text-accent"
#: Where a sentence ends: a full stop with a space after it, or a Chinese full stop,
#: exclamation or question mark with or without one (Chinese puts no space between
#: sentences), or a blank line.
SENTENCE_END = re.compile(
    r"[.!?][\"'\u201d\u2019)\]]*(?=\s|$)|[\u3002\uff01\uff1f][\u201d\u2019\u300d\u300f\uff09]*|\n\s*\n"
)
#: Spans and hits are looked up by the bucket of text they touch.
BUCKET = 512
#: A range of the text painted in a named style instead of the annotations (comparison mode).
Mark = tuple[int, int, str]


@dataclass(frozen=True)
class PreparedArticle:
    """An article laid out for display, ready to be shown at once."""

    text: str
    shown: str
    rows: Rows


def prepare_article(text: str, width: int) -> PreparedArticle:
    """Do the slow part of showing ``text``: make it safe to show and lay it out (thread-safe).

    For a Chinese text, the word segmenter is loaded here too (its dictionary takes about a
    second), so that the first ``w`` or ``v`` does not freeze the viewer.
    """
    shown = steady(visible(text, keep_layout=True))
    if HAN_RUN.search(text, 0, 10_000):
        warm_up()
    return PreparedArticle(text, shown, wrap(shown, max(1, width)))


class _Buckets:
    """Ranges of the text, found by the buckets of ``BUCKET`` characters they touch."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        self.ranges = ranges
        self.buckets: dict[int, list[int]] = {}
        for number, (start, end) in enumerate(ranges):
            for bucket in range(start // BUCKET, max(start, end - 1) // BUCKET + 1):
                self.buckets.setdefault(bucket, []).append(number)

    def touching(self, start: int, end: int) -> list[int]:
        """Numbers of the ranges that overlap ``[start, end)`` (or contain ``start`` when empty)."""
        found: set[int] = set()
        for bucket in range(start // BUCKET, max(start, end - 1) // BUCKET + 1):
            found.update(self.buckets.get(bucket, ()))
        ranges = self.ranges
        return sorted(n for n in found if ranges[n][0] < max(end, start + 1) and ranges[n][1] > start)


class ArticleView(ScrollView, can_focus=True):
    """Shows one article; offsets in and out are article offsets (code points)."""

    ALLOW_SELECT = False  # the view selects text itself, as article offsets

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--cursor",
        "article-view--cursor-unfocused",
        "article-view--selection",
    }

    DEFAULT_CSS = """
    ArticleView {
        height: 1fr;
        padding: 0 1 0 1;
        background: $surface;
        color: $foreground;
        border-left: tall $surface-lighten-1;
        overflow-x: hidden;
        /* Always there, so the width the text is laid out for does not change under it. */
        overflow-y: scroll;
        &:focus { border-left: tall $primary; }
        /* The theme's text colour as the background: unlike every tag colour, in every theme. */
        & > .article-view--selection { background: $foreground; color: $background; }
        & > .article-view--cursor { background: $accent; color: $background; text-style: bold; }
        & > .article-view--cursor-unfocused { text-style: underline; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up a line", show=False, id="viewer.up"),
        Binding("down,j", "cursor_down", "Down a line", show=False, id="viewer.down"),
        Binding("left,h", "cursor_left", "Left", show=False, id="viewer.left"),
        Binding("right,l", "cursor_right", "Right", show=False, id="viewer.right"),
        Binding("w", "next_word", "Start of the next word", show=False, id="viewer.next_word"),
        Binding(
            "b,ctrl+left",
            "previous_word",
            "Start of the word (or the one before)",
            show=False,
            id="viewer.previous_word",
        ),
        Binding("ctrl+right", "word_end", "End of the word", show=False, id="viewer.word_end"),
        Binding("home", "line_start", "Start of the screen line", show=False, id="viewer.line_start"),
        Binding("end", "line_end", "End of the screen line", show=False, id="viewer.line_end"),
        Binding("pageup", "page_up", "Page up", show=False, id="viewer.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="viewer.page_down"),
        Binding("g,ctrl+home", "document_start", "Top of the article", show=False, id="viewer.top"),
        Binding("G,ctrl+end", "document_end", "End of the article", show=False, id="viewer.bottom"),
        Binding("shift+up", "cursor_up(True)", "Select up", show=False, id="viewer.select_up"),
        Binding("shift+down", "cursor_down(True)", "Select down", show=False, id="viewer.select_down"),
        Binding("shift+left", "cursor_left(True)", "Select left", show=False, id="viewer.select_left"),
        Binding("shift+right", "cursor_right(True)", "Select right", show=False, id="viewer.select_right"),
        Binding(
            "ctrl+shift+left",
            "previous_word(True)",
            "Select to the word's start",
            show=False,
            id="viewer.select_previous_word",
        ),
        Binding(
            "ctrl+shift+right",
            "word_end(True)",
            "Select to the word's end",
            show=False,
            id="viewer.select_word_end",
        ),
        Binding(
            "shift+home",
            "line_start(True)",
            "Select to the line's start",
            show=False,
            id="viewer.select_line_start",
        ),
        Binding(
            "shift+end", "line_end(True)", "Select to the line's end", show=False, id="viewer.select_line_end"
        ),
        Binding("shift+pageup", "page_up(True)", "Select a page up", show=False, id="viewer.select_page_up"),
        Binding(
            "shift+pagedown",
            "page_down(True)",
            "Select a page down",
            show=False,
            id="viewer.select_page_down",
        ),
        Binding("v", "select_word", "Select the word", show=False, id="viewer.select_word"),
        Binding("V", "select_sentence", "Select the sentence", show=False, id="viewer.select_sentence"),
        Binding("escape", "clear_selection", "Clear the selection", show=False, id="viewer.clear_selection"),
        Binding("right_square_bracket", "next_annotation", "Next annotation", show=False, id="viewer.next"),
        Binding(
            "left_square_bracket",
            "previous_annotation",
            "Previous annotation",
            show=False,
            id="viewer.previous",
        ),
        Binding("greater_than_sign,f3", "next_hit", "Next search hit", show=False, id="viewer.next_hit"),
        Binding(
            "less_than_sign,shift+f3",
            "previous_hit",
            "Previous search hit",
            show=False,
            id="viewer.previous_hit",
        ),
        Binding("ctrl+c", "copy", "Copy the selection", show=False, id="viewer.copy"),
    ]

    @dataclass
    class CursorMoved(Message):
        """The cursor (or the selection) moved; ``offset`` is the cursor's article offset."""

        view: ArticleView
        offset: int

    def __init__(self, looks: TagLooks | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.looks = looks or TagLooks.default()
        self.source = ""
        self._shown = ""
        self._rows = wrap("", 1)
        self.cursor = 0
        self._anchor = 0
        self._goal_column: int | None = None
        self._dragging = False
        self._annotations: tuple[Annotation, ...] = ()
        self._spans = _Buckets([])
        self._starts: list[int] = []
        self._hits: list[tuple[int, int]] = []
        self._hit_buckets = _Buckets([])
        self._styles: dict[str, Style] = {}
        self._row_cache: dict[int, Text] = {}
        #: When set, these ranges are painted instead of the annotations (see ``set_marks``).
        self._marks: tuple[Mark, ...] | None = None
        self._mark_buckets = _Buckets([])
        self._mark_styles: dict[str, str] = {}

    # -- content --

    @property
    def text(self) -> str:
        """The text as shown (control characters made visible), one character per article character."""
        return self._shown

    @property
    def wrap_width(self) -> int:
        """How many cells a row of text may take (one more is kept for the cursor at a row's end)."""
        return max(1, self.scrollable_content_region.width - 1)

    def show_article(self, article: PreparedArticle | str) -> None:
        """Replace the shown article (cursor to the top, spans and hits cleared)."""
        prepared = prepare_article(article, self.wrap_width) if isinstance(article, str) else article
        self.source = prepared.text
        self._shown = prepared.shown
        self._rows = prepared.rows
        self._annotations = ()
        self._spans = _Buckets([])
        self._starts = []
        self._hits = []
        self._hit_buckets = _Buckets([])
        self.cursor = self._anchor = 0
        self._goal_column = None
        if prepared.rows.width != self.wrap_width and self.size.width:
            self._rows = wrap(self._shown, self.wrap_width)
        self._relayout()
        self.scroll_to(y=0, animate=False)
        self._cursor_changed()

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        self._annotations = tuple(a for a in annotations if a.matches(self.source))
        self._spans = _Buckets([(a.start, a.end) for a in self._annotations])
        self._starts = sorted({a.start for a in self._annotations})
        self._repaint()

    def set_marks(self, marks: Sequence[Mark] | None, styles: Mapping[str, str] | None = None) -> None:
        """Paint ``marks`` (start, end, style name) instead of the annotations; None paints annotations again.

        ``styles`` names each style as a Textual style string (theme variables resolve when
        painted).  The annotations stay what the cursor keys and edits work on.
        """
        self._marks = None if marks is None else tuple(marks)
        self._mark_buckets = _Buckets([(start, end) for start, end, _ in self._marks or ()])
        if styles is not None:
            self._mark_styles = dict(styles)
        self._styles = {}
        self._repaint()

    @property
    def marking(self) -> bool:
        """Whether marks are painted instead of the annotations."""
        return self._marks is not None

    def set_hits(self, hits: Sequence[tuple[int, int]]) -> None:
        self._hits = sorted(hits)
        self._hit_buckets = _Buckets(self._hits)
        self._repaint()

    def annotations_at(self, offset: int) -> list[Annotation]:
        """The shown annotations covering ``offset``, innermost (shortest) first."""
        covering = [self._annotations[n] for n in self._spans.touching(offset, offset + 1)]
        return sorted(covering, key=lambda a: (a.end - a.start, -a.start, a.id))

    # -- offsets and rows --

    @property
    def cursor_offset(self) -> int:
        return self.cursor

    @property
    def selected_range(self) -> tuple[int, int] | None:
        """The selection as article offsets (start < end), or None without a selection."""
        start, end = sorted((self._anchor, self.cursor))
        return (start, end) if start < end else None

    @property
    def selected_text(self) -> str:
        selected = self.selected_range
        return self.source[selected[0] : selected[1]] if selected else ""

    def select_range(self, start: int, end: int) -> None:
        length = len(self.source)
        self._anchor = max(0, min(start, length))
        self._move(end, select=True)

    def move_to(self, offset: int) -> None:
        """Put the cursor at an article offset and centre it."""
        self._move(offset, center=True)
        self.call_after_refresh(self._scroll_cursor_visible, True)

    def _row_text(self, row: int) -> str:
        return self._shown[self._rows.starts[row] : self._rows.ends[row]]

    def _row_last(self, row: int) -> int:
        """The last offset the cursor can take on ``row`` (a wrapped row's end is the next row's start)."""
        rows = self._rows
        end = rows.ends[row]
        if row + 1 < len(rows) and rows.starts[row + 1] == end:
            return max(rows.starts[row], end - 1)
        return end

    def _column_of(self, offset: int) -> tuple[int, int]:
        """(row, cell column) where ``offset`` is drawn."""
        row = self._rows.row_of(offset)
        start = self._rows.starts[row]
        columns = cell_columns(self._row_text(row))
        return row, columns[min(offset - start, len(columns) - 1)]

    def _offset_at(self, row: int, column: int) -> int:
        row = max(0, min(row, len(self._rows) - 1))
        start = self._rows.starts[row]
        return min(start + offset_at_column(self._row_text(row), column), self._row_last(row))

    @property
    def cursor_screen_offset(self) -> Offset:
        """Where the cursor is drawn on the screen."""
        row, column = self._column_of(self.cursor)
        region = self.scrollable_content_region
        return Offset(region.x + column, region.y + row - self.scroll_offset.y)

    # -- moving --

    def _move(
        self, offset: int, *, select: bool = False, center: bool = False, keep_goal: bool = False
    ) -> None:
        offset = max(0, min(offset, len(self.source)))
        if not keep_goal:
            self._goal_column = None
        changed = offset != self.cursor or (not select and self._anchor != offset)
        self.cursor = offset
        if not select:
            self._anchor = offset
        self._scroll_cursor_visible(center)
        if changed:
            self._cursor_changed()

    def _cursor_changed(self) -> None:
        self.refresh()
        self.post_message(self.CursorMoved(self, self.cursor))

    def _scroll_cursor_visible(self, center: bool = False) -> None:
        row = self._rows.row_of(self.cursor)
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if center and not top <= row < top + height - 1:
            self.scroll_to(y=max(0, row - height // 2), animate=False)
        elif row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    def _vertical(self, rows: int, select: bool) -> None:
        row, column = self._column_of(self.cursor)
        goal = column if self._goal_column is None else self._goal_column
        target = max(0, min(row + rows, len(self._rows) - 1))
        if target == row:
            offset = self._rows.starts[row] if rows < 0 else self._row_last(row)
            self._move(offset, select=select)
            return
        self._move(self._offset_at(target, goal), select=select, keep_goal=True)
        self._goal_column = goal

    def action_cursor_up(self, select: bool = False) -> None:
        self._vertical(-1, select)

    def action_cursor_down(self, select: bool = False) -> None:
        self._vertical(1, select)

    def action_cursor_left(self, select: bool = False) -> None:
        selected = self.selected_range
        if selected and not select:
            self._move(selected[0])
        else:
            self._move(self.cursor - 1, select=select)

    def action_cursor_right(self, select: bool = False) -> None:
        selected = self.selected_range
        if selected and not select:
            self._move(selected[1])
        else:
            self._move(self.cursor + 1, select=select)

    def action_next_word(self, select: bool = False) -> None:
        self._move(next_word_start(self.source, self.cursor), select=select)

    def action_previous_word(self, select: bool = False) -> None:
        self._move(previous_word_start(self.source, self.cursor), select=select)

    def action_word_end(self, select: bool = False) -> None:
        self._move(word_end(self.source, self.cursor), select=select)

    def action_line_start(self, select: bool = False) -> None:
        self._move(self._rows.starts[self._rows.row_of(self.cursor)], select=select)

    def action_line_end(self, select: bool = False) -> None:
        self._move(self._row_last(self._rows.row_of(self.cursor)), select=select)

    def action_page_up(self, select: bool = False) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=max(0, self.scroll_offset.y - height), animate=False)
        self._vertical(-height, select)

    def action_page_down(self, select: bool = False) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_offset.y + height, animate=False)
        self._vertical(height, select)

    def action_document_start(self) -> None:
        self._move(0)

    def action_document_end(self) -> None:
        self._move(len(self.source))

    def action_clear_selection(self) -> None:
        self._move(self.cursor)

    def action_select_word(self) -> None:
        found = word_at(self.source, self.cursor)
        if found is not None:
            self.select_range(*found)

    def action_select_sentence(self) -> None:
        offset = self.cursor
        text = self.source
        start = 0
        for match in SENTENCE_END.finditer(text, max(0, offset - 5000), offset):
            start = match.end()
        following = SENTENCE_END.search(text, offset)
        end = following.end() if following else len(text)
        if following and following.group().startswith("\n"):
            end = following.start()
        paragraph_start = text.rfind("\n", 0, offset) + 1
        start = max(start, paragraph_start)
        line_end = text.find("\n", offset)
        if line_end != -1:
            end = min(end, line_end)
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            self.select_range(start, end)

    def action_copy(self) -> None:
        if self.selected_text:
            self.app.copy_to_clipboard(self.selected_text)

    def action_next_annotation(self) -> None:
        self._jump(self._starts, forward=True, what="annotation")

    def action_previous_annotation(self) -> None:
        self._jump(self._starts, forward=False, what="annotation")

    def action_next_hit(self) -> None:
        self._jump([start for start, _ in self._hits], forward=True, what="search hit")

    def action_previous_hit(self) -> None:
        self._jump([start for start, _ in self._hits], forward=False, what="search hit")

    def _jump(self, starts: list[int], *, forward: bool, what: str) -> None:
        if not self.source:
            self.notify("Open an article first: search on the left and press Enter", severity="warning")
            return
        if not starts:
            self.notify(f"No {what}s in this article", severity="warning")
            return
        offset = self.cursor
        if forward:
            index = bisect_right(starts, offset)
            target = starts[index] if index < len(starts) else starts[0]
        else:
            index = bisect_left(starts, offset) - 1
            target = starts[index] if index >= 0 else starts[-1]
        self.move_to(target)

    # -- the mouse --

    def _offset_under(self, event: events.MouseEvent) -> int:
        position = event.get_content_offset_capture(self)
        row = self.scroll_offset.y + position.y
        if row >= len(self._rows):
            return len(self.source)
        return self._offset_at(max(0, row), max(0, position.x))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        self.focus()
        self._dragging = True
        self.capture_mouse()
        self._move(self._offset_under(event), select=event.shift)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        position = event.get_content_offset_capture(self)
        height = self.scrollable_content_region.height
        if position.y < 0:
            self.scroll_to(y=max(0, self.scroll_offset.y - 1), animate=False)
        elif position.y >= height:
            self.scroll_to(y=self.scroll_offset.y + 1, animate=False)
        self._move(self._offset_under(event), select=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        if event.chain == 2:
            self.action_select_word()
        elif event.chain >= 3:
            self.action_select_sentence()

    # -- layout --

    def on_resize(self, event: events.Resize) -> None:
        if self._rows.width != self.wrap_width and self.source:
            self._rows = wrap(self._shown, self.wrap_width)
            self._relayout()
            self._scroll_cursor_visible(center=True)

    def _relayout(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows))
        self._repaint()

    # -- painting --

    def notify_style_update(self) -> None:
        self._styles = {}
        self._row_cache.clear()
        super().notify_style_update()

    def _repaint(self) -> None:
        self._row_cache.clear()
        self.refresh()

    def look(self, name: str) -> Style:
        """How ``name`` is painted: a tag, ``suggested:TAG``, ``mark:KIND``, ``hit``, ``selection``..."""
        return self._style(name)

    def painted_line(self, offset: int) -> Text:
        """The screen line holding ``offset`` as painted with its tags, marks and hits."""
        return self._painted_row(self._rows.row_of(offset))

    def _style(self, name: str) -> Style:
        """The style of a tag (by name), of overlaps, search hits, the cursor and the selection."""
        if not self._styles:
            variables = self.app.theme_variables
            for tag in self.looks.tags:
                self._styles[tag] = self.looks.rich_style(tag, variables)
                self._styles[f"suggested:{tag}"] = self.looks.rich_style(tag, variables, suggested=True)
            for mark, look in self._mark_styles.items():
                self._styles[f"mark:{mark}"] = VisualStyle.parse(look, variables).rich_style
            self._styles["overlap"] = Style(underline=True, bold=True)
            self._styles["hit"] = VisualStyle.parse(HIT_STYLE, variables).rich_style
            if is_ansi(variables):
                # The terminal's own colours: no colour is sure to differ from a tag's, reversing is.
                self._styles["selection"] = Style(reverse=True)
                self._styles["cursor"] = Style(reverse=True, bold=True, underline=True)
            else:
                self._styles["selection"] = self.get_component_rich_style("article-view--selection")
                self._styles["cursor"] = self.get_component_rich_style("article-view--cursor")
            self._styles["cursor-unfocused"] = self.get_component_rich_style(
                "article-view--cursor-unfocused", partial=True
            )
        return self._styles.get(name) or self._styles["overlap"]

    def _painted_row(self, row: int) -> Text:
        """A row with its spans and hits (cached until they change); selection and cursor come later."""
        cached = self._row_cache.get(row)
        if cached is None:
            start, end = self._rows.starts[row], self._rows.ends[row]
            cached = Text(self._shown[start:end], end="", no_wrap=True)
            if self._marks is None:
                pieces = [
                    (a.start, a.end, f"suggested:{a.tag}" if a.status == SUGGESTED else a.tag)
                    for a in (self._annotations[n] for n in self._spans.touching(start, end))
                ]
            else:
                marks = self._marks
                pieces = [
                    (marks[n][0], marks[n][1], f"mark:{marks[n][2]}")
                    for n in self._mark_buckets.touching(start, end)
                ]
            clipped = [(max(a, start) - start, min(b, end) - start, name, b - a) for a, b, name in pieces]
            # Longest first, so nested (shorter) spans paint over the ones around them.
            for piece_start, piece_end, name, _ in sorted(clipped, key=lambda p: -p[3]):
                cached.stylize(self._style(name), piece_start, piece_end)
            for piece_start, piece_end in _overlaps([(a, b) for a, b, _, _ in clipped]):
                cached.stylize(self._style("overlap"), piece_start, piece_end)
            for number in self._hit_buckets.touching(start, end):
                hit_start, hit_end = self._hits[number]
                cached.stylize(self._style("hit"), max(hit_start, start) - start, min(hit_end, end) - start)
            self._row_cache[row] = cached
        return cached

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = self.scroll_offset.y + y
        if row >= len(self._rows) or not self.source:
            return Strip.blank(width, base)
        text = self._painted_row(row).copy()
        start, end = self._rows.starts[row], self._rows.ends[row]
        selected = self.selected_range
        if selected is not None and selected[0] <= end and selected[1] > start:
            text.stylize(
                self._style("selection"), max(selected[0], start) - start, min(selected[1], end) - start
            )
            if selected[1] > end and end < len(self.source) and self.source[end] == "\n":
                text.append(" ", self._style("selection"))  # the line break is selected too
        if self._rows.row_of(self.cursor) == row:
            cursor = self._style("cursor" if self.has_focus else "cursor-unfocused")
            column = self.cursor - start
            if column < len(text):
                text.stylize(cursor, column, column + 1)
            else:
                text.append(" ", cursor)
        if "\t" in text.plain:
            text.expand_tabs(4)
        segments = list(text.render(self.app.console))
        strip = Strip(segments, text.cell_len).apply_style(base)
        return strip.crop_extend(0, width, base)

    def on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self.refresh()


def _overlaps(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Column ranges covered by two or more spans (underlined so overlaps stay visible)."""
    spans = list(spans)
    if len(spans) < 2:
        return []
    # Ends sort before starts at the same column, so spans that only touch do not overlap.
    events_ = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    ranges: list[tuple[int, int]] = []
    depth = last = 0
    for position, step in events_:
        if depth >= 2 and position > last:
            ranges.append((last, position))
        depth += step
        last = position
    return ranges
