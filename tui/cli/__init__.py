"""The ``glossator`` command line: one module per command group, over the same core calls as the app."""

from tui.cli.main import main

__all__ = ["main"]
