"""The Whoosh engine: the ``Engine`` and ``EngineIndex`` of ``tui.search.backend``.

Whoosh (whoosh-reloaded 2.7.5) pitfalls worked around here:

* ``update_document()`` and ``delete_by_term()`` open a reader of every segment to find the
  old document: it is found with the searcher already open instead;
* ``BufferedWriter``'s searcher crashes when the hits exceed the limit: it is not used;
* ``writer()`` fails at once on a held lock unless given a timeout: one is always given;
* compound segments are copied into memory whole when opened: only a save's one-document
  segment is compound.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from whoosh import index, query, sorting
from whoosh.fields import Schema
from whoosh.index import FileIndex
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter as WhooshWriter

from tui.search.backend import BuildItem, Built, Found, FoundHit, Fragment, Stored, Token
from tui.search.documents import ArticleDocument
from tui.search.errors import DamagedIndexError, IndexBuildingError, IndexBusyError
from tui.search.query import Node
from tui.search.results import Progress
from tui.search.whoosh.building import BuildWorker, build_index
from tui.search.whoosh.chinese import is_pair
from tui.search.whoosh.highlighting import body_fragments
from tui.search.whoosh.merges import MergeProcess, merge_plan, swap_in
from tui.search.whoosh.queries import collect, prepared, translate
from tui.search.whoosh.readers import SegmentReaders
from tui.search.whoosh.schema import fingerprint, schema_for, whoosh_fields
from tui.workspace.fileio import remove_tree
from tui.workspace.layout import Workspace

LOCK_TIMEOUT_S = 10.0


class WhooshEngine:
    """Whoosh: the default engine (pure Python, pinned ``whoosh-reloaded==2.7.5``)."""

    name = "whoosh"

    def __init__(self, tags: Sequence[str]) -> None:
        self.tags = tuple(tags)
        self._running: list[BuildWorker] = []

    def fingerprint(self, tags: Sequence[str]) -> str:
        return fingerprint(tags)

    def analyse(self, field: str, text: str) -> list[Token]:
        # One word a place: the index's pairs of Han characters only make phrases fast.
        analyser = schema_for(self.tags)[field].analyzer
        return [
            Token(token.text, token.startchar, token.endchar)
            for token in analyser(text, chars=True, mode="index", removestops=False)
            if not is_pair(token.text)
        ]

    def create(
        self,
        folder: Path,
        workspace: Workspace,
        items: Sequence[BuildItem],
        progress: Progress | None,
        stopped: Callable[[], bool],
    ) -> Built:
        return build_index(folder, workspace, items, self.tags, progress, stopped, self._running)

    def open(self, folder: Path, tags: Sequence[str]) -> WhooshIndex:
        return WhooshIndex(folder, tuple(tags))

    def stop_builds(self) -> None:
        for worker in list(self._running):
            with contextlib.suppress(OSError):
                worker.process.kill()


class WhooshIndex:
    """An open Whoosh index of one build; its searcher is reopened only after commits."""

    def __init__(self, folder: Path, tags: tuple[str, ...]) -> None:
        self.folder = folder
        self.tags = tags
        self.schema: Schema = schema_for(tags)
        self._lock = threading.RLock()
        #: One merge at a time; held without ``_lock`` through the slow part of a merge.
        self._merging = threading.Lock()
        self._merge_process = MergeProcess()
        self._readers = SegmentReaders()
        try:
            self._ix: FileIndex | None = index.open_dir(str(folder))
            self._searcher: Searcher = self._readers.searcher(self._ix)  # a damaged index fails here
        except Exception as error:
            self._readers.close()
            raise DamagedIndexError("the index is damaged") from error
        self._own_generation: int | None = self._searcher.reader().generation()
        self._foreign = False

    def _open_index(self) -> FileIndex:
        if self._ix is None:
            raise IndexBuildingError("the search index is closed; try again in a moment")
        return self._ix

    def _current_searcher(self) -> Searcher:
        ix = self._open_index()
        if not self._searcher.up_to_date():
            self._searcher = self._readers.searcher(ix)
            if self._searcher.reader().generation() != self._own_generation:
                self._foreign = True  # another process committed
        return self._searcher

    def count(self) -> int:
        with self._lock:
            return int(self._current_searcher().doc_count())

    def alive(self) -> bool:
        """Whether the folder still holds the index (a user may delete the cache)."""
        with self._lock, contextlib.suppress(OSError):
            return self._ix is not None and int(self._ix.latest_generation()) >= 0
        return False

    def refresh(self) -> bool:
        with self._lock:
            self._current_searcher()
            foreign, self._foreign = self._foreign, False
            return foreign

    @contextlib.contextmanager
    def writer(self, *, single: bool = False) -> Iterator[_Writer]:
        with self._lock:
            try:
                # compound=False: this Whoosh copies every sub-file of a compound segment
                # into a BytesIO when it opens it, so a searcher would cost as much memory as
                # the index (160 MB at 15,000 articles); a save's one-document segment is
                # small enough to be one compound file.
                writer = self._open_index().writer(timeout=LOCK_TIMEOUT_S, compound=single)
            except index.LockError as error:
                raise IndexBusyError(
                    "the index is being updated by another Glossator process; try again in a moment"
                ) from error
            try:
                yield _Writer(self, writer)
            except BaseException:
                writer.cancel()
                raise
            # merge=False: merging costs up to seconds; ``compact`` does it off the save path.
            writer.commit(merge=False)
            self._own_generation = writer.generation

    def _delete(self, writer: WhooshWriter, article_id: str) -> None:
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

    def search(self, query_tree: Node | None, limit: int, text_of: Callable[[str], str]) -> Found:
        with self._lock:
            searcher = self._current_searcher()
            if query_tree is None:
                newest_first = [sorting.FieldFacet("recency", reverse=True), sorting.FieldFacet("article")]
                results = searcher.search(query.Every(), limit=limit, sortedby=newest_first)
                parsed = None
            else:
                parsed = translate(query_tree, self.schema)
                if parsed is None:
                    return Found(0, [])  # only stop words
                results = collect(
                    searcher, prepared(searcher.reader(), parsed, self.schema), limit, self.schema
                )
            hits = []
            for hit in results:
                fields = hit.fields()
                fragments: list[Fragment] = []
                if parsed is not None:
                    fragments = body_fragments(hit, text_of(fields["article"]), parsed, self.schema)
                hits.append(
                    FoundHit(
                        _stored(fields), float(hit.score or 0.0) if parsed is not None else 0.0, fragments
                    )
                )
            return Found(len(results), hits)

    def matching(self, query_tree: Node | None) -> list[str]:
        with self._lock:
            reader = self._current_searcher().reader()
            if query_tree is None:
                return [fields["article"] for fields in reader.all_stored_fields()]
            parsed = translate(query_tree, self.schema)
            if parsed is None:
                return []
            searcher = self._current_searcher()
            fast = prepared(reader, parsed, self.schema)
            return [
                reader.stored_fields(docnum)["article"]
                for docnum in searcher.docs_for_query(fast)
                if not reader.is_deleted(docnum)
            ]

    def sharing_bands(self, keys: Sequence[str]) -> list[tuple[str, str]]:
        with self._lock:
            searcher = self._current_searcher()
            # Straight from the posting lists: no scoring, no result objects (this runs per hit).
            reader = searcher.reader()
            candidates: set[int] = set()
            for key in keys:
                if ("band", key) in reader:
                    candidates.update(reader.postings("band", key).all_ids())
            found = []
            for candidate in sorted(candidates):
                if not reader.is_deleted(candidate):
                    stored = reader.stored_fields(candidate)
                    found.append((stored["article"], stored.get("minhash", "")))
            return found

    def compact(self, *, everything: bool = False) -> bool:
        """Merge the small segments saves leave behind, by the tiered ``merge_plan``.

        The slow part runs in a worker process with no lock held, so saves made meanwhile do
        not wait; only the final commit takes the lock.
        """
        with self._merging:
            with self._lock:
                if self._ix is None:
                    return False
                chosen = merge_plan(self.segments(), everything=everything)[1]
                ix = self._ix
            if not chosen:
                return False
            try:
                folder = Path(tempfile.mkdtemp(prefix="merging-", dir=self.folder.parent.parent))
            except OSError:
                return False  # a read-only cache: merging can wait
            try:
                merged = self._merge_process.merge(str(self.folder), chosen, str(folder), self.tags)
                with self._lock:
                    if self._ix is not ix:
                        return False  # closed meanwhile
                    self.swap_in(chosen, merged, folder)
            except (OSError, index.LockError):
                return False  # e.g. another process merged or rebuilt, removing the segments' files
            finally:
                remove_tree(folder)
            return True

    def segments(self) -> list[Any]:
        """The segments of the latest commit (each slows searches a little)."""
        with self._lock:
            self._current_searcher()
            return self._readers.segments()

    def swap_in(self, chosen: list[Any], merged: Any, folder: Path) -> None:
        """Commit ``merged`` (written aside in ``folder``) in place of the ``chosen`` segments."""
        with self._lock:
            writer = self._open_index().writer(timeout=LOCK_TIMEOUT_S)
            writer.commit(mergetype=swap_in(chosen, merged, folder, self.folder))
            self._own_generation = writer.generation

    @property
    def merge_process(self) -> MergeProcess:
        return self._merge_process

    def close(self) -> None:
        self._merge_process.close()
        with self._lock:
            self._readers.close()
            if self._ix is not None:
                with contextlib.suppress(Exception):
                    self._ix.close()
            self._ix = None


class _Writer:
    def __init__(self, owner: WhooshIndex, writer: WhooshWriter) -> None:
        self._owner = owner
        self._writer = writer

    def put(self, document: ArticleDocument) -> None:
        self._owner._delete(self._writer, document.article)
        self._writer.add_document(**whoosh_fields(document))

    def delete(self, article_id: str) -> None:
        self._owner._delete(self._writer, article_id)


def _stored(fields: dict[str, Any]) -> Stored:
    return Stored(
        article=fields["article"],
        title=fields.get("title", ""),
        source=fields.get("source", ""),
        byline=fields.get("byline", ""),
        date_text=fields.get("date_text", ""),
        tag_counts=dict(fields.get("tag_counts", {})),
        listing=fields.get("listing", ""),
        minhash=fields.get("minhash", ""),
    )
