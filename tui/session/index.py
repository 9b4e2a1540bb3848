"""The search index's life in a session: opened (or built) while the app is already usable,
then kept in step with the files, and what to do when a sync is refused.

The index is a cache of the files, so every rule here is about not missing a change:

- Opening asks the workspace's watcher (``tui.workspace.monitor``) what changed, as a
  command does; when it cannot say, a *quick* sync (only folders whose modification time
  changed), so the first results come fast.  A full sync is therefore owed as soon as
  the index is ready, for files rewritten in place meanwhile; it too asks the watcher
  first, so with one running it costs what changed, not the size of the corpus.
- Changes the file watcher reports before the index is ready cannot be taken in yet: a full
  sync is owed instead.
- A sync another process refused (it held the index) is owed too; ``owed`` hands it out
  when the app retries.
- Syncs run one at a time, each reading the files when its turn comes.

``open``, ``take_in`` and ``reindex`` are slow (run them off the UI's event loop); the rest is
bookkeeping for the event loop.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Collection

from tui.errors import GlossatorError
from tui.search import CorpusIndex, SearchResults, SyncReport
from tui.search.listing import newest_articles
from tui.workspace.layout import Workspace
from tui.workspace.watching import Changes

#: What opening says while it builds: (articles done, articles in all).
Progress = Callable[[int, int], None]


class IndexLife:
    """The session's index: None until it is open and synced, then the one searches use."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        #: Set once the index is open and synced; searches wait for it.
        self.index: CorpusIndex | None = None
        #: Indexes being opened or built, so closing the session can stop their builds.
        self._opening: set[CorpusIndex] = set()
        self._opening_lock = threading.Lock()
        #: Syncs run one at a time.
        self._sync_lock = threading.Lock()
        #: A full sync is due: the quick sync trusted unchanged folders, changes arrived
        #: while the index was opened, or a sync was refused.
        self.sync_owed = False

    def open(self, progress: Progress, listed: Callable[[SearchResults], None], limit: int) -> CorpusIndex:
        """Open, sync or build the index (slow); ``GlossatorError`` if it cannot be used.

        While a build runs, ``listed`` is handed the ``limit`` newest files once, so there
        is something to read meanwhile.
        """
        corpus_index = CorpusIndex(self.workspace)
        with self._opening_lock:
            self._opening.add(corpus_index)
        said = False

        def step(done: int, total: int) -> None:
            nonlocal said
            if not said and done < total:
                said = True
                with contextlib.suppress(OSError, GlossatorError):
                    listed(newest_articles(self.workspace, limit))
            progress(done, total)

        corpus_index.sync(step, quick=True, watched=True)
        return corpus_index

    def ready(self, corpus_index: CorpusIndex) -> None:
        """``corpus_index`` is opened: searches use it now (an index it replaces is closed)."""
        with self._opening_lock:
            self._opening.discard(corpus_index)
        previous, self.index = self.index, corpus_index
        if previous is not None and previous is not corpus_index:
            with contextlib.suppress(GlossatorError):
                previous.close()
        self.sync_owed = True  # the quick sync trusted unchanged folders: check every file

    def discard(self, corpus_index: CorpusIndex) -> None:
        """An index opened for nothing (another one was asked for meanwhile): close it."""
        with self._opening_lock:
            self._opening.discard(corpus_index)
        with contextlib.suppress(GlossatorError):
            corpus_index.close()

    def drop(self) -> None:
        """The index no longer fits (the tag set changed): close it; searches wait for the next one.

        Changes reported meanwhile are owed as a full sync once the next one is ready.
        """
        previous, self.index = self.index, None
        if previous is not None:
            with contextlib.suppress(GlossatorError):
                previous.close()

    def touched(self, changes: Changes) -> bool:
        """Files changed: whether to sync now (``take_in``); else a full sync is owed for later."""
        if not (changes.full_sync or changes.article_ids):
            return False
        if self.index is None:
            self.sync_owed = True
            return False
        return True

    def take_in(self, changes: Changes) -> SyncReport | None:
        """Bring the index up to date (slow): the articles named, or every file.

        None if there is no index yet or the sync was refused (another process held the
        index); ``checked`` then owes a full sync.
        """
        corpus_index = self.index
        if corpus_index is None:
            return None
        with self._sync_lock:
            try:
                if changes.full_sync:  # the workspace's watcher, if one runs, spares the walk
                    return corpus_index.sync(watched=True)
                return corpus_index.sync_articles(changes.article_ids)
            except GlossatorError:
                return None

    def checked(self, report: SyncReport | None) -> None:
        """A sync ended: one that was refused is owed again."""
        if report is None:
            self.sync_owed = True

    def owed(self) -> Changes | None:
        """The full sync to run now, if one is owed and the index is open (it is no longer owed)."""
        if not self.sync_owed or self.index is None:
            return None
        self.sync_owed = False
        return Changes(full_sync="a sync was due")

    def reindex(self, article_ids: Collection[str]) -> bool:
        """Re-index articles whose files were just written (slow); whether the index took them.

        False when there is no index or another process holds it: the file watcher catches up.
        """
        corpus_index = self.index
        if corpus_index is None:
            return False
        with self._sync_lock:
            try:
                corpus_index.sync_articles(list(article_ids))
            except GlossatorError:
                return False
        return True

    def update_article(self, article_id: str) -> bool | None:
        """Re-index one article after its annotations were saved (slow).

        Whether its text had changed on disk since it was indexed; None when the index is not
        open or is busy in another process (the file watcher catches up).
        """
        corpus_index = self.index
        if corpus_index is None:
            return None
        try:
            return bool(corpus_index.update_article(article_id))
        except GlossatorError:
            return None

    def compact(self) -> None:
        """Merge the small segments saves leave behind (slow; after a save is searchable)."""
        if self.index is not None:
            with contextlib.suppress(GlossatorError):
                self.index.compact()

    def close(self) -> None:
        """Stop a build or sync under way (its worker processes too) and close every index."""
        with self._opening_lock:
            indexes = {*self._opening, *((self.index,) if self.index is not None else ())}
        for corpus_index in indexes:
            with contextlib.suppress(Exception):
                corpus_index.close()
