"""Syncing by what the workspace's watcher says changed, with no walk of the folders.

The index keeps, beside each build, the watcher's token as of which it reflects the files.
A command asks the watcher what changed since that token and re-indexes only those
articles; when the watcher cannot say (none runs, it restarted, it lost events, the
index has no token of it), the command looks at every file as before.  The new token is
asked for before looking, and kept only once the sync is done, so a change made
meanwhile is always after the kept token: the next command sees it, never misses it.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from tui.errors import GlossatorError
from tui.search.builds import Build
from tui.search.results import Progress, SyncReport
from tui.workspace.fileio import write_atomic
from tui.workspace.monitor.client import changes_since

if TYPE_CHECKING:
    from tui.search.coordinator import CorpusIndex

#: A token is "<session>:<number>"; anything longer is no token.
MAX_TOKEN = 64


def watched_sync(index: CorpusIndex, progress: Progress | None, *, quick: bool = False) -> SyncReport:
    """Bring ``index`` up to date with the files, by the watcher's word where it has one.

    The ids are applied only to the build whose token they answer; if another process
    swapped in a new build meanwhile, every file is looked at.  The new token is kept with
    the build the sync brought up to date, which it reflects.  ``quick``: when the watcher
    cannot say, a quick sync (``CorpusIndex.sync``), after which no token is kept, as it
    may have missed a file rewritten in place.
    """
    build, indexed, unusable = index.opened_build()
    token = "" if unusable or build is None else read_token(index, build)
    answer = changes_since(index.workspace, token, indexed)
    if answer.article_ids is not None and token:
        report = index.sync_articles(answer.article_ids)
        if index.build_in_use == build and not report.rebuilt:
            report.watched = True
            keep_token(index.build_in_use, answer.token)
            return report
    report = index.sync(progress, quick=quick)
    if not quick:
        keep_token(index.build_in_use, answer.token)
    return report


def keep_token(build: Build | None, token: str) -> None:
    """Keep the watcher's token with ``build`` (a cache: if it cannot be, the next sync looks at all)."""
    if build is not None and token:
        with contextlib.suppress(OSError):
            write_atomic(build.watcher_token, token.encode(), durable=False)


def read_token(index: CorpusIndex, build: Build) -> str:
    """The token kept with ``build``; '' if none (or unreadable: the next sync looks at everything)."""
    try:
        data = index.workspace.read(build.watcher_token)
    except (OSError, GlossatorError):
        return ""
    token = data.decode("ascii", errors="replace").strip()
    return token if len(token) <= MAX_TOKEN else ""
