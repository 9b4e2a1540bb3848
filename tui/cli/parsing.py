"""The command-line parser: argparse with every message made safe, and the commands' registry.

argparse prints help, usage and errors itself; here each of those goes through
``tui.text.safe.say`` (no control character from an argument reaches the terminal) and
a usage mistake is one line naming ``--help``.  Each command group registers its commands
through ``Commands``, so the parser is put together from the groups without a central list.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from tui.cli.output import EXIT_USAGE, say_error
from tui.text.safe import Writable, say
from tui.workspace.layout import Workspace

#: A command that works in a workspace; a standalone one takes only its arguments.
Run = Callable[[Workspace, argparse.Namespace], int]
Standalone = Callable[[argparse.Namespace], int]
WORKSPACE_HELP = "the workspace folder (default: this folder or the nearest parent with corpus/)"


class Parser(argparse.ArgumentParser):
    """argparse whose help, usage and errors are said safely, a mistake in one line.

    ``defer``: arguments added only when the command is parsed or its help shown.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deferred: list[Callable[[argparse.ArgumentParser], None]] = []

    def defer(self, add: Callable[[argparse.ArgumentParser], None]) -> None:
        """Add arguments when this parser is used: for options whose choices come from a module
        that only this command needs, so that every other command starts without it."""
        self._deferred.append(add)

    def _add_deferred(self) -> list[argparse.Action]:
        """Add the deferred arguments; the actions added."""
        known = len(self._actions)
        while self._deferred:
            self._deferred.pop(0)(self)
        return self._actions[known:]

    def _parse_known_args(
        self, arg_strings: list[str], namespace: argparse.Namespace
    ) -> tuple[argparse.Namespace, list[str]]:
        # argparse gave the other arguments their defaults before this call: these get theirs here.
        for action in self._add_deferred():
            unset = not hasattr(namespace, action.dest)
            if unset and action.dest != argparse.SUPPRESS and action.default != argparse.SUPPRESS:
                setattr(namespace, action.dest, action.default)
        return super()._parse_known_args(arg_strings, namespace)

    def format_help(self) -> str:
        self._add_deferred()
        return super().format_help()

    def format_usage(self) -> str:
        self._add_deferred()
        return super().format_usage()

    def print_help(self, file: Writable | None = None) -> None:
        say(self.format_help(), stream=file or sys.stdout, end="", layout=True)

    def print_usage(self, file: Writable | None = None) -> None:
        say(self.format_usage(), stream=file or sys.stdout, end="", layout=True)

    def error(self, message: str) -> NoReturn:
        say_error(f"{message} (see: {self.prog} --help)")
        raise SystemExit(EXIT_USAGE)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            say(message.rstrip("\n"), stream=sys.stderr)
        raise SystemExit(status)


class VersionAction(argparse.Action):
    """``--version``: the version said on stdout (argparse's own prints it raw)."""

    def __init__(self, option_strings: Sequence[str], version: str, dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings, dest=dest, default=argparse.SUPPRESS, nargs=0, help="show the version"
        )
        self.version = version

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        say(self.version)
        raise SystemExit(0)


class Commands:
    """The sub-commands of the parser: each command group adds its own."""

    def __init__(self, parser: argparse.ArgumentParser) -> None:
        self._commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)

    def command(self, name: str, run: Run, help: str, topic: str = "") -> Parser:
        """A command that runs in a workspace (``--workspace``, else found from here).

        ``topic`` names the help topic that tells more (``glossator help TOPIC``).
        """
        sub = self._commands.add_parser(name, help=help, description=help, epilog=see_also(topic))
        sub.add_argument("--workspace", "-w", metavar="DIR", help=WORKSPACE_HELP, default=argparse.SUPPRESS)
        sub.set_defaults(run=run)
        return sub

    def standalone(
        self, name: str, run: Standalone, help: str, description: str, topic: str = ""
    ) -> argparse.ArgumentParser:
        """A command that needs no workspace (``init``, ``completion``, the merge driver)."""
        sub: argparse.ArgumentParser = self._commands.add_parser(
            name, help=help, description=description, epilog=see_also(topic)
        )
        sub.set_defaults(standalone=run)
        return sub


def see_also(topic: str) -> str | None:
    """The line under a command's ``--help`` that names its help topic."""
    return f"More: glossator help {topic}" if topic else None


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number, 1 or more") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number
