"""A command's side of the watcher: what changed since the index's token, and starting one.

``GLOSSATOR_WATCHER`` decides whether a command starts a watcher when none answers:
``off`` (never, and none is asked), ``on`` (always), unset or ``auto`` (from
``START_FROM`` indexed articles: below that, looking at every file costs less than a
watcher's upkeep).  A watcher that runs is asked whatever the size.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from tui.errors import GlossatorError
from tui.workspace.layout import Workspace
from tui.workspace.monitor.place import LOG, connect, monitor_folder

SETTING_ENV = "GLOSSATOR_WATCHER"
#: Indexed articles from which a command starts a watcher by itself (``auto``).
START_FROM = 2000
#: How long a command waits for a watcher to accept, and to answer (it waits for its
#: watch to catch up, at most 3 s).
CONNECT_S = 0.5
ANSWER_S = 5.0


@dataclass(frozen=True)
class Answer:
    """What a watcher said: the articles changed since a token, or that it cannot say."""

    #: The ids of the articles whose files changed; None: every file must be looked at.
    article_ids: frozenset[str] | None
    #: The token to keep with the index once it reflects the files ('' if none was given).
    token: str = ""
    #: Why every file must be looked at.
    reason: str = ""


def changes_since(workspace: Workspace, token: str, indexed: int) -> Answer:
    """Ask the workspace's watcher what changed since ``token``; start one if none answers.

    ``indexed``: how many articles the index holds (whether a watcher is worth starting).
    """
    setting = os.environ.get(SETTING_ENV, "auto")
    if setting == "off":
        return Answer(None, reason="watching is off")
    try:
        reply = ask(workspace, {"since": token or None})
    except (OSError, ValueError, GlossatorError):  # none listens, or .glossator/ is not usable
        if setting == "on" or indexed >= START_FROM:
            with contextlib.suppress(OSError, GlossatorError):
                start(workspace)
                return Answer(None, reason="no watcher was running; one is starting")
        return Answer(None, reason="no watcher is running")
    new_token = reply.get("token")
    new_token = new_token if isinstance(new_token, str) else ""
    ids = reply.get("ids")
    if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
        return Answer(frozenset(ids), new_token)
    return Answer(None, new_token, str(reply.get("full", "the watcher gave no answer")))


def ask(workspace: Workspace, request: dict[str, Any]) -> dict[str, Any]:
    """One question to the watcher; ``OSError`` if none listens, ``ValueError`` if it garbles."""
    with connect(monitor_folder(workspace), CONNECT_S) as connection:
        connection.settimeout(ANSWER_S)
        connection.sendall(json.dumps(request).encode() + b"\n")
        with connection.makefile("rb") as incoming:
            reply = json.loads(incoming.readline(1 << 26))
    if not isinstance(reply, dict):
        raise ValueError("not an answer")
    return reply


def start(workspace: Workspace) -> None:
    """Start the workspace's watcher in the background, on its own (it outlives the command).

    Through a shell that starts it and exits at once, so the watcher is no child of this
    process, which need not wait for it (nor be warned that it still runs when it ends).
    Its messages, if any, go to ``.glossator/monitor/log``.
    """
    folder = monitor_folder(workspace)
    command = [sys.executable, "-m", "tui.workspace.monitor", str(workspace.root)]
    fd = os.open(folder / LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "ab") as log:
        subprocess.run(
            ["/bin/sh", "-c", '"$@" &', "sh", *command],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            cwd=folder,
            start_new_session=True,
            check=False,
        )
