"""Progress marks: an annotator says they are done with an article, or skipped it, or takes that back.

A mark lives in the article's annotation file (``[[progress]]``, one per author; see
tui.store) and is written through the store's one write path, so marks merge through git
like annotations and a concurrent save never loses one.  ``glossator mark`` and the app's
key both call ``set_mark``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tui.errors import GlossatorError, reason_of
from tui.project.scope import article_text
from tui.store import AnnotationStore, LoadedAnnotations, ProgressMark, now
from tui.workspace import Workspace


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
