"""Where a workspace's watcher keeps its socket, lock, signal files and log: ``.glossator/monitor/``."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from tui.workspace.layout import Workspace

FOLDER = "monitor"
SOCKET = "socket"
LOCK = "lock"
LOG = "log"
#: The folder the watcher writes a file into to learn its watch has caught up (see daemon).
SIGNALS = "signals"
#: Longest path ``connect`` takes for a Unix socket (108 bytes on Linux, 104 on macOS, less the NUL).
MAX_SOCKET_PATH = 100


def monitor_folder(workspace: Workspace) -> Path:
    """``.glossator/monitor/``, made if missing (only the user may enter it)."""
    folder = workspace.own_folder(workspace.usable_cache_dir() / FOLDER)
    os.chmod(folder, 0o700)
    return folder


def connect(folder: Path, timeout: float) -> socket.socket:
    """A connection to the watcher's socket in ``folder``; ``OSError`` if none listens.

    A socket's path is limited to about a hundred bytes and workspaces can be deeper: then,
    on Linux, the folder is reached through its open descriptor (``/proc/self/fd/N``).
    """
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(timeout)
    try:
        path = str(folder / SOCKET)
        if len(os.fsencode(path)) <= MAX_SOCKET_PATH:
            client.connect(path)
            return client
        if not sys.platform.startswith("linux"):
            raise OSError(f"{path} is too long a path for a socket")
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            client.connect(f"/proc/self/fd/{fd}/{SOCKET}")
        finally:
            os.close(fd)
        return client
    except BaseException:
        client.close()
        raise
