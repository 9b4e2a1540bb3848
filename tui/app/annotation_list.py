"""The open article's annotations: tag, quote, note, author; choosing one moves the cursor there."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app.render import annotation_content
from tui.editing import ArticleEditor

EMPTY_HINT = "No annotations yet: select text (shift+arrows, mouse, v) and press p, f or c"


class AnnotationList(OptionList):
    DEFAULT_CSS = """
    AnnotationList {
        /* A fixed height: "auto" would measure every option, 0.4 s with 2,000 annotations. */
        height: 7;
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
        count = len(options)
        highlighted = self.highlighted
        if not options:
            options = [Option(Content.styled(EMPTY_HINT, "dim italic"), disabled=True)]
        self.set_options(options)
        if count:
            self.highlighted = min(highlighted or 0, count - 1)
        self.border_title = f"Annotations ({count})"

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
