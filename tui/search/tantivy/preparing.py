"""Documents for a tantivy build prepared in several processes, in order, a bounded number ahead.

Preparing a document (reading the text and annotation files, parsing them, the metadata,
the near-duplicate signature) is Python and holds the GIL: in one process it kept a full
build at 151,480 articles at 93 s while tantivy's threads waited.  Here worker processes
prepare chunks of articles and this process hands their documents to tantivy's writer in
the articles' order.  The workers are started by a fork server (never a fork of this
process, whose threads may hold locks), and at most ``AHEAD`` chunks a worker are in
flight, so a million articles never wait in memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from tui.annotations.store import AnnotationStore
from tui.search.backend import BuildItem
from tui.search.documents import ArticleDocument, prepare
from tui.search.errors import BuildStoppedError
from tui.search.manifest import Entry
from tui.workspace.layout import Skipped, Workspace

if TYPE_CHECKING:
    from concurrent.futures import Future

Prepared = tuple[str, ArticleDocument | None, Entry | None, list[Skipped]]
#: Articles a worker prepares per task.
CHUNK = 200
#: Chunks a worker may have prepared or in hand ahead of the writer.
AHEAD = 4

_worker: tuple[Workspace, AnnotationStore] | None = None


def prepared(
    workspace: Workspace, items: Sequence[BuildItem], processes: int, stopped: Callable[[], bool]
) -> Iterator[Prepared]:
    """Each item's document, manifest entry and problems, in the items' order.

    In this process when one process is all there is or the build is small; ``stopped()``
    is looked at between articles (between chunks with workers), ``BuildStoppedError`` then.
    """
    if processes < 2 or len(items) < 2 * CHUNK:
        store = AnnotationStore(workspace)
        for article_id, text_stamp, note_stamp in items:
            if stopped():
                raise BuildStoppedError("the index build was stopped")
            yield (article_id, *prepare(workspace, store, article_id, text_stamp, note_stamp))
        return
    # Imported only for a build: a search on tantivy needs neither.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = deque(items[start : start + CHUNK] for start in range(0, len(items), CHUNK))
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(processes, context, initializer=_start, initargs=(str(workspace.root),)) as pool:
        pending: deque[Future[list[Prepared]]] = deque()
        try:
            while chunks or pending:
                while chunks and len(pending) < processes * AHEAD:
                    pending.append(pool.submit(_prepare_chunk, chunks.popleft()))
                yield from pending.popleft().result()
                if stopped():
                    raise BuildStoppedError("the index build was stopped")
        finally:
            for future in pending:
                future.cancel()


def _start(root: str) -> None:
    """A worker's workspace and store, made once."""
    global _worker
    workspace = Workspace.open(root)
    _worker = (workspace, AnnotationStore(workspace))


def _prepare_chunk(chunk: Sequence[BuildItem]) -> list[Prepared]:
    assert _worker is not None, "started by _start"
    workspace, store = _worker
    return [
        (article_id, *prepare(workspace, store, article_id, text, notes)) for article_id, text, notes in chunk
    ]
