"""The right side: the article's header, any file problems, the text, the legend, the annotations.

Its keys work wherever the focus is in it (the text, the list): ``D`` and ``S`` mark the
open article done or skipped for you (pressed again: the mark is taken back; the app
writes it), ``C`` compares two annotators in it (``tui.app.compare``: the viewer paints
their spans by how they compare, the bar under it steps and settles).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from tui.annotations.editing import ArticleEditor
from tui.annotations.model import DONE, SKIPPED
from tui.annotations.store import AnnotationStore
from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.app.article_view import ArticleView, PreparedArticle
from tui.app.compare import KIND_STYLES, ChooseAnnotators, ComparisonBar, authors_of
from tui.app.render import header_content, legend, lines
from tui.app.tags import TagLooks


class ArticlePanel(Vertical):
    DEFAULT_CSS = """
    ArticlePanel > #article-header {
        height: auto;
        max-height: 2;
        padding: 0 1;
        background: $boost;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ArticlePanel > #problems {
        height: auto;
        max-height: 5;
        padding: 0 1;
        color: $text-error;
        background: $error-muted;
        display: none;
        overflow-y: auto;
    }
    ArticlePanel > #problems.-shown { display: block; }
    ArticlePanel > #legend { height: auto; max-height: 2; padding: 0 1; }
    ArticlePanel > #legend.-comparing { display: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "D",
            f"mark('{DONE}')",
            "Done",
            show=False,
            tooltip="Mark the article done (again: take your mark back)",
            id="article.done",
        ),
        Binding(
            "S",
            f"mark('{SKIPPED}')",
            "Skipped",
            show=False,
            tooltip="Mark the article skipped (again: take your mark back)",
            id="article.skipped",
        ),
        Binding(
            "C",
            "compare",
            "Compare",
            show=False,
            tooltip="Compare two annotators in this article, and settle where they differ",
            id="article.compare",
        ),
    ]

    #: Whether the annotation list is shown (the screen's, bound to it).
    list_shown: reactive[bool] = reactive(True, init=False)

    @dataclass
    class MarkRequested(Message):
        """Mark the article (``state``: done, skipped; None takes the mark back)."""

        editor: ArticleEditor
        state: str | None

    def __init__(
        self,
        looks: TagLooks | None = None,
        *,
        store: AnnotationStore | None = None,
        author: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.looks = looks or TagLooks.default()
        #: For settling in comparison mode: where to write, and whose the agreed version is.
        self.store = store
        self.author = author
        #: The user's progress mark on the open article (done, skipped), or None.
        self.mark: str | None = None
        #: Where the query matches in the open article.
        self.hits: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled("No article open: search on the left and press Enter", "dim"), id="article-header"
        )
        yield Static(id="problems")
        yield Annotator.for_tags(self.looks.tag_set)(self.looks, id="viewer")
        yield ComparisonBar(id="comparison")
        yield Static(legend(self.looks), id="legend")
        listing = AnnotationList(self.looks, id="annotations")
        listing.display = self.list_shown
        yield listing

    @property
    def annotator(self) -> Annotator:
        return self.query_one(Annotator)

    @property
    def annotation_list(self) -> AnnotationList:
        return self.query_one(AnnotationList)

    @property
    def comparison(self) -> ComparisonBar:
        return self.query_one(ComparisonBar)

    def open(self, editor: ArticleEditor, prepared: PreparedArticle | None, mark: str | None = None) -> None:
        self.annotator.open(editor, prepared)
        self.show_mark(mark)
        self.refresh_annotations()

    def show_mark(self, mark: str | None) -> None:
        """The user's progress mark on the open article, said in the header."""
        self.mark = mark
        editor = self.annotator.editor
        if editor is not None:
            self.query_one("#article-header", Static).update(header_content(editor.article, mark))

    def show_hits(self, hits: list[tuple[int, int]]) -> None:
        self.hits = hits
        self.annotator.set_hits(hits)
        self.query_one("#legend", Static).update(legend(self.looks, hits=bool(hits)))

    def refresh_annotations(self) -> None:
        """Redraw the spans, the list and the problem banner from the editor (after a reload too)."""
        editor = self.annotator.editor
        if editor is not None:
            self.annotator.refresh_annotations()
            self.annotation_list.show(editor)
            self._show_problems(editor)
            self._follow()
            if self.comparison.active:
                self.comparison.show(editor)
                self._paint_comparison()

    def watch_list_shown(self, shown: bool) -> None:
        listing = self.annotation_list
        if not shown and listing.has_focus:
            self.annotator.focus()
        listing.display = shown

    async def use_looks(self, looks: TagLooks) -> None:
        """The tag set changed: its keys, colours and legend are used from now on.

        The panel is made again (the annotator's class holds the tag keys); the open article
        stays open where the cursor was.  A comparison under way ends.
        """
        self.looks = looks
        annotator = self.annotator
        editor, cursor, focused = annotator.editor, annotator.cursor_offset, annotator.has_focus
        await self.recompose()
        if editor is not None:
            self.open(editor, None, self.mark)
            self.show_hits(self.hits)
            self.annotator.move_to(cursor)
        if focused:
            self.annotator.focus()

    def _show_problems(self, editor: ArticleEditor) -> None:
        relative = editor.store.workspace.relative
        problems = [str(problem) for problem in editor.loaded.problems]
        problems += [f"{relative(editor.article.path)}: {p}" for p in editor.article.problems]
        if editor.removed:
            problems.append("Removed from the corpus: its annotations can no longer be changed.")
        elif not editor.writable:
            problems.append(
                "This file is not rewritten until fixed by hand: changes to its annotations are refused."
            )
        shown = self.query_one("#problems", Static)
        shown.update(lines(problems))
        shown.set_class(bool(problems), "-shown")

    def _follow(self) -> None:
        annotator = self.annotator
        offset = annotator.cursor_offset
        under = annotator.annotations_at(offset)
        listing = self.annotation_list
        listing.selection = annotator.selected_range is not None
        listing.follow(offset, under[0].id if under else None)

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        event.stop()
        if event.view is self.annotator:
            self._follow()

    @on(Annotator.Edited)
    def _edited(self, event: Annotator.Edited) -> None:
        if event.editor is self.annotator.editor:
            self.annotation_list.show(event.editor)
            self._show_problems(event.editor)
            self._follow()
            if self.comparison.active:
                self.comparison.show(event.editor)
                self._paint_comparison()

    # -- progress --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "compare"):
            return self.annotator.editor is not None
        return True

    def action_mark(self, state: str) -> None:
        editor = self.annotator.editor
        if editor is not None:
            self.post_message(self.MarkRequested(editor, None if self.mark == state else state))

    # -- comparison mode --

    def action_compare(self) -> None:
        editor = self.annotator.editor
        if editor is None:
            return
        bar = self.comparison
        if bar.active:
            bar.focus()
            return
        authors = authors_of(editor)
        if len(authors) < 2:
            who = ", ".join(authors) if authors else "nobody"
            self.notify(
                f"Comparing needs two annotators in this article; it was annotated by {who}",
                severity="warning",
            )
            return

        def chosen(pair: tuple[str, str] | None) -> None:
            current = self.annotator.editor
            if pair is None or current is None or self.store is None:
                return
            if self.author in pair:
                self.notify(
                    f"You ({self.author}) are one of the two: you can compare, but settling needs another "
                    "adjudicator (glossator adjudicate --as NAME)",
                    severity="warning",
                    timeout=8,
                )
            self.query_one("#legend").add_class("-comparing")
            bar.start(current, *pair, self.author, self.store)
            self._paint_comparison()

        self.app.push_screen(ChooseAnnotators(authors, self.author), chosen)

    def _paint_comparison(self) -> None:
        self.annotator.set_marks(self.comparison.marks(), KIND_STYLES)

    @on(ComparisonBar.Moved)
    def _comparison_moved(self, event: ComparisonBar.Moved) -> None:
        self._paint_comparison()
        if event.offset is not None:
            self.annotator.move_to(event.offset)

    @on(ComparisonBar.Left)
    def _comparison_left(self, event: ComparisonBar.Left) -> None:
        self.annotator.set_marks(None)
        self.query_one("#legend").remove_class("-comparing")
        self.annotator.focus()

    @on(AnnotationList.Highlighted)
    def _list_moved(self, event: AnnotationList.Highlighted) -> None:
        editor = self.annotator.editor
        target = editor.find(event.annotation_id) if editor else None
        if editor is not None and target is not None and target.matches(editor.text):
            self.annotator.move_to(target.start)

    @on(AnnotationList.ActionRequested)
    def _act(self, event: AnnotationList.ActionRequested) -> None:
        annotator = self.annotator
        editor = annotator.editor
        target = editor.find(event.annotation_id) if editor else None
        if editor is None or target is None:
            return
        if event.action == "note":
            annotator.edit_note(target)
        elif event.action == "retag":
            annotator.change_tag(target)
        elif event.action == "remove":
            annotator.remove_annotation(target)
        elif event.action == "keep":
            annotator.apply(lambda editor: editor.keep_version(event.annotation_id))
        elif event.action in ("accept", "reject"):
            annotator.decide_suggestion(target, event.action)
        elif event.action == "attach":
            self._attach_to_selection(editor, event.annotation_id)

    def _attach_to_selection(self, editor: ArticleEditor, annotation_id: str) -> None:
        annotator = self.annotator
        selected = annotator.selected_range
        if selected is not None:
            annotator.apply(lambda editor: editor.reattach(annotation_id, *selected))
        elif annotation_id in editor.proposals:
            annotator.apply(lambda editor: editor.accept_proposal(annotation_id))
        else:
            self.notify("Select the text to attach it to in the article first", severity="warning")

    @on(AnnotationList.Chosen)
    def _go_to(self, event: AnnotationList.Chosen) -> None:
        editor = self.annotator.editor
        target = editor.find(event.annotation_id) if editor else None
        if target is None:
            return
        if not target.matches(editor.text if editor else ""):
            self.notify("This annotation's quote is not in the text any more", severity="warning")
            return
        self.annotator.move_to(target.start)
        self.annotator.focus()
