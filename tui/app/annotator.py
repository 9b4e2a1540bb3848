"""The viewer plus annotating: tag the selection, edit notes and tags, remove, undo, redo."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from tui.app.article_view import ArticleView, PreparedArticle
from tui.app.dialogs import NoteDialog, TagDialog
from tui.editing import ArticleEditor, Change
from tui.errors import GlossatorError
from tui.store import Annotation


class Annotator(ArticleView):
    """Changes go through the core ``ArticleEditor``; ``Edited`` asks the app to save them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "tag('policy')", "Policy", id="annotate.policy"),
        Binding("f", "tag('funding')", "Funding", id="annotate.funding"),
        Binding("c", "tag('company')", "Company", id="annotate.company"),
        Binding("n", "edit_note", "Note", id="annotate.note"),
        Binding("t", "change_tag", "Tag", id="annotate.retag"),
        Binding("x,delete", "remove", "Remove", id="annotate.remove"),
        Binding("u,ctrl+z", "undo", "Undo", id="annotate.undo"),
        Binding("ctrl+r,ctrl+y", "redo", "Redo", show=False, id="annotate.redo"),
    ]

    @dataclass
    class Edited(Message):
        editor: ArticleEditor
        change: Change

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editor: ArticleEditor | None = None

    def open(self, editor: ArticleEditor, prepared: PreparedArticle | None = None) -> None:
        self.editor = editor
        self.show_article(prepared or editor.text)
        self.set_annotations(editor.annotations)

    def refresh_annotations(self) -> None:
        if self.editor is not None:
            self.set_annotations(self.editor.annotations)

    # -- actions --

    def action_tag(self, tag: str) -> None:
        editor = self._editor()
        selected = self.selected_range
        if editor is None:
            return
        if selected is None:
            self.notify("Select a span first: shift+arrows, drag the mouse, or v / V", severity="warning")
            return
        self._do(editor, lambda: editor.add(*selected, tag))

    def action_edit_note(self) -> None:
        target = self._target()
        editor = self.editor
        if target is None or editor is None:
            return
        # The dialog's answer goes to this article's editor and annotation id, whatever happened
        # meanwhile (the article reopened after its text changed, another article opened).
        self.app.push_screen(
            NoteDialog(target.note, target.quote),
            lambda note: None if note is None else self._do(editor, lambda: editor.set_note(target.id, note)),
        )

    def action_change_tag(self) -> None:
        target = self._target()
        editor = self.editor
        if target is None or editor is None:
            return
        self.app.push_screen(
            TagDialog(target.tag),
            lambda tag: (
                None if tag in (None, target.tag) else self._do(editor, lambda: editor.retag(target.id, tag))
            ),
        )

    def action_remove(self) -> None:
        target = self._target()
        editor = self.editor
        if target is not None and editor is not None:
            self._do(editor, lambda: editor.remove(target.id))

    def action_undo(self) -> None:
        editor = self._editor()
        if editor is not None:
            self._do(editor, editor.undo, nothing="Nothing to undo")

    def action_redo(self) -> None:
        editor = self._editor()
        if editor is not None:
            self._do(editor, editor.redo, nothing="Nothing to redo")

    # -- helpers --

    def _editor(self) -> ArticleEditor | None:
        if self.editor is None:
            self.notify("Open an article first", severity="warning")
        return self.editor

    def _target(self) -> Annotation | None:
        """The innermost annotation under the cursor (or at the selection's start)."""
        editor = self._editor()
        if editor is None:
            return None
        offset = self.selected_range[0] if self.selected_range else self.cursor_offset
        target = editor.innermost(offset)
        if target is None:
            self.notify("Put the cursor inside an annotation first", severity="warning")
        return target

    def apply(self, change: Callable[[ArticleEditor], Change | None]) -> None:
        """Run a change on the open article's editor (for other widgets, e.g. the list)."""
        editor = self._editor()
        if editor is not None:
            self._do(editor, lambda: change(editor))

    def _do(self, editor: ArticleEditor, change: Callable[[], Change | None], nothing: str = "") -> None:
        """Run a change on ``editor`` and ask the app to save it; redraw if it is the one shown."""
        try:
            done = change()
        except GlossatorError as error:
            self.notify(str(error), severity="error")
            return
        if done is None:
            self.notify(nothing, severity="warning")
            return
        if editor is self.editor:
            self.set_annotations(editor.annotations)
            if done.offset is not None:
                self.move_to(done.offset)
            else:
                self.action_clear_selection()
        # The sender is set explicitly: a change run from a parent's handler (the annotation
        # list's a / k) would otherwise name the parent as sender, and Textual stops the
        # bubbling there, before the app could save.
        self.post_message(self.Edited(editor, done).set_sender(self))
