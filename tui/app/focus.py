"""Where keys go: the screen the user works in, and when ``/`` is a letter of the query.

The rules (``tui/docs/keys.md``): ``/`` goes to the search box from anywhere on the main
screen, and focusing the box selects its query, so what is typed next replaces it.  In
the search box itself ``/`` is typed only inside a word (``24/7``, ``and/or``): where a
word would start it does nothing, so pressing ``/`` out of habit never puts a "/" in the
query.  After a dialog or a screen closes, the focus goes back where it was before it
opened (Textual's own rule), with the search box's query selected (``FocusRules``); the
focused place is always drawn so.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input


def working_screen(app: App[Any]) -> Screen[Any]:
    """The screen on top, or the one under the command palette (whose commands act there)."""
    screens = [screen for screen in app.screen_stack if not isinstance(screen, CommandPalette)]
    return screens[-1] if screens else app.screen


def slash_is_typed(focused: Widget | None) -> bool:
    """Whether ``/`` is a letter of the text field in focus: inside a word, with nothing selected."""
    if not isinstance(focused, Input):
        return False
    before = focused.value[: focused.cursor_position]
    return bool(before) and not before[-1].isspace() and focused.selection.is_empty


class FocusRules(App[Any]):
    """A base of ``GlossatorApp``: back in the search box after a screen closes, its query is selected.

    Textual gives the focus back to the widget that had it, without a new focus event, so an
    input keeps its old cursor: typed after a review, "rust belt edges" would be glued to the
    query.  Selected, it replaces the query, as when ``/`` goes to the box; arrows or End keep it.
    """

    def pop_screen(self) -> AwaitComplete:
        done = super().pop_screen()
        self.call_after_refresh(self._select_the_query)
        return done

    def _select_the_query(self) -> None:
        focused = self.screen.focused
        if self.screen is self.screen_stack[0] and isinstance(focused, Input):
            focused.select_all()
