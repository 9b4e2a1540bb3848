"""The viewer plus annotating: tag the selection, notes, tags, span ends, removing, undo, redo,
and accepting or rejecting a suggestion (``A``, ``R``: each one undoable change).

The tagging keys come from the workspace's tag set: ``Annotator.for_tags`` makes the
annotator class of a tag set, with one binding per tag (ids ``annotate.tag.<name>``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message

from tui.annotations.editing import ArticleEditor, Change
from tui.annotations.model import SUGGESTED, Annotation
from tui.app.article_view import ArticleView, PreparedArticle
from tui.app.dialogs import NoteDialog, TagDialog
from tui.app.tag_picker import tag_binding_id
from tui.app.tags import TagLooks
from tui.errors import GlossatorError
from tui.text.width import fit_end
from tui.text.words import next_word_start, previous_word_start, word_end
from tui.workspace.tagset import TagSet

TAG_GROUP = Binding.Group("Tag")
RESIZE_GROUP = Binding.Group("Resize", compact=True)


def tag_bindings(tag_set: TagSet) -> list[BindingType]:
    """One binding per tag of the set: its key tags the selection."""
    return [
        Binding(
            tag.key,
            f"tag('{tag.name}')",
            tag.name,
            tooltip=f"Tag the selection {tag.name}" + (f": {tag.description}" if tag.description else ""),
            group=TAG_GROUP,
            id=tag_binding_id(tag.name),
        )
        for tag in tag_set
    ]


class Annotator(ArticleView):
    """Changes go through the core ``ArticleEditor``; ``Edited`` asks the app to save them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "edit_note",
            "Note",
            tooltip="Edit the note of the annotation under the cursor",
            id="annotate.note",
        ),
        Binding(
            "t",
            "change_tag",
            "Retag",
            tooltip="Change the tag of the annotation under the cursor",
            id="annotate.retag",
        ),
        Binding(
            "x", "remove", "Remove", tooltip="Remove the annotation under the cursor", id="annotate.remove"
        ),
        Binding(
            "delete",
            "remove",
            "Remove",
            show=False,
            tooltip="Remove the annotation under the cursor",
            id="annotate.remove_delete",
        ),
        Binding(
            "left_curly_bracket",
            "resize('start', True)",
            "Grow the start by a word",
            show=False,
            group=RESIZE_GROUP,
            id="annotate.grow_start",
        ),
        Binding(
            "right_curly_bracket",
            "resize('end', True)",
            "Grow the end by a word",
            show=False,
            group=RESIZE_GROUP,
            id="annotate.grow_end",
        ),
        Binding(
            "left_parenthesis",
            "resize('start', False)",
            "Shrink the start by a word",
            show=False,
            group=RESIZE_GROUP,
            id="annotate.shrink_start",
        ),
        Binding(
            "right_parenthesis",
            "resize('end', False)",
            "Shrink the end by a word",
            show=False,
            group=RESIZE_GROUP,
            id="annotate.shrink_end",
        ),
        Binding(
            "A",
            "suggestion('accept')",
            "Accept the suggestion",
            show=False,
            tooltip="Accept the suggestion under the cursor (it becomes an annotation like any other)",
            id="annotate.accept",
        ),
        Binding(
            "R",
            "suggestion('reject')",
            "Reject the suggestion",
            show=False,
            tooltip="Reject (delete) the suggestion under the cursor",
            id="annotate.reject",
        ),
        Binding("u", "undo", "Undo", tooltip="Undo your last change to this article", id="annotate.undo"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="annotate.undo_ctrl"),
        Binding(
            "ctrl+r", "redo", "Redo", show=False, tooltip="Redo the change you undid", id="annotate.redo"
        ),
        Binding("ctrl+y", "redo", "Redo", show=False, id="annotate.redo_ctrl"),
    ]

    @dataclass
    class Edited(Message):
        editor: ArticleEditor
        change: Change

    def __init__(self, looks: TagLooks | None = None, *, id: str | None = None) -> None:
        super().__init__(looks, id=id)
        self.editor: ArticleEditor | None = None

    @staticmethod
    def for_tags(tag_set: TagSet) -> type[Annotator]:
        """The annotator class for ``tag_set``: ``Annotator`` plus one binding per tag."""
        return _annotator_class(tag_set)

    def open(self, editor: ArticleEditor, prepared: PreparedArticle | None = None) -> None:
        self.editor = editor
        self.show_article(prepared or editor.text)
        self.set_annotations(editor.anchored())

    def refresh_annotations(self) -> None:
        if self.editor is not None:
            self.set_annotations(self.editor.anchored())

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
        if target is not None:
            self.edit_note(target)

    def action_change_tag(self) -> None:
        target = self._target()
        if target is not None:
            self.change_tag(target)

    def action_remove(self) -> None:
        target = self._target()
        if target is not None:
            self.remove_annotation(target)

    def action_suggestion(self, decision: str) -> None:
        """Accept or reject the innermost suggestion under the cursor (one undoable change)."""
        editor = self._editor()
        if editor is None:
            return
        selected = self.selected_range
        offset = selected[0] if selected else self.cursor_offset
        target = next((a for a in self.annotations_at(offset) if a.status == SUGGESTED), None)
        if target is None:
            self.notify("Put the cursor inside a suggestion first (drawn underlined)", severity="warning")
            return
        self.decide_suggestion(target, decision)

    def decide_suggestion(self, target: Annotation, decision: str) -> None:
        """Accept (clear its status) or reject (delete) a suggestion of the open article."""
        editor = self.editor
        if editor is None:
            return
        if decision == "accept":
            self._do(editor, lambda: editor.accept_suggestion(target.id))
        else:
            self._do(editor, lambda: editor.reject_suggestion(target.id))

    def action_resize(self, edge: str, grow: bool) -> None:
        """Move one end of the annotation under the cursor by a word (keeps its id and note)."""
        target = self._target()
        editor = self.editor
        if target is None or editor is None:
            return
        text = self.source
        start, end = target.start, target.end
        if edge == "start":
            start = previous_word_start(text, start) if grow else next_word_start(text, start)
        else:
            end = word_end(text, end) if grow else previous_word_start(text, end)
        if not start < end or text[start:end].isspace():
            self.notify("The annotation cannot shrink further: x removes it", severity="warning")
            return
        said = "Grew" if grow else "Shrank"

        def resize() -> Change:
            done = editor.reattach(target.id, start, end)
            quote = fit_end(" ".join(self.source[start:end].split()), 40)
            return Change(f"{said} {target.tag} to: {quote}", done.offset)

        self._do(editor, resize)

    def action_undo(self) -> None:
        editor = self._editor()
        if editor is not None:
            self._do(editor, editor.undo, nothing="Nothing to undo")

    def action_redo(self) -> None:
        editor = self._editor()
        if editor is not None:
            self._do(editor, editor.redo, nothing="Nothing to redo")

    # -- changing a given annotation (the cursor's, or the one highlighted in the list) --

    def edit_note(self, target: Annotation) -> None:
        editor = self.editor
        if editor is None:
            return
        # The dialog's answer goes to this article's editor and annotation id, whatever happened
        # meanwhile (the article reopened after its text changed, another article opened).
        self.app.push_screen(
            NoteDialog(target.note, target.quote),
            lambda note: None if note is None else self._do(editor, lambda: editor.set_note(target.id, note)),
        )

    def change_tag(self, target: Annotation) -> None:
        editor = self.editor
        if editor is None:
            return
        self.app.push_screen(
            TagDialog.for_tags(self.looks)(target.tag),
            lambda tag: (
                None if tag in (None, target.tag) else self._do(editor, lambda: editor.retag(target.id, tag))
            ),
        )

    def remove_annotation(self, target: Annotation) -> None:
        editor = self.editor
        if editor is not None:
            self._do(editor, lambda: editor.remove(target.id))

    # -- helpers --

    @property
    def in_view(self) -> bool:
        """Whether any of the text is on screen (a terminal too narrow for it pushes it off)."""
        region = self.content_region
        return bool(region.area) and bool(region.intersection(self.screen.region).area)

    def _editor(self) -> ArticleEditor | None:
        """The open article's editor, if there is one and it is in view (keys never change what is unseen)."""
        if self.editor is None:
            self.notify("Open an article first: search on the left and press Enter", severity="warning")
        elif not self.in_view:
            self.notify(
                "The article is not in view (the terminal is too small): nothing was changed; "
                "make the terminal larger, or ctrl+f to hide the results",
                severity="warning",
            )
            return None
        return self.editor

    def _target(self) -> Annotation | None:
        """The innermost annotation under the cursor (or at the selection's start)."""
        editor = self._editor()
        if editor is None:
            return None
        selected = self.selected_range
        offset = selected[0] if selected else self.cursor_offset
        covering = self.annotations_at(offset)
        target = editor.find(covering[0].id) if covering else None
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
            self.set_annotations(editor.anchored())
            if done.offset is not None:
                self.move_to(done.offset)
            else:
                self.action_clear_selection()
        # The sender is set explicitly: a change run from a parent's handler (the annotation
        # list's keys) would otherwise name the parent as sender, and Textual stops the
        # bubbling there, before the app could save.
        self.post_message(self.Edited(editor, done).set_sender(self))


@lru_cache(maxsize=16)
def _annotator_class(tag_set: TagSet) -> type[Annotator]:
    return type("Annotator", (Annotator,), {"BINDINGS": tag_bindings(tag_set), "__module__": __name__})
