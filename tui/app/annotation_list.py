"""The open article's annotations: tag, quote, note, author; choosing one moves the cursor there."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app.render import annotation_content
from tui.editing import ArticleEditor


class AnnotationList(OptionList):
    DEFAULT_CSS = """
    AnnotationList {
        height: auto;
        max-height: 8;
        border-top: solid $surface-lighten-2;
        padding: 0;
    }
    """

    @dataclass
    class Chosen(Message):
        annotation_id: str

    def show(self, editor: ArticleEditor) -> None:
        """Anchored annotations in text order, then orphans (kept, shown as not found)."""
        options = [Option(annotation_content(a), id=a.id) for a in editor.anchored()]
        options += [Option(annotation_content(a, orphan=True), id=a.id) for a in editor.orphans()]
        self.set_options(options)
        self.border_title = f"Annotations ({len(options)})"

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
