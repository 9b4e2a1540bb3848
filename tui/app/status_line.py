"""A one-line status line at the bottom of a screen, above its footer: the latest message.

Messages used to be toasts stacked over the top right of the screen, over the article's
title and byline and over the browser's columns.  The status line takes one row of its
own instead, so it covers nothing: a new message replaces the one shown, coloured by
severity (``$warning``, ``$error`` tints from the theme), and fades to the muted text
colour after its timeout, staying readable until the next one.  When messages come
faster than they fade, the line says how many more the message log holds.

Reusable: docked at the bottom of whatever screen it is mounted in; ``above_footer``
keeps it on the row above a docked ``Footer``.  Its text is shown verbatim (never markup).
"""

from __future__ import annotations

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

SEVERITIES = ("information", "warning", "error")


class StatusLine(Static):
    """The latest message of the app, on one row; ``show`` replaces it."""

    DEFAULT_CSS = """
    StatusLine {
        dock: bottom;
        height: 1;
        width: 100%;
        padding: 0 1;
        background: $boost;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &.-above-footer { margin-bottom: 1; }
        &.-warning { background: $warning-muted; }
        &.-error { background: $error-muted; }
        &.-faded { color: $text-muted; background: $boost; }
    }
    """

    def __init__(self, *, above_footer: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, markup=False, classes="-above-footer" if above_footer else "")
        self._fade: Timer | None = None
        #: Messages shown since the line last faded, the one on screen included.
        self.fresh = 0
        #: The text on screen (the message as given).
        self.message = ""

    def show(
        self, message: str, severity: str = "information", timeout: float = 5.0, more_key: str = ""
    ) -> None:
        """Show ``message`` (plain text); ``more_key`` opens the log, said when messages pile up."""
        if self._fade is not None:
            self._fade.stop()
        self.fresh += 1
        self.message = message
        text = Content(" ".join(message.split()))
        if self.fresh > 1 and more_key:
            earlier = self.fresh - 1
            more = f"  (+{earlier} earlier: {more_key})"
            text = Content.assemble(text, (more, "$text-muted"))
        self.update(text)
        for name in SEVERITIES:
            self.set_class(severity == name and name != "information", f"-{name}")
        self.remove_class("-faded")
        self._fade = self.set_timer(timeout, self.fade)

    def fade(self) -> None:
        """The message has been there long enough: muted, kept until the next one."""
        self.fresh = 0
        self.add_class("-faded")
        for name in SEVERITIES:
            self.remove_class(f"-{name}")
