"""The watcher process: the workspace's changes, numbered, and answers about them.

Each batch the file watch reports (``tui.workspace.watching``) gets the next number; a
token is ``<session>:<number>``, the session being new at every start.  For every
article, the number of the last batch that named it.  Asked "what changed since token
T", the watcher first writes a file into its signal folder and waits until the watch
reports it: the system reports events in order, so every change made before the
question is then numbered (git's fsmonitor does the same with its cookie files).  The
answer is the ids changed after T and a new token, or "look at everything" with a new
token when it cannot vouch for the ids: T is from another session (or none), or a batch
after T could not be turned into ids (a folder came or went, an overflow, the watch
restarted or failed: ``Changes.full_sync``), or too many articles changed to list.

It stops when nobody asked for ``IDLE_S``, when asked to, or when its socket is no
longer its own (``.glossator/`` removed, or another watcher took its place).
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import secrets
import socket
import threading
import time
from pathlib import Path
from typing import Any

from tui.workspace.fileio import remove_tree
from tui.workspace.layout import Workspace
from tui.workspace.monitor.place import LOCK, SIGNALS, SOCKET, monitor_folder
from tui.workspace.watching import HUGE_BATCH, Changes, watch_workspace

#: Without a question for this long, the watcher stops (``GLOSSATOR_WATCHER_IDLE_S`` overrides it).
IDLE_S = 30 * 60
IDLE_ENV = "GLOSSATOR_WATCHER_IDLE_S"
#: How long an answer waits for the watch to report its signal file before giving up.
CAUGHT_UP_S = 3.0
#: Between two signal files while none came back.
RESIGNAL_S = 0.25
#: More changed articles than this since a token: answered with "look at everything".
MAX_REMEMBERED = 100_000
#: More articles changed than this between two questions: the next answer is "look at
#: everything".  Cheaper for so many, and the sign of a burst that may have overflowed the
#: kernel's event queue (which the watch does not report: its events name no file).
MAX_BETWEEN_QUESTIONS = HUGE_BATCH
#: A batch is handed over once this many milliseconds pass without an event (the default
#: 50 ms is for the app, which redraws; an answer waits for its signal's batch).
STEP_MS = 5


class ChangeLog:
    """The numbered batches: which article changed in which, and since when ids can be trusted."""

    def __init__(self) -> None:
        self.session = secrets.token_hex(8)
        self.number = 0
        self.changed: dict[str, int] = {}
        #: The articles changed since the last answer.
        self.recent: set[str] = set()
        #: Tokens numbered below this cannot be answered with ids.
        self.trusted_from = 1
        self.untrusted = "the watcher had just started"
        #: The signal files an answer waits for, and those of them the watch has reported.
        self.awaited: set[str] = set()
        self.signals: set[str] = set()
        self.condition = threading.Condition()

    def record(self, changes: Changes) -> None:
        with self.condition:
            self.number += 1
            self.recent |= changes.article_ids
            if changes.full_sync or len(self.recent) > MAX_BETWEEN_QUESTIONS:
                self.forget(changes.full_sync or f"more than {MAX_BETWEEN_QUESTIONS} files changed at once")
            elif len(self.changed) + len(changes.article_ids) > MAX_REMEMBERED:
                self.forget("too many articles changed to list")
            else:
                self.changed.update(dict.fromkeys(changes.article_ids, self.number))
            self.signals |= changes.signals & self.awaited
            self.condition.notify_all()

    def forget(self, why: str) -> None:
        """No token up to this batch can be answered with ids (lock held)."""
        self.changed.clear()
        self.recent.clear()
        self.trusted_from = self.number
        self.untrusted = why

    def since(self, token: object) -> dict[str, Any]:
        """The answer to "what changed since ``token``", as of every batch recorded (lock held)."""
        self.recent.clear()
        now = f"{self.session}:{self.number}"
        session, _, number = str(token).partition(":")
        if session != self.session or not number.isdigit():
            return {"token": now, "full": "the index has no token of this watcher"}
        if int(number) < self.trusted_from:
            return {"token": now, "full": self.untrusted}
        return {"token": now, "ids": sorted(i for i, n in self.changed.items() if n > int(number))}


class Watcher:
    """One workspace's watcher: the change log, the signal folder and the socket's server."""

    def __init__(self, workspace: Workspace, folder: Path, idle_s: float) -> None:
        self.workspace = workspace
        self.signal_folder = folder / SIGNALS
        self.idle_s = idle_s
        self.log = ChangeLog()
        self.stop = threading.Event()
        self.started = time.time()
        self._signals = itertools.count()

    def caught_up(self, token: object) -> dict[str, Any]:
        """Write a signal file, wait for the watch to report it, then answer from the log.

        Another signal file is written every ``RESIGNAL_S`` while none came back: one
        written before the watch was in place (just started, or restarted for a new
        folder) is never reported.  Any of them coming back will do: each was written
        after the question.
        """
        names: list[str] = []
        deadline = time.monotonic() + CAUGHT_UP_S
        try:
            while time.monotonic() < deadline:
                name = f"{os.getpid()}-{next(self._signals)}"
                with self.log.condition:
                    self.log.awaited.add(name)
                names.append(name)
                (self.signal_folder / name).touch()
                wait = min(RESIGNAL_S, deadline - time.monotonic())
                with self.log.condition:
                    if self.log.condition.wait_for(lambda: not self.log.signals.isdisjoint(names), wait):
                        return self.log.since(token)
            return {"full": "the watcher did not catch up in time"}
        finally:
            with self.log.condition:
                self.log.awaited.difference_update(names)
                self.log.signals.difference_update(names)
            for name in names:
                with contextlib.suppress(OSError):
                    (self.signal_folder / name).unlink()

    def status(self) -> dict[str, Any]:
        with self.log.condition:
            return {
                "pid": os.getpid(),
                "started": self.started,
                "batches": self.log.number,
                "articles": len(self.log.changed),
                "idle_s": self.idle_s,
            }

    def handle(self, connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError, ValueError):
            connection.settimeout(CAUGHT_UP_S + 2)
            with connection.makefile("rb") as incoming:
                request = json.loads(incoming.readline(4096) or b"{}")
            if not isinstance(request, dict):
                return
            if request.get("stop"):
                answer: dict[str, Any] = {"stopped": os.getpid()}
                self.stop.set()
            elif request.get("status"):
                answer = self.status()
            else:
                answer = self.caught_up(request.get("since"))
            connection.sendall(json.dumps(answer).encode() + b"\n")

    def serve(self, server: socket.socket, inode: int) -> None:
        """Answer each question in a thread of its own, until idle or no longer the socket's owner."""
        server.settimeout(1.0)
        last = time.monotonic()
        while not self.stop.is_set():
            try:
                if os.stat(SOCKET).st_ino != inode:
                    break
            except OSError:
                break
            if time.monotonic() - last > self.idle_s:
                break
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            last = time.monotonic()
            threading.Thread(target=self.handle, args=(connection,), daemon=True).start()
        self.stop.set()

    def watch(self) -> None:
        for changes in watch_workspace(
            self.workspace, self.stop, signal_folder=self.signal_folder, step_ms=STEP_MS
        ):
            self.log.record(changes)


def run(root: Path, idle_s: float | None = None) -> int:
    """Be the workspace's watcher until idle; 0 at once if another one already is."""
    workspace = Workspace.open(root)
    folder = monitor_folder(workspace)
    lock = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(lock)
        return 0  # another watcher runs
    if idle_s is None:
        idle_s = float(os.environ.get(IDLE_ENV, IDLE_S))
    watcher = Watcher(workspace, folder, idle_s)
    remove_tree(watcher.signal_folder)  # left by a watcher that was killed
    watcher.signal_folder.mkdir()
    os.chdir(folder)  # the socket bound by a short name: a workspace's path may be too long for one
    with contextlib.suppress(FileNotFoundError):
        os.unlink(SOCKET)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(SOCKET)
        server.listen(16)
        inode = os.stat(SOCKET).st_ino
        threading.Thread(target=watcher.serve, args=(server, inode), daemon=True).start()
        try:
            watcher.watch()
        finally:
            watcher.stop.set()
            with contextlib.suppress(OSError):
                if os.stat(SOCKET).st_ino == inode:
                    os.unlink(SOCKET)
    return 0
