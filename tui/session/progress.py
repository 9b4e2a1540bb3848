"""Progress in a session: your marks (done, skipped), how many results you marked done,
and the next article you have not marked.

Counting searches the articles someone marked done, so a count is made once per query and
kept until marks may have changed (a mark of yours, files changed on disk by someone else):
``forget`` drops every count then.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.project.progress import done_among, next_unmarked, set_mark
from tui.search import QueryError
from tui.session.index import IndexLife


class Marks:
    """The author's marks, and the counts of marked results kept per query."""

    def __init__(self, store: AnnotationStore, index: IndexLife, author: str) -> None:
        self.store = store
        self.index = index
        self.author = author
        self._done_counts: dict[str, int] = {}
        #: Counts up on ``forget``: a count begun before is not kept.
        self._generation = 0

    def mark(self, article_id: str, text: str, state: str | None) -> bool:
        """Write the author's mark on the article (None takes it back) and re-index it (slow).

        Whether the file changed; ``OSError`` or ``GlossatorError`` if it could not be written.
        """
        changed = set_mark(self.store, article_id, text, self.author, state)
        if changed:
            self.index.update_article(article_id)
        return changed

    def done_count(self, query: str) -> int | None:
        """The count kept for ``query``, or None if it must be made (``count_done``)."""
        return self._done_counts.get(query)

    def count_done(self, query: str) -> int | None:
        """How many of ``query``'s results the author marked done (slow; kept for next time).

        None while the index is not open, or for a malformed query.
        """
        generation = self._generation
        corpus_index = self.index.index
        if corpus_index is None:
            return None
        try:
            done = done_among(corpus_index, self.store, query, self.author)
        except (QueryError, GlossatorError):
            return None
        if generation == self._generation:
            self._done_counts[query] = done
        return done

    def forget(self) -> None:
        """Marks may have changed: every count is made again when next asked for."""
        self._generation += 1
        self._done_counts.clear()

    def next_unmarked(self, query: str, ranked: Sequence[str], current: str | None) -> str | None:
        """The next article of the results the author has not marked, after ``current`` (slow)."""
        corpus_index = self.index.index
        if corpus_index is None:
            return None
        try:
            return next_unmarked(corpus_index, self.store, query, self.author, ranked, current)
        except (QueryError, GlossatorError):
            return None
