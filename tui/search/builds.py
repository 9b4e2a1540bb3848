"""Where the index lives: builds made aside, the pointer naming the one in use, the build lock.

The index is a cache of ``corpus/`` + ``annotations/`` kept in the workspace's git-ignored
``.glossator/`` folder, laid out so that a build never touches the index in use::

    .glossator/
      current                  {"schema": "<fingerprint>", "build": "build-<16 hex>"}
      build-<16 hex>/          one build: made aside, then named in ``current`` at once
        index/                 the engine's files
        manifest.json          what each article's document was built from
        manifest.journal       one line per re-indexed article since the manifest
        folders.json           each folder's modification time, for quick syncs
        in-use                 every process with this build open holds a shared flock on it
      locks/build.lock         one build at a time (a flock; waited for a bounded time)
      merging-<random>/        a merge being written aside (the Whoosh engine's ``compact``)

A build that is killed or stopped leaves the previous index untouched and searchable,
and a half-made folder that the next process with the build lock removes.  Old builds
are removed once no process has them open.  Only folders named ``build-<16 hex>`` that are
real folders (never links) are ever removed.  The fingerprint names the engine, the
schema and the tag set: when any of them changes, the index is rebuilt.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.errors import GlossatorError
from tui.search.errors import (
    BuildStoppedError,
    DamagedIndexError,
    IndexBuildingError,
    IndexWriteError,
    reason,
)
from tui.workspace.fileio import remove_tree, write_atomic
from tui.workspace.layout import Workspace

POINTER_NAME = "current"
BUILD_NAME = re.compile(r"build-[0-9a-f]{16}")
#: Files of the index layout before builds were made aside (``.glossator/index/``): removed.
LEGACY_INDEX_FILE = re.compile(r"_?MAIN_[\w.]+")


@dataclass(frozen=True)
class Build:
    """One build folder, ``.glossator/build-<16 hex>/``."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def index_dir(self) -> Path:
        return self.path / "index"

    @property
    def manifest(self) -> Path:
        return self.path / "manifest.json"

    @property
    def journal(self) -> Path:
        return self.path / "manifest.journal"

    @property
    def folders(self) -> Path:
        return self.path / "folders.json"

    @property
    def watcher_token(self) -> Path:
        """The workspace watcher's token as of which this build reflects the files."""
        return self.path / "watcher-token"

    @property
    def in_use(self) -> Path:
        return self.path / "in-use"


def read_pointer(
    workspace: Workspace, cache: Path, fingerprint: str
) -> tuple[str, tuple[int, int, int]] | None:
    """(build name, stat of the pointer) from ``.glossator/current``; None if there is none.

    ``DamagedIndexError`` if it does not name a build of this fingerprint.  A pointer that is not a
    plain file (a folder, a link) was not made by Glossator, which cannot replace it.
    """
    pointer = cache / POINTER_NAME
    try:
        info = os.lstat(pointer)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a file"
        raise IndexWriteError(
            f"{workspace.relative(pointer)} is {what}; Glossator keeps the name of its index "
            f"there: move {workspace.relative(pointer)} away and try again"
        )
    try:
        content = json.loads(workspace.read(pointer))
    except (OSError, GlossatorError, ValueError) as error:
        raise DamagedIndexError("the index is damaged") from error
    if not isinstance(content, dict) or content.get("schema") != fingerprint:
        raise DamagedIndexError("the tag set or the index format changed")
    name = content.get("build")
    if not isinstance(name, str) or not BUILD_NAME.fullmatch(name):
        raise DamagedIndexError("the index is damaged")
    return name, (info.st_ino, info.st_mtime_ns, info.st_size)


def pointer_stat(cache: Path) -> tuple[int, int, int] | None:
    try:
        info = os.lstat(cache / POINTER_NAME)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def hold(build: Build) -> int:
    """A shared flock on the build's ``in-use`` file, so no other process removes it meanwhile.

    ``DamagedIndexError`` if the build is gone or being removed (the pointer has moved on meanwhile:
    the caller reads it again).
    """
    try:
        if not stat.S_ISDIR(os.lstat(build.path).st_mode):
            raise DamagedIndexError("the index is damaged")
        fd = os.open(build.in_use, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        raise DamagedIndexError("the index is damaged") from error
    try:
        deadline = time.monotonic() + 1.0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DamagedIndexError("the index is being removed") from None
                time.sleep(0.02)
        if os.fstat(fd).st_nlink == 0:
            raise DamagedIndexError("the index was removed")
    except BaseException:
        os.close(fd)
        raise
    return fd


def new_build(cache: Path) -> Build:
    """A new, empty build folder with its ``in-use`` file."""
    build = Build(cache / f"build-{secrets.token_hex(8)}")
    build.path.mkdir()
    build.index_dir.mkdir()
    os.close(os.open(build.in_use, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644))
    return build


def remove_stale_builds(cache: Path, keep: str | None) -> None:
    """Remove the build folders other than ``keep`` that no process has open.

    Called with the build lock held, so none of them is a build in progress: they are old
    builds, or builds that were killed or stopped.  Only real folders with the name
    pattern of builds are removed; a process that has a build open holds a shared flock
    on its ``in-use`` file, which the exclusive one taken here must wait for.
    """
    try:
        entries = list(os.scandir(cache))
    except OSError:
        return
    for entry in entries:
        if entry.name == keep or not BUILD_NAME.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            if not entry.is_dir(follow_symlinks=False):
                continue
            try:
                fd = os.open(Path(entry.path) / "in-use", os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            except FileNotFoundError:
                remove_tree(Path(entry.path))  # killed before it was ready to be used
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue  # some process still searches it
            try:
                remove_tree(Path(entry.path))
            finally:
                os.close(fd)


def remove_legacy_layout(cache: Path) -> None:
    """Remove the index of versions before builds were made aside (``index/``, ``manifest.*``).

    Only a real folder holding nothing but Whoosh's files, and plain files.
    """
    legacy = cache / "index"
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(os.lstat(legacy).st_mode):
            names = os.listdir(legacy)
            if all(LEGACY_INDEX_FILE.fullmatch(name) for name in names):
                remove_tree(legacy)
    for name in ("manifest.json", "manifest.journal"):
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(cache / name).st_mode):
                (cache / name).unlink()


@contextlib.contextmanager
def build_lock(workspace: Workspace, wait: float, stopped: Callable[[], bool]) -> Iterator[None]:
    """Hold ``.glossator/locks/build.lock``: one build at a time, across processes and threads.

    Waits at most ``wait`` seconds for a build in another process (or thread), then raises
    ``IndexBuildingError``.  ``flock`` is released by the kernel when a process dies, so a
    killed build never leaves it held.
    """
    locks = workspace.own_folder(workspace.usable_cache_dir() / "locks")
    fd = os.open(locks / "build.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if stopped():
                    raise BuildStoppedError("the index build was stopped") from None
                if time.monotonic() >= deadline:
                    raise IndexBuildingError(
                        "the index is being built by another Glossator process; try again in a moment"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def try_build_lock(workspace: Workspace) -> Iterator[bool]:
    """The build lock if it is free now (for tidying up), without waiting."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(build_lock(workspace, 0.0, lambda: False))
        except (GlossatorError, OSError):
            held = False
        else:
            held = True
        yield held


def remove_abandoned_merges(cache_dir: Path) -> None:
    """Remove the folders of merges whose process was killed (a live merge takes seconds)."""
    cutoff = time.time() - 3600
    with contextlib.suppress(OSError):
        for entry in os.scandir(cache_dir):
            if entry.name.startswith("merging-") and entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        remove_tree(Path(entry.path))


@contextlib.contextmanager
def cache_errors(workspace: Workspace) -> Iterator[None]:
    """An ``OSError`` writing the cache (read-only, full disk, a folder where a file goes) as
    one line for the user."""
    try:
        yield
    except OSError as error:
        where = f" ({workspace.relative(Path(error.filename))})" if isinstance(error.filename, str) else ""
        raise IndexWriteError(
            f"cannot update the search index in {workspace.relative(workspace.cache_dir)}/: "
            f"{reason(error)}{where}"
        ) from error


def ignore_in_git(folder: Path) -> None:
    """Make the cache folder git-ignored in any workspace, not only in ones we set up."""
    ignore = folder / ".gitignore"
    if not os.path.lexists(ignore):
        write_atomic(
            ignore, b"# Glossator's search index: a cache, rebuilt from the files.\n*\n", durable=False
        )


def write_pointer(cache: Path, build: Build, fingerprint: str) -> None:
    """Name ``build`` as the one in use, at once (an atomic replace)."""
    pointer = {"schema": fingerprint, "build": build.name}
    write_atomic(cache / POINTER_NAME, json.dumps(pointer).encode(), durable=False)
