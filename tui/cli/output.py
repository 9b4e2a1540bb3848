"""What every command prints with: exit statuses, counts, colour, progress bars, error lines.

Everything goes through ``tui.text.safe.say``, so no control, bidi or invisible character
from a file, a file name or the command line reaches the terminal raw.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

from tui.text.english import counted
from tui.text.safe import say

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "counted", "progress_bar", "say_error", "use_color"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def say_error(message: str) -> None:
    """One problem, one line on stderr: ``glossator: <message>``."""
    say(f"glossator: {message}", stream=sys.stderr)


def use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def progress_bar(label: str) -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr for runs long enough to need one (only on a terminal)."""
    if not sys.stderr.isatty():
        return None
    started = time.monotonic()
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and (now - started < 0.5 or now - last[0] < 0.1):
            return
        last[0] = now
        width = 30
        filled = width * done // max(total, 1)
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if done >= total else ""
        say(f"{label} {bar} {done}/{total}", stream=sys.stderr, end=end, redraw=True)
        sys.stderr.flush()

    return show
