"""Every message the app showed this session, to reopen (``F5``, or "messages" in the palette).

The status line shows one message at a time and fades it; the log keeps them all (the
newest 500), with the time and severity, so a message that went by while you typed is
never lost.  The screen lists them oldest first, scrolled to the newest.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

#: The id of the key that opens (and closes) the log.
MESSAGES_ID = "app.messages"
#: How many messages the log keeps.
LOG_SIZE = 500
#: How each severity is marked in the log.
MARKS = {"information": ("·", ""), "warning": ("!", "bold yellow"), "error": ("✗", "bold red")}


@dataclass(frozen=True)
class LoggedMessage:
    when: datetime
    message: str
    severity: str


class MessageLog:
    """The session's messages, oldest first (at most ``LOG_SIZE``)."""

    def __init__(self) -> None:
        self._messages: deque[LoggedMessage] = deque(maxlen=LOG_SIZE)

    def add(self, text: str, severity: str) -> None:
        self._messages.append(LoggedMessage(datetime.now(), text, severity))

    def __iter__(self) -> Iterator[LoggedMessage]:
        return iter(self._messages)

    def __len__(self) -> int:
        return len(self._messages)


class MessageLogScreen(ModalScreen[None]):
    """The log, scrollable; Escape (or the key that opened it) closes it."""

    DEFAULT_CSS = """
    MessageLogScreen {
        align: center middle;
    }
    MessageLogScreen > Vertical {
        width: 100;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
        & > .title { dock: top; text-style: bold; padding: 0 0 1 0; }
        & > .hint { dock: bottom; color: $text-muted; padding: 1 0 0 0; }
        & > VerticalScroll { height: auto; max-height: 100%; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", tooltip="Close the message log", id="messages.close"),
        # The key that opens the log closes it (the same id: a keymap moves both).
        Binding("f5", "dismiss", "Close", show=False, id=MESSAGES_ID),
    ]

    def __init__(self, log: MessageLog, close_keys: str) -> None:
        super().__init__()
        self.log_entries = list(log)
        self.close_keys = close_keys

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column("when", style="dim", width=8)
        table.add_column("mark", width=1)
        table.add_column("what", ratio=1)
        for entry in self.log_entries:
            mark, style = MARKS.get(entry.severity, MARKS["information"])
            table.add_row(f"{entry.when:%H:%M:%S}", Text(mark, style=style), Text(entry.message))
        with Vertical():
            yield Static(Content(f"Messages ({len(self.log_entries)})"), classes="title")
            with VerticalScroll(id="message-log"):
                yield Static(table if self.log_entries else Text("No messages yet."), id="message-log-text")
            yield Static(Content(f"{self.close_keys} closes · ↑ ↓ PgUp PgDn Home End scroll"), classes="hint")

    def on_mount(self) -> None:
        scroll = self.query_one(VerticalScroll)
        scroll.focus()
        self.call_after_refresh(scroll.scroll_end, animate=False)
