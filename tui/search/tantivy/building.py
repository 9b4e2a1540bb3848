"""Building a tantivy index: the articles prepared in worker processes, indexed by tantivy's threads.

tantivy's multithreaded writer indexes in Rust threads that do not hold the GIL; the
documents are prepared (reading the two files, the metadata, the near-duplicate
signature) by as many processes as there are cores (``tui.search.tantivy.preparing``);
the build stops between two chunks of articles once ``stopped()``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

import tantivy

from tui.search.backend import BuildItem, Built
from tui.search.results import Progress
from tui.search.tantivy.preparing import prepared
from tui.search.tantivy.schema import schema_for, tantivy_document
from tui.search.tantivy.writing import write_error
from tui.workspace.layout import Workspace

#: Memory each indexing thread may use before it writes a segment (tantivy's minimum is 15 MB).
BUILD_HEAP_PER_THREAD = 64_000_000
MAX_BUILD_THREADS = 4


def build_index(
    folder: Path,
    workspace: Workspace,
    items: Sequence[BuildItem],
    tags: tuple[str, ...],
    progress: Progress | None,
    stopped: Callable[[], bool],
) -> Built:
    """Index ``items`` into the empty ``folder``, then let tantivy merge what it wants to."""
    threads = _thread_count()
    try:
        index = tantivy.Index(schema_for(tags), path=str(folder), reuse=False)
        writer = index.writer(heap_size=BUILD_HEAP_PER_THREAD * threads, num_threads=threads)
    except ValueError as error:
        raise write_error(error) from error
    built = Built()
    try:
        for done, (article_id, document, entry, problems) in enumerate(
            prepared(workspace, items, threads, stopped), start=1
        ):
            built.skipped += problems
            if document is not None and entry is not None:
                writer.add_document(tantivy_document(document))
                built.manifest[article_id] = entry
            if progress:
                progress(done, len(items))
        writer.commit()
        writer.wait_merging_threads()
    except ValueError as error:
        raise write_error(error) from error
    finally:
        del writer  # tantivy's lock on the folder goes with its writer
    return built


def _thread_count() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(MAX_BUILD_THREADS, cores))
