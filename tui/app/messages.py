"""Every message the app's workers and screens hand to the app, in one place.

Workers touch no widget: each posts one of these from its thread, and the app handles it
on the event loop.  Progress messages replace each other (``can_replace``): when the UI is
busy, only the latest progress is drawn.

``AnnotationsWritten`` says annotation files were written by something other than an
article's editor: a batch (tag-all, the browser's retag or delete, bulk accept or reject),
an adjudicator's settlement or undoing a batch.  Whoever wrote them posts it; it bubbles up
to the app, which takes the files in the same way for all (the session reloads their
editors, the index is brought up to date, an undoable batch is kept for ``U``).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from tui.app.article_view import PreparedArticle
from tui.project.batch import Batch, BatchResult
from tui.reports import Report
from tui.search import CorpusIndex, SearchHit, SearchResults, SyncReport
from tui.session import Opened, Saved
from tui.workspace.watching import Changes


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
        said += f"; {result.left:,} left as they are (changed or tagged meanwhile)"
    if result.problems:
        more = f" and {len(result.problems) - 1} more" if len(result.problems) > 1 else ""
        said += f"; not written: {result.problems[0]}{more}"
    return AnnotationsWritten(
        tuple(result.batch.steps),
        said,
        "warning" if result.problems or result.left else "information",
        result.batch if result.batch.steps else None,
    )


@dataclass
class Toast(Message):
    """A message for the user, from a worker."""

    message: str
    severity: SeverityLevel = "information"


@dataclass
class IndexProgress(Message):
    """How far opening (or building) the index is."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass
class IndexReady(Message):
    index: CorpusIndex


@dataclass
class IndexFailed(Message):
    reason: str


@dataclass
class Listed(Message):
    """Articles listed from the files while the index is being built."""

    results: SearchResults


@dataclass
class SearchDone(Message):
    results: SearchResults


@dataclass
class SearchFailed(Message):
    query: str
    reason: str


@dataclass
class ReportMade(Message):
    """The report screen's worker: the report (or why there is none) for the query it was asked."""

    query: str
    report: Report | None
    problem: str = ""


@dataclass
class ArticleRead(Message):
    """An article read for opening, laid out for the viewer's width."""

    opened: Opened
    prepared: PreparedArticle
    hit: SearchHit | None
    #: The annotation to put the cursor on (chosen in the annotation browser).
    at: str | None = None


@dataclass
class OpenArticle(Message):
    """Open an article (from a key of the main screen, or a choice in a screen on top)."""

    article_id: str
    query: str = ""
    hit: SearchHit | None = None
    #: The annotation to put the cursor on.
    at: str | None = None


@dataclass
class FilesTouched(Message):
    """A batch from the file watcher: which articles' files changed, or that all must be looked at."""

    changes: Changes


@dataclass
class FilesChecked(Message):
    """The index took in what the watcher reported: what changed (maybe nothing); None if it could not."""

    report: SyncReport | None


@dataclass
class SaveFailed(Message):
    path: str
    reason: str


@dataclass
class SaveDone(Message):
    saved: Saved
    path: str
    #: A retry of a change a failed save kept (said only once it is written).
    quiet: bool


@dataclass
class Marked(Message):
    """A progress mark was written (or could not be: ``reason``)."""

    article_id: str
    state: str | None
    changed: bool
    reason: str = ""


@dataclass
class DoneCounted(Message):
    """How many of a query's results the user marked done."""

    query: str
    done: int


@dataclass
class NextWanted(Message):
    """Find the next article of the results the user has not marked."""

    query: str
    ranked: list[str]
    current: str | None


@dataclass
class NextFound(Message):
    """The next article of the results the user has not marked, or None."""

    query: str
    article_id: str | None


@dataclass
class Reindexed(Message):
    """The index took in articles a batch wrote."""
