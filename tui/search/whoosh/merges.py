"""Merging segments: planned by size class, written aside by a worker process, swapped in.

Each save commits its one document as a new small segment, and every segment slows every
search a little.  Merging in a commit holds the write lock for as long as the merge takes
(about 10 ms a document), so saves made meanwhile would wait: merges are written aside by
a worker process (``python -m tui.search.whoosh.worker merge``) and swapped in by a quick
commit.  ``optimize()`` rewrites the whole index: it is never called.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from tui.search.whoosh.workers import PACKAGE_ROOT, worker_command

#: Segments of one size class are merged when there are this many.
MERGE_FANIN = 8
#: Segments this big (or 5% of the documents) are never merged: a build leaves one per core.
BIG_SEGMENT = 1000


def merge_plan(segments: list[Any], *, everything: bool = False) -> tuple[list[Any], list[Any]]:
    """Which segments to keep as they are and which to merge into one: a tiered policy.

    Small segments are grouped by size class (1-7 live documents, 8-63, 64-511, ...) and a
    class is merged once it holds ``MERGE_FANIN`` segments, so a document is rewritten about
    log8(n) times over n saves and nearly every merge is of a few tiny segments (0.15 s
    at 15,000 articles, in a worker process).  Big segments (a build's, or 5% of the
    index) are left alone.  With ``everything``, all small segments are merged.  Segments
    whose documents have all been replaced fall in the smallest class, and vanish when it
    is merged.
    """
    big = max(BIG_SEGMENT, sum(segment.doc_count_all() for segment in segments) // 20)
    small = [segment for segment in segments if segment.doc_count() < big]
    if everything:
        merged = small if len(small) > 1 else []
    else:
        classes: dict[int, list[Any]] = {}
        for segment in small:
            live, size_class = segment.doc_count(), 0
            while live >= MERGE_FANIN:
                live //= MERGE_FANIN
                size_class += 1
            classes.setdefault(size_class, []).append(segment)
        merged = [segment for group in classes.values() if len(group) >= MERGE_FANIN for segment in group]
    return [segment for segment in segments if segment not in merged], merged


def merge_aside(index_folder: str, segments: list[Any], folder: str, schema: Schema) -> Any:
    """Merge ``segments`` of the index in ``index_folder`` into one new segment written in
    ``folder``; return it.

    This is the slow part of a merge (Whoosh re-reads and re-writes every posting, about
    10 ms a document), so it runs in ``MergeProcess``, on the other core, and takes no
    lock: the segments' files never change, and their deletions are those of the commit
    they were read from.
    """
    storage = FileStorage(index_folder)
    side = index.create_in(folder, schema)
    writer = side.writer(compound=False)
    for segment in segments:
        reader = SegmentReader(storage, schema, segment)
        writer.add_reader(reader)
        reader.close()
    writer.commit(merge=False)
    [merged] = side._read_toc().segments
    side.close()
    return merged


class MergeProcess:
    """A worker process for ``merge_aside``, started at the first merge.

    Not a thread: Whoosh is pure Python, so a merge in a thread holds the GIL and doubles
    the time of the saves made meanwhile.  Not ``multiprocessing`` either: its spawn
    re-imports the parent's main module, which re-runs any script without a main guard.
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None

    def merge(self, index_folder: str, segments: list[Any], folder: str, tags: tuple[str, ...]) -> Any:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                worker_command("merge"),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # never onto the app's screen
                cwd=PACKAGE_ROOT,
            )
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        try:
            pickle.dump((index_folder, segments, folder, tags), process.stdin)
            process.stdin.flush()
            status, value = pickle.load(process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError) as error:
            self.close()
            raise OSError(f"the merge process stopped: {error}") from error
        if status != "merged":
            raise OSError(value)
        return value

    def close(self) -> None:
        """Let the worker finish and exit (it stops at the end of its input)."""
        if self._process is not None and self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        self._process = None


def swap_in(
    chosen: list[Any], merged: Any, folder: Path, target: Path
) -> Callable[[Any, list[Any]], list[Any]]:
    """A Whoosh merge policy that puts ``merged`` (made by ``merge_aside``) in place of ``chosen``.

    It runs in a commit, under the index lock.  Documents deleted from the chosen segments
    since they were read (saved again meanwhile) are deleted from the merged one too; if
    another process has merged any of them first, nothing changes.
    """

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        now = {segment.segment_id(): segment for segment in segments}
        if any(segment.segment_id() not in now for segment in chosen):
            return segments
        position = 0  # merging keeps the live documents, in order
        for segment in chosen:
            was_deleted = set(segment.deleted_docs())
            is_deleted = set(now[segment.segment_id()].deleted_docs())
            for docnum in range(segment.doc_count_all()):
                if docnum not in was_deleted:
                    if docnum in is_deleted:
                        merged.delete_document(position)
                    position += 1
        for path in folder.glob(f"{merged.segment_id()}.*"):
            os.replace(path, target / path.name)
        gone = {segment.segment_id() for segment in chosen}
        return [segment for segment in segments if segment.segment_id() not in gone] + [merged]

    return policy


def adopt(parts: list[tuple[Path, list[Any]]], target: Path) -> Callable[[Any, list[Any]], list[Any]]:
    """A Whoosh merge policy that moves the segments build workers wrote aside into the index."""

    def policy(writer: Any, segments: list[Any]) -> list[Any]:
        adopted = list(segments)
        for folder, made in parts:
            for segment in made:
                for path in folder.glob(f"{segment.segment_id()}.*"):
                    os.replace(path, target / path.name)
                adopted.append(segment)
        return adopted

    return policy
