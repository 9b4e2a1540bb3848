"""``Session``: one person's work on one workspace while the app runs, without any UI.

The app drives a session: it runs the slow methods in thread workers (each says it is slow)
and hands their results back to the session on its event loop, where the bookkeeping lives.
The session holds the rules; the app holds the workers, the messages and what is shown.

- **The index's life** (``tui.session.index``): opened while the app is usable, synced when
  files change, a refused sync owed and retried.
- **Editors** (``tui.session.editors``): one per article opened, kept for the session.
- **Saving** (``tui.session.saving``): write, re-index, notice a text changed on disk, compact.
- **Own writes**: files this session wrote outside the editors (a batch, a mark) are reported
  by the file watcher too, but they are no news.
- **Batches** (``tui.session.batches``), **progress** (``tui.session.progress``),
  **same-story lookups** (``tui.session.stories``) and the annotation browser's listing cache.
- **The tag set**: a changed ``glossator.toml`` is taken in while the session runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.annotations.anchoring import Reanchored
from tui.annotations.editing import ArticleEditor
from tui.annotations.model import Annotation
from tui.annotations.store import AnnotationStore
from tui.project.annotation_listing import ListingCache
from tui.project.batch import Batch
from tui.project.progress import mark_of
from tui.search import CorpusIndex, SearchResults, SyncReport
from tui.session.batches import Batches, Undone, undo_batch
from tui.session.editors import Editors, Reread, Taken
from tui.session.index import IndexLife, Progress
from tui.session.progress import Marks
from tui.session.saving import Saved, save
from tui.session.stories import SameStory
from tui.workspace.articles import Article, load_article
from tui.workspace.authors import default_author
from tui.workspace.layout import Workspace
from tui.workspace.tagset import TagSet, load_tag_set
from tui.workspace.watching import Changes

#: How many results a search shows (and how many files are listed while the index is built).
RESULT_LIMIT = 50


@dataclass(frozen=True)
class Opened:
    """An article read for opening (off the event loop), before ``take`` gives it its editor."""

    article: Article
    editor: ArticleEditor
    reanchored: Reanchored | None
    #: Where the query matches in its text.
    hits: list[tuple[int, int]]
    #: The author's progress mark on it (done, skipped) or None.
    mark: str | None


@dataclass(frozen=True)
class FilesChanged:
    """What a sync found changed on disk."""

    #: Every article added, changed or removed.
    changed: frozenset[str]
    removed: frozenset[str]
    #: Those changed by someone else (not this session's own writes), in the sync's order.
    news: tuple[str, ...]


@dataclass(frozen=True)
class TagSetChanged:
    tag_set: TagSet
    #: The index is made for the tag names and the engine: it is being built again, and
    #: searches wait for it (``open_index``).
    reopen_index: bool


class Session:
    def __init__(
        self, workspace: Workspace, *, author: str | None = None, tag_set: TagSet | None = None
    ) -> None:
        """``tag_set`` defaults to the workspace's (``glossator.toml``); ``TagSetError`` if it is invalid."""
        self.workspace = workspace
        self.tag_set = tag_set if tag_set is not None else load_tag_set(workspace.root)
        #: The store checks annotations against the same tag set the app offers.
        self.store = AnnotationStore(workspace, self.tag_set)
        self.author = author or default_author(workspace.root)
        self.index_life = IndexLife(workspace)
        self.editors = Editors(self.store, self.author)
        self.batches = Batches()
        self.marks = Marks(self.store, self.index_life, self.author)
        self.same_story = SameStory()
        #: Parsed annotation files kept between the browser's listings (only changed files are read again).
        self.listing_cache = ListingCache()
        #: Articles a batch or a mark just wrote, with their files' stamps then: when a sync
        #: reports them unchanged since, they are no news.
        self._own_writes: dict[str, tuple[Stamp, Stamp]] = {}

    @property
    def index(self) -> CorpusIndex | None:
        """The open index, None until it is open and synced (searches wait for it)."""
        return self.index_life.index

    # -- the index --

    def open_index(self, progress: Progress, listed: Callable[[SearchResults], None]) -> CorpusIndex:
        """Open, sync or build the index (slow); ``index_ready`` then. See ``IndexLife.open``."""
        return self.index_life.open(progress, listed, RESULT_LIMIT)

    def index_ready(self, corpus_index: CorpusIndex) -> None:
        self.index_life.ready(corpus_index)

    def discard_index(self, corpus_index: CorpusIndex) -> None:
        """An index ``open_index`` opened after another was asked for (the tag set changed again)."""
        self.index_life.discard(corpus_index)

    def files_touched(self, changes: Changes) -> bool:
        """The watcher reported changes: whether to sync now (``take_in``); else it is owed."""
        return self.index_life.touched(changes)

    def take_in(self, changes: Changes) -> SyncReport | None:
        """Sync the index with what changed (slow); None if refused. Then ``files_checked``."""
        return self.index_life.take_in(changes)

    def files_checked(self, report: SyncReport | None) -> FilesChanged | None:
        """A sync ended: what changed on disk (None if nothing did, or the sync was refused and is owed).

        Articles this session wrote itself are not news; news may carry a mark of yours
        (a git pull, another app), so the counts of marked results are made again.
        """
        self.index_life.checked(report)
        if report is None or not report.total_changes:
            return None
        changed = [*report.added, *report.changed, *report.removed]
        news = tuple(article_id for article_id in changed if not self._own_write(article_id))
        if news:
            self.marks.forget()
        return FilesChanged(frozenset(changed), frozenset(report.removed), news)

    def _own_write(self, article_id: str) -> bool:
        """Whether the article's files are as this session wrote them (asked once per write)."""
        stamps = self._own_writes.pop(article_id, None)
        return stamps is not None and stamps == self._stamps(article_id)

    def _remember_own(self, article_ids: set[str]) -> None:
        for article_id in article_ids:
            self._own_writes[article_id] = self._stamps(article_id)

    def _stamps(self, article_id: str) -> tuple[Stamp, Stamp]:
        """The stamps of the article's text and annotation files: another write changes them."""
        workspace = self.workspace
        return _stamp(workspace.article_path(article_id)), _stamp(workspace.annotation_path(article_id))

    def owed_sync(self) -> Changes | None:
        """The full sync to run now, if one is owed (the index refused one, or was not open yet)."""
        return self.index_life.owed()

    def search(self, query: str) -> SearchResults | None:
        """Search (slow); None while the index is not open. ``QueryError`` for a malformed query."""
        corpus_index = self.index
        return None if corpus_index is None else corpus_index.search(query, limit=RESULT_LIMIT)

    def close(self) -> None:
        """Stop a build or sync under way and close the index (on quitting)."""
        self.index_life.close()

    # -- articles and their editors --

    def open_article(self, article_id: str, query: str) -> Opened:
        """Read an article and find where ``query`` matches (slow); ``take`` it on the event loop.

        ``OSError`` or ``GlossatorError`` if it cannot be read.
        """
        article = load_article(self.workspace, article_id)
        editor, reanchored = self.editors.load(article)
        corpus_index = self.index
        hits = corpus_index.hit_spans(query, article.text) if corpus_index is not None and query else []
        return Opened(article, editor, reanchored, hits, mark_of(self.store, article_id, self.author))

    def take(self, opened: Opened) -> Taken:
        """The session's editor for an article read by ``open_article``, up to date (see ``Editors.take``)."""
        return self.editors.take(opened.editor, opened.article, opened.reanchored)

    def reread(self, editor: ArticleEditor) -> Reread:
        """The open article's files changed on disk: what to take in."""
        return self.editors.reread(editor)

    # -- saving --

    def save(self, editor: ArticleEditor, version: int, annotations: tuple[Annotation, ...]) -> Saved:
        """Write a snapshot (``editor.snapshot()``, taken on the event loop) and re-index (slow)."""
        return save(self.index_life, editor, version, annotations)

    def compact(self) -> None:
        """After a save is searchable: merge the small segments saves leave (slow)."""
        self.index_life.compact()

    def unsaved(self) -> list[ArticleEditor]:
        """Editors with changes not on disk yet (quitting asks first)."""
        return self.editors.unsaved()

    def to_retry(self) -> list[ArticleEditor]:
        """Changes a failed save kept, to write again (the folder may be writable now)."""
        return self.editors.retryable()

    # -- files written outside the editors: batches, marks --

    def written(self, article_ids: set[str], batch: Batch | None = None) -> list[ArticleEditor]:
        """Files were written by a batch (kept for undo, if given) or a settlement.

        They are this session's own writes; their editors reload them.  The editors that
        merged them with a change of their own: to save now.
        """
        if batch is not None:
            self.batches.add(batch)
        self._remember_own(article_ids)
        return self.editors.reload(article_ids)

    def reindex(self, article_ids: tuple[str, ...]) -> bool:
        """Re-index the articles a batch wrote (slow); whether the index took them."""
        return self.index_life.reindex(article_ids)

    def undo(self, batch: Batch) -> Undone:
        """Take back ``batch`` (from ``batches.take_last()``) and re-index its articles (slow)."""
        return undo_batch(self.store, self.index_life, batch)

    def mark(self, article_id: str, text: str, state: str | None) -> bool:
        """Write your mark on an article (slow); ``marked`` when it is written."""
        return self.marks.mark(article_id, text, state)

    def marked(self, article_id: str) -> None:
        """Your mark is on disk: the watcher's report of it is no news; counts are made again."""
        self._remember_own({article_id})
        self.marks.forget()

    # -- the tag set --

    def reload_tag_set(self) -> TagSetChanged | None:
        """``glossator.toml`` changed: use its tags from now on (None if they are the same).

        ``TagSetError`` if the file cannot be used: the tags in use stay.  The editors write
        through the session's store, so new tags can be used at once; when the names (or the
        engine) changed, the index, made for them, is dropped to be built again.
        """
        tag_set = load_tag_set(self.workspace.root)
        if tag_set == self.tag_set and tag_set.extra == self.tag_set.extra:
            return None
        reopen = tag_set.names != self.tag_set.names or tag_set.extra != self.tag_set.extra
        self.tag_set = self.store.tag_set = tag_set
        if reopen:
            self.index_life.drop()
        return TagSetChanged(tag_set, reopen)


#: A file's (modification time, size), or None if it is missing.
Stamp = tuple[int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
