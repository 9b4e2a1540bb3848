"""A yes-or-no question before a change the user may not have meant (other people's annotations)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.dialogs import DIALOG_CSS
from tui.app.render import plain


class Confirm(ModalScreen[bool]):
    """``y`` goes ahead, ``n`` or Escape does not; the question is said in full, names verbatim."""

    DEFAULT_CSS = DIALOG_CSS.format(name="Confirm")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, question: str, yes: str) -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text), classes="title")
            yield Static(plain(self.question))
            yield Static(plain(f"y {self.yes} · n or Escape leaves them as they are"), classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def whose(authors: list[str]) -> str:
    """``Ada (2) and Bob (1)``: the authors of some annotations, each with how many, most first."""
    counts: dict[str, int] = {}
    for author in authors:
        counts[author] = counts.get(author, 0) + 1
    named = [f"{author} ({count:,})" for author, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
