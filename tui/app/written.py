"""The message that says annotation files were written by something other than an article's editor.

A batch (tag-all, the browser's retag or delete, bulk accept or reject), an adjudicator's
settlement or a progress mark writes files through the core, not through the open
article's ``ArticleEditor``.  Whoever wrote them posts ``AnnotationsWritten``; it bubbles up
to the app, which takes the files in once, the same way for all: the editors of those
articles reload them (merging with any change not saved yet), the search index is brought
up to date, and an undoable batch is remembered for ``U``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from tui.project.batch import Batch, BatchResult


@dataclass
class AnnotationsWritten(Message):
    #: The articles whose annotation files were written.
    article_ids: tuple[str, ...]
    #: What to tell the user ("" to say nothing).
    said: str = ""
    severity: SeverityLevel = "information"
    #: The change as one step ``U`` takes back, when it is undoable.
    batch: Batch | None = None
    #: Whether the writer already brought the index up to date for these articles.
    indexed: bool = False


def batch_written(result: BatchResult) -> AnnotationsWritten:
    """The message for a batch: what it did in how many files, what was left, and the batch for U."""
    message = result.batch.message
    said = f"{message[:1].upper()}{message[1:]}: {result.changed:,} in {len(result.files):,} file(s)"
    if result.batch.steps:
        said += " (U undoes it outside the search box)"
    if result.left:
        said += f"; {result.left:,} left as they are (changed or tagged by someone else meanwhile)"
    if result.problems:
        more = f" and {len(result.problems) - 1} more" if len(result.problems) > 1 else ""
        said += f"; not written: {result.problems[0]}{more}"
    return AnnotationsWritten(
        tuple(result.batch.steps),
        said,
        "warning" if result.problems or result.left else "information",
        result.batch if result.batch.steps else None,
    )
