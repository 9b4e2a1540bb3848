"""The right side: the article's header, any file problems, the text, the legend, the annotations."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.app.article_view import ArticleView, PreparedArticle
from tui.app.render import header_content, legend, lines
from tui.app.tags import TagLooks
from tui.editing import ArticleEditor


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
    ArticlePanel > AnnotationList.-hidden { display: none; }
    """

    def __init__(self, looks: TagLooks | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.looks = looks or TagLooks.default()

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled("No article open: search on the left and press Enter", "dim"), id="article-header"
        )
        yield Static(id="problems")
        yield Annotator.for_tags(self.looks.tag_set)(self.looks, id="viewer")
        yield Static(legend(self.looks), id="legend")
        yield AnnotationList(self.looks, id="annotations")

    @property
    def annotator(self) -> Annotator:
        return self.query_one(Annotator)

    @property
    def annotation_list(self) -> AnnotationList:
        return self.query_one(AnnotationList)

    def open(self, editor: ArticleEditor, prepared: PreparedArticle) -> None:
        self.query_one("#article-header", Static).update(header_content(editor.article))
        self.annotator.open(editor, prepared)
        self.refresh_annotations()

    def show_hits(self, hits: list[tuple[int, int]]) -> None:
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

    def toggle_list(self) -> bool:
        """Show or hide the annotation list; whether it is shown now."""
        listing = self.annotation_list
        listing.toggle_class("-hidden")
        if listing.has_class("-hidden") and listing.has_focus:
            self.annotator.focus()
        return not listing.has_class("-hidden")

    def _show_problems(self, editor: ArticleEditor) -> None:
        relative = editor.store.workspace.relative
        problems = [str(problem) for problem in editor.loaded.problems]
        problems += [f"{relative(editor.article.path)}: {p}" for p in editor.article.problems]
        if not editor.writable:
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
