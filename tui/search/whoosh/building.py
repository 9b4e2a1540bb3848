"""Building a Whoosh index: in this thread for a small corpus, else by worker processes.

Whoosh's ``procs=N`` writer (``multiprocessing``) cannot be stopped, hangs when its folder
is removed under it and leaves children behind on ctrl+c: builds use worker processes of
their own instead, each writing a side index whose segment is moved into the new index.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import subprocess
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from whoosh import index

from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.search.backend import BuildItem, Built
from tui.search.documents import prepare
from tui.search.errors import BuildStoppedError
from tui.search.manifest import entry_from_json
from tui.search.results import Progress
from tui.search.whoosh.merges import BIG_SEGMENT, adopt
from tui.search.whoosh.schema import schema_for, whoosh_fields
from tui.search.whoosh.workers import PACKAGE_ROOT, send, worker_command
from tui.workspace.fileio import remove_tree
from tui.workspace.layout import Workspace

#: A build of at least this many articles runs in worker processes (one per core for big ones).
PARALLEL_BUILD_FROM = 400
#: Articles a build worker is given at a time (and how often it reports progress).
BUILD_BATCH = 16


def build_index(
    folder: Path,
    workspace: Workspace,
    items: Sequence[BuildItem],
    tags: tuple[str, ...],
    progress: Progress | None,
    stopped: Callable[[], bool],
    running: list[BuildWorker],
) -> Built:
    """Index ``items`` into the empty ``folder``; the workers started are kept in ``running``
    while they run, so that another thread can kill them (``WhooshEngine.stop_builds``)."""
    count = _worker_count(len(items))
    if count:
        return _build_with_workers(folder, workspace, items, tags, count, progress, stopped, running)
    return _build_here(folder, workspace, items, tags, progress, stopped)


class BuildWorker:
    """One build worker process and the messages read from it so far."""

    def __init__(self, workspace: Workspace, side: Path, tags: tuple[str, ...]) -> None:
        self.side = side
        self.process = subprocess.Popen(
            worker_command("build"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # never onto the app's screen
            cwd=PACKAGE_ROOT,
        )
        self.buffer = bytearray()
        self.in_flight = 0
        self.segments: list[Any] | None = None
        self.send((str(workspace.root), str(side), tags))

    def send(self, message: Any) -> None:
        assert self.process.stdin is not None
        try:
            send(self.process.stdin, message)
        except OSError as error:
            raise GlossatorError("an index build worker process stopped unexpectedly") from error

    def fileno(self) -> int:
        assert self.process.stdout is not None
        return self.process.stdout.fileno()

    def read(self) -> list[Any]:
        """The messages that have arrived (reads what is there, without waiting for more)."""
        data = os.read(self.fileno(), 1 << 20)
        if not data:
            raise GlossatorError("an index build worker process stopped unexpectedly")
        self.buffer += data
        messages = []
        while len(self.buffer) >= 8:
            size = int.from_bytes(self.buffer[:8], "little")
            if len(self.buffer) < 8 + size:
                break
            messages.append(pickle.loads(bytes(self.buffer[8 : 8 + size])))
            del self.buffer[: 8 + size]
        return messages

    def stop(self) -> None:
        """Kill the worker (if still running) and reap it."""
        with contextlib.suppress(OSError):
            if self.process.poll() is None:
                self.process.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()


def _worker_count(articles: int) -> int:
    """How many build workers: 0 (build in this thread) for a small corpus, else one per core
    as long as each gets enough articles for a segment ``_merge_plan`` leaves alone."""
    if articles < PARALLEL_BUILD_FROM:
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(4, cores, articles * 2 // (3 * BIG_SEGMENT)))


def _build_here(
    folder: Path,
    workspace: Workspace,
    items: Sequence[BuildItem],
    tags: tuple[str, ...],
    progress: Progress | None,
    stopped: Callable[[], bool],
) -> Built:
    """A small build, in this thread; it stops between two articles once ``stopped()``."""
    store = AnnotationStore(workspace)
    ix = index.create_in(str(folder), schema_for(tags))
    writer = ix.writer(compound=False, limitmb=128)
    built = Built()
    try:
        for done, (article_id, text_stamp, note_stamp) in enumerate(items, start=1):
            if stopped():
                raise BuildStoppedError("the index build was stopped")
            document, entry, problems = prepare(workspace, store, article_id, text_stamp, note_stamp)
            built.skipped += problems
            if document is not None and entry is not None:
                writer.add_document(**whoosh_fields(document))
                built.manifest[article_id] = entry
            if progress:
                progress(done, len(items))
    except BaseException:
        writer.cancel()
        ix.close()
        raise
    writer.commit(merge=False)
    ix.close()
    return built


def _build_with_workers(
    folder: Path,
    workspace: Workspace,
    items: Sequence[BuildItem],
    tags: tuple[str, ...],
    count: int,
    progress: Progress | None,
    stopped: Callable[[], bool],
    running: list[BuildWorker],
) -> Built:
    """A build by ``count`` worker processes, fed batches of articles as they finish them.

    Each writes one segment in a side folder; one commit then moves them into the new
    index.  Killing them stops the build at once; so does Linux if this process dies.
    """
    parts = folder.parent / "parts"
    parts.mkdir()
    batches = deque(items[start : start + BUILD_BATCH] for start in range(0, len(items), BUILD_BATCH))
    built = Built()
    workers: list[BuildWorker] = []
    selector = selectors.DefaultSelector()
    finishing: set[int] = set()

    def feed(worker: BuildWorker) -> None:
        if batches:
            worker.send(batches.popleft())
            worker.in_flight += 1
        elif worker.in_flight == 0 and id(worker) not in finishing:
            worker.send(("finish",))
            finishing.add(id(worker))

    try:
        for number in range(count):
            side = parts / f"part-{number}"
            side.mkdir()
            worker = BuildWorker(workspace, side, tags)
            workers.append(worker)
            running.append(worker)
            selector.register(worker.fileno(), selectors.EVENT_READ, worker)
        for worker in workers:  # two batches each, so none waits for the next
            feed(worker)
            feed(worker)
        done, left = 0, len(workers)
        while left:
            if stopped():
                raise BuildStoppedError("the index build was stopped")
            for key, _ in selector.select(timeout=0.1):
                worker = key.data
                for message in worker.read():
                    if message[0] == "batch":
                        _, size, entries, problems = message
                        worker.in_flight -= 1
                        built.manifest.update(
                            (article_id, entry_from_json(data)) for article_id, data in entries.items()
                        )
                        built.skipped += problems
                        done += size
                        if progress:
                            progress(done, len(items))
                        feed(worker)
                    elif message[0] == "built":
                        worker.segments = message[1]
                        selector.unregister(worker.fileno())
                        left -= 1
                    else:
                        raise GlossatorError(f"building the index failed: {message[1]}")
        if stopped():
            raise BuildStoppedError("the index build was stopped")
        ix = index.create_in(str(folder), schema_for(tags))
        writer = ix.writer()
        writer.commit(mergetype=adopt([(w.side, w.segments or []) for w in workers], folder))
        ix.close()
    except GlossatorError:
        if stopped():
            raise BuildStoppedError("the index build was stopped") from None
        raise
    finally:
        selector.close()
        for worker in workers:
            worker.stop()
            with contextlib.suppress(ValueError):
                running.remove(worker)
    remove_tree(parts)
    return built
