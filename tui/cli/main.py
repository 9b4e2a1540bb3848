"""The ``glossator`` command line: a thin layer over the core, and the app's launcher.

The app (and so Textual) is imported only when it is opened, which keeps ``glossator
search`` fast to start.  Every expected failure is a one-line message on stderr and a
non-zero exit status, never a traceback.

Everything printed goes through ``tui.text.safe.say`` (JSON through ``json_text`` first):
results, file names, error messages and argparse's own usage and error messages, so no
control, bidi or invisible character from a file, a file name or the command line
reaches the terminal raw.  An unexpected exception is one line too ("internal error"),
its traceback appended to ``.glossator/error.log`` when that folder is a real one.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tui import __version__
from tui.cli import (
    adjudicate,
    agreement,
    articles,
    checking,
    help,
    interchange,
    project,
    report,
    searching,
    sharing,
    tags,
    watcher,
)
from tui.cli.output import EXIT_OK, EXIT_PROBLEMS
from tui.cli.parsing import WORKSPACE_HELP, Commands, Parser, VersionAction
from tui.errors import GlossatorError
from tui.text.safe import say
from tui.workspace.layout import CACHE_DIR_NAME, Workspace

#: Where an unexpected exception's traceback goes (inside the workspace's cache folder).
ERROR_LOG = "error.log"
#: The command groups, in the order ``glossator --help`` lists their commands.
GROUPS = (
    searching,
    watcher,
    checking,
    report,
    agreement,
    tags,
    articles,
    interchange,
    project,
    adjudicate,
    sharing,
    help,
)


@dataclass
class _Run:
    """What one run found out, for the last-resort error handler."""

    argv: Sequence[str]
    workspace: Workspace | None = None


def build_parser() -> argparse.ArgumentParser:
    """The whole parser: the options of ``glossator`` itself and every group's commands."""
    parser = Parser(
        prog="glossator",
        description="Read, search and annotate a news corpus. Without a command, opens the app.",
        epilog="The reference: glossator help lists the topics, glossator help TOPIC shows one "
        "(glossator help query: the query language).",
    )
    parser.add_argument("--version", action=VersionAction, version=f"glossator {__version__}")
    parser.add_argument("--workspace", "-w", metavar="DIR", help=WORKSPACE_HELP)
    parser.set_defaults(run=open_app)
    commands = Commands(parser)
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    run = _Run(list(sys.argv[1:] if argv is None else argv))
    try:
        return _main(run)
    except SystemExit as stop:  # argparse: --help, --version, usage mistakes
        return stop.code if isinstance(stop.code, int) else (EXIT_OK if stop.code is None else EXIT_PROBLEMS)
    except GlossatorError as error:
        say(f"glossator: {error}", stream=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly (and let the final flush at exit
        # go nowhere rather than fail again).
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        say(f"glossator: {_os_error(error, run.workspace)}", stream=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as error:
        return _internal_error(error, run)


def _main(run: _Run) -> int:
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:
        # The shell asks for completions (see glossator completion): answer and exit.
        # Imported only then, so every other run starts as fast as before.
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(run.argv)
    if getattr(args, "standalone", None):
        standalone: Callable[[argparse.Namespace], int] = args.standalone
        return standalone(args)
    run.workspace = _workspace(args.workspace)
    if unread := run.workspace.corpus_not_followed():
        say(f"glossator: warning: {unread}", stream=sys.stderr)
    command: Callable[[Workspace, argparse.Namespace], int] = args.run
    return command(run.workspace, args)


def _os_error(error: OSError, workspace: Workspace | None) -> str:
    """``<path>: <reason>`` (the path relative to the workspace when inside it)."""
    reason = error.strerror or str(error) or type(error).__name__
    names = [name for name in (error.filename, error.filename2) if name is not None]
    if not names:
        return reason
    shown = []
    for name in names:
        path = Path(os.fsdecode(name)) if isinstance(name, str | bytes | os.PathLike) else Path(str(name))
        shown.append(workspace.relative(path) if workspace is not None and path.is_absolute() else str(path))
    return f"{' -> '.join(shown)}: {reason}"


def _internal_error(error: Exception, run: _Run) -> int:
    """The last resort: one line on stderr, the traceback in ``.glossator/error.log`` if possible."""
    # The stack has unwound to here; a RecursionError must not strike again while reporting.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    logged = _log_traceback(error, run)
    where = f" (details in {CACHE_DIR_NAME}/{ERROR_LOG})" if logged else ""
    say(f"glossator: internal error: {type(error).__name__}: {error}{where}", stream=sys.stderr)
    return EXIT_PROBLEMS


def _log_traceback(error: Exception, run: _Run) -> bool:
    """Append the traceback to ``.glossator/error.log`` when ``.glossator/`` is a real folder."""
    try:
        workspace = run.workspace or Workspace.find(Path.cwd())
        folder = workspace.cache_dir
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return False  # a link or a file: not ours to write into
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        fd = os.open(folder / ERROR_LOG, flags, 0o644)
        with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as log:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
            log.write(f"--- {stamp} glossator {__version__}: {list(run.argv)!r}\n")
            log.write("".join(traceback.format_exception(error)))
        return True
    except Exception:
        return False


def _workspace(folder: str | None) -> Workspace:
    return Workspace.open(folder) if folder else Workspace.find(Path.cwd())


def open_app(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.app import run_app

    return run_app(workspace)
