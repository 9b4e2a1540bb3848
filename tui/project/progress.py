"""Progress marks: an annotator says they are done with an article, or skipped it, or takes that back.

A mark lives in the article's annotation file (``[[progress]]``, one per author; see
tui.annotations.store) and is written through the store's one write path, so marks merge through git
like annotations and a concurrent save never loses one.  ``glossator mark`` and the app's
key both call ``set_mark``; the app also counts an annotator's done articles among a
search's results (``done_among``) and finds the next one they have not marked (``next_unmarked``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.annotations.model import DONE, LoadedAnnotations, ProgressMark, now
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError, reason_of
from tui.project.scope import article_text
from tui.workspace.layout import Workspace

if TYPE_CHECKING:
    from tui.search import CorpusIndex


def set_mark(store: AnnotationStore, article_id: str, text: str, author: str, state: str | None) -> bool:
    """Give ``author``'s mark on the article the ``state`` (``DONE``, ``SKIPPED``), or clear it (None).

    Whether the file changed: marking again with the same state keeps the first mark and its
    time.  ``text`` is the article text (a file made for the mark records its fingerprint).
    """
    changed: list[bool] = []

    def change(on_disk: LoadedAnnotations) -> Iterable[ProgressMark] | None:
        marks = {mark.author: mark for mark in on_disk.progress}
        current = marks.pop(author, None)
        if (current.state if current else None) == state:
            changed[:] = []
            return None
        if state is not None:
            marks[author] = ProgressMark(author, state, now(), current.extra if current else {})
        changed[:] = [True]
        return marks.values()

    store.update_progress(article_id, text, change)
    return bool(changed)


@dataclass
class Marked:
    """What ``mark_articles`` did."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: One line per article that could not be marked.
    problems: list[str] = field(default_factory=list)


def mark_articles(workspace: Workspace, article_ids: Iterable[str], author: str, state: str | None) -> Marked:
    """``set_mark`` on each article; one that is missing or whose file cannot be changed is a problem."""
    store = AnnotationStore(workspace)
    marked = Marked()
    for article_id in article_ids:
        try:
            text = article_text(workspace, article_id)
        except FileNotFoundError:
            marked.problems.append(f"{article_id}: not marked: there is no article corpus/{article_id}.txt")
            continue
        except (OSError, GlossatorError) as error:
            marked.problems.append(
                f"{article_id}: not marked: the article cannot be read: {reason_of(error)}"
            )
            continue
        try:
            changed = set_mark(store, article_id, text, author, state)
        except (OSError, GlossatorError) as error:  # a file with a problem too (AnnotationFileLockedError)
            marked.problems.append(f"{article_id}: not marked: {reason_of(error)}")
            continue
        (marked.changed if changed else marked.unchanged).append(article_id)
    return marked


def mark_of(store: AnnotationStore, article_id: str, author: str) -> str | None:
    """``author``'s mark on the article (``DONE``, ``SKIPPED``) as its file says now, or None.

    A file that cannot be read counts as unmarked.
    """
    if not store.workspace.annotation_path(article_id).is_file():
        return None
    return next((mark.state for mark in store.load(article_id, None).progress if mark.author == author), None)


def done_among(index: CorpusIndex, store: AnnotationStore, query: str, author: str) -> int:
    """How many of the articles ``query`` finds ``author`` marked done.

    Only articles someone marked done are looked at (``status:done``, from the index), then
    each one's file says whether the mark is the author's: the cost follows the marks, not
    the size of the results.  ``QueryError`` for a malformed query.
    """
    results = index.search(_with(query, "status:done"), limit=max(1, len(index)))
    return sum(1 for hit in results.hits if mark_of(store, hit.article_id, author) == DONE)


def next_unmarked(
    index: CorpusIndex,
    store: AnnotationStore,
    query: str,
    author: str,
    ranked: Sequence[str],
    current: str | None,
) -> str | None:
    """The next article of the results that ``author`` has not marked (done or skipped), or None.

    ``ranked`` is the results shown (in their order): the next one after ``current`` is
    looked for there first, then from their start.  Beyond them, an article nobody marked
    comes first (the index knows those), then any the author has not marked.
    """
    start = ranked.index(current) + 1 if current in ranked else 0
    for article_id in [*ranked[start:], *ranked[:start]]:
        if article_id != current and mark_of(store, article_id, author) is None:
            return article_id
    seen = set(ranked) | {current}
    nobodys = index.search(_with(query, "NOT status:done AND NOT status:skipped"), limit=len(seen) + 1)
    for hit in nobodys.hits:
        if hit.article_id not in seen:
            return hit.article_id
    every = index.search(query, limit=max(1, len(index)))
    return next(
        (
            hit.article_id
            for hit in every.hits
            if hit.article_id not in seen and mark_of(store, hit.article_id, author) is None
        ),
        None,
    )


def _with(query: str, condition: str) -> str:
    """``query`` narrowed by ``condition`` (an empty query: every article)."""
    return f"({query}) AND {condition}" if query.strip() else condition
