"""The article viewer: the whole text, read-only, with a cursor, selection, spans and hits.

A read-only ``TextArea`` gives soft wrapping, a visible cursor, keyboard and mouse
selection, and renders only the lines on screen.  Annotated spans and search hits are
painted per line in ``get_line`` from an index of what touches each line, so a 1 MB
article with thousands of annotations costs the same per keypress as a short one.

The text shown is the article text with control characters made visible one for one
(``tui.safetext``), so (row, column) locations map to article offsets exactly.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.document._document import Document, DocumentBase
from textual.document._document_navigator import DocumentNavigator
from textual.document._wrapped_document import WrappedDocument
from textual.widgets import TextArea
from textual.widgets.text_area import Selection

from tui.safetext import visible
from tui.store import Annotation

#: Theme variables behind each tag's colours: (background, foreground).
TAG_COLOURS = {
    "policy": ("primary-muted", "text-primary"),
    "funding": ("success-muted", "text-success"),
    "company": ("error-muted", "text-error"),
}
HIT_COLOUR = "text-accent"
SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*(?=\s|$)|\n\s*\n")

Location = tuple[int, int]


@dataclass(frozen=True)
class PreparedArticle:
    """An article split and wrapped for display, ready to be shown at once."""

    text: str
    line_starts: list[int]
    document: Document
    layout: WrappedDocument
    wrap_width: int


class ArticleView(TextArea):
    """Shows one article; offsets in and out are article offsets (code points)."""

    # Class-level, as TextArea reads ``text`` while it initialises.
    _text_of: DocumentBase | None = None
    _text = ""

    DEFAULT_CSS = """
    ArticleView {
        border: none;
        padding: 0 1;
        height: 1fr;
        /* Always there, so the wrap width prepared in a worker is the width shown. */
        overflow-y: scroll;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "cursor_left", "Left", show=False, id="viewer.left"),
        Binding("j", "cursor_down", "Down", show=False, id="viewer.down"),
        Binding("k", "cursor_up", "Up", show=False, id="viewer.up"),
        Binding("l", "cursor_right", "Right", show=False, id="viewer.right"),
        Binding("w", "cursor_word_right", "Next word", show=False, id="viewer.word_right"),
        Binding("b", "cursor_word_left", "Previous word", show=False, id="viewer.word_left"),
        Binding("g", "document_start", "Top of article", show=False, id="viewer.top"),
        Binding("G", "document_end", "End of article", show=False, id="viewer.bottom"),
        Binding("v", "select_word", "Select word", id="viewer.select_word"),
        Binding("V", "select_sentence", "Select sentence", show=False, id="viewer.select_sentence"),
        Binding("escape", "clear_selection", "Clear selection", show=False, id="viewer.clear_selection"),
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
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(
            "",
            read_only=True,
            show_cursor=True,
            soft_wrap=True,
            highlight_cursor_line=False,
            id=id,
        )
        self.match_cursor_bracket = False
        self.cursor_blink = False
        self.source = ""
        self._line_starts: list[int] = [0]
        self._annotations: tuple[Annotation, ...] = ()
        self._starts: list[int] = []
        self._hits: list[tuple[int, int]] = []
        self._spans_by_line: dict[int, list[tuple[int, int, str]]] = {}
        self._hits_by_line: dict[int, list[tuple[int, int]]] = {}
        self._styles: dict[str, Style] = {}
        self._line_text_cache: dict[int, Text] = {}

    # -- content --

    @property
    def text(self) -> str:
        """The shown text, joined once per document rather than once per painted line.

        TextArea reads ``text`` for every line it paints (to decide on a placeholder), and
        the stock property joins all the lines: 0.1 ms a line at 1 MB.  The view never
        edits its document, so the joined text stays right until the document is replaced.
        """
        document = self.document
        if self._text_of is not document:
            self._text_of, self._text = document, document.text
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self.load_text(value)

    def prepare(self, text: str) -> PreparedArticle:
        """Do the slow part of showing ``text`` (line splitting and wrapping).

        Safe to call from a worker thread: it reads the view's wrap width and changes nothing,
        so a 1 MB article is wrapped while the UI stays responsive.
        """
        document = Document(visible(text, keep_layout=True))
        layout = _ArticleLayout(document, tab_width=self.indent_width)
        width = self.wrap_width
        layout.wrap(width, tab_width=self.indent_width)
        line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        return PreparedArticle(text, line_starts, document, layout, width)

    def show_article(self, article: PreparedArticle | str) -> None:
        """Replace the shown article (cursor to the top, spans and hits cleared)."""
        prepared = self.prepare(article) if isinstance(article, str) else article
        self.source = prepared.text
        self._line_starts = prepared.line_starts
        self._annotations = ()
        self._starts = []
        self._hits = []
        self.history.clear()
        self.document = prepared.document
        self.wrapped_document = prepared.layout
        self.navigator = DocumentNavigator(self.wrapped_document)
        self.selection = Selection.cursor((0, 0))
        if prepared.wrap_width != self.wrap_width:
            self._rewrap_and_refresh_virtual_size()
        else:
            self._refresh_size()
        self._reindex_spans()
        self.scroll_home(animate=False)

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        self._annotations = tuple(a for a in annotations if a.matches(self.source))
        self._starts = sorted({a.start for a in self._annotations})
        self._reindex_spans()

    def set_hits(self, hits: Sequence[tuple[int, int]]) -> None:
        self._hits = sorted(hits)
        self._reindex_spans()

    def _reindex_spans(self) -> None:
        spans: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for annotation in self._annotations:
            for row, start, end in self._split_by_line(annotation.start, annotation.end):
                spans[row].append((start, end, annotation.tag))
        hits: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for hit_start, hit_end in self._hits:
            for row, start, end in self._split_by_line(hit_start, hit_end):
                hits[row].append((start, end))
        self._spans_by_line = dict(spans)
        self._hits_by_line = dict(hits)
        self._repaint()

    def _split_by_line(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(row, start column, end column) pieces of an article range."""
        pieces = []
        first, last = self.location_of(start)[0], self.location_of(max(start, end - 1))[0]
        for row in range(first, last + 1):
            line_start = self._line_starts[row]
            line_end = (
                self._line_starts[row + 1] - 1 if row + 1 < len(self._line_starts) else len(self.source)
            )
            piece_start, piece_end = max(start, line_start), min(end, line_end)
            if piece_start < piece_end:
                pieces.append((row, piece_start - line_start, piece_end - line_start))
        return pieces

    # -- offsets and locations --

    def location_of(self, offset: int) -> Location:
        offset = max(0, min(offset, len(self.source)))
        row = bisect.bisect_right(self._line_starts, offset) - 1
        return row, offset - self._line_starts[row]

    def offset_of(self, location: Location) -> int:
        row, column = location
        row = max(0, min(row, len(self._line_starts) - 1))
        return min(self._line_starts[row] + column, len(self.source))

    @property
    def cursor_offset(self) -> int:
        return self.offset_of(self.selection.end)

    @property
    def selected_range(self) -> tuple[int, int] | None:
        """The selection as article offsets (start < end), or None without a selection."""
        start, end = sorted((self.offset_of(self.selection.start), self.offset_of(self.selection.end)))
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        self.selection = Selection(self.location_of(start), self.location_of(end))

    def move_to(self, offset: int) -> None:
        """Put the cursor at an article offset and centre it (after any pending re-wrap)."""
        location = self.location_of(offset)
        self.move_cursor(location, center=True)  # one scroll and one repaint, not two
        self.call_after_refresh(self.scroll_cursor_visible, center=True, animate=False)

    # -- painting --

    def notify_style_update(self) -> None:
        self._styles = {}
        self._line_text_cache.clear()
        super().notify_style_update()

    def _repaint(self) -> None:
        self._line_text_cache.clear()
        # Clears the TextArea's own cache of rendered lines, which knows nothing of our spans.
        super().notify_style_update()
        self.refresh()

    def _style(self, name: str) -> Style:
        if not self._styles:
            variables = self.app.theme_variables
            for tag, (background, foreground) in TAG_COLOURS.items():
                self._styles[tag] = Style(
                    bgcolor=Color.parse(variables[background]).rich_color,
                    color=Color.parse(variables[foreground]).rich_color,
                )
            self._styles["overlap"] = Style(underline=True, bold=True)
            self._styles["hit"] = Style(
                color=Color.parse(variables[HIT_COLOUR]).rich_color, bold=True, underline=True, reverse=True
            )
        return self._styles[name]

    def get_line(self, line_index: int) -> Text:
        cached = self._line_text_cache.get(line_index)
        if cached is None:
            cached = super().get_line(line_index)
            spans = self._spans_by_line.get(line_index, ())
            # Longest first, so nested (shorter) spans paint over the ones around them.
            for start, end, tag in sorted(spans, key=lambda span: span[0] - span[1]):
                cached.stylize(self._style(tag), start, end)
            for start, end in _overlaps(spans):
                cached.stylize(self._style("overlap"), start, end)
            for start, end in self._hits_by_line.get(line_index, ()):
                cached.stylize(self._style("hit"), start, end)
            self._line_text_cache[line_index] = cached
        return cached.copy()

    # -- actions --

    def action_document_start(self) -> None:
        self.move_cursor((0, 0))

    def action_document_end(self) -> None:
        self.move_cursor(self.document.end)

    def action_clear_selection(self) -> None:
        self.selection = Selection.cursor(self.selection.end)

    def action_select_word(self) -> None:
        offset = self.cursor_offset
        text = self.source
        start = end = offset
        while start > 0 and _is_word(text[start - 1]):
            start -= 1
        while end < len(text) and _is_word(text[end]):
            end += 1
        if start < end:
            self.select_range(start, end)

    def action_select_sentence(self) -> None:
        offset = self.cursor_offset
        text = self.source
        start = 0
        for match in SENTENCE_END.finditer(text, 0, offset):
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

    def action_next_annotation(self) -> None:
        self._jump(self._annotation_starts(), forward=True, what="annotation")

    def action_previous_annotation(self) -> None:
        self._jump(self._annotation_starts(), forward=False, what="annotation")

    def action_next_hit(self) -> None:
        self._jump([start for start, _ in self._hits], forward=True, what="search hit")

    def action_previous_hit(self) -> None:
        self._jump([start for start, _ in self._hits], forward=False, what="search hit")

    def _annotation_starts(self) -> list[int]:
        return self._starts

    def _jump(self, starts: list[int], *, forward: bool, what: str) -> None:
        if not starts:
            self.notify(f"No {what}s in this article", severity="warning")
            return
        offset = self.cursor_offset
        if forward:
            index = bisect.bisect_right(starts, offset)
            target = starts[index] if index < len(starts) else starts[0]
        else:
            index = bisect.bisect_left(starts, offset) - 1
            target = starts[index] if index >= 0 else starts[-1]
        self.move_to(target)


class _ArticleLayout(WrappedDocument):
    """The wrapped article, with a constant-time ``height``.

    TextArea asks for the height once per painted line, and the stock property sums over
    every line of the document: O(lines) per painted line, 50 ms a keypress at 1 MB.
    """

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


def _is_word(char: str) -> bool:
    return char.isalnum() or char in "_-'\u2019"


def _overlaps(spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Column ranges covered by two or more spans (underlined so overlaps stay visible)."""
    if len(spans) < 2:
        return []
    # Ends sort before starts at the same column, so spans that only touch do not overlap.
    events = sorted([(start, 1) for start, _, _ in spans] + [(end, -1) for _, end, _ in spans])
    ranges: list[tuple[int, int]] = []
    depth = last = 0
    for position, step in events:
        if depth >= 2 and position > last:
            ranges.append((last, position))
        depth += step
        last = position
    return ranges
