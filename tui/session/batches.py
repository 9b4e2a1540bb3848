"""Batches (changes to many annotations at once) and taking the last one back as a whole.

A reviewed tag-all or set of suggestions, and the browser's retag, delete, accept or
reject, are written by the core (``tui.project``) one write per article and come back as a
``Batch``.  The session keeps them, newest last; ``undo`` takes back the last one article by
article through the store's write path, putting back each annotation's "before" only where
the file still holds the batch's "after" (a colleague's work that arrived meanwhile is left
alone), and re-indexes those articles.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.annotations.store import AnnotationStore
from tui.project.batch import Batch, BatchResult, undo
from tui.session.index import IndexLife


@dataclass(frozen=True)
class Undone:
    batch: Batch
    result: BatchResult
    #: Whether the index took the undone articles in.
    indexed: bool

    @property
    def said(self) -> str:
        """What to tell the user."""
        result = self.result
        said = (
            f"Undone: {self.batch.message} "
            f"({result.changed:,} annotation(s) in {len(result.files):,} file(s))"
        )
        if result.left:
            said += f"; {result.left:,} changed by someone else since, left as they are"
        if result.problems:
            said += f"; not written: {result.problems[0]}"
        return said

    @property
    def worrying(self) -> bool:
        """Whether part of the batch stayed as it was (changed by someone since, or not written)."""
        return bool(self.result.left or self.result.problems)


class Batches:
    """The batches of this session, newest last."""

    def __init__(self) -> None:
        self._done: list[Batch] = []

    def __len__(self) -> int:
        return len(self._done)

    def add(self, batch: Batch) -> None:
        self._done.append(batch)

    def take_last(self) -> Batch | None:
        """The batch to undo next (no longer kept), or None."""
        return self._done.pop() if self._done else None


def undo_batch(store: AnnotationStore, index: IndexLife, batch: Batch) -> Undone:
    """Take ``batch`` back through the store's write path, then re-index its articles (slow)."""
    result = undo(store, batch)
    return Undone(batch, result, index.reindex(list(batch.steps)))
