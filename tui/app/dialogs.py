"""Small modal dialogs: a note editor, a tag chooser, and the help screen."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.render import badge, plain
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


class NoteDialog(ModalScreen[str | None]):
    """Edit an annotation's note; Enter saves, Escape cancels, an empty note removes it."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NoteDialog")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="note.cancel")]

    def __init__(self, note: str, quote: str) -> None:
        super().__init__()
        self.note = note
        self.quote = quote

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Note"), classes="title")
            yield Static(plain(f"“{' '.join(self.quote.split())}”"))
            yield Input(self.note, placeholder="A note on this span", id="note")
            yield Static(Content("Enter saves · Escape cancels · an empty note removes it"), classes="hint")

    @on(Input.Submitted, "#note")
    def _save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


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
