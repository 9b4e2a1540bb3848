"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never a mix."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    The temporary file is flushed and fsynced before the rename, and the folder after it,
    so a power cut or SIGKILL leaves either the previous content or the new one.
    ``durable=False`` skips the fsyncs, for caches that can be rebuilt.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if durable:
        _fsync_folder(path.parent)


def remove_file(path: Path) -> None:
    """Delete ``path`` if it exists, and make the deletion durable."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
        _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def exclusive(lock_dir: Path, name: str) -> Iterator[None]:
    """Hold an inter-process lock named ``name`` (e.g. while reading, merging and writing a file).

    Two Glossator processes saving one article would otherwise both read the old file and
    the second write would drop the first one's change.  ``flock`` is released by the
    kernel when a process dies, so a killed process never leaves a stale lock.
    """
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / (hashlib.sha1(name.encode("utf-8")).hexdigest() + ".lock")
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
