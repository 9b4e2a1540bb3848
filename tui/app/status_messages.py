"""The app's messages and keys: the status line, the message log, and the user keymap.

``StatusMessages`` is a base of ``GlossatorApp``:

- **Messages.**  Every ``notify`` (the app's, a widget's, a dialog's) goes to the status
  line of the screen on top (the main screen has one from the start; another screen
  gets one on its first message) and to the message log, instead of a toast over the
  work.  Messages embed file names, quotes and notes, which come from outside: they are
  shown verbatim, control characters made visible, never as markup.  ``F5`` (or
  "messages" in the palette) reopens the log.
- **The user keymap** (``tui.app.keymap``) is applied when the app starts, with Textual's
  ``set_keymap``; the footer, the help and the palette show the keys in force.  The tag
  keys are then checked against the other keys in force in the article: a clash is said
  once, naming both bindings and where to change them; so is a clash Textual finds
  between keys of the keymap (``handle_bindings_clash``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer

from tui.app.focus import working_screen
from tui.app.keymap import UserKeymap, config_path, load_keymap
from tui.app.keys import binding_ids, key_name, keys_in_force, tag_key_clashes
from tui.app.message_log import MESSAGES_ID, MessageLog, MessageLogScreen
from tui.app.status_line import StatusLine
from tui.text.safe import visible
from tui.workspace.tagset import TagSet

#: How long a message stays bright on the status line, by default (seconds).
TIMEOUT_S = 5.0


class StatusMessages(App[None]):
    """Messages on a status line and in a log; the user's keymap.  ``tag_set`` is the app's."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "f5",
            "messages",
            "Messages",
            show=False,
            tooltip="Show the messages of this session again (the message log)",
            id=MESSAGES_ID,
        ),
    ]

    @property
    def tag_set(self) -> TagSet:
        """The tags in use, whose keys the keymap is checked against (the app says which)."""
        raise NotImplementedError

    def __init__(self) -> None:
        super().__init__()
        self.message_log = MessageLog()
        #: The user's keymap (empty until the app is mounted).
        self.user_keymap = UserKeymap({}, config_path())
        #: Messages already said once (keymap problems, clashes).
        self._said_once: set[str] = set()

    def on_mount(self) -> None:
        self.apply_user_keymap(load_keymap(binding_ids(self.tag_set)))

    def apply_user_keymap(self, keymap: UserKeymap) -> None:
        """Use ``keymap``'s keys; say once what is wrong in it and which tag keys clash."""
        self.user_keymap = keymap
        self.set_keymap(keymap.keys)
        for problem in keymap.problems:
            self.say_once(problem, severity="warning")
        for clash in tag_key_clashes(self.tag_set, keymap.keys):
            self.say_once(f"{clash}: change one in glossator.toml or {keymap.path}", "error")

    def key_of(self, binding_id: str) -> str:
        """The key in force for a binding, as the help writes it (``F5``)."""
        keys = keys_in_force(binding_id, self.user_keymap.keys, self.tag_set)
        return " or ".join(key_name(key) for key in keys)

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """Textual found a key of the keymap taking a key another binding had: say so once
        (Textual asks on every key press)."""
        for binding in sorted(clashed_bindings, key=lambda b: b.key):
            name = binding.id or binding.action
            self.say_once(
                f"Your keymap gives {key_name(binding.key)} to another action, so "
                f"{binding.description or binding.action} ({name}) lost it; see {self.user_keymap.path}",
                "warning",
            )

    def say_once(self, message: str, severity: SeverityLevel = "information") -> None:
        if message not in self._said_once:
            self._said_once.add(message)
            self.notify(message, severity=severity, timeout=10)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every message, from anywhere in the app: on the status line and in the log, verbatim."""
        text = visible(f"{title}: {message}" if title else message)
        self.message_log.add(text, severity)
        # The screen under the command palette (a message while it is open shows when it closes).
        if self.screen_stack:
            line = self._status_line(working_screen(self))
            line.show(text, severity, TIMEOUT_S if timeout is None else timeout, self.key_of(MESSAGES_ID))

    def _status_line(self, screen: Screen[object]) -> StatusLine:
        """The status line of ``screen``, mounted on its first message: above its footer, or, in a
        dialog, where the status line of the screen behind it is (so one line says the news)."""
        found = screen.query_children(StatusLine)
        if found:
            return found.first()
        line = StatusLine(above_footer=bool(screen.query(Footer)) or isinstance(screen, ModalScreen))
        screen.mount(line)
        return line

    def action_messages(self) -> None:
        self.push_screen(MessageLogScreen(self.message_log, f"Escape or {self.key_of(MESSAGES_ID)}"))


def user_keys(app: App[Any]) -> dict[str, str]:
    """The user keymap in force in ``app`` (binding id → keys): none in an app without one."""
    return app.user_keymap.keys if isinstance(app, StatusMessages) else {}
