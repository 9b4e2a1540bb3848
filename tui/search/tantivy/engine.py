"""The tantivy engine: the ``Engine`` and ``EngineIndex`` of ``tui.search.backend``.

tantivy (tantivy-py, the Rust engine) indexes and searches in Rust threads, without the
GIL.  How it is used here:

* the reader reloads only when asked (``refresh``): a commit is seen by the change of
  ``meta.json``, which tantivy replaces at every commit and merge, and told apart from
  this process's own commits and merges by its opstamp, which only commits change;
* the writer is kept between commits while they come (``writing.KeptWriter``): tantivy
  merges segments in its threads, after the commits that call for it.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import tantivy

from tui.search.backend import BuildItem, Built, Found, FoundHit, Token
from tui.search.documents import ArticleDocument
from tui.search.errors import DamagedIndexError, IndexBuildingError
from tui.search.query import Node
from tui.search.results import Progress
from tui.search.tantivy.analysis import analyse
from tui.search.tantivy.building import build_index
from tui.search.tantivy.highlighting import body_fragments
from tui.search.tantivy.queries import body_wanted, translate
from tui.search.tantivy.schema import fingerprint, kind_of, stored_of, tantivy_document
from tui.search.tantivy.writing import KeptWriter, write_error
from tui.workspace.layout import Workspace

#: Hits asked for at first when all are wanted (near-duplicates): there are seldom more.
_FEW = 64
_META = "meta.json"


class TantivyEngine:
    """tantivy: an optional engine (``[search] engine = "tantivy"``, ``glossator[tantivy]``)."""

    name = "tantivy"

    def __init__(self, tags: Sequence[str]) -> None:
        self.tags = tuple(tags)
        self._stops: set[threading.Event] = set()

    def fingerprint(self, tags: Sequence[str]) -> str:
        return fingerprint(tuple(tags))

    def analyse(self, field: str, text: str) -> list[Token]:
        return analyse(kind_of(field), text)

    def create(
        self,
        folder: Path,
        workspace: Workspace,
        items: Sequence[BuildItem],
        progress: Progress | None,
        stopped: Callable[[], bool],
    ) -> Built:
        stop = threading.Event()
        self._stops.add(stop)
        try:
            return build_index(
                folder, workspace, items, self.tags, progress, lambda: stop.is_set() or stopped()
            )
        finally:
            self._stops.discard(stop)

    def open(self, folder: Path, tags: Sequence[str]) -> TantivyIndex:
        return TantivyIndex(folder)

    def stop_builds(self) -> None:
        """Builds run in their caller's thread: each stops before its next article."""
        for stop in list(self._stops):
            stop.set()


class TantivyIndex:
    """An open tantivy index of one build; its reader is reloaded only after commits."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.RLock()
        try:
            index = tantivy.Index.open(str(folder))
            index.config_reader(reload_policy="manual")
            index.searcher()  # opens every segment: a damaged one fails here
            self._opstamp = _opstamp(folder)
        except (ValueError, OSError) as error:
            raise DamagedIndexError("the index is damaged") from error
        self._index: tantivy.Index | None = index
        #: The schema the index was made with: its queries must name its fields.
        self.schema = index.schema
        self._seen = _commit_stamp(folder)
        self._foreign = False
        self._kept = KeptWriter(index, self._lock)

    def _open_index(self) -> tantivy.Index:
        if self._index is None:
            raise IndexBuildingError("the search index is closed; try again in a moment")
        return self._index

    def count(self) -> int:
        with self._lock:
            return self._open_index().searcher().num_docs

    def alive(self) -> bool:
        """Whether the folder still holds the index (a user may delete the cache)."""
        with self._lock:
            return self._index is not None and (self.folder / _META).is_file()

    def refresh(self) -> bool:
        """Reload after commits and merges; whether another process committed since the
        last look.  A reload that fails (the folder is gone) leaves the searcher on the
        commit it had, and the next sync rebuilds."""
        with self._lock:
            self._look()
            foreign, self._foreign = self._foreign, False
            return foreign

    def _look(self) -> None:
        """Reload if ``meta.json`` changed, noting a commit of another process."""
        index = self._open_index()
        stamp = _commit_stamp(self.folder)
        if stamp is None or stamp == self._seen:
            return
        try:
            opstamp = _opstamp(self.folder)
            index.reload()
        except (ValueError, OSError):
            return
        self._foreign |= opstamp != self._opstamp
        self._seen, self._opstamp = stamp, opstamp

    @contextlib.contextmanager
    def writer(self, *, single: bool = False) -> Iterator[_Writer]:
        """A commit by the kept writer; ``single`` makes no difference (saves and syncs
        both use the writer kept while commits come)."""
        with self._lock:
            index = self._open_index()
            writer = _Writer(self._kept.writer())
            self._look()  # the writer holds the lock: what changed before is another's
            try:
                yield writer
                self._opstamp = writer.commit()
            except BaseException:
                self._kept.discard()
                raise
            finally:
                writer.drop()
            self._kept.committed()
            self._seen = _commit_stamp(self.folder)
            index.reload()

    def search(self, query: Node | None, limit: int, text_of: Callable[[str], str]) -> Found:
        with self._lock:
            searcher = self._open_index().searcher()
            if query is None:
                return self._newest_first(searcher, limit)
            translated = translate(query, searcher, self.schema)
            if translated is None:
                return Found(0, [])  # only stop words
            result = searcher.search(translated, max(1, limit))
            wanted = body_wanted(query)
            hits = []
            for score, address in result.hits[:limit]:
                stored = stored_of(searcher.doc(address))
                fragments = body_fragments(text_of(stored.article), wanted) if wanted else []
                hits.append(FoundHit(stored, float(score), fragments))
            return Found(result.count, hits)

    def _newest_first(self, searcher: tantivy.Searcher, limit: int) -> Found:
        """Every article, newest first, and in id order among those of the same date.

        tantivy orders by one field: the ones of the last date that fits are asked for again,
        in id order, so the same ``limit`` first articles come whatever the segments.
        """
        newest = searcher.search(tantivy.Query.all_query(), max(1, limit), order_by_field="recency")
        found = [(int(recency), address) for recency, address in newest.hits[:limit]]
        if not found:
            return Found(newest.count, [])
        last = found[-1][0]
        before = sorted(
            ((recency, stored_of(searcher.doc(address))) for recency, address in found if recency > last),
            key=lambda pair: (-pair[0], pair[1].article),
        )
        same_date = tantivy.Query.range_query(self.schema, "recency", tantivy.FieldType.Integer, last, last)
        tied = searcher.search(
            same_date, limit - len(before), order_by_field="article", order=tantivy.Order.Asc
        )
        listed = [shown for _, shown in before] + [
            stored_of(searcher.doc(address)) for _, address in tied.hits
        ]
        return Found(newest.count, [FoundHit(shown, 0.0, []) for shown in listed])

    def matching(self, query: Node | None) -> list[str]:
        with self._lock:
            searcher = self._open_index().searcher()
            translated = (
                tantivy.Query.all_query() if query is None else translate(query, searcher, self.schema)
            )
            if translated is None:
                return []  # only stop words
            result = searcher.search(translated, max(1, searcher.num_docs))
            return [stored_of(searcher.doc(address)).article for _, address in result.hits]

    def sharing_bands(self, keys: Sequence[str]) -> list[tuple[str, str]]:
        with self._lock:
            searcher = self._open_index().searcher()
            sharing = tantivy.Query.term_set_query(self.schema, "band", list(keys))
            result = searcher.search(sharing, _FEW)
            if result.count > _FEW:
                result = searcher.search(sharing, result.count)
            found = [stored_of(searcher.doc(address)) for _, address in result.hits]
            return [(stored.article, stored.minhash) for stored in found]

    def compact(self, *, everything: bool = False) -> bool:
        """tantivy merges in the kept writer's threads as commits call for it: nothing to do
        after a save.  ``everything`` lets go of the writer once its merges are done;
        whether there are fewer segments than before."""
        if not everything:
            return False
        before = self.segments()
        self._kept.let_go()
        with self._lock:
            self._look()
            return self.segments() < before

    def segments(self) -> int:
        """How many segments the searcher reads (each slows searches a little)."""
        with self._lock:
            return self._open_index().searcher().num_segments

    def close(self) -> None:
        self._kept.let_go()
        with self._lock:
            self._index = None


class _Writer:
    """One commit: the article's old document deleted and its new one added."""

    def __init__(self, writer: tantivy.IndexWriter) -> None:
        self._writer: tantivy.IndexWriter | None = writer

    def _open(self) -> tantivy.IndexWriter:
        if self._writer is None:
            raise RuntimeError("this commit is over: its writer is not for later commits")
        return self._writer

    def put(self, document: ArticleDocument) -> None:
        writer = self._open()
        writer.delete_documents_by_term("article", document.article)
        writer.add_document(tantivy_document(document))

    def delete(self, article_id: str) -> None:
        self._open().delete_documents_by_term("article", article_id)

    def commit(self) -> int:
        """Commit; the commit's opstamp."""
        try:
            return self._open().commit()
        except ValueError as error:
            raise write_error(error) from error

    def drop(self) -> None:
        """The commit is over: whoever used it may keep it, not the writer."""
        self._writer = None


def _opstamp(folder: Path) -> int:
    """The opstamp of the latest commit: merges keep it, commits raise it."""
    opstamp = json.loads((folder / _META).read_bytes()).get("opstamp")
    if not isinstance(opstamp, int):
        raise ValueError("meta.json has no opstamp")
    return opstamp


def _commit_stamp(folder: Path) -> tuple[int, int, int] | None:
    """Names the latest state: tantivy replaces ``meta.json`` at every commit and merge."""
    try:
        info = (folder / _META).stat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)
