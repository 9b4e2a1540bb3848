"""The right side: the article's header, any file problems, the text, the legend, the annotations."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from tui.app.annotation_list import AnnotationList
from tui.app.annotator import Annotator
from tui.app.article_view import PreparedArticle
from tui.app.render import header_content, legend, plain
from tui.editing import ArticleEditor


class ArticlePanel(Vertical):
    DEFAULT_CSS = """
    ArticlePanel > #article-header { height: auto; padding: 0 1; background: $boost; }
    ArticlePanel > #problems { height: auto; padding: 0 1; color: $text-error; display: none; }
    ArticlePanel > #problems.-shown { display: block; }
    ArticlePanel > #legend { height: 1; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled("No article open: search on the left and press Enter", "dim"), id="article-header"
        )
        yield Static(id="problems")
        yield Annotator(id="viewer")
        yield Static(legend(), id="legend")
        yield AnnotationList(id="annotations")

    @property
    def annotator(self) -> Annotator:
        return self.query_one(Annotator)

    def open(self, editor: ArticleEditor, prepared: PreparedArticle) -> None:
        self.query_one("#article-header", Static).update(header_content(editor.article))
        self.annotator.open(editor, prepared)
        self.refresh_annotations()

    def refresh_annotations(self) -> None:
        """Redraw the spans, the list and the problem banner from the editor (after a reload too)."""
        editor = self.annotator.editor
        if editor is not None:
            self.annotator.refresh_annotations()
            self.query_one(AnnotationList).show(editor)
            self._show_problems(editor)

    def _show_problems(self, editor: ArticleEditor) -> None:
        relative = editor.store.workspace.relative
        problems = [str(problem) for problem in editor.loaded.problems]
        problems += [f"{relative(editor.article.path)}: {p}" for p in editor.article.problems]
        if not editor.writable:
            problems.append("This file is not rewritten: fix it by hand, then reopen the article.")
        shown = self.query_one("#problems", Static)
        shown.update(plain("\n".join(problems)))
        shown.set_class(bool(problems), "-shown")

    @on(Annotator.Edited)
    def _edited(self, event: Annotator.Edited) -> None:
        if event.editor is self.annotator.editor:
            self.query_one(AnnotationList).show(event.editor)

    @on(AnnotationList.AttachRequested)
    def _attach_requested(self, event: AnnotationList.AttachRequested) -> None:
        annotator = self.annotator
        selected = annotator.selected_range
        editor = annotator.editor
        if editor is None:
            return
        if selected is not None:
            annotator.apply(lambda editor: editor.reattach(event.annotation_id, *selected))
        elif event.annotation_id in editor.proposals:
            annotator.apply(lambda editor: editor.accept_proposal(event.annotation_id))
        else:
            self.notify("Select the text to attach it to in the article first", severity="warning")

    @on(AnnotationList.KeepRequested)
    def _keep_requested(self, event: AnnotationList.KeepRequested) -> None:
        self.annotator.apply(lambda editor: editor.keep_version(event.annotation_id))

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
