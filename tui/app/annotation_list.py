"""The open article's annotations: tag, quote, note, author; choosing one moves the cursor there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app.render import annotation_content
from tui.editing import ArticleEditor

#: A list this long is read by no one and costs seconds to lay out; ] and [ reach the rest.
MAX_LISTED = 1000
EMPTY_HINT = "No annotations yet: select text (shift+arrows, mouse, v) and press p, f or c"
UNREADABLE_HINT = "The annotation file could not be read: see the problem above the article"


class AnnotationList(OptionList):
    DEFAULT_CSS = """
    AnnotationList {
        /* A fixed height: "auto" would measure every option, 0.4 s with 2,000 annotations. */
        height: 7;
        border-top: solid $surface-lighten-2;
        padding: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "attach", "Attach to selection", id="annotations.attach"),
        Binding("k", "keep", "Keep this version", id="annotations.keep"),
    ]

    @dataclass
    class Chosen(Message):
        annotation_id: str

    @dataclass
    class AttachRequested(Message):
        """Put the highlighted annotation (an orphan, usually) on the article's selection."""

        annotation_id: str

    @dataclass
    class KeepRequested(Message):
        """Resolve a merge conflict by keeping the highlighted version."""

        annotation_id: str

    def show(self, editor: ArticleEditor) -> None:
        """Anchored annotations in text order, then orphans (kept, shown as not found)."""
        conflicted = {a.id for a in editor.conflicts()}
        orphans = editor.orphans()
        listed = [*editor.anchored(), *orphans]
        count = len(listed)
        orphan_ids = {a.id for a in orphans}
        options = [
            Option(
                annotation_content(
                    a,
                    orphan=a.id in orphan_ids,
                    conflict=a.id in conflicted,
                    proposal=editor.text[found.start : found.end]
                    if (found := editor.proposals.get(a.id))
                    else None,
                ),
                id=a.id,
            )
            for a in listed[:MAX_LISTED]
        ]
        if count > MAX_LISTED:
            more = f"… and {count - MAX_LISTED:,} more: move between them in the text with ] and ["
            options.append(Option(Content.styled(more, "dim italic"), disabled=True))
        highlighted = self.highlighted
        if not options:
            hint = EMPTY_HINT if editor.loaded.document is not None or editor.writable else UNREADABLE_HINT
            options = [Option(Content.styled(hint, "dim italic"), disabled=True)]
        self.set_options(options)
        if count:
            self.highlighted = min(highlighted or 0, min(count, MAX_LISTED) - 1)
        self.border_title = f"Annotations ({count})"

    def _highlighted_id(self) -> str | None:
        index = self.highlighted
        if index is None or self.get_option_at_index(index).disabled:
            self.notify("Highlight an annotation in the list first", severity="warning")
            return None
        return self.get_option_at_index(index).id

    def action_attach(self) -> None:
        if (annotation_id := self._highlighted_id()) is not None:
            self.post_message(self.AttachRequested(annotation_id))

    def action_keep(self) -> None:
        if (annotation_id := self._highlighted_id()) is not None:
            self.post_message(self.KeepRequested(annotation_id))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
