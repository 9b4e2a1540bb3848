"""Talking to the worker processes of builds and merges: how they start, framed messages.

They are processes started as ``python -m tui.search.whoosh.worker KIND``, not threads
(Whoosh is pure Python: a thread holds the GIL and slows the saves made meanwhile) and not
``multiprocessing`` (its spawn re-imports the parent's main module, which re-runs any
script without a main guard, and its children cannot be stopped or are left behind).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from pathlib import Path
from typing import IO, Any

#: Where the ``tui`` package is, so a worker imports the same code as its parent.
PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])


def worker_command(kind: str) -> list[str]:
    return [sys.executable, "-m", "tui.search.whoosh.worker", kind]


def send(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "little") + data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """The next message on ``stream``; EOFError at its end."""
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError
    data = stream.read(int.from_bytes(header, "little"))
    return pickle.loads(data)


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a SIGKILLed or SIGTERMed CLI)."""
    parent = os.getppid()
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
