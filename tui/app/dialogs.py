"""Small modal dialogs: a note editor, a tag chooser and the quit confirmation."""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui.app.render import plain
from tui.app.tag_picker import TagPicker
from tui.app.tags import TagLooks
from tui.text.safe import visible

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 70;
    max-width: 95%;
    height: auto;
    max-height: 90%;
    border: thick $primary;
    background: $surface;
    padding: 1 2;
}}
{name} .title {{
    text-style: bold;
    margin-bottom: 1;
}}
{name} .hint {{
    color: $text-muted;
    margin-top: 1;
}}
"""


class NoteEditor(TextArea):
    """A plain multi-line editor whose lines are shown with control characters made visible.

    A pasted note is kept as it was pasted (line breaks, an ESC character and all) and
    saved that way; only what is painted is made safe, one symbol per character, so the
    cursor stays where the text is.
    """

    DEFAULT_CSS = "NoteEditor { height: auto; min-height: 3; max-height: 10; }"

    def get_line(self, line_index: int) -> Text:
        return Text(visible(self.document.get_line(line_index), keep_layout=True), end="", no_wrap=True)


class NoteDialog(ModalScreen[str | None]):
    """Edit an annotation's note: Enter saves, ctrl+j starts a new line, Escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NoteDialog")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close, leaving the note as it was", id="note.cancel"),
        # Priority: the editor would otherwise take Enter as a line break.
        Binding(
            "enter",
            "save",
            "Save",
            priority=True,
            tooltip="Save the note (an empty note removes it)",
            id="note.save",
        ),
        Binding(
            "ctrl+j",
            "new_line",
            "New line",
            priority=True,
            tooltip="Start a new line in the note",
            id="note.new_line",
        ),
    ]

    def __init__(self, note: str, quote: str) -> None:
        super().__init__()
        self.note = note
        self.quote = quote

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Note"), classes="title")
            yield Static(plain(f"“{' '.join(self.quote.split())}”"))
            yield NoteEditor(self.note, id="note", soft_wrap=True, show_line_numbers=False)
            yield Static(
                Content("Enter saves · ctrl+j new line · Escape cancels · an empty note removes it"),
                classes="hint",
            )

    def on_mount(self) -> None:
        editor = self.query_one(NoteEditor)
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(NoteEditor).text)

    def action_new_line(self) -> None:
        self.query_one(NoteEditor).insert("\n")

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmQuit(ModalScreen[bool]):
    """Quitting with changes that could not be saved: say which, and ask."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmQuit")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Quit anyway", id="quit.yes"),
        Binding("n,escape", "answer(False)", "Stay", id="quit.no"),
    ]

    def __init__(self, articles: str) -> None:
        super().__init__()
        self.articles = articles

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Unsaved changes"), classes="title")
            yield Static(
                plain(
                    f"Changes to {self.articles} could not be saved yet (see the error shown when "
                    "saving). Quitting now loses them."
                )
            )
            yield Static(
                Content("y quits anyway · n or Escape stays (ctrl+s tries to save again)"), classes="hint"
            )

    def action_answer(self, quit_anyway: bool) -> None:
        self.dismiss(quit_anyway)


class TagDialog(ModalScreen[str | None]):
    """Choose another tag: its key, or arrows and Enter (``tui.app.tag_picker``, as in ``ctrl+g``)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TagDialog")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="tag.cancel")]
    looks: ClassVar[TagLooks] = TagLooks.default()

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    @staticmethod
    def for_tags(looks: TagLooks) -> type[TagDialog]:
        """The dialog for a tag set."""
        return _tag_dialog_class(looks)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Change the tag to"), classes="title")
            yield TagPicker.for_tags(self.looks)(self.looks, self.current, id="tags")
            yield Static(id="tag-hint", classes="hint")

    def on_mount(self) -> None:
        picker = self.query_one(TagPicker)
        picker.focus()
        self.query_one("#tag-hint", Static).update(
            plain(f"{picker.keys_hint()} or Enter chooses · Escape cancels")
        )

    @on(TagPicker.Picked)
    def _chosen(self, event: TagPicker.Picked) -> None:
        self.dismiss(event.tag)

    def action_cancel(self) -> None:
        self.dismiss(None)


@lru_cache(maxsize=16)
def _tag_dialog_class(looks: TagLooks) -> type[TagDialog]:
    return type("TagDialog", (TagDialog,), {"looks": looks, "__module__": __name__})
