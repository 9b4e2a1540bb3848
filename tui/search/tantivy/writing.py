"""tantivy's writer: kept between commits, its lock, its errors as the coordinator expects.

tantivy lets one writer at a time hold an index, in this process or another, and refuses
a second one at once (``LockBusy``): the writer is asked for again until a deadline, then
``IndexBusyError``.  Its other errors are ``ValueError``s; one met writing the cache (a
read-only folder, a full disk) becomes an ``OSError``, which the coordinator says in one
line.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import threading
import time
import weakref

import tantivy

from tui.search.errors import IndexBusyError

#: How long a commit waits for another process's writer, as on Whoosh.
LOCK_TIMEOUT_S = 10.0
_LOCK_POLL_S = 0.05
#: A kept writer is let go once no commit came for this long: other processes can write then.
WRITER_IDLE_S = 1.0
#: The writer's memory before it writes a segment (tantivy's minimum is 15 MB).
WRITER_HEAP = 64_000_000


def open_writer(index: tantivy.Index, heap_size: int, timeout: float) -> tantivy.IndexWriter:
    """A writer of one thread for ``index``, waiting up to ``timeout`` for its lock."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return index.writer(heap_size=heap_size, num_threads=1)
        except ValueError as error:
            if "LockBusy" not in str(error):
                raise write_error(error) from error
            if time.monotonic() >= deadline:
                raise IndexBusyError(
                    "the index is being updated by another Glossator process; try again in a moment"
                ) from error
        time.sleep(_LOCK_POLL_S)


def write_error(error: ValueError) -> OSError:
    """tantivy's error writing the index, as the ``OSError`` it comes from."""
    return OSError(errno.EIO, (str(error).splitlines() or ["the index cannot be written"])[0])


class KeptWriter:
    """The writer of one open index, kept from one commit to the next while they come.

    tantivy merges segments in its writer's threads, started by the commits that call for
    it (its log merge policy: eight segments of a size).  A writer dropped after each
    commit abandons the merge its commit started: on the benchmark workspace, 0.4 s of CPU
    for nothing after every save once eight segments piled up, and commits slowed to
    0.4 s.  Kept, it merges while the next commits go on.  It holds the index's lock, so
    it is let go, once its merges are done, when no commit came for ``WRITER_IDLE_S``, when
    the index is closed, and at exit.  ``lock`` (the index's) guards every use of it.
    """

    def __init__(self, index: tantivy.Index, lock: threading.RLock) -> None:
        self._index = index
        self._lock = lock
        self._writer: tantivy.IndexWriter | None = None
        self._used = 0.0
        self._timer: threading.Timer | None = None
        #: Held while a writer let go waits for its merges (``let_go`` waits for that too).
        self._finishing = threading.Lock()
        _KEPT.add(self)

    def writer(self) -> tantivy.IndexWriter:
        """The kept writer, opened if there is none (waiting for another process's lock)."""
        if self._writer is None:
            self._writer = open_writer(self._index, WRITER_HEAP, LOCK_TIMEOUT_S)
        return self._writer

    def committed(self) -> None:
        """A commit was made: keep the writer ``WRITER_IDLE_S`` longer."""
        self._used = time.monotonic()
        if self._timer is None:
            self._arm(WRITER_IDLE_S)

    def discard(self) -> None:
        """Undo what the writer was given since its last commit (a commit given up or failed);
        a writer that cannot is dropped."""
        if self._writer is not None:
            try:
                self._writer.rollback()
            except ValueError:
                self._writer = None

    def let_go(self) -> None:
        """Let go of the writer now, once its merges are done, and of one being let go."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            writer, self._writer = self._writer, None
        with self._finishing:
            _finish(writer)

    def _arm(self, seconds: float) -> None:
        self._timer = threading.Timer(seconds, self._when_idle)
        self._timer.daemon = True  # ``_let_all_go`` lets go at exit
        self._timer.start()

    def _when_idle(self) -> None:
        with self._lock:
            self._timer = None
            if self._writer is None:
                return
            left = self._used + WRITER_IDLE_S - time.monotonic()
            if left > 0:
                self._arm(left)
                return
            writer, self._writer = self._writer, None
            self._finishing.acquire()
        try:
            _finish(writer)
        finally:
            self._finishing.release()


def _finish(writer: tantivy.IndexWriter | None) -> None:
    """Wait for the writer's merges, then drop it (and so tantivy's lock)."""
    if writer is None:
        return
    with contextlib.suppress(ValueError):  # its folder is gone (a deleted cache), and its merges
        writer.wait_merging_threads()


_KEPT: weakref.WeakSet[KeptWriter] = weakref.WeakSet()


@atexit.register
def _let_all_go() -> None:
    """At exit, before Python stops its threads: a writer waiting for its merges in a
    daemon thread must not be stopped in the middle of tantivy's code."""
    for kept in list(_KEPT):
        kept.let_go()
