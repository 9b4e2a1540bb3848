"""The search index: every Whoosh call of the program lives in this module.

The index is a cache of ``corpus/`` + ``annotations/`` kept in the workspace's git-ignored
``.glossator/`` folder.  A small manifest beside it records, for every indexed article, the
size, modification time and sha256 of its text file and of its annotation file; opening the
index compares the manifest with the files and re-indexes only what changed.  The manifest
is written only after a successful commit, so a crash between the two makes the next sync
redo some work, never skip it.  A missing, unreadable or older-schema index is rebuilt.

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
* merging in a commit holds the write lock for as long as the merge takes (about 10 ms a
  document), so saves made meanwhile would wait: merges are written aside by a worker
  process and swapped in by a quick commit (``compact``).

Each save commits its one document as a new small segment, and every segment slows every
search a little; ``compact`` merges them by size class right after the save, in the
background.
"""

from __future__ import annotations

import contextlib
import copy
import fnmatch
import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from whoosh import collectors, highlight, index, query, sorting
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
from tui.workspace import ANNOTATION_SUFFIX, ARTICLE_SUFFIX, Workspace, scan_files

#: Bump when the schema or what goes into a document changes: older indexes are rebuilt.
SCHEMA_VERSION = 1
LOCK_TIMEOUT_S = 10.0
MAX_QUERY_CHARS = 1000
#: A rebuild of at least this many articles uses a writer process per core.
PARALLEL_BUILD_FROM = 2000
#: A manifest journal longer than this is folded into the manifest when the index opens.
MAX_JOURNAL_LINES = 1000
#: Saves add one-document segments; segments of one size class are merged when there are this many.
MERGE_FANIN = 8
#: Segments this big (or 5% of the documents) are never merged: a build leaves one per core.
BIG_SEGMENT = 1000
#: Wildcard patterns need this many literal characters: "*e*" expands to most of the index.
MIN_WILDCARD_LETTERS = 2
SNIPPET_CHARS = 220
SNIPPET_FRAGMENTS = 2

Progress = Callable[[int, int], None]


class QueryError(GlossatorError):
    """A query the parser cannot make sense of; the message is one line for the user."""


class IndexBusyError(GlossatorError):
    """Another process holds the index's write lock for longer than the timeout."""


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
    #: For tag, tagged-text, note and author queries: the annotations that match.
    annotations: tuple[Annotation, ...] = ()


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

    @property
    def total_changes(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


# --- the manifest: what the index was built from ----------------------------------------------

Stamp = tuple[int, int]  # (size, mtime_ns)


@dataclass
class _Entry:
    """What one article's document was built from: its text file and its annotation file."""

    text: tuple[int, int, str]  # size, mtime_ns, sha256
    notes: tuple[int, int, str] | None  # the same for the annotation file, None if none


def _stamps(folder: Path, suffix: str) -> dict[str, Stamp]:
    """{id: (size, mtime_ns)} of the files ending in ``suffix`` below ``folder``."""
    stamps: dict[str, Stamp] = {}
    for item_id, entry in scan_files(folder, suffix):
        info = entry.stat()
        stamps[item_id] = (info.st_size, info.st_mtime_ns)
    return stamps


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


def _remove_abandoned_merges(cache_dir: Path) -> None:
    """Remove the folders of merges whose process was killed (a live merge takes seconds)."""
    cutoff = time.time() - 3600
    for folder in cache_dir.glob("merging-*"):
        with contextlib.suppress(OSError):
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder)


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
            package_root = str(Path(__file__).resolve().parent.parent)
            self._process = subprocess.Popen(
                [sys.executable, "-c", "from tui.index import _serve_merges; _serve_merges()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # never onto the app's screen
                cwd=package_root,
            )
        process = self._process
        assert process.stdin is not None and process.stdout is not None
        try:
            pickle.dump((index_folder, segments, folder), process.stdin)
            process.stdin.flush()
            status, value = pickle.load(process.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as error:
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


def _entry(data: dict[str, Any]) -> _Entry:
    notes = data["notes"]
    return _Entry(tuple(data["text"]), tuple(notes) if notes else None)


def _entry_json(entry: _Entry) -> dict[str, Any]:
    return {"text": list(entry.text), "notes": list(entry.notes) if entry.notes else None}


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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


# --- the index ---------------------------------------------------------------------------------


class CorpusIndex:
    """A workspace's search index: sync it with the files, update one article, search."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.store = AnnotationStore(workspace)
        self.folder = workspace.cache_dir / "index"
        self.manifest_path = workspace.cache_dir / "manifest.json"
        self.journal_path = workspace.cache_dir / "manifest.journal"
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

    # -- opening and syncing --

    @classmethod
    def open(cls, workspace: Workspace, progress: Progress | None = None) -> CorpusIndex:
        """Open the index, building or syncing it so it reflects the files now."""
        corpus_index = cls(workspace)
        corpus_index.sync(progress)
        return corpus_index

    def sync(self, progress: Progress | None = None) -> SyncReport:
        """Bring the index up to date with the files: incremental, or a rebuild if needed.

        The app calls this every second to notice changes made by git or other programs, so
        on an index that is already open it only reads the files' stats, and does that
        without holding the lock that saves and searches need.
        """
        started = time.perf_counter()
        with self._lock:
            reason = "" if self._is_open() else self._open_existing()
            if reason:
                report = self.rebuild(progress)
                report.reason = reason
                return report
        texts = _stamps(self.workspace.corpus_dir, ARTICLE_SUFFIX)
        notes = _stamps(self.workspace.annotations_dir, ANNOTATION_SUFFIX)
        with self._lock:
            report = self._incremental(texts, notes, progress)
        if report.total_changes:
            self.compact()
        report.seconds = time.perf_counter() - started
        return report

    def _is_open(self) -> bool:
        """Open, and its files still there (a user may delete ``.glossator/`` at any time)."""
        return self._ix is not None and self.manifest_path.exists() and self._ix.latest_generation() >= 0

    def rebuild(self, progress: Progress | None = None) -> SyncReport:
        """Index every article from scratch."""
        with self._lock:
            started = time.perf_counter()
            self._close_searcher()
            self.workspace.cache_dir.mkdir(parents=True, exist_ok=True)
            _ignore_in_git(self.workspace.cache_dir)
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            self._ix = index.create_in(str(self.folder), SCHEMA)
            self._manifest = {}
            texts = _stamps(self.workspace.corpus_dir, ARTICLE_SUFFIX)
            notes = _stamps(self.workspace.annotations_dir, ANNOTATION_SUFFIX)
            report = SyncReport(rebuilt=True)
            # Both cores: Whoosh analyses and writes in worker processes, one segment each.
            procs = min(2, os.cpu_count() or 1) if len(texts) >= PARALLEL_BUILD_FROM else 1
            with self._writer(_open={"procs": procs, "multisegment": procs > 1, "limitmb": 128}) as writer:
                for done, article_id in enumerate(sorted(texts), start=1):
                    if self._index_article(
                        writer, article_id, texts[article_id], notes.get(article_id), add=True
                    ):
                        report.added.append(article_id)
                    if progress:
                        progress(done, len(texts))
            self._save_manifest()
            report.seconds = time.perf_counter() - started
            return report

    def _open_existing(self) -> str:
        """Open the index on disk; return why it must be rebuilt, or '' if it is usable."""
        try:
            manifest = json.loads(self.manifest_path.read_text("utf-8"))
        except FileNotFoundError:
            return "no index yet"
        except (OSError, ValueError):
            return "the index manifest is unreadable"
        _remove_abandoned_merges(self.workspace.cache_dir)
        if not isinstance(manifest, dict) or manifest.get("schema") != SCHEMA_VERSION:
            return "the index was made by another version of Glossator"
        try:
            self._manifest = {article_id: _entry(entry) for article_id, entry in manifest["articles"].items()}
            if self._replay_journal() > MAX_JOURNAL_LINES:
                self._save_manifest()  # fold a long journal in, so opening stays quick
            self._ix = index.open_dir(str(self.folder))
            self._close_searcher()
            self._current_searcher()  # reads every segment: a damaged index fails here
        except Exception:
            return "the index is damaged"
        return ""

    def _incremental(
        self, texts: dict[str, Stamp], notes: dict[str, Stamp], progress: Progress | None
    ) -> SyncReport:
        report = SyncReport()
        todo: list[str] = []
        touched: list[str] = []
        for article_id, text_stamp in texts.items():
            entry = self._manifest.get(article_id)
            if entry is None:
                report.added.append(article_id)
                todo.append(article_id)
                continue
            state = self._compare(entry, article_id, text_stamp, notes.get(article_id))
            if state == "changed":
                report.changed.append(article_id)
                todo.append(article_id)
            elif state == "touched":
                touched.append(article_id)
        report.removed = sorted(set(self._manifest) - set(texts))
        if todo or report.removed:
            with self._writer(merge=False) as writer:
                for article_id in report.removed:
                    self._forget(writer, article_id)
                for done, article_id in enumerate(todo, start=1):
                    self._index_article(
                        writer, article_id, texts[article_id], notes.get(article_id), add=False
                    )
                    if progress:
                        progress(done, len(todo))
        recorded = [*todo, *report.removed, *touched]
        if len(recorded) > 100:
            self._save_manifest()
        else:
            for article_id in recorded:
                self._journal(article_id)
        return report

    def _compare(self, entry: _Entry, article_id: str, text_stamp: Stamp, note_stamp: Stamp | None) -> str:
        """'same', 'touched' (stat changed, content not) or 'changed'."""
        touched = False
        if entry.text[:2] != text_stamp:
            if _sha256_file(self.workspace.article_path(article_id)) != entry.text[2]:
                return "changed"
            entry.text = (*text_stamp, entry.text[2])
            touched = True
        if (entry.notes is None) != (note_stamp is None):
            return "changed"
        if entry.notes is not None and note_stamp is not None and entry.notes[:2] != note_stamp:
            if _sha256_file(self.workspace.annotation_path(article_id)) != entry.notes[2]:
                return "changed"
            entry.notes = (*note_stamp, entry.notes[2])
            touched = True
        return "touched" if touched else "same"

    def update_article(self, article_id: str) -> None:
        """Re-index one article after its text or annotation file changed (e.g. a save)."""
        with self._lock:
            if self._ix is None:
                self.sync()
                return
            text_path = self.workspace.article_path(article_id)
            note_path = self.workspace.annotation_path(article_id)
            # merge=False: merging segments costs up to seconds; compact() does it off the save path.
            # A one-document segment is small enough to be one compound file (see _writer).
            with self._writer(_open={"compound": True}, merge=False) as writer:
                try:
                    text_stamp = _stat(text_path)
                except FileNotFoundError:
                    self._forget(writer, article_id)
                else:
                    note_stamp = _stat(note_path) if note_path.exists() else None
                    self._index_article(writer, article_id, text_stamp, note_stamp, add=False)
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
                if self._ix is None:
                    return False
                self._current_searcher()
                chosen = _merge_plan(self._readers.segments(), everything=everything)[1]
                ix = self._ix
            if not chosen:
                return False
            folder = Path(tempfile.mkdtemp(prefix="merging-", dir=self.workspace.cache_dir))
            try:
                merged = self._merge_process.merge(str(self.folder), chosen, str(folder))
                with self._lock:
                    if self._ix is not ix:
                        return False  # closed or rebuilt meanwhile
                    with self._writer(mergetype=_swap_in(chosen, merged, folder, self.folder)):
                        pass
            except OSError:
                return False  # e.g. another process merged or rebuilt, removing the segments' files
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            return True

    def _index_article(
        self,
        writer: Any,
        article_id: str,
        text_stamp: Stamp,
        note_stamp: Stamp | None,
        *,
        add: bool,
    ) -> bool:
        """Write one article's document; False if its file vanished meanwhile."""
        try:
            data = self.workspace.article_path(article_id).read_bytes()
        except OSError:
            if not add:
                self._forget(writer, article_id)
            return False
        text = decode_article(data).text
        loaded = self.store.load(article_id, text)
        note_sha = ""
        if note_stamp is not None:
            with contextlib.suppress(OSError):
                note_sha = _sha256_file(loaded.path)
        if not add:
            self._delete(writer, article_id)
        writer.add_document(**_document(article_id, text, loaded.annotations))
        text_sha = hashlib.sha256(data).hexdigest()
        previous = self._manifest.get(article_id)
        if previous is None or previous.text[2] != text_sha:
            self._same_story_cache.clear()
        self._manifest[article_id] = _Entry(
            (*text_stamp, text_sha),
            (*note_stamp, note_sha) if note_stamp is not None else None,
        )
        return True

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
        line = json.dumps({"id": article_id, "entry": _entry_json(entry) if entry else None})
        with open(self.journal_path, "a", encoding="utf-8") as journal:
            journal.write(line + "\n")

    def _replay_journal(self) -> int:
        """Apply the journal to the manifest just read; the number of lines it had."""
        try:
            lines = self.journal_path.read_text("utf-8").splitlines()
        except FileNotFoundError:
            return 0
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash: the next sync re-checks that file
            if record.get("entry"):
                self._manifest[record["id"]] = _entry(record["entry"])
            else:
                self._manifest.pop(record.get("id"), None)
        return len(lines)

    def _save_manifest(self) -> None:
        payload = {
            "schema": SCHEMA_VERSION,
            "articles": {
                article_id: _entry_json(entry) for article_id, entry in sorted(self._manifest.items())
            },
        }
        # A cache: no fsync (a lost manifest only means a rebuild).
        write_atomic(self.manifest_path, json.dumps(payload, separators=(",", ":")).encode(), durable=False)
        self.journal_path.unlink(missing_ok=True)

    def _close_searcher(self) -> None:
        self._same_story_cache.clear()
        self._searcher = None
        self._readers.close()

    def _current_searcher(self) -> Any:
        if self._searcher is None or not self._searcher.up_to_date():
            self._searcher = self._readers.searcher(self._ix)
            if self._searcher.reader().generation() != self._own_generation:
                self._same_story_cache.clear()  # another process committed: texts may differ
        return self._searcher

    def close(self) -> None:
        self._merge_process.close()
        with self._lock:
            self._close_searcher()
            if self._ix is not None:
                self._ix.close()
                self._ix = None

    def __len__(self) -> int:
        with self._lock:
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
                results = _collect(searcher, parsed, limit)
            hits = tuple(self._hit(searcher, hit, parsed) for hit in results)
            total = len(results)
        return SearchResults(text, total, hits, time.perf_counter() - started)

    def _hit(self, searcher: Any, hit: Any, parsed: Any) -> SearchHit:
        stored = hit.fields()
        article_id = stored["article"]
        text = _read_text(self.workspace.article_path(article_id))
        matching: tuple[Annotation, ...] = ()
        if parsed is not None:
            wanted = _AnnotationMatcher(parsed)
            if wanted:
                loaded = self.store.load(article_id, None)
                matching = tuple(a for a in loaded.annotations if wanted.matches(a))
        snippet = _body_snippet(hit, text) if parsed is not None else None
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
            annotations=matching,
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


def _stat(path: Path) -> Stamp:
    info = path.stat()
    return (info.st_size, info.st_mtime_ns)


def _read_text(path: Path) -> str:
    try:
        return decode_article(path.read_bytes()).text
    except OSError:
        return ""


def _ignore_in_git(folder: Path) -> None:
    """Make the cache folder git-ignored in any workspace, not only in ones we set up."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Glossator's search index: a cache, rebuilt from the files.\n*\n")


# --- queries -----------------------------------------------------------------------------------

_PARSER = MultifieldParser(list(DEFAULT_FIELDS), SCHEMA)


def parse_query(text: str) -> Any:
    """A Whoosh query for ``text``, None for an empty query; QueryError for a malformed one.

    A lone ``*`` means every article, like the empty query.
    """
    text = text.strip()
    if not text or text == "*":
        return None
    _precheck(text)
    try:
        parsed = _PARSER.parse(text)
    except Exception as error:
        raise QueryError(f"cannot read the query: {error}") from error
    for node in _walk(parsed):
        message = getattr(node, "error", None)
        if message:
            raise QueryError(f"cannot read the query: {message}")
        if isinstance(node, query.Term) and node.fieldname == "tag" and node.text not in TAGS:
            raise QueryError(f"unknown tag {node.text!r}; tags are {', '.join(TAGS)}")
    return parsed


_QUOTED = re.compile(r'"[^"]*"')
_FIELD_NAME = re.compile(r"(?:^|(?<=[\s(+\-]))([A-Za-z_]\w*):")


def _precheck(text: str) -> None:
    """Catch what Whoosh's forgiving parser would silently turn into a different query."""
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


def _collect(searcher: Any, parsed: Any, limit: int) -> Any:
    """Top hits, the matched terms (for pinpoint snippets) and the exact total, in one pass.

    Whoosh's default collector skips blocks that cannot reach the top N, then runs the
    whole query again to count the matches; and its matcher replacement drops parts of an
    OR that cannot raise the score any more, which undercounts (1,899 instead of 2,266
    for "market" on the benchmark corpus).  Without both, one pass gives the exact total
    and is faster on this corpus (phrase queries 51 -> 24 ms).
    """
    collector = collectors.TermsCollector(collectors.TopCollector(limit=limit, usequality=False, replace=0))
    searcher.search_with_collector(parsed, collector)
    return collector.results()


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


def _body_snippet(hit: Any, text: str) -> Snippet | None:
    if not text:
        return None
    fragments = _HIGHLIGHTER.highlight_hit(hit, "body", text=text, top=SNIPPET_FRAGMENTS)
    if not fragments:
        return None
    return _join_fragments(text, fragments)


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
