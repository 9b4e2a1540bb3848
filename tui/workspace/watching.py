"""Noticing changed files through the operating system, instead of looking at every file.

The app must notice what ``git pull``, an editor or another Glossator changes.  A full
sync every second did that by reading the stats of every file: at 60,000 articles that
kept half a core busy for nothing.  Here the operating system says which files changed
(inotify, FSEvents or ReadDirectoryChangesW, through watchfiles, which also groups a
burst of events into one batch: until 50 ms pass without one, at most 1.6 s), and each
batch becomes the ids of the articles whose text or annotation file changed, for
``CorpusIndex.sync_articles``.

Each folder is watched on its own, not recursively: the workspace folder (for
``glossator.toml``, and for ``corpus/`` or ``annotations/`` coming or going) and every
folder below ``corpus/`` and ``annotations/``, found by the rules the index reads by:
hidden folders and linked folders are not entered.  So no link leads the watch out of the
workspace (watchfiles' recursive mode follows links), and neither ``.glossator/`` (written
at every save) nor ``.git/`` wakes anything up.

A full sync is asked for when the events do not tell everything: a folder appeared or
went (``git checkout`` of another branch: the watch is restarted with the new folders
first, and changes made while it restarted are only found by looking), a batch names more
than ``HUGE_BATCH`` files (cheaper in one go, and a burst that overflowed the kernel's
event queue lost events), or watching was interrupted.

Where the operating system gives no notifications, watchfiles polls: on WSL by itself, on
network file systems when ``WATCHFILES_FORCE_POLLING=1`` is set, and here when
notifications are refused (the inotify limit reached).  It then looks at the watched
folders every ``POLL_DELAY_MS`` (``WATCHFILES_POLL_DELAY_MS`` overrides it).  If even
polling fails, the caller is asked for a full sync every ``RETRY_S`` until it works.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from watchfiles import Change, watch

from tui.workspace.layout import ANNOTATION_SUFFIX, ARTICLE_SUFFIX, Workspace, is_article_id
from tui.workspace.tagset import CONFIG_NAME

#: A batch naming more files than this is taken in by a full sync.
HUGE_BATCH = 1000
#: Between two looks at the folders where there are no notifications.
POLL_DELAY_MS = 10_000
#: Between two tries at watching after it failed; the caller syncs in full meanwhile.
RETRY_S = 5.0
#: The longest watchfiles waits without handing back an (empty) batch, so that a restarted
#: watch is known to be in place, and the full sync it owes is asked for, within this time.
WAKE_MS = 1000


@dataclass(frozen=True)
class Changes:
    """What one batch of file events means for the index and the app."""

    #: Articles whose text or annotation file was added, changed or removed.
    article_ids: frozenset[str] = frozenset()
    #: Why every file must be looked at because the ids do not tell everything; '' if they do.
    full_sync: str = ""
    #: ``glossator.toml`` changed: the app reads the tag set only when it starts.
    tag_set: bool = False
    #: What the user should know about watching itself (it polls, it failed); '' if all is well.
    problem: str = ""
    #: The names of the files that came or went in the signal folder (see ``watch_workspace``).
    signals: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.article_ids or self.full_sync or self.tag_set or self.problem or self.signals)

    def plus(self, later: Changes) -> Changes:
        """Both batches in one: the first reason for a full sync, the latest problem."""
        return Changes(
            self.article_ids | later.article_ids,
            self.full_sync or later.full_sync,
            self.tag_set or later.tag_set,
            later.problem or self.problem,
            self.signals | later.signals,
        )


def watch_workspace(
    workspace: Workspace,
    stop: threading.Event,
    *,
    force_polling: bool | None = None,
    poll_delay_ms: int = POLL_DELAY_MS,
    retry_s: float = RETRY_S,
    huge_batch: int = HUGE_BATCH,
    signal_folder: Path | None = None,
    step_ms: int = 50,
) -> Iterator[Changes]:
    """Each batch of changes to the workspace's files, until ``stop`` is set (noticed within 50 ms).

    ``force_polling`` None lets watchfiles choose (notifications wherever they work), True
    polls.  Nothing is yielded while nothing changes.  ``signal_folder`` is watched too,
    its files named in ``Changes.signals``: a file written there comes back in a batch
    after every change the system reported before it, so whoever wrote it knows the
    watch has caught up (git's fsmonitor calls them cookies).  ``step_ms``: a batch is
    handed back once this long passes without an event.
    """
    polling = force_polling
    owed = Changes()  # asked for once the next watch is in place
    said = ""  # the last problem told, so that a retry every few seconds is not a toast each time
    while not stop.is_set():
        folders = watched_folders(workspace)
        signals = [str(signal_folder)] if signal_folder is not None else []
        try:
            batches = watch(
                *folders,
                *signals,
                watch_filter=None,
                recursive=False,
                stop_event=stop,
                force_polling=polling,
                poll_delay_ms=poll_delay_ms,
                step=step_ms,
                rust_timeout=WAKE_MS,
                yield_on_timeout=True,
                ignore_permission_denied=True,  # an unreadable folder is one the index skips too
            )
            with contextlib.closing(batches):
                for batch in batches:
                    changes, relayout = _read_batch(
                        workspace, batch, frozenset(folders), huge_batch, signals[0] if signals else None
                    )
                    changes, owed = owed.plus(changes), Changes()
                    if relayout:  # watch the new folders first, then look at everything
                        owed = changes.plus(Changes(full_sync=relayout))
                        break
                    if not changes.empty:
                        yield changes
        except FileNotFoundError:  # a folder went between listing and watching it: a checkout under way
            owed = owed.plus(Changes(full_sync="folders changed while the watch started"))
            stop.wait(retry_s)
        except (OSError, RuntimeError) as error:  # watchfiles' own errors are RuntimeErrors
            if polling is not True:
                polling = True
                said = (
                    f"Changes on disk cannot be watched through the system ({error}); Glossator "
                    f"looks at the folders every {poll_delay_ms / 1000:g} s instead"
                )
                owed = owed.plus(Changes(full_sync="watching fell back to polling", problem=said))
                continue
            problem = f"Changes on disk cannot be watched ({error}); trying again every {retry_s:g} s"
            yield replace(owed, full_sync="watching failed", problem="" if problem == said else problem)
            said, owed = problem, Changes(full_sync="watching again after a failure")
            stop.wait(retry_s)


def _read_batch(
    workspace: Workspace,
    batch: set[tuple[Change, str]],
    folders: frozenset[str],
    huge_batch: int,
    signal_folder: str | None = None,
) -> tuple[Changes, str]:
    """The batch as changes, and why the folders to watch changed ('' if they did not).

    Paths that cannot name an article are passed over: hidden ones (Glossator's own
    ``.glossator-<hex>.tmp`` files among them), other suffixes, names that are no id.
    """
    root = str(workspace.root)
    tops = {str(workspace.corpus_dir): ARTICLE_SUFFIX, str(workspace.annotations_dir): ANNOTATION_SUFFIX}
    ids: set[str] = set()
    signals: set[str] = set()
    tag_set = False
    relayout = ""
    for change, path in batch:
        parent, name = os.path.split(path)
        if parent == signal_folder:
            signals.add(name)
            continue
        if parent == root:
            tag_set = tag_set or name == CONFIG_NAME
            if os.path.join(root, name) in tops and change != Change.modified:
                relayout = f"{name}/ was added or removed"
            continue
        top = next((top for top in tops if path.startswith(top + os.sep)), None)
        if top is None:
            continue
        parts = path[len(top) + 1 :].split(os.sep)
        if any(part.startswith(".") for part in parts):
            continue
        if change == Change.added and os.path.isdir(path) and not os.path.islink(path):
            relayout = f"{workspace.relative(Path(path))}/ appeared"
        elif change == Change.deleted and path in folders:
            relayout = f"{workspace.relative(Path(path))}/ went away"
        elif name.endswith(tops[top]):
            article_id = "/".join(parts)[: -len(tops[top])]
            if is_article_id(article_id):
                ids.add(article_id)
    if len(ids) > huge_batch:
        full = f"{len(ids)} files changed at once"
        return Changes(full_sync=full, tag_set=tag_set, signals=frozenset(signals)), relayout
    return Changes(frozenset(ids), tag_set=tag_set, signals=frozenset(signals)), relayout


def watched_folders(workspace: Workspace) -> list[str]:
    """The workspace folder and every folder below ``corpus/`` and ``annotations/`` to watch.

    As the index reads them (``Workspace.scan``): hidden folders and links to folders are
    not entered, and a ``corpus/`` or ``annotations/`` that links out of the workspace is
    not watched.  A folder that cannot be listed is watched without its subfolders.
    """
    folders = [str(workspace.root)]
    for top in (workspace.corpus_dir, workspace.annotations_dir):
        if not top.is_dir() or not workspace.contains(top):
            continue
        stack = [str(top)]
        while stack:
            folder = stack.pop()
            folders.append(folder)
            with contextlib.suppress(OSError), os.scandir(folder) as entries:
                stack.extend(
                    entry.path
                    for entry in entries
                    if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)
                )
    return folders
