"""Small modal dialogs: a note editor, a tag chooser, the quit confirmation and the help screen."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tui.app.render import badge, plain
from tui.safetext import visible
from tui.store import TAGS

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
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        # Priority: the editor would otherwise take Enter as a line break.
        Binding("enter", "save", "Save", priority=True, id="note.save"),
        Binding("ctrl+j", "new_line", "New line", priority=True, id="note.new_line"),
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
    """Choose another tag: p / f / c, or arrows and Enter."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TagDialog") + "TagDialog OptionList { height: auto; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tag.cancel"),
        Binding("p", "choose('policy')", "Policy", id="tag.policy"),
        Binding("f", "choose('funding')", "Funding", id="tag.funding"),
        Binding("c", "choose('company')", "Company", id="tag.company"),
    ]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Change the tag to"), classes="title")
            options = [Option(Content.assemble(badge(tag, f"{tag[0]}  {tag}")), id=tag) for tag in TAGS]
            yield OptionList(*options, id="tags")
            yield Static(Content("p / f / c or Enter chooses · Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = TAGS.index(self.current)

    @on(OptionList.OptionSelected, "#tags")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, tag: str) -> None:
        self.dismiss(tag)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key, by where it works."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="HelpScreen")
        + """
    HelpScreen > Vertical { width: 76; }
    HelpScreen VerticalScroll { height: auto; max-height: 30; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss", "Close", id="help.close")]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        lines: list[Content] = []
        for title, keys in self.sections:
            if lines:
                lines.append(Content(""))
            lines.append(Content.styled(title, "bold $text-primary"))
            for key, description in keys:
                lines.append(Content.assemble(Content.styled(f"  {key:<22}", "bold"), Content(description)))
        with Vertical():
            yield Static(Content("Glossator keys"), classes="title")
            with VerticalScroll():
                yield Static(Content("\n").join(lines), id="help-text")
            yield Static(Content("Escape or F1 closes · ctrl+p lists every action"), classes="hint")
