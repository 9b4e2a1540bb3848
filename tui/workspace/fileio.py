"""Files read and written safely: atomic writes, bounded reads of regular files, inter-process locks.

Everything Glossator reads comes from outside (a clone, a download, a colleague), so a
read refuses what is not a plain file (a FIFO would hang, ``/dev/zero`` would fill the
memory) and what is bigger than a limit.  Every write goes through a temporary file and
``os.replace``, so a reader or a crash sees the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import mmap
import os
import secrets
import shutil
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from tui.errors import GlossatorError

#: Temporary files are named ``.glossator-<16 hex>.tmp`` whatever the target's name, so a
#: target name close to the file system's limit (255 bytes) can still be written.
TEMP_PREFIX = ".glossator-"
TEMP_SUFFIX = ".tmp"


class UnreadableFileError(GlossatorError):
    """A file that is not a regular file, or too big to read: one problem about that file."""


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


#: The mode a new file gets, as ``open()`` would give it (``mkstemp`` makes 0600).
NEW_FILE_MODE = 0o666 & ~_umask()


def write_atomic(path: Path, data: bytes | Iterable[bytes], *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    The temporary file is flushed and fsynced before the rename, and the folder after it,
    so a power cut or SIGKILL leaves either the previous content or the new one.  The file
    keeps its permissions (a new one gets the umask's).  ``durable=False`` skips the
    fsyncs, for caches that can be rebuilt.  ``data`` may come in pieces, so that a big
    file (a million articles' manifest) is never whole in memory.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)  # a link's target's mode, not the link's 0777
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    tmp_name = str(path.parent / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}")
    fd = os.open(tmp_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    if durable:
        _fsync_folder(path.parent)


def read_outside(path: Path, limit: int) -> bytes:
    """The bytes of a file from outside the workspace (an import, a lexicon, ``add``'s file).

    As ``read_regular``, and the file itself must not be a symbolic link: a folder handed
    over by someone else can hold ``notes.txt -> ~/secret``, and following it would copy
    the secret into the corpus and, at the next commit, publish it.
    """
    try:
        return read_regular(path, limit, follow_links=False)
    except OSError as error:
        if error.errno == errno.ELOOP and os.path.islink(path):
            raise UnreadableFileError(
                f"{path.name} is a symbolic link; Glossator reads only plain files from outside "
                "the workspace (name the file it points to if you mean it)"
            ) from None
        raise


def read_regular(path: Path, limit: int, *, follow_links: bool = True, first: int | None = None) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Checked as ``_open_regular`` checks it.  ``follow_links=False`` refuses a symbolic link
    (``OSError`` ELOOP).  ``first``: only that many bytes from the start (for a file's
    header), whatever the file's size.
    """
    fd, info = _open_regular(path, follow_links)
    with os.fdopen(fd, "rb") as handle:
        if first is not None:
            return handle.read(first)
        if info.st_size > limit:
            raise UnreadableFileError(
                f"{path.name} is too big ({info.st_size:,} bytes; at most {limit:,} are read)"
            )
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnreadableFileError(f"{path.name} is too big (more than {limit:,} bytes)")
    return data


def map_regular(path: Path) -> mmap.mmap:
    """``path`` mapped into memory, read-only, if it is a non-empty regular file (as
    ``read_regular`` checks it): for looking up a little in a big file of Glossator's own."""
    fd, info = _open_regular(path, follow_links=True)
    try:
        if info.st_size == 0:
            raise UnreadableFileError(f"{path.name} is empty")
        return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    finally:
        os.close(fd)


def _open_regular(path: Path, follow_links: bool) -> tuple[int, os.stat_result]:
    """A descriptor of ``path`` and its ``fstat``, if it is a regular file.

    Opened without blocking (a FIFO would wait for a writer forever) and checked on the
    open file, so what is checked is what is read.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_links else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise UnreadableFileError(f"{path.name} is not a regular file ({_kind(info.st_mode)})")
    return fd, info


def remove_tree(path: Path) -> None:
    """Remove a folder Glossator made: never a link, never through one, never a file."""
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path)  # does not follow links inside (fd-based on Linux)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a plain file"


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
    kernel when a process dies, so a killed process never leaves a stale lock.  Threads of
    one process exclude each other too (each ``open`` is its own lock holder).
    """
    lock_dir.mkdir(parents=True, exist_ok=True)
    path = lock_dir / (hashlib.sha1(name.encode("utf-8")).hexdigest() + ".lock")
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "r+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
