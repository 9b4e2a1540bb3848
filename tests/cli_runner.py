"""Running ``glossator`` from the tests: in this process by default, as a real process when that is the point.

Starting Python and importing the program costs about a second a call; the CLI's tests
make a few hundred calls.  ``run_cli`` calls ``main(argv)`` in this process instead, from
the given folder, with its own stdin, stdout and stderr (text streams over bytes, as a
process has, so binary output through ``sys.stdout.buffer`` is captured too), and returns
what ``subprocess.run`` would: the exit status and the decoded output (newlines left as
written, so a stray carriage return is seen).

``run_process`` is the real thing, for what only a process shows: the exit status the
shell sees, signals, the interpreter's own start-up and shut-down, the console script.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from tui.cli import main

#: How long a real process may take before the test fails instead of hanging.
PROCESS_TIMEOUT_S = 120


def run_cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``glossator ARGS`` run in this process from ``cwd``, its output captured."""
    streams = _stream(stdin or ""), _stream(""), _stream("")
    saved = sys.stdin, sys.stdout, sys.stderr
    previous = Path.cwd()
    os.chdir(cwd)
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        code = main(list(args))
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
        os.chdir(previous)
    _, out, err = streams
    return subprocess.CompletedProcess(["glossator", *args], code, _written(out), _written(err))


def run_process(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m tui ARGS`` run for real, as a user would run ``glossator``."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=PROCESS_TIMEOUT_S,
        check=False,
    )


def _stream(text: str) -> io.TextIOWrapper:
    """A UTF-8 text stream over bytes, holding ``text`` to read (stdin) or nothing (stdout, stderr)."""
    return io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")


def _written(stream: io.TextIOWrapper) -> str:
    """What was written to ``stream``, every character as written (a stray ``\r`` stays one)."""
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode("utf-8")
