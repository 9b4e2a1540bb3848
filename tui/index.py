"""The search index: every Whoosh call of the program lives in this module.

The index is a cache of ``corpus/`` + ``annotations/`` kept in the workspace's git-ignored
``.glossator/`` folder, laid out so that a build never touches the index in use::

    .glossator/
      current                  {"schema": 2, "build": "build-<16 hex>"}: the index in use
      build-<16 hex>/          one build: made aside, then named in ``current`` at once
        index/                 Whoosh's files
        manifest.json          what each article's document was built from
        manifest.journal       one line per re-indexed article since the manifest
        in-use                 every process with this build open holds a shared flock on it
      locks/build.lock         one build at a time (a flock; waited for a bounded time)
      merging-<random>/        a merge being written aside (``compact``)

A build (``rebuild``, or the first ``sync``) writes a new ``build-*`` folder, by worker
processes of its own that can be stopped (``close``), then replaces ``current`` atomically:
a build that is killed or stopped leaves the previous index untouched and searchable,
and a half-made folder that the next process with the build lock removes.  Old builds
are removed once no process has them open.  Only folders named ``build-<16 hex>`` that are
real folders (never links) are ever removed.

The manifest records, for every indexed article, the size, modification time and sha256
of its text file and of its annotation file; syncing compares it with the files and
re-indexes only what changed.  It is written only after a successful commit, so a crash
between the two makes the next sync redo some work, never skip it.  A missing,
unreadable or older-schema index is rebuilt.

Whoosh (whoosh-reloaded 2.7.5) pitfalls this module works around:

* ``searcher.refresh()`` after ``update_document()`` + ``commit()`` also returns the old
  copies of edited documents (it keeps readers of merged-away segments and misses new
  deletions): searchers are reopened by ``_SegmentReaders`` instead, which reuses only what
  cannot have changed;
* ``update_document()`` and ``delete_by_term()`` open a reader of every segment to find the
  old document: it is found with the searcher already open instead;
* ``BufferedWriter``'s searcher crashes when the hits exceed the limit: it is not used;
* ``writer()`` fails at once on a held lock unless given a timeout: one is always given;
* ``optimize()`` rewrites the whole index: it is never called on a save;
* its ``procs=N`` writer (``multiprocessing``) cannot be stopped, hangs when its folder is
  removed under it and leaves children behind on ctrl+c: builds use ``_BuildWorker``
  processes instead, each writing a side index whose segment is moved into the new index;
* merging in a commit holds the write lock for as long as the merge takes (about 10 ms a
  document), so saves made meanwhile would wait: merges are written aside by a worker
  process and swapped in by a quick commit (``compact``);
* range queries on text fields and wildcards that start with ``*`` walk the whole term
  dictionary (minutes at 15,000 articles): they are refused;
* a wildcard is an OR of a matcher per word it stands for, and its ``TermsCollector``
  checks every word of a query at every matching document (``co*``: 2.8 s): wildcards are
  answered from the union of their posting lists (``_DocSet``), matched words are found for
  the top hits only, and a query whose estimated work (``_cost``) is too big is refused.

Each save commits its one document as a new small segment, and every segment slows every
search a little; ``compact`` merges them by size class right after the save, in the
background.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import fnmatch
import hashlib
import json
import math
import os
import pickle
import re
import secrets
import selectors
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from whoosh import collectors, highlight, index, matching, query, sorting
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import MultifieldParser
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher

from tui import nearduplicates
from tui.corpus import decode_article
from tui.errors import GlossatorError
from tui.fileio import write_atomic
from tui.metadata import body_start, extract_metadata
from tui.store import TAGS, Annotation, AnnotationStore
from tui.workspace import ANNOTATION_SUFFIX, ARTICLE_SUFFIX, Skipped, Workspace, is_article_id

#: Bump when the schema or what goes into a document changes: older indexes are rebuilt.
SCHEMA_VERSION = 2
LOCK_TIMEOUT_S = 10.0
#: How long a process that needs a build waits for another process's build to finish.
BUILD_WAIT_S = 3.0
MAX_QUERY_CHARS = 1000
#: A build of at least this many articles runs in worker processes (one per core for big ones).
PARALLEL_BUILD_FROM = 400
#: Articles a build worker is given at a time (and how often it reports progress).
BUILD_BATCH = 16
#: Memory each build worker's Whoosh writer may use before it writes sorted runs to disk.
BUILD_LIMIT_MB = 256
#: A manifest journal longer than this is folded into the manifest when the index opens.
MAX_JOURNAL_LINES = 1000
#: Saves add one-document segments; segments of one size class are merged when there are this many.
MERGE_FANIN = 8
#: Segments this big (or 5% of the documents) are never merged: a build leaves one per core.
BIG_SEGMENT = 1000
#: Wildcard patterns need this many literal characters: "*e*" expands to most of the index.
MIN_WILDCARD_LETTERS = 2
#: The wildcards of one query may stand for at most this many words in all (each is a posting list).
MAX_WILDCARD_TERMS = 5000
#: The most work (``_cost``) a query may need: about 0.6 s at 15,000 articles.
MAX_QUERY_COST = 400_000
#: A search still collecting after this long is stopped with a message.
SEARCH_DEADLINE_S = 1.0
#: The annotations listed per hit for tag, tagged-text, note and author queries.
MAX_LISTED_ANNOTATIONS = 100
SNIPPET_CHARS = 220
SNIPPET_FRAGMENTS = 2
#: How much of an article is analysed again for the snippet of a wildcard query.
PATTERN_SNIPPET_CHARS = 100_000

POINTER_NAME = "current"
BUILD_NAME = re.compile(r"build-[0-9a-f]{16}")
#: Files of the index layout before builds were made aside (``.glossator/index/``): removed.
LEGACY_INDEX_FILE = re.compile(r"_?MAIN_[\w.]+")

Progress = Callable[[int, int], None]


class QueryError(GlossatorError):
    """A query the parser cannot make sense of; the message is one line for the user."""


class IndexBusyError(GlossatorError):
    """Another process holds the index's write lock for longer than the timeout."""


class IndexBuildingError(IndexBusyError):
    """There is no index to use yet and another process is building it."""


class BuildStoppedError(GlossatorError):
    """``close()`` was called while a build or sync ran: it stopped, the old index is unchanged."""


class IndexWriteError(GlossatorError):
    """The cache folder cannot be written (read-only, full disk, a folder in a file's place)."""


# --- schema ------------------------------------------------------------------------------------


def _schema() -> Schema:
    stem = StemmingAnalyzer()
    words = StandardAnalyzer(stoplist=None)
    span_fields = {tag: TEXT(analyzer=stem, phrase=True) for tag in TAGS}
    return Schema(
        article=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=stem, stored=True, field_boost=2.0),
        source=TEXT(analyzer=words, stored=True),
        byline=TEXT(analyzer=words, stored=True),
        date=DATETIME(),
        # Seconds since 1970 for "newest first"; 0 when undated, so undated articles sort last.
        recency=NUMERIC(sortable=True, bits=64),
        date_text=STORED(),
        body=TEXT(analyzer=stem, phrase=True, chars=True),
        tag=KEYWORD(lowercase=True),
        note=TEXT(analyzer=stem),
        author=TEXT(analyzer=words),
        tag_counts=STORED(),
        # What a hit lists of its annotations, one JSON array a line: no TOML is parsed when
        # searching (a 50,000-annotation file took 3.9 s to parse for every hit).
        listing=STORED(),
        minhash=STORED(),
        band=KEYWORD(),
        **span_fields,
    )


SCHEMA = _schema()
#: Fields a query may name, in the order the README documents them.
QUERY_FIELDS = ("title", "body", "source", "byline", "date", "tag", *TAGS, "note", "author")
DEFAULT_FIELDS = ("title", "body")


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snippet:
    """A short excerpt of the article; ``highlights`` are (start, end) ranges in ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    title: str
    source: str
    date: str
    byline: str
    score: float
    snippet: Snippet
    tag_counts: dict[str, int]
    same_story_as: tuple[str, ...]
    #: For tag, tagged-text, note and author queries: the annotations that match (at most
    #: ``MAX_LISTED_ANNOTATIONS``), as indexed: ``prefix`` and ``suffix`` are left empty.
    annotations: tuple[Annotation, ...] = ()
    #: Whether more annotations match than ``annotations`` lists.
    more_annotations: bool = False


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[SearchHit, ...]
    seconds: float


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rebuilt: bool = False
    reason: str = ""
    seconds: float = 0.0
    #: Files that are not indexed (or annotation files not read), and why: links out of the
    #: workspace, names that cannot be ids, files that cannot be read.
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def total_changes(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


# --- the manifest: what the index was built from ----------------------------------------------

Stamp = tuple[int, int]  # (size, mtime_ns)
#: The sha256 recorded for an annotation file that could not be read: retried at every sync.
UNREAD = ""


@dataclass
class _Entry:
    """What one article's document was built from: its text file and its annotation file."""

    text: tuple[int, int, str]  # size, mtime_ns, sha256
    notes: tuple[int, int, str] | None  # the same for the annotation file, None if none


def _stamps(
    workspace: Workspace, folder: Path, suffix: str, skipped: list[Skipped] | None = None
) -> dict[str, Stamp]:
    """{id: (size, mtime_ns)} of the files ending in ``suffix`` below ``folder``."""
    stamps: dict[str, Stamp] = {}
    for item_id, entry in workspace.scan(folder, suffix, skipped):
        try:
            info = entry.stat()
        except OSError:
            continue  # removed since the folder was listed
        stamps[item_id] = (info.st_size, info.st_mtime_ns)
    return stamps


def _file_stamp(value: Any) -> tuple[int, int, str]:
    if (
        isinstance(value, list | tuple)
        and len(value) == 3
        and all(isinstance(part, int) and not isinstance(part, bool) for part in value[:2])
        and isinstance(value[2], str)
    ):
        return (value[0], value[1], value[2])
    raise ValueError(f"not a file stamp: {value!r}")


def _entry(data: Any) -> _Entry:
    """A manifest entry from JSON; ValueError for any other shape (the index is then rebuilt)."""
    if not isinstance(data, dict):
        raise ValueError(f"not a manifest entry: {data!r}")
    notes = data.get("notes")
    return _Entry(_file_stamp(data.get("text")), _file_stamp(notes) if notes is not None else None)


def _entry_json(entry: _Entry) -> dict[str, Any]:
    return {"text": list(entry.text), "notes": list(entry.notes) if entry.notes else None}


def _sha256(workspace: Workspace, path: Path) -> str:
    return hashlib.sha256(workspace.read(path)).hexdigest()


def _reason(error: BaseException) -> str:
    """Why a file could not be read, in a few words."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _prepare(
    workspace: Workspace,
    store: AnnotationStore,
    article_id: str,
    text_stamp: Stamp,
    note_stamp: Stamp | None,
) -> tuple[dict[str, Any] | None, _Entry | None, list[Skipped]]:
    """One article's document and manifest entry, or None if its file cannot be read.

    Every read goes through ``Workspace.read``: a link out of the workspace, a FIFO, a
    device or a file over the size limit is one problem about that file.  An annotation
    file that cannot be read leaves the article indexed without annotations.
    """
    path = workspace.article_path(article_id)
    try:
        data = workspace.read(path)
    except FileNotFoundError:
        return None, None, []  # removed meanwhile: not a problem
    except (OSError, GlossatorError) as error:
        return None, None, [Skipped(workspace.relative(path), f"cannot be read: {_reason(error)}")]
    text = decode_article(data).text
    loaded = store.load(article_id, text)
    problems: list[Skipped] = []
    note_sha = UNREAD
    if note_stamp is not None:
        try:
            note_sha = _sha256(workspace, loaded.path)
        except FileNotFoundError:
            note_stamp = None
        except (OSError, GlossatorError) as error:
            problems.append(Skipped(workspace.relative(loaded.path), f"cannot be read: {_reason(error)}"))
    entry = _Entry(
        (*text_stamp, hashlib.sha256(data).hexdigest()),
        (*note_stamp, note_sha) if note_stamp is not None else None,
    )
    return _document(article_id, text, loaded.annotations), entry, problems


# --- merging segments aside --------------------------------------------------------------------


def _merge_plan(segments: list[Any], *, everything: bool = False) -> tuple[list[Any], list[Any]]:
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


def _merge_aside(index_folder: str, segments: list[Any], folder: str) -> Any:
    """Merge ``segments`` of the index in ``index_folder`` into one new segment written in
    ``folder``; return it.

    This is the slow part of a merge (Whoosh re-reads and re-writes every posting, about
    10 ms a document), so it runs in ``_MergeProcess``, on the other core, and takes no
    lock: the segments' files never change, and their deletions are those of the commit
    they were read from.
    """
    storage = FileStorage(index_folder)
    side = index.create_in(folder, SCHEMA)
    writer = side.writer(compound=False)
    for segment in segments:
        reader = SegmentReader(storage, SCHEMA, segment)
        writer.add_reader(reader)
        reader.close()
    writer.commit(merge=False)
    [merged] = side._read_toc().segments
    side.close()
    return merged


def _remove_tree(path: Path) -> None:
    """Remove a folder Glossator made: never a link, never through one, never a file."""
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(os.lstat(path).st_mode):
            shutil.rmtree(path)  # does not follow links inside (fd-based on Linux)


def _remove_abandoned_merges(cache_dir: Path) -> None:
    """Remove the folders of merges whose process was killed (a live merge takes seconds)."""
    cutoff = time.time() - 3600
    with contextlib.suppress(OSError):
        for entry in os.scandir(cache_dir):
            if entry.name.startswith("merging-") and entry.is_dir(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        _remove_tree(Path(entry.path))


def _worker_command(function: str) -> list[str]:
    return [sys.executable, "-c", f"from tui.index import {function}; {function}()"]


_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


def _serve_merges() -> None:
    """The merge worker's loop: merge requests from stdin, one at a time, results to stdout."""
    while True:
        try:
            request = pickle.load(sys.stdin.buffer)
        except EOFError:
            return  # the parent closed the pipe or exited
        try:
            result = ("merged", _merge_aside(*request))
        except Exception as error:  # reported to the parent, which abandons that merge
            result = ("failed", f"{type(error).__name__}: {error}")
        pickle.dump(result, sys.stdout.buffer)
        sys.stdout.buffer.flush()


class _MergeProcess:
    """A worker process for ``_merge_aside``, started at the first merge.

    Not a thread: Whoosh is pure Python, so a merge in a thread holds the GIL and doubles
    the time of the saves made meanwhile.  Not ``multiprocessing`` either: its spawn
    re-imports the parent's main module, which re-runs any script without a main guard.
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None

    def merge(self, index_folder: str, segments: list[Any], folder: str) -> Any:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                _worker_command("_serve_merges"),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # never onto the app's screen
                cwd=_PACKAGE_ROOT,
            )
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        try:
            pickle.dump((index_folder, segments, folder), process.stdin)
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


def _swap_in(
    chosen: list[Any], merged: Any, folder: Path, target: Path
) -> Callable[[Any, list[Any]], list[Any]]:
    """A Whoosh merge policy that puts ``merged`` (made by ``_merge_aside``) in place of ``chosen``.

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


def _adopt(parts: list[tuple[Path, list[Any]]], target: Path) -> Callable[[Any, list[Any]], list[Any]]:
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


# --- builds: made aside, named by the pointer file, removed when nobody uses them -------------


@dataclass(frozen=True)
class _Build:
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
    def in_use(self) -> Path:
        return self.path / "in-use"


class _Damaged(Exception):
    """The cache is not of the shape Glossator makes: the reason it must be rebuilt."""


def _read_pointer(workspace: Workspace, cache: Path) -> tuple[str, tuple[int, int, int]] | None:
    """(build name, stat of the pointer) from ``.glossator/current``; None if there is none.

    ``_Damaged`` if it does not name a build of this version.  A pointer that is not a
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
        raise _Damaged("the index is damaged") from error
    if not isinstance(content, dict) or content.get("schema") != SCHEMA_VERSION:
        raise _Damaged("the index was made by another version of Glossator")
    name = content.get("build")
    if not isinstance(name, str) or not BUILD_NAME.fullmatch(name):
        raise _Damaged("the index is damaged")
    return name, (info.st_ino, info.st_mtime_ns, info.st_size)


def _pointer_stat(cache: Path) -> tuple[int, int, int] | None:
    try:
        info = os.lstat(cache / POINTER_NAME)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _hold(build: _Build) -> int:
    """A shared flock on the build's ``in-use`` file, so no other process removes it meanwhile.

    ``_Damaged`` if the build is gone or being removed (the pointer has moved on meanwhile:
    the caller reads it again).
    """
    try:
        if not stat.S_ISDIR(os.lstat(build.path).st_mode):
            raise _Damaged("the index is damaged")
        fd = os.open(build.in_use, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        raise _Damaged("the index is damaged") from error
    try:
        deadline = time.monotonic() + 1.0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise _Damaged("the index is being removed") from None
                time.sleep(0.02)
        if os.fstat(fd).st_nlink == 0:
            raise _Damaged("the index was removed")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _new_build(cache: Path) -> _Build:
    """A new, empty build folder with its ``in-use`` file."""
    build = _Build(cache / f"build-{secrets.token_hex(8)}")
    build.path.mkdir()
    build.index_dir.mkdir()
    os.close(os.open(build.in_use, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644))
    return build


def _remove_stale_builds(cache: Path, keep: str | None) -> None:
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
                _remove_tree(Path(entry.path))  # killed before it was ready to be used
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue  # some process still searches it
            try:
                _remove_tree(Path(entry.path))
            finally:
                os.close(fd)


def _remove_legacy_layout(cache: Path) -> None:
    """Remove the index of versions before builds were made aside (``index/``, ``manifest.*``).

    Only a real folder holding nothing but Whoosh's files, and plain files.
    """
    legacy = cache / "index"
    with contextlib.suppress(OSError):
        if stat.S_ISDIR(os.lstat(legacy).st_mode):
            names = os.listdir(legacy)
            if all(LEGACY_INDEX_FILE.fullmatch(name) for name in names):
                _remove_tree(legacy)
    for name in ("manifest.json", "manifest.journal"):
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(cache / name).st_mode):
                (cache / name).unlink()


@contextlib.contextmanager
def _build_lock(workspace: Workspace, wait: float, stopped: Callable[[], bool]) -> Iterator[None]:
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
def _try_build_lock(workspace: Workspace) -> Iterator[bool]:
    """The build lock if it is free now (for tidying up), without waiting."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(_build_lock(workspace, 0.0, lambda: False))
        except (GlossatorError, OSError):
            held = False
        else:
            held = True
        yield held


# --- build workers -----------------------------------------------------------------------------


def _send(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "little") + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next message on ``stream``; EOFError at its end."""
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError
    data = stream.read(int.from_bytes(header, "little"))
    return pickle.loads(data)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a SIGKILLed or SIGTERMed CLI)."""
    parent = os.getppid()
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _serve_build() -> None:
    """A build worker: index the batches of articles it is sent into a side index of its own.

    Reads (workspace root, side folder), then batches of (id, text stamp, note stamp) and
    answers each with ("batch", count, manifest entries, skipped files); at ("finish",)
    commits and answers ("built", segments).  At the end of its input without "finish"
    (the parent stopped or died) it exits without committing.
    """
    _die_with_parent()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        root, side = _receive(stdin)
        workspace = Workspace(Path(root))
        store = AnnotationStore(workspace)
        ix = index.create_in(side, SCHEMA)
        writer = ix.writer(compound=False, limitmb=BUILD_LIMIT_MB)
        while True:
            batch = _receive(stdin)
            if batch == ("finish",):
                break
            entries: dict[str, dict[str, Any]] = {}
            skipped: list[Skipped] = []
            for article_id, text_stamp, note_stamp in batch:
                document, entry, problems = _prepare(workspace, store, article_id, text_stamp, note_stamp)
                skipped += problems
                if document is not None and entry is not None:
                    writer.add_document(**document)
                    entries[article_id] = _entry_json(entry)
            _send(stdout, ("batch", len(batch), entries, skipped))
        writer.commit(merge=False)
        _send(stdout, ("built", ix._read_toc().segments))
    except (EOFError, BrokenPipeError):
        return
    except Exception as error:  # reported to the parent, which stops the build
        with contextlib.suppress(OSError):
            _send(stdout, ("failed", f"{type(error).__name__}: {error}"))


class _BuildWorker:
    """One build worker process and the messages read from it so far."""

    def __init__(self, workspace: Workspace, side: Path) -> None:
        self.side = side
        self.process = subprocess.Popen(
            _worker_command("_serve_build"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # never onto the app's screen
            cwd=_PACKAGE_ROOT,
        )
        self.buffer = bytearray()
        self.in_flight = 0
        self.segments: list[Any] | None = None
        self.send((str(workspace.root), str(side)))

    def send(self, message: Any) -> None:
        assert self.process.stdin is not None
        try:
            _send(self.process.stdin, message)
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


# --- segment readers that outlive a commit ----------------------------------------------------


class _SegmentReaders:
    """The open readers of the index's segments, kept from one commit to the next.

    Opening a segment's terms reader reads its whole term index (about 8 ms for a big
    segment), and a save changes little: it adds a one-document segment and marks the old
    document deleted in another.  A segment's files never change once written; only its
    deletions, which the commit's table of contents holds, do.  So a new searcher reuses the
    reader of every segment it had, gives the terms reader of a segment with new deletions
    to a fresh reader of its deletions, and opens only the new segments.
    """

    def __init__(self) -> None:
        self._open: dict[str, Any] = {}

    def searcher(self, ix: Any) -> Any:
        """A searcher of the latest commit of ``ix``; the previous searcher must not be used again."""
        toc = ix._read_toc()
        previous, self._open = self._open, {}
        try:
            for segment in toc.segments:
                reader = previous.pop(segment.segment_id(), None)
                self._open[segment.segment_id()] = (
                    SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
                    if reader is None
                    else _with_deletions_of(reader, segment)
                )
        finally:
            for reader in previous.values():
                reader.close()
        readers = list(self._open.values())
        reader = MultiReader(readers, generation=toc.generation) if readers else EmptyReader(toc.schema)
        return Searcher(reader, fromindex=ix, closereader=False)

    def segment_ids(self) -> list[str]:
        return list(self._open)

    def segments(self) -> list[Any]:
        return [reader.segment() for reader in self._open.values()]

    def close(self) -> None:
        for reader in self._open.values():
            reader.close()
        self._open = {}


def _with_deletions_of(reader: Any, segment: Any) -> Any:
    """``reader`` if ``segment`` (the same one, as of a later commit) has no new deletions;
    else a reader of those deletions that takes over its terms reader."""
    if set(reader.segment().deleted_docs()) == set(segment.deleted_docs()):
        return reader
    successor = copy.copy(reader)
    successor.__dict__.pop("deleted_docs_set", None)  # a cached property of the old deletions
    successor._segment = segment
    successor._perdoc = reader.codec().per_document_reader(reader.storage(), segment)
    reader._perdoc.close()
    return successor


@contextlib.contextmanager
def _cache_errors(workspace: Workspace) -> Iterator[None]:
    """An ``OSError`` writing the cache (read-only, full disk, a folder where a file goes) as
    one line for the user."""
    try:
        yield
    except OSError as error:
        where = f" ({workspace.relative(Path(error.filename))})" if isinstance(error.filename, str) else ""
        raise IndexWriteError(
            f"cannot update the search index in {workspace.relative(workspace.cache_dir)}/: "
            f"{_reason(error)}{where}"
        ) from error


# --- the index ---------------------------------------------------------------------------------


class CorpusIndex:
    """A workspace's search index: sync it with the files, update one article, search.

    Thread-safe: the app syncs, saves, merges and searches from worker threads, and calls
    ``close`` on quit from another one, which stops a build or sync that is running.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.store = AnnotationStore(workspace)
        self._build: _Build | None = None
        self._held: int | None = None  # the shared flock on the open build's in-use file
        self._pointer: tuple[int, int, int] | None = None  # the pointer file the build was opened by
        self._ix: Any = None
        self._searcher: Any = None
        self._readers = _SegmentReaders()
        self._manifest: dict[str, _Entry] = {}
        self._lock = threading.RLock()
        #: One merge at a time; held without ``_lock`` through the slow part of a merge.
        self._merging = threading.Lock()
        self._merge_process = _MergeProcess()
        #: Near-duplicates by article id.  They depend on the article texts only, so they
        #: outlive commits that change annotations; any text change, or another process's
        #: commit, clears them.
        self._same_story_cache: dict[str, tuple[str, ...]] = {}
        self._own_generation: int | None = None
        #: ``close`` counts up; a build or sync that started before stops.
        self._stops = 0
        #: Held through a build, so ``close`` can wait until its workers are gone.
        self._building = threading.Lock()
        self._workers: list[_BuildWorker] = []

    # -- where the open build is (for tests and tools) --

    def _open_build_or_fail(self) -> _Build:
        if self._build is None:
            raise GlossatorError("the search index is not open")
        return self._build

    @property
    def folder(self) -> Path:
        """Whoosh's folder of the build in use."""
        return self._open_build_or_fail().index_dir

    @property
    def manifest_path(self) -> Path:
        return self._open_build_or_fail().manifest

    @property
    def journal_path(self) -> Path:
        return self._open_build_or_fail().journal

    # -- opening and syncing --

    @classmethod
    def open(cls, workspace: Workspace, progress: Progress | None = None) -> CorpusIndex:
        """Open the index, building or syncing it so it reflects the files now."""
        corpus_index = cls(workspace)
        corpus_index.sync(progress)
        return corpus_index

    def sync(self, progress: Progress | None = None) -> SyncReport:
        """Bring the index up to date with the files: incremental, or a build if needed.

        The app calls this every second to notice changes made by git or other programs, so
        on an index that is already open it only reads the files' stats, and does that
        without holding the lock that saves and searches need.  If another process has
        swapped in a new build, this one is opened.  With no usable index and another
        process building one, it waits ``BUILD_WAIT_S`` and then raises
        ``IndexBuildingError``.
        """
        started = time.perf_counter()
        stops = self._stops
        with _cache_errors(self.workspace):
            with self._lock:
                reason = self._check_open()
            if reason:
                built = self._build_if_needed(progress, stops, reason)
                if built is not None:
                    built.seconds = time.perf_counter() - started
                    return built
            skipped: list[Skipped] = []
            texts = _stamps(self.workspace, self.workspace.corpus_dir, ARTICLE_SUFFIX, skipped)
            notes = _stamps(self.workspace, self.workspace.annotations_dir, ANNOTATION_SUFFIX, skipped)
            with self._lock:
                report = self._incremental(texts, notes, progress, stops)
            report.skipped[:0] = skipped
        if report.total_changes:
            self.compact()
        report.seconds = time.perf_counter() - started
        return report

    def sync_articles(self, article_ids: Iterable[str]) -> SyncReport:
        """Take in what changed in these articles' files only: what a file watcher reported.

        Costs grow with the number of ids, not with the corpus.  Names that cannot be
        article ids are ignored (the watcher sees every file); an index that needs a build
        is brought up to date by ``sync``.
        """
        started = time.perf_counter()
        wanted = sorted({article_id for article_id in article_ids if is_article_id(article_id)})
        stops = self._stops
        with _cache_errors(self.workspace):
            with self._lock:
                reason = self._check_open()
            if reason:
                return self.sync()
            texts = {i: s for i in wanted if (s := _stat(self.workspace.article_path(i))) is not None}
            notes = {i: s for i in wanted if (s := _stat(self.workspace.annotation_path(i))) is not None}
            with self._lock:
                report = self._incremental(texts, notes, None, stops, scope=wanted)
        report.seconds = time.perf_counter() - started
        return report

    def rebuild(self, progress: Progress | None = None) -> SyncReport:
        """Index every article from scratch, into a new build that replaces the current one.

        Searches meanwhile (in this process or another) use the previous build.  One build
        at a time: if another process is building, this waits ``BUILD_WAIT_S`` and then
        raises ``IndexBuildingError``.
        """
        started = time.perf_counter()
        stops = self._stops
        with (
            _cache_errors(self.workspace),
            _build_lock(self.workspace, BUILD_WAIT_S, lambda: self._stops != stops),
        ):
            report = self._rebuild_locked(progress, stops)
        report.seconds = time.perf_counter() - started
        return report

    def _build_if_needed(self, progress: Progress | None, stops: int, reason: str) -> SyncReport | None:
        """Build under the build lock, unless another process built one while this waited."""
        with _build_lock(self.workspace, BUILD_WAIT_S, lambda: self._stops != stops):
            with self._lock:
                if not self._check_open():
                    return None
            report = self._rebuild_locked(progress, stops)
            report.reason = reason
            return report

    def _check_open(self) -> str:
        """Make sure the build the pointer names is the one open; why not, or '' if it is.

        Cheap when nothing changed (the stat of the pointer file and a listing of Whoosh's
        folder): the app calls it every second.  Must be called with ``_lock`` held.
        """
        cache = self.workspace.usable_cache_dir()
        if self._ix is not None and _pointer_stat(cache) == self._pointer:
            with contextlib.suppress(OSError):
                if self._ix.latest_generation() >= 0:
                    return ""
        reason = ""
        for _attempt in range(3):  # the pointer may move on while a build is being opened
            try:
                found = _read_pointer(self.workspace, cache)
            except _Damaged as damaged:
                self._close_current()
                return str(damaged)
            if found is None:
                self._close_current()
                return "no index yet"
            name, _ = found
            try:
                self._open_build(_Build(cache / name))
            except _Damaged as damaged:
                reason = str(damaged)
                continue
            self._tidy(cache)
            return ""
        self._close_current()
        return reason

    def _open_build(self, build: _Build, manifest: dict[str, _Entry] | None = None) -> None:
        """Open ``build`` and make it the one in use; ``_Damaged`` if it cannot be used."""
        pointer = _pointer_stat(build.path.parent)
        fd = _hold(build)
        readers = _SegmentReaders()
        try:
            journal_lines = 0
            if manifest is None:
                manifest = self._load_manifest(build)
                journal_lines = self._replay_journal(build, manifest)
            try:
                ix = index.open_dir(str(build.index_dir))
                searcher = readers.searcher(ix)  # reads every segment: a damaged index fails here
            except Exception as error:
                raise _Damaged("the index is damaged") from error
        except BaseException:
            readers.close()
            os.close(fd)
            raise
        self._close_current()
        self._build, self._held, self._pointer = build, fd, pointer
        self._ix, self._readers, self._searcher = ix, readers, searcher
        self._manifest = manifest
        self._own_generation = searcher.reader().generation()
        if journal_lines > MAX_JOURNAL_LINES:
            with contextlib.suppress(OSError):
                self._save_manifest()  # fold a long journal in, so opening stays quick

    def _close_current(self) -> None:
        self._close_searcher()
        if self._ix is not None:
            with contextlib.suppress(Exception):
                self._ix.close()
        self._ix = None
        self._build = None
        self._pointer = None
        self._manifest = {}
        if self._held is not None:
            os.close(self._held)
            self._held = None

    def _load_manifest(self, build: _Build) -> dict[str, _Entry]:
        try:
            payload = json.loads(self.workspace.read(build.manifest))
        except FileNotFoundError as error:
            raise _Damaged("the index is damaged") from error
        except (OSError, GlossatorError, ValueError) as error:
            raise _Damaged("the index manifest is unreadable") from error
        if not isinstance(payload, dict) or payload.get("schema") != SCHEMA_VERSION:
            raise _Damaged("the index was made by another version of Glossator")
        articles = payload.get("articles")
        if not isinstance(articles, dict):
            raise _Damaged("the index manifest is damaged")
        try:
            return {article_id: _entry(entry) for article_id, entry in articles.items()}
        except ValueError as error:
            raise _Damaged("the index manifest is damaged") from error

    def _tidy(self, cache: Path) -> None:
        """Remove old builds nobody has open, killed builds, the old layout, killed merges."""
        with _try_build_lock(self.workspace) as held:
            if not held:
                return  # a build is running: its folder must stay
            try:
                found = _read_pointer(self.workspace, cache)
            except (_Damaged, GlossatorError):
                return
            if found is not None:
                _remove_stale_builds(cache, found[0])
            _remove_legacy_layout(cache)
            _remove_abandoned_merges(cache)

    def _rebuild_locked(self, progress: Progress | None, stops: int) -> SyncReport:
        """Build into a new folder, name it in the pointer, open it; the build lock is held."""
        cache = self.workspace.usable_cache_dir()
        with contextlib.suppress(_Damaged):
            _read_pointer(self.workspace, cache)  # a folder or link in its place: say so now
        _ignore_in_git(cache)
        report = SyncReport(rebuilt=True)
        texts = _stamps(self.workspace, self.workspace.corpus_dir, ARTICLE_SUFFIX, report.skipped)
        notes = _stamps(self.workspace, self.workspace.annotations_dir, ANNOTATION_SUFFIX, report.skipped)
        build = _new_build(cache)
        try:
            with self._building:
                if self._stops != stops:
                    raise BuildStoppedError("the index build was stopped")
                manifest = self._build_into(build, texts, notes, progress, stops, report)
            self._write_manifest(build, manifest)
            pointer = {"schema": SCHEMA_VERSION, "build": build.name}
            write_atomic(cache / POINTER_NAME, json.dumps(pointer).encode(), durable=False)
        except BaseException:
            _remove_tree(build.path)
            raise
        with self._lock:
            try:
                self._open_build(build, manifest)
            except _Damaged as damaged:
                raise IndexWriteError(f"the index just built cannot be opened: {damaged}") from damaged
            self._same_story_cache.clear()
        _remove_stale_builds(cache, build.name)
        _remove_legacy_layout(cache)
        _remove_abandoned_merges(cache)
        report.added = sorted(manifest)
        return report

    def _build_into(
        self,
        build: _Build,
        texts: dict[str, Stamp],
        notes: dict[str, Stamp],
        progress: Progress | None,
        stops: int,
        report: SyncReport,
    ) -> dict[str, _Entry]:
        items = [(article_id, texts[article_id], notes.get(article_id)) for article_id in sorted(texts)]
        workers = _worker_count(len(items))
        if workers:
            return self._build_with_workers(build, items, workers, progress, stops, report)
        return self._build_here(build, items, progress, stops, report)

    def _build_here(
        self,
        build: _Build,
        items: list[tuple[str, Stamp, Stamp | None]],
        progress: Progress | None,
        stops: int,
        report: SyncReport,
    ) -> dict[str, _Entry]:
        """A small build, in this thread; ``close`` stops it between two articles."""
        ix = index.create_in(str(build.index_dir), SCHEMA)
        writer = ix.writer(compound=False, limitmb=128)
        manifest: dict[str, _Entry] = {}
        try:
            for done, (article_id, text_stamp, note_stamp) in enumerate(items, start=1):
                if self._stops != stops:
                    raise BuildStoppedError("the index build was stopped")
                document, entry, problems = _prepare(
                    self.workspace, self.store, article_id, text_stamp, note_stamp
                )
                report.skipped += problems
                if document is not None and entry is not None:
                    writer.add_document(**document)
                    manifest[article_id] = entry
                if progress:
                    progress(done, len(items))
        except BaseException:
            writer.cancel()
            ix.close()
            raise
        writer.commit(merge=False)
        ix.close()
        return manifest

    def _build_with_workers(
        self,
        build: _Build,
        items: list[tuple[str, Stamp, Stamp | None]],
        count: int,
        progress: Progress | None,
        stops: int,
        report: SyncReport,
    ) -> dict[str, _Entry]:
        """A build by ``count`` worker processes, fed batches of articles as they finish them.

        Each writes one segment in a side folder; one commit then moves them into the new
        index.  ``close`` (or ctrl+c) kills them at once; so does Linux if this process dies.
        """
        parts = build.path / "parts"
        parts.mkdir()
        batches = deque(items[start : start + BUILD_BATCH] for start in range(0, len(items), BUILD_BATCH))
        manifest: dict[str, _Entry] = {}
        workers: list[_BuildWorker] = []
        selector = selectors.DefaultSelector()
        finishing: set[int] = set()

        def feed(worker: _BuildWorker) -> None:
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
                worker = _BuildWorker(self.workspace, side)
                workers.append(worker)
                self._workers.append(worker)
                selector.register(worker.fileno(), selectors.EVENT_READ, worker)
            for worker in workers:  # two batches each, so none waits for the next
                feed(worker)
                feed(worker)
            done, running = 0, len(workers)
            while running:
                if self._stops != stops:
                    raise BuildStoppedError("the index build was stopped")
                for key, _ in selector.select(timeout=0.1):
                    worker = key.data
                    for message in worker.read():
                        if message[0] == "batch":
                            _, size, entries, problems = message
                            worker.in_flight -= 1
                            manifest.update(
                                (article_id, _entry(data)) for article_id, data in entries.items()
                            )
                            report.skipped += problems
                            done += size
                            if progress:
                                progress(done, len(items))
                            feed(worker)
                        elif message[0] == "built":
                            worker.segments = message[1]
                            selector.unregister(worker.fileno())
                            running -= 1
                        else:
                            raise GlossatorError(f"building the index failed: {message[1]}")
            if self._stops != stops:
                raise BuildStoppedError("the index build was stopped")
            ix = index.create_in(str(build.index_dir), SCHEMA)
            writer = ix.writer()
            writer.commit(mergetype=_adopt([(w.side, w.segments or []) for w in workers], build.index_dir))
            ix.close()
        except GlossatorError:
            if self._stops != stops:
                raise BuildStoppedError("the index build was stopped") from None
            raise
        finally:
            selector.close()
            for worker in workers:
                worker.stop()
            self._workers = [worker for worker in self._workers if worker not in workers]
        _remove_tree(parts)
        return manifest

    def _incremental(
        self,
        texts: dict[str, Stamp],
        notes: dict[str, Stamp],
        progress: Progress | None,
        stops: int,
        scope: Iterable[str] | None = None,
    ) -> SyncReport:
        """Re-index what changed since the manifest; ``_lock`` is held.

        ``scope``: the only articles looked at (else all); an article of it with no text
        file is gone.
        """
        report = SyncReport()
        todo: list[str] = []
        touched: list[str] = []
        for article_id, text_stamp in texts.items():
            entry = self._manifest.get(article_id)
            if entry is None:
                todo.append(article_id)
                continue
            state = self._compare(entry, article_id, text_stamp, notes.get(article_id), report.skipped)
            if state == "changed":
                todo.append(article_id)
            elif state == "touched":
                touched.append(article_id)
        gone = sorted((set(self._manifest) if scope is None else set(scope) & set(self._manifest)) - set(texts))
        with contextlib.ExitStack() as stack:
            writers: list[Any] = []

            def writer() -> Any:
                """Opened at the first change: an unreadable new file commits nothing."""
                if not writers:
                    writers.append(stack.enter_context(self._writer(merge=False)))
                return writers[0]

            for article_id in gone:
                self._forget(writer(), article_id)
                report.removed.append(article_id)
            for done, article_id in enumerate(todo, start=1):
                if self._stops != stops:
                    raise BuildStoppedError("updating the index was stopped")
                was_indexed = article_id in self._manifest
                document, entry, problems = _prepare(
                    self.workspace, self.store, article_id, texts[article_id], notes.get(article_id)
                )
                report.skipped += problems
                if document is None or entry is None:
                    if was_indexed:
                        self._forget(writer(), article_id)
                        report.removed.append(article_id)
                elif was_indexed:
                    self._put(writer(), article_id, document, entry)
                    report.changed.append(article_id)
                else:
                    self._put(writer(), article_id, document, entry)
                    report.added.append(article_id)
                if progress:
                    progress(done, len(todo))
        report.added.sort()
        report.changed.sort()
        report.removed.sort()
        recorded = [*report.added, *report.changed, *report.removed, *touched]
        if len(recorded) > 100:
            self._save_manifest()
        else:
            for article_id in recorded:
                self._journal(article_id)
        return report

    def _compare(
        self,
        entry: _Entry,
        article_id: str,
        text_stamp: Stamp,
        note_stamp: Stamp | None,
        skipped: list[Skipped],
    ) -> str:
        """'same', 'touched' (stat changed, content not) or 'changed'."""
        touched = False
        if entry.text[:2] != text_stamp:
            try:
                if _sha256(self.workspace, self.workspace.article_path(article_id)) != entry.text[2]:
                    return "changed"
            except (OSError, GlossatorError):
                return "changed"  # re-indexing it says why it cannot be read
            entry.text = (*text_stamp, entry.text[2])
            touched = True
        if (entry.notes is None) != (note_stamp is None):
            return "changed"
        if entry.notes is not None and note_stamp is not None:
            path = self.workspace.annotation_path(article_id)
            if entry.notes[2] == UNREAD or entry.notes[:2] != note_stamp:
                try:
                    sha = _sha256(self.workspace, path)
                except FileNotFoundError:
                    return "changed"
                except (OSError, GlossatorError) as error:
                    skipped.append(
                        Skipped(self.workspace.relative(path), f"cannot be read: {_reason(error)}")
                    )
                    sha = UNREAD
                if sha != entry.notes[2]:
                    return "changed"
                if entry.notes[:2] != note_stamp:
                    entry.notes = (*note_stamp, entry.notes[2])
                    touched = True
        return "touched" if touched else "same"

    def update_article(self, article_id: str) -> bool:
        """Re-index one article after its text or annotation file changed (e.g. a save).

        Returns whether the article's text differs from the text indexed before (or the
        article is gone or cannot be read): after a save, that means the text changed on
        disk meanwhile, and whoever shows it should read it again.
        """
        with _cache_errors(self.workspace), self._lock:
            previous = self._manifest.get(article_id)
            before = previous.text[2] if previous else None
            if self._ix is None:
                self.sync()
            else:
                self._update_one(article_id)
            after = self._manifest.get(article_id)
            return before != (after.text[2] if after else None)

    def _update_one(self, article_id: str) -> None:
        text_stamp = _stat(self.workspace.article_path(article_id))
        note_stamp = _stat(self.workspace.annotation_path(article_id))
        # merge=False: merging segments costs up to seconds; compact() does it off the save path.
        # A one-document segment is small enough to be one compound file (see _writer).
        with self._writer(_open={"compound": True}, merge=False) as writer:
            document = entry = None
            if text_stamp is not None:
                document, entry, _problems = _prepare(
                    self.workspace, self.store, article_id, text_stamp, note_stamp
                )
            if document is None or entry is None:
                self._forget(writer, article_id)
            else:
                self._put(writer, article_id, document, entry)
        self._journal(article_id)

    def compact(self, *, everything: bool = False) -> bool:
        """Merge the small segments saves leave behind, by the tiered ``_merge_plan``.

        Each save adds a segment, and every segment slows every search a little.  Meant for
        a background worker right after a save (the app's), never for the save path.  The
        slow part runs in a worker process with no lock held, so saves made meanwhile do not
        wait; only the final commit takes the lock.  ``everything`` merges all small segments into
        one (``glossator index`` does).  Returns whether it merged.
        """
        with self._merging:
            with self._lock:
                if self._ix is None or self._build is None:
                    return False
                self._current_searcher()
                chosen = _merge_plan(self._readers.segments(), everything=everything)[1]
                ix, target = self._ix, self._build.index_dir
            if not chosen:
                return False
            try:
                folder = Path(tempfile.mkdtemp(prefix="merging-", dir=self.workspace.usable_cache_dir()))
            except OSError:
                return False  # a read-only cache: merging can wait
            try:
                merged = self._merge_process.merge(str(target), chosen, str(folder))
                with self._lock:
                    if self._ix is not ix:
                        return False  # closed or rebuilt meanwhile
                    with self._writer(mergetype=_swap_in(chosen, merged, folder, target)):
                        pass
            except OSError:
                return False  # e.g. another process merged or rebuilt, removing the segments' files
            finally:
                _remove_tree(folder)
            return True

    def _put(self, writer: Any, article_id: str, document: dict[str, Any], entry: _Entry) -> None:
        """Replace an article's document in the commit ``writer`` is preparing."""
        self._delete(writer, article_id)
        writer.add_document(**document)
        previous = self._manifest.get(article_id)
        if previous is None or previous.text[2] != entry.text[2]:
            self._same_story_cache.clear()
        self._manifest[article_id] = entry

    @contextlib.contextmanager
    def _writer(self, _open: dict[str, Any] | None = None, **commit_options: Any) -> Iterator[Any]:
        try:
            # compound=False: this Whoosh copies every sub-file of a compound segment into a
            # BytesIO when it opens it, so a searcher costs as much memory as the index
            # (160 MB at 15,000 articles); separate files are read from disk as needed.
            writer = self._ix.writer(timeout=LOCK_TIMEOUT_S, **({"compound": False} | (_open or {})))
        except index.LockError as error:
            raise IndexBusyError(
                "the index is being updated by another Glossator process; try again in a moment"
            ) from error
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        writer.commit(**commit_options)
        self._own_generation = writer.generation

    def _forget(self, writer: Any, article_id: str) -> None:
        """An article whose file is gone: out of the index, the manifest and near-duplicates."""
        self._delete(writer, article_id)
        self._manifest.pop(article_id, None)
        self._same_story_cache.clear()

    def _delete(self, writer: Any, article_id: str) -> None:
        """Mark an article's document deleted in the commit ``writer`` is preparing.

        The writer holds the index lock, so the current searcher is of the commit the writer
        started from and its document numbers are the writer's: no need for the reader of
        every segment that Whoosh's ``delete_by_term`` opens.
        """
        searcher = self._current_searcher()
        if self._readers.segment_ids() != [segment.segment_id() for segment in writer.segments]:
            writer.delete_by_term("article", article_id)  # not the same commit: let Whoosh look
            return
        for docnum in searcher.document_numbers(article=article_id):
            writer.delete_document(docnum)

    def _journal(self, article_id: str) -> None:
        """Record one article's new state by appending a line, not rewriting the manifest.

        Rewriting 15,000 entries cost 55 ms a save; a line costs microseconds.  The journal
        is folded into the manifest at a sync that changes many entries, or a rebuild.
        """
        entry = self._manifest.get(article_id)
        line = json.dumps({"id": article_id, "entry": _entry_json(entry) if entry else None}) + "\n"
        try:
            fd = os.open(
                self.journal_path,
                os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o644,
            )
            with os.fdopen(fd, "w", encoding="utf-8") as journal:
                journal.write(line)
        except OSError:
            self._save_manifest()  # e.g. a folder in the journal's place: the manifest says it all

    def _replay_journal(self, build: _Build, manifest: dict[str, _Entry]) -> int:
        """Apply the journal to the manifest just read; the number of lines it had."""
        try:
            data = self.workspace.read(build.journal)
        except FileNotFoundError:
            return 0
        except (OSError, GlossatorError) as error:
            raise _Damaged("the index journal is unreadable") from error
        lines = data.decode("utf-8", errors="replace").splitlines()
        for line in lines:
            try:
                record = json.loads(line)
                article_id = record["id"]
                if not isinstance(article_id, str):
                    continue
                if record.get("entry"):
                    manifest[article_id] = _entry(record["entry"])
                else:
                    manifest.pop(article_id, None)
            except (ValueError, TypeError, KeyError):
                continue  # a line cut short by a crash: the next sync re-checks that file
        return len(lines)

    def _save_manifest(self) -> None:
        build = self._open_build_or_fail()
        self._write_manifest(build, self._manifest)
        with contextlib.suppress(OSError):
            build.journal.unlink(missing_ok=True)

    @staticmethod
    def _write_manifest(build: _Build, manifest: dict[str, _Entry]) -> None:
        payload = {
            "schema": SCHEMA_VERSION,
            "articles": {article_id: _entry_json(entry) for article_id, entry in sorted(manifest.items())},
        }
        # A cache: no fsync (a lost manifest only means a rebuild).
        write_atomic(build.manifest, json.dumps(payload, separators=(",", ":")).encode(), durable=False)

    def _close_searcher(self) -> None:
        self._same_story_cache.clear()
        self._searcher = None
        self._readers.close()

    def _current_searcher(self) -> Any:
        if self._ix is None:
            raise IndexBuildingError("the search index is not ready yet; try again in a moment")
        if self._searcher is None or not self._searcher.up_to_date():
            self._searcher = self._readers.searcher(self._ix)
            if self._searcher.reader().generation() != self._own_generation:
                self._same_story_cache.clear()  # another process committed: texts may differ
        return self._searcher

    def close(self) -> None:
        """Stop a build or sync that is running (from any thread) and close the index.

        A build's worker processes are killed at once and its half-made folder removed; the
        previous build is untouched.  The build or sync raises ``BuildStoppedError``.
        """
        self._stops += 1
        for worker in list(self._workers):
            with contextlib.suppress(OSError):
                worker.process.kill()
        self._merge_process.close()
        if self._building.acquire(timeout=10):
            self._building.release()
        with self._lock:
            self._close_current()

    def __len__(self) -> int:
        with self._lock:
            if self._ix is None:
                return 0
            return int(self._current_searcher().doc_count())

    # -- searching --

    def search(self, text: str, limit: int = 20) -> SearchResults:
        """Ranked results for a query; an empty query lists every article, newest first."""
        started = time.perf_counter()
        parsed = parse_query(text)
        with self._lock:
            searcher = self._current_searcher()
            if parsed is None:
                newest_first = [
                    sorting.FieldFacet("recency", reverse=True),
                    sorting.FieldFacet("article"),
                ]
                results = searcher.search(query.Every(), limit=limit, sortedby=newest_first)
            else:
                results = _collect(searcher, _prepared(searcher.reader(), parsed), limit)
            hits = tuple(self._hit(searcher, hit, parsed) for hit in results)
            total = len(results)
        return SearchResults(text, total, hits, time.perf_counter() - started)

    def _hit(self, searcher: Any, hit: Any, parsed: Any) -> SearchHit:
        stored = hit.fields()
        article_id = stored["article"]
        text = _read_text(self.workspace, article_id)
        matching: list[Annotation] = []
        more = False
        if parsed is not None:
            wanted = _AnnotationMatcher(parsed)
            if wanted:
                matching, more = _listed(stored.get("listing", ""), wanted)
        snippet = _body_snippet(hit, text, parsed) if parsed is not None else None
        if snippet is None or not snippet.highlights:
            snippet = _annotation_snippet(text, matching[0]) if matching else _opening(text)
        return SearchHit(
            article_id=article_id,
            title=stored.get("title", ""),
            source=stored.get("source", ""),
            date=stored.get("date_text", ""),
            byline=stored.get("byline", ""),
            score=float(hit.score) if parsed is not None else 0.0,
            snippet=snippet,
            tag_counts=dict(stored.get("tag_counts", {})),
            same_story_as=self._same_story(searcher, hit.docnum, stored),
            annotations=tuple(matching),
            more_annotations=more,
        )

    def _same_story(self, searcher: Any, docnum: int, stored: dict[str, Any]) -> tuple[str, ...]:
        article_id = stored["article"]
        if article_id not in self._same_story_cache:
            self._same_story_cache[article_id] = _same_story(searcher, docnum, stored.get("minhash", ""))
        return self._same_story_cache[article_id]

    def hit_spans(self, query_text: str, text: str) -> list[tuple[int, int]]:
        """Where the body terms of a query occur in ``text``: (start, end) offsets, in order."""
        parsed = parse_query(query_text)
        if parsed is None:
            return []
        words = _positive_terms(parsed).get("body", [])
        if not words:
            return []
        tokens = SCHEMA["body"].analyzer(text, chars=True, mode="index", removestops=False)
        return [
            (token.startchar, token.endchar)
            for token in tokens
            if any(matches(token.text) for matches in words)
        ]


# --- building documents ------------------------------------------------------------------------


def _listing_line(annotation: Annotation) -> str:
    created = annotation.created.isoformat() if isinstance(annotation.created, datetime) else ""
    return json.dumps(
        [
            annotation.id,
            annotation.tag,
            annotation.start,
            annotation.end,
            annotation.quote,
            annotation.note,
            annotation.author,
            created,
        ],
        ensure_ascii=False,
    )


def _document(article_id: str, text: str, annotations: tuple[Annotation, ...]) -> dict[str, Any]:
    metadata = extract_metadata(text)
    sig = nearduplicates.signature(text)
    counts = Counter(a.tag for a in annotations)
    document: dict[str, Any] = {
        "article": article_id,
        "title": metadata.title,
        "source": metadata.source,
        "byline": metadata.byline,
        "date_text": metadata.date,
        "body": text,
        "tag": " ".join(sorted(counts)),
        "note": "\n".join(a.note for a in annotations if a.note),
        "author": "\n".join(sorted({a.author for a in annotations})),
        "tag_counts": {tag: counts[tag] for tag in TAGS if counts[tag]},
        "listing": "\n".join(_listing_line(a) for a in annotations),
        "minhash": nearduplicates.encode(sig),
        "band": " ".join(nearduplicates.band_keys(sig)),
    }
    when = metadata.parsed_date
    document["recency"] = int(when.replace(tzinfo=UTC).timestamp()) if when else 0
    if when is not None:
        document["date"] = when
    for tag in TAGS:
        document[tag] = "\n".join(a.quote for a in annotations if a.tag == tag)
    return document


def _listed(listing: str, wanted: _AnnotationMatcher) -> tuple[list[Annotation], bool]:
    """The annotations of a hit's stored listing that a query is about: at most
    ``MAX_LISTED_ANNOTATIONS``, and whether there are more."""
    found: list[Annotation] = []
    for line in listing.splitlines():
        try:
            annotation_id, tag, start, end, quote, note, author, created = json.loads(line)
            when = datetime.fromisoformat(created) if created else datetime.fromtimestamp(0, UTC)
            annotation = Annotation(
                id=annotation_id,
                tag=tag,
                start=start,
                end=end,
                quote=quote,
                author=author,
                created=when,
                note=note,
            )
        except (ValueError, TypeError):
            continue
        if wanted.matches(annotation):
            if len(found) == MAX_LISTED_ANNOTATIONS:
                return found, True
            found.append(annotation)
    return found, False


def _stat(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


def _read_text(workspace: Workspace, article_id: str) -> str:
    try:
        return decode_article(workspace.read(workspace.article_path(article_id))).text
    except (OSError, GlossatorError):
        return ""


def _ignore_in_git(folder: Path) -> None:
    """Make the cache folder git-ignored in any workspace, not only in ones we set up."""
    ignore = folder / ".gitignore"
    if not os.path.lexists(ignore):
        write_atomic(
            ignore, b"# Glossator's search index: a cache, rebuilt from the files.\n*\n", durable=False
        )


# --- queries -----------------------------------------------------------------------------------

_PARSER = MultifieldParser(list(DEFAULT_FIELDS), SCHEMA)


def parse_query(text: str) -> Any:
    """A Whoosh query for ``text``, None for an empty query; QueryError for a malformed one.

    A lone ``*`` means every article, like the empty query.  Queries that would take
    seconds to answer are refused with a message: ranges on anything but ``date``, and
    wildcards that start with ``*`` or ``?`` (both walk the whole term dictionary).
    """
    text = text.strip()
    if not text or text == "*":
        return None
    text = _precheck(text)
    try:
        parsed = _PARSER.parse(text)
    except Exception as error:
        raise QueryError(
            "cannot read the query; check how AND, OR, NOT, quotes and parentheses are used"
        ) from error
    for node in _walk(parsed):
        message = getattr(node, "error", None)
        if message:
            raise QueryError(f"cannot read the query: {message}")
        if isinstance(node, query.Term) and node.fieldname == "tag" and node.text not in TAGS:
            raise QueryError(f"unknown tag {node.text!r}; tags are {', '.join(TAGS)}")
        if isinstance(node, query.TermRange) or (
            isinstance(node, query.NumericRange) and node.fieldname != "date"
        ):
            raise QueryError(
                "ranges such as [a to b] work only on dates, e.g. date:[2016 to 2020] or date:[2020-03 to]"
            )
        if isinstance(node, query.Wildcard) and node.text[:1] in ("*", "?"):
            raise QueryError(
                f"the wildcard {node.text!r} starts with {node.text[0]}, which would look at every "
                "word of the index; start it with letters (e.g. harb*)"
            )
    return parsed


_QUOTED = re.compile(r'"[^"]*"')
_FIELD_NAME = re.compile(r"(?:^|(?<=[\s(+\-]))([A-Za-z_]\w*):")
_DATE_VALUE = re.compile(r"(?:^|(?<=[\s(+\-]))date:(\[[^\]]*\]|\{[^}]*\}|\([^)]*\)|[^\s()]+)")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?)?)?")
_COMPACT_DATE = re.compile(r"\d{4}(?:\d{2}){0,5}")
_OPERATORS = ("AND", "OR", "NOT")


def _precheck(text: str) -> str:
    """Catch what Whoosh's forgiving parser would silently turn into a different query, or
    fail on with an internal message; return the text with dates in Whoosh's form."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})")
    unquoted = _QUOTED.sub(lambda match: " " * len(match.group()), text)
    if '"' in unquoted:
        raise QueryError('the query has an opening " without a closing one')
    depth = 0
    for char in unquoted:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError("the query has a ')' without a matching '('")
    if depth > 0:
        raise QueryError("the query has a '(' without a matching ')'")
    for word in unquoted.split():
        pattern = word.rsplit(":", 1)[-1].strip("()")
        literal = sum(1 for char in pattern if char not in "*?")
        if ("*" in pattern or "?" in pattern) and literal < MIN_WILDCARD_LETTERS:
            raise QueryError(
                f"the wildcard {pattern!r} would match nearly every word; "
                f"give it at least {MIN_WILDCARD_LETTERS} letters (or search for * to list everything)"
            )
    for match in _FIELD_NAME.finditer(unquoted):
        if match.group(1) not in QUERY_FIELDS:
            raise QueryError(f"unknown field {match.group(1)!r}; fields are {', '.join(QUERY_FIELDS)}")
    _check_operators(_QUOTED.sub(lambda match: "q" * len(match.group()), text))
    for match in reversed(list(_DATE_VALUE.finditer(unquoted))):
        start, end = match.span(1)
        text = text[:start] + _whoosh_dates(text[start:end]) + text[end:]
    return text


def _check_operators(text: str) -> None:
    """AND, OR and NOT need something on each side (Whoosh drops or crashes on the rest)."""
    tokens = re.findall(r"[()]|[^\s()]+", text)
    for number, token in enumerate(tokens):
        if token not in _OPERATORS:
            continue
        before = tokens[number - 1] if number else None
        after = tokens[number + 1] if number + 1 < len(tokens) else None
        if token == "NOT" and after == "NOT":
            raise QueryError("NOT NOT cancels out: write NOT once, or leave it out")
        if after is None or after in (")", "AND", "OR"):
            raise QueryError(f"{token} needs a word or a group after it")
        if token != "NOT" and (before is None or before in ("(", *_OPERATORS)):
            raise QueryError(f"{token} needs a word or a group before it")


def _whoosh_dates(value: str) -> str:
    """A ``date:`` value (a date, a [range] or a (group)) with each date as Whoosh reads it."""
    if value[0] in "[{":
        words = value[1:-1].split()
        splits = [number for number, word in enumerate(words) if word.lower() == "to"]
        low, high = (words[: splits[0]], words[splits[0] + 1 :]) if len(splits) == 1 else ([], [])
        if len(splits) != 1 or len(low) > 1 or len(high) > 1 or not (low or high):
            raise QueryError(
                f"cannot read the query: the date range {value} should look like "
                "date:[2016 to 2020] or date:[2020-03 to]"
            )
        start, end = ("".join(_whoosh_date(bound) for bound in side) for side in (low, high))
        return f"{value[0]}{start} to {end}{value[-1]}"
    if value[0] == "(":
        words = re.findall(r"[^\s()]+", value)
        return "(" + " ".join(word if word in _OPERATORS else _whoosh_date(word) for word in words) + ")"
    return _whoosh_date(value)


def _whoosh_date(value: str) -> str:
    """``2016``, ``2016-03``, ``2016-03-25`` or ``2016-03-25T08:55`` as Whoosh's digits."""
    if _COMPACT_DATE.fullmatch(value):
        parts = [int(value[:4])] + [int(value[i : i + 2]) for i in range(4, len(value), 2)]
    else:
        match = _DATE.fullmatch(value)
        parts = [] if match is None else [int(part) for part in match.groups() if part is not None]
    try:
        if not parts:
            raise ValueError(value)
        year, month, day, hour, minute, second = parts + [1, 1, 0, 0, 0][len(parts) - 1 :]
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise QueryError(
            f"cannot read the query: {value!r} is not a date; write a year (2016), a month (2016-03), "
            "a day (2016-03-25) "
            "or a time (2016-03-25T08:55)"
        ) from None
    return f"{parts[0]:04d}" + "".join(f"{part:02d}" for part in parts[1:])


def _prepared(reader: Any, parsed: Any) -> Any:
    """``parsed`` ready to run fast, or ``QueryError`` if it would take seconds.

    Wildcards become ``_DocSet``s (at most ``MAX_WILDCARD_TERMS`` words in all), and the
    work the query needs (``_cost``) must stay under ``MAX_QUERY_COST``: an OR of 60 common
    words took 3 s at 15,000 articles.
    """
    budget = [MAX_WILDCARD_TERMS]

    def fast(node: Any) -> Any:
        if isinstance(node, query.Prefix | query.Wildcard):
            shown = node.text + ("*" if isinstance(node, query.Prefix) else "")
            words: list[bytes] = []
            for word in node._btexts(reader):
                if len(words) == budget[0]:
                    raise QueryError(
                        f"the wildcard {shown!r} matches too many words (over {MAX_WILDCARD_TERMS:,} "
                        "in the query); give it more letters"
                    )
                words.append(word)
            budget[0] -= len(words)
            return _DocSet(node.fieldname, tuple(words), node.boost)
        if node.is_leaf():
            return node
        return node.apply(fast)

    prepared = fast(parsed)
    if _cost(reader, prepared) > MAX_QUERY_COST:
        raise QueryError(
            "the query would take too long: it asks for too many common words at once; "
            "use fewer ORs or more specific words"
        )
    return prepared


def _cost(reader: Any, node: Any) -> float:
    """About how many postings Whoosh will step through for ``node`` (2 µs each, 15,000 articles).

    A word costs its document frequency plus the opening of its posting list; an OR adds
    up its parts, times the depth of Whoosh's tree of union matchers; an AND skips through
    its rarest part.  Measured: ``market`` 2,800 (60 ms), an OR of 6 common words 150,000
    (0.47 s), of 60 words 1.6 million (3 s).
    """
    if isinstance(node, _DocSet):
        return float(node.estimate_size(reader) + 100 * len(node.words))
    if isinstance(node, query.Term):
        try:
            word = SCHEMA[node.fieldname].to_bytes(node.text)
        except Exception:  # a date or number term: small
            return 500
        return 500.0 + (
            int(reader.doc_frequency(node.fieldname, word)) if (node.fieldname, word) in reader else 0
        )
    if isinstance(node, query.Phrase):
        return sum(_cost(reader, query.Term(node.fieldname, word)) for word in node.words)
    if isinstance(node, query.Not):
        return int(reader.doc_count_all()) + _cost(reader, node.query)
    if isinstance(node, query.AndNot):
        positive = _cost(reader, node.a)
        return positive + min(positive, _cost(reader, node.b))
    if node.is_leaf():
        try:
            return float(node.estimate_size(reader))
        except Exception:
            return float(reader.doc_count_all())
    costs = [_cost(reader, child) for child in node.children()]
    if not costs:
        return 0
    if isinstance(node, query.And | query.Require):
        return min(costs) * len(costs)
    return sum(costs) * max(1.0, math.log2(len(costs)))


class _DocSet(query.Query):  # type: ignore[misc]
    """The documents holding any of ``words`` in a field, all with the same score."""

    def __init__(self, fieldname: str, words: tuple[bytes, ...], boost: float = 1.0) -> None:
        self.fieldname = fieldname
        self.words = words
        self.boost = boost

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _DocSet) and (self.fieldname, self.words, self.boost) == (
            other.fieldname,
            other.words,
            other.boost,
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, self.words, self.boost))

    def __repr__(self) -> str:
        return f"_DocSet({self.fieldname!r}, {len(self.words)} words)"

    def is_leaf(self) -> bool:
        return True

    def field(self) -> str:
        return self.fieldname

    def estimate_size(self, reader: Any) -> int:
        return sum(reader.doc_frequency(self.fieldname, word) for word in self.words)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()  # one segment's: its own document numbers
        found: set[int] = set()
        for word in self.words:
            if (self.fieldname, word) in reader:
                found.update(reader.postings(self.fieldname, word).all_ids())
        if not found:
            return matching.NullMatcher()
        return matching.ListMatcher(sorted(found), all_weights=self.boost)


def _collect(searcher: Any, parsed: Any, limit: int) -> Any:
    """Top hits and the exact total in one pass, then the matched body terms of the top hits.

    Whoosh's default collector skips blocks that cannot reach the top N, then runs the
    whole query again to count the matches; and its matcher replacement drops parts of an
    OR that cannot raise the score any more, which undercounts (1,899 instead of 2,266
    for "market" on the benchmark corpus).  Without both, one pass gives the exact total
    and is faster on this corpus (phrase queries 51 -> 24 ms).  Whoosh's ``TermsCollector``
    would record the matched terms of every matching document, checking every term of the
    query at each (an OR of 120 common words: 4.6 s); pinpoint snippets need them for the
    top hits only, which ``_record_matched_terms`` finds in their posting lists.
    """
    collector = _TimedCollector(limit=limit, usequality=False, replace=0)
    collector.deadline = time.perf_counter() + SEARCH_DEADLINE_S
    searcher.search_with_collector(parsed, collector)
    results = collector.results()
    _record_matched_terms(searcher, parsed, results)
    return results


class _TimedCollector(collectors.TopCollector):  # type: ignore[misc]
    """Whoosh's top-N collector that gives up after ``deadline``: a query that ``_cost``
    misjudged is refused rather than left to look hung."""

    deadline = 0.0

    def matches(self) -> Iterator[int]:
        for count, docnum in enumerate(super().matches()):
            if not count & 255 and time.perf_counter() > self.deadline:
                raise QueryError("the query takes too long to answer; make it more specific")
            yield docnum


def _record_matched_terms(searcher: Any, parsed: Any, results: Any) -> None:
    """Which body words of the query each top hit holds, as Whoosh's ``TermsCollector`` says."""
    top = sorted(docnum for _, docnum in results.top_n)
    termdocs: dict[tuple[str, bytes], list[int]] = {}
    docterms: dict[int, list[tuple[str, bytes]]] = {}
    for term in sorted(_body_terms(parsed)):
        if top and term in searcher.reader():
            postings = searcher.postings(*term)
            for docnum in top:
                if postings.is_active() and postings.id() < docnum:
                    postings.skip_to(docnum)
                if not postings.is_active():
                    break
                if postings.id() == docnum:
                    termdocs.setdefault(term, []).append(docnum)
                    docterms.setdefault(docnum, []).append(term)
    results.termdocs = termdocs
    results.docterms = docterms


def _body_terms(node: Any) -> set[tuple[str, bytes]]:
    """The body words a query asks for (NOT parts left out), as index terms."""
    if isinstance(node, query.Not):
        return set()
    if isinstance(node, query.Phrase):
        words = node.words if node.fieldname == "body" else []
        return {("body", SCHEMA["body"].to_bytes(word)) for word in words}
    if isinstance(node, query.Term):
        return {("body", SCHEMA["body"].to_bytes(node.text))} if node.fieldname == "body" else set()
    if node.is_leaf():
        return set()
    return set().union(*(_body_terms(child) for child in node.children()))


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if not node.is_leaf():
        for child in node.children():
            yield from _walk(child)


def _positive_terms(node: Any) -> dict[str, list[Callable[[str], bool]]]:
    """Per field, predicates for the analysed words a query asks for (NOT parts left out)."""
    found: dict[str, list[Callable[[str], bool]]] = {}

    def visit(current: Any) -> None:
        if isinstance(current, query.Not):
            return
        if isinstance(current, query.Phrase):
            for word in current.words:
                found.setdefault(current.fieldname, []).append(word.__eq__)
        elif isinstance(current, query.Prefix):
            found.setdefault(current.fieldname, []).append(_prefix_test(current.text))
        elif isinstance(current, query.Wildcard):
            found.setdefault(current.fieldname, []).append(_wildcard_test(current.text))
        elif isinstance(current, query.Term):
            found.setdefault(current.fieldname, []).append(current.text.__eq__)
        elif not current.is_leaf():
            for child in current.children():
                visit(child)

    visit(node)
    return found


def _prefix_test(prefix: str) -> Callable[[str], bool]:
    def test(word: str) -> bool:
        return word.startswith(prefix)

    return test


def _wildcard_test(pattern: str) -> Callable[[str], bool]:
    def test(word: str) -> bool:
        return fnmatch.fnmatchcase(word, pattern)

    return test


class _AnnotationMatcher:
    """Which annotations of a hit a tag / tagged-text / note / author query is about."""

    FIELDS = ("tag", *TAGS, "note", "author")

    def __init__(self, parsed: Any) -> None:
        terms = _positive_terms(parsed)
        self.terms = {name: terms[name] for name in self.FIELDS if name in terms}

    def __bool__(self) -> bool:
        return bool(self.terms)

    def matches(self, annotation: Annotation) -> bool:
        if any(test(annotation.tag) for test in self.terms.get("tag", [])):
            return True
        checks = [
            (annotation.tag, annotation.quote),
            ("note", annotation.note),
            ("author", annotation.author),
        ]
        for name, value in checks:
            tests = self.terms.get(name)
            if tests and value and any(test(word) for word in _words(name, value) for test in tests):
                return True
        return False


def _words(fieldname: str, value: str) -> Iterator[str]:
    for token in SCHEMA[fieldname].analyzer(value, mode="index"):
        yield token.text


# --- snippets ----------------------------------------------------------------------------------


class _RangeFormatter(highlight.Formatter):  # type: ignore[misc]
    """Returns fragments as offsets (data, not markup): the UI decides how to show them."""

    def format(self, fragments: Any, replace: bool = False) -> Any:
        return [
            (
                fragment.startchar,
                fragment.endchar,
                [(t.startchar, t.endchar) for t in fragment.matches],
            )
            for fragment in fragments
        ]


# Pinpoint highlighting: the matched words' character positions come from the index
# (the body field stores them), so an article is never re-tokenised for its snippet and
# a match 20 MB into an article is found (the default looks at the first 32 KB only).
_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.PinpointFragmenter(
        maxchars=SNIPPET_CHARS, surround=70, autotrim=True, charlimit=None
    ),
    formatter=_RangeFormatter(),
    order=highlight.FIRST,
)


def _body_snippet(hit: Any, text: str, parsed: Any) -> Snippet | None:
    if not text:
        return None
    if any(
        isinstance(node, query.Prefix | query.Wildcard) and node.fieldname == "body" for node in _walk(parsed)
    ):
        fragments = _pattern_fragments(text, _positive_terms(parsed).get("body", []))
    else:
        fragments = _HIGHLIGHTER.highlight_hit(hit, "body", text=text, top=SNIPPET_FRAGMENTS)
    if not fragments:
        return None
    return _join_fragments(text, fragments)


def _pattern_fragments(text: str, tests: list[Callable[[str], bool]]) -> Any:
    """Snippet fragments found by analysing the first ``PATTERN_SNIPPET_CHARS`` of the text:
    what a wildcard matched in a document is not recorded (see ``_DocSet``)."""
    tokens = [
        token.copy()
        for token in SCHEMA["body"].analyzer(
            text[:PATTERN_SNIPPET_CHARS], chars=True, mode="index", removestops=False
        )
        if any(test(token.text) for test in tests)
    ]
    if not tokens:
        return []
    fragments = _HIGHLIGHTER.fragmenter.fragment_matches(text, tokens)
    fragments = highlight.top_fragments(
        fragments, SNIPPET_FRAGMENTS, _HIGHLIGHTER.scorer, _HIGHLIGHTER.order, minscore=1
    )
    return _HIGHLIGHTER.formatter.format(fragments)


def _join_fragments(text: str, fragments: list[tuple[int, int, list[tuple[int, int]]]]) -> Snippet:
    parts: list[str] = []
    highlights: list[tuple[int, int]] = []
    offset = 0
    for number, (start, end, matches) in enumerate(fragments):
        if number:
            parts.append(" \u2026 ")
            offset += 3
        parts.append(_flatten(text[start:end]))
        highlights.extend(
            (offset + s - start, offset + e - start) for s, e in matches if start <= s < e <= end
        )
        offset += end - start
    return Snippet("".join(parts), tuple(highlights))


def _annotation_snippet(text: str, annotation: Annotation) -> Snippet:
    start = max(0, annotation.start - 70)
    end = min(len(text), annotation.end + 70)
    if annotation.matches(text):
        return _join_fragments(text, [(start, end, [(annotation.start, annotation.end)])])
    return Snippet(_flatten(annotation.quote))


def _opening(text: str) -> Snippet:
    body = text[body_start(text) :].strip()
    return Snippet(_flatten(body[:SNIPPET_CHARS]))


def _flatten(text: str) -> str:
    """Line breaks become spaces (same length, so highlight offsets stay right)."""
    return text.replace("\n", " ")


def _same_story(searcher: Any, docnum: int, encoded: str) -> tuple[str, ...]:
    if not encoded:
        return ()
    sig = nearduplicates.decode(encoded)
    keys = nearduplicates.band_keys(sig)
    if not keys:
        return ()
    # Straight from the posting lists: no scoring, no result objects (this runs per hit).
    reader = searcher.reader()
    candidates: set[int] = set()
    for key in keys:
        if ("band", key) in reader:
            candidates.update(reader.postings("band", key).all_ids())
    candidates.discard(docnum)
    same: list[str] = []
    for candidate in candidates:
        if reader.is_deleted(candidate):
            continue
        other = searcher.stored_fields(candidate)
        if (
            nearduplicates.similarity(sig, nearduplicates.decode(other.get("minhash", "")))
            >= nearduplicates.SAME_STORY
        ):
            same.append(other["article"])
    return tuple(sorted(same))
