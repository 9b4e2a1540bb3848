"""The Glossator app: drives a ``Session`` and shows it on the ``MainScreen``.

The rules of the session (the index's life, the editors and saving, batches, marks) are in
``tui.session``; the keys and view of the main screen in ``tui.app.main_screen``.  The app
holds the workers and the messages between them: everything slow runs in a thread worker
(opening or building the index, searching, reading and laying out an article, saving and
re-indexing, batches, marks), which touches no widget and hands its result to the app as a
message (``tui.app.messages``), handled on the event loop, so the UI never freezes.
Its bases say every message on a status line and in a log, apply the user keymap
(``tui.app.status_messages``), and give the focus back where it was (``tui.app.focus``).
"""

from __future__ import annotations

import threading
import traceback
from datetime import UTC, datetime
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState, get_current_worker

from tui.annotations.anchoring import Reanchored
from tui.annotations.editing import ArticleEditor
from tui.annotations.model import Annotation
from tui.app.annotator import Annotator
from tui.app.article_panel import ArticlePanel
from tui.app.article_view import prepare_article
from tui.app.browser import AnnotationBrowser
from tui.app.commands import GlossatorCommands
from tui.app.dialogs import ConfirmQuit
from tui.app.focus import FocusRules
from tui.app.main_screen import MainScreen, ShownArticle, cursor_for
from tui.app.messages import (
    AnnotationsWritten,
    ArticleRead,
    DoneCounted,
    FilesChecked,
    FilesTouched,
    IndexFailed,
    IndexProgress,
    IndexReady,
    Listed,
    Marked,
    NextFound,
    NextWanted,
    OpenArticle,
    Reindexed,
    SaveDone,
    SaveFailed,
    SearchDone,
    SearchFailed,
    Toast,
)
from tui.app.search_panel import SearchPanel
from tui.app.status_messages import StatusMessages
from tui.app.tags import TagLooks
from tui.errors import GlossatorError, reason_of
from tui.project.batch import Batch
from tui.search import SearchHit, SearchResults
from tui.session import FilesChanged, Session
from tui.text.safe import visible
from tui.workspace.layout import Workspace
from tui.workspace.tagset import CONFIG_NAME, TagSet, TagSetError
from tui.workspace.watching import Changes, watch_workspace

#: How often what failed is tried again: a save, a sync the index refused (another process
#: held it).  Nothing is done when nothing failed; changes on disk are reported by the system.
RETRY_S = 3.0


class GlossatorApp(FocusRules, StatusMessages):
    CSS_PATH = "glossator.tcss"
    TITLE = "Glossator"
    COMMANDS = App.COMMANDS | {GlossatorCommands}
    #: Short terminals lose the title bar: every line goes to the text.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012 (typed by Textual)

    #: Keys that work on every screen; the main screen has its own (``MainScreen.BINDINGS``).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save_now",
            "Retry a failed save",
            show=False,
            tooltip="Retry a failed save now",
            id="app.save",
        ),
        Binding(
            "ctrl+q", "quit", "Quit", tooltip="Quit (asks first if a change is not saved yet)", id="app.quit"
        ),
        Binding(
            "U",
            "undo_batch",
            "Undo the last batch",
            show=False,
            tooltip="Undo the last change made to many annotations at once (tag every occurrence, "
            "the browser's retag or delete, reviewed suggestions)",
            id="app.undo_batch",
        ),
    ]

    def __init__(
        self, workspace: Workspace, *, author: str | None = None, tag_set: TagSet | None = None
    ) -> None:
        """``tag_set`` defaults to the workspace's (``glossator.toml``); ``TagSetError`` if it is invalid."""
        super().__init__()
        self.session = Session(workspace, author=author, tag_set=tag_set)
        self.looks = TagLooks.of(self.session.tag_set)
        self.main = MainScreen(self.session, self.looks)
        #: Set on quit: the file watcher stops (within 50 ms).
        self._stop_watching = threading.Event()
        self.sub_title = visible(workspace.root.name)

    def get_default_screen(self) -> MainScreen:
        return self.main

    @property
    def tag_set(self) -> TagSet:
        """The tags in use (the help and the command palette list their keys)."""
        return self.session.tag_set

    @property
    def search_panel(self) -> SearchPanel:
        """The main screen's left side (also while a dialog is on top)."""
        return self.main.search_panel

    @property
    def article_panel(self) -> ArticlePanel:
        return self.main.article_panel

    @on(MainScreen.Ready)
    def _start(self) -> None:
        """The main screen is there to fill: watch the files, open the index, retry what fails.

        Watching starts before the index is opened: a change made while it is built is not missed.
        """
        self._watch()
        self._open_index()
        self.set_interval(RETRY_S, self._retry)

    def action_help_quit(self) -> None:
        """ctrl+c outside a text: say how to quit (Textual's own message is markup)."""
        self.notify("Press ctrl+q to quit")

    @on(Toast)
    def _toast(self, event: Toast) -> None:
        self.notify(event.message, severity=event.severity)

    # -- errors --

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The one handler of unexpected errors in workers: one line on screen, the traceback in a log."""
        error = event.worker.error
        if event.state != WorkerState.ERROR or error is None:
            return
        logged = self._log_error(event.worker.name, error)
        where = f" (details in {logged})" if logged else ""
        self.notify(
            f"Unexpected error in {event.worker.name}: {type(error).__name__}: {error}{where}",
            severity="error",
            timeout=10,
        )

    def _log_error(self, where: str, error: BaseException) -> str:
        """Append the traceback to ``.glossator/error.log``; the log's name, or '' if it cannot be written."""
        workspace = self.session.workspace
        try:
            log = workspace.usable_cache_dir() / "error.log"
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"--- {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} in {where}\n")
                handle.write("".join(traceback.format_exception(error)))
        except (OSError, GlossatorError):
            return ""
        return workspace.relative(log)

    # -- the index --

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _open_index(self) -> None:
        """Open, sync or build the index; the app is usable meanwhile (files listed newest first)."""
        try:

            def progress(done: int, total: int) -> None:
                self.post_message(IndexProgress(done, total))

            def listed(results: SearchResults) -> None:
                self.post_message(Listed(results))

            corpus_index = self.session.open_index(progress, listed)
        except GlossatorError as error:
            self.post_message(IndexFailed(str(error)))
            return
        if get_current_worker().is_cancelled:  # another one was asked for: the tag set changed again
            self.session.discard_index(corpus_index)
            return
        self.post_message(IndexReady(corpus_index))

    @on(IndexProgress)
    def _index_progress(self, event: IndexProgress) -> None:
        if self.main.shown:
            self.main.show_progress(event.done, event.total)

    @on(Listed)
    def _listed(self, event: Listed) -> None:
        if self.main.shown and self.session.index is None:
            self.session.same_story.remember(event.results)
            self.main.show_results(
                event.results, listing=f"Indexing: the newest {len(event.results.hits)} files meanwhile"
            )

    @on(IndexFailed)
    def _index_failed(self, event: IndexFailed) -> None:
        if self.main.shown:
            self.main.show_error(event.reason)

    @on(IndexReady)
    def _index_ready(self, event: IndexReady) -> None:
        if not self.main.shown:
            return
        self.session.index_ready(event.index)
        self.main.show_progress(1, 1)
        self._search(self.main.typed_query)
        self._retry()

    # -- live reload --

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        """Hand the UI each batch of changes the system reports (git, an editor, another Glossator)."""
        for changes in watch_workspace(self.session.workspace, self._stop_watching):
            self.post_message(FilesTouched(changes))

    @on(FilesTouched)
    async def _files_touched(self, event: FilesTouched) -> None:
        if not self.main.shown:
            return
        changes = event.changes
        if changes.problem:
            self.notify(changes.problem, severity="warning", timeout=10)
        if changes.tag_set:
            await self._take_in_tag_set()
        if self.session.files_touched(changes):
            self._take_in(changes)

    async def _take_in_tag_set(self) -> None:
        """``glossator.toml`` changed: its tags are used from now on (keys, colours, legend, index)."""
        try:
            changed = self.session.reload_tag_set()
        except TagSetError as error:
            self.notify(f"{error}: the tags in use stay until it is fixed", severity="warning", timeout=10)
            return
        if changed is None:
            return
        self.looks = TagLooks.of(changed.tag_set)
        await self.main.use_looks(self.looks)
        self.apply_user_keymap(self.user_keymap)  # the new tag keys, checked for clashes
        self.refresh_bindings()
        said = f"{CONFIG_NAME} changed: the tags are {changed.tag_set.listed()}"
        if changed.reopen_index:
            said += " (the index is built again for them)"
            self._open_index()
        self.notify(said)

    @work(thread=True, group="sync", exit_on_error=False)
    def _take_in(self, changes: Changes) -> None:
        """Bring the index up to date: only the articles the watcher named, or every file."""
        self.post_message(FilesChecked(self.session.take_in(changes)))

    @on(FilesChecked)
    def _files_checked(self, event: FilesChecked) -> None:
        if not self.main.shown:
            return
        changed = self.session.files_checked(event.report)
        if changed is not None:
            self._files_changed(changed)
        self._retry_unsaved()

    def _retry(self) -> None:
        """Try again what failed: a sync the index refused, changes a failed save kept."""
        owed = self.session.owed_sync()
        if owed is not None:
            self._take_in(owed)
        self._retry_unsaved()

    def _files_changed(self, changed: FilesChanged) -> None:
        news = changed.news
        if news:
            shown = ", ".join(news[:3]) + (f" and {len(news) - 3} more" if len(news) > 3 else "")
            self.notify(f"Changed on disk: {shown}")
        self._search(self.main.typed_query)
        editor = self.main.editor
        if editor is not None and editor.article.id in changed.changed:
            self._open_changed(editor, removed=editor.article.id in changed.removed)

    def _open_changed(self, editor: ArticleEditor, *, removed: bool = False) -> None:
        """The open article's files changed on disk: take in the new text or annotations."""
        if removed:
            self.notify(
                f"{editor.article.id} was removed from the corpus: it can no longer be annotated",
                severity="warning",
            )
            self.article_panel.refresh_annotations()
            return
        reread = self.session.reread(editor)
        if reread.problem:
            self.notify(reread.problem, severity="error")
        elif reread.reopen:
            self.open_article(editor.article.id, self.main.shown_query)
        elif reread.change is not None:
            self.notify(reread.change.message)
            self.main.refresh_annotations(editor)
            if editor.dirty:
                self._save(editor)

    def _retry_unsaved(self) -> None:
        """Changes a failed save kept are written again quietly (the folder may be writable now)."""
        for editor in self.session.to_retry():
            self._save(editor, quiet=True)

    # -- searching --

    @on(SearchPanel.QueryChanged)
    def _query_changed(self, event: SearchPanel.QueryChanged) -> None:
        if self.session.index is not None:
            self._search(event.query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str) -> None:
        try:
            results = self.session.search(query)
        except GlossatorError as error:  # a malformed query; an index closed for the next one
            self.post_message(SearchFailed(query, str(error)))
            return
        if results is not None and not get_current_worker().is_cancelled:
            self.post_message(SearchDone(results))

    @on(SearchDone)
    def _search_done(self, event: SearchDone) -> None:
        if not self.main.shown or self._stale(event.results.query):
            return
        self.session.same_story.remember(event.results)
        self.main.show_results(event.results)
        self._show_done(event.results.query)

    @on(SearchFailed)
    def _search_failed(self, event: SearchFailed) -> None:
        if self.main.shown and not self._stale(event.query):
            self.main.show_error(event.reason)

    def _stale(self, query: str) -> bool:
        """An answer to a query the search box no longer holds (a slower, earlier search)."""
        return query.strip() != self.main.typed_query.strip()

    # -- opening an article --

    @on(SearchPanel.ResultChosen)
    def _result_chosen(self, event: SearchPanel.ResultChosen) -> None:
        self.open_article(event.hit.article_id, event.query, event.hit)

    @on(OpenArticle)
    def _open_wanted(self, event: OpenArticle) -> None:
        self.open_article(event.article_id, event.query, event.hit, at=event.at)

    def open_article(
        self, article_id: str, query: str = "", hit: SearchHit | None = None, *, at: str | None = None
    ) -> None:
        """Open an article (read and laid out in a worker, for the width the viewer has now).

        ``at``: the id of an annotation to put the cursor on.
        """
        self._read_article(article_id, query, hit, self.main.wrap_width, at)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _read_article(
        self, article_id: str, query: str, hit: SearchHit | None, width: int, at: str | None = None
    ) -> None:
        try:
            opened = self.session.open_article(article_id, query)
        except (OSError, GlossatorError) as error:
            self.post_message(Toast(f"Cannot open {article_id}: {reason_of(error)}", "error"))
            return
        self.post_message(ArticleRead(opened, prepare_article(opened.article.text, width), hit, at))

    @on(ArticleRead)
    def _show_article(self, event: ArticleRead) -> None:
        if not self.main.shown:
            return
        opened = event.opened
        taken = self.session.take(opened)
        editor, reanchored = taken.editor, taken.reanchored
        if taken.save:
            self._save(editor)
        cursor = cursor_for(editor, opened.hits, event.hit, event.at)
        self.main.article = ShownArticle(editor, event.prepared, opened.mark, opened.hits, cursor)
        if reanchored is not None and (reanchored.changed or reanchored.orphans or reanchored.approximate):
            if reanchored.moved:
                self._save(editor)
            self.notify(_reanchored_said(reanchored), timeout=8)

    # -- saving --

    @on(Annotator.Edited)
    def _edited(self, event: Annotator.Edited) -> None:
        self.notify(event.change.message, timeout=3)
        self._save(event.editor)

    def _save(self, editor: ArticleEditor, *, quiet: bool = False) -> None:
        version, annotations = editor.snapshot()
        self._write(editor, version, annotations, quiet)

    @work(thread=True, group="save", exit_on_error=False)
    def _write(
        self, editor: ArticleEditor, version: int, annotations: tuple[Annotation, ...], quiet: bool = False
    ) -> None:
        path = self.session.workspace.relative(editor.loaded.path)
        try:
            saved = self.session.save(editor, version, annotations)
        except (OSError, GlossatorError) as error:
            if not quiet:
                self.post_message(SaveFailed(path, reason_of(error)))
            return
        self.post_message(SaveDone(saved, path, quiet))

    @on(SaveFailed)
    def _save_failed(self, event: SaveFailed) -> None:
        self.notify(
            f"Could not save {event.path}: {event.reason}. The change is kept here and saved with the "
            "next one (or ctrl+s).",
            severity="error",
            timeout=8,
        )

    @on(SaveDone)
    def _saved(self, event: SaveDone) -> None:
        if not self.main.shown:
            return
        saved = event.saved
        editor, result = saved.editor, saved.result
        if event.quiet and result.written:
            self.notify(f"Saved {event.path}: the change kept after a failed save is on disk now")
        if result.merged is not None:
            conflicts = result.conflicts
            said = (
                f"; {conflicts} changed on both sides, kept in both versions (k keeps one)"
                if conflicts
                else ""
            )
            self.notify(f"Merged with changes made to the file meanwhile{said}")
            if saved.adopt():
                self.main.refresh_annotations(editor)
        if saved.indexed:
            self._search(self.main.typed_query)
            self._compact()
        if saved.text_changed and editor is self.main.editor:
            # The article's text changed on disk since it was opened; the re-index that
            # just recorded it would hide that from the file watcher.
            self._open_changed(editor)

    @work(thread=True, exclusive=True, group="compact", exit_on_error=False)
    def _compact(self) -> None:
        """Merge the small segments saves leave behind, after the save is searchable."""
        self.session.compact()

    def action_save_now(self) -> None:
        unsaved = self.session.unsaved()
        if not unsaved:
            self.notify("Nothing to save: every change is already on disk")
            return
        for editor in unsaved:
            self._save(editor)

    async def action_quit(self) -> None:
        """Quit, but never drop a change that could not be saved without asking."""
        unsaved = self.session.unsaved()
        if not unsaved:
            self.exit()
            return
        names = ", ".join(editor.article.id for editor in unsaved[:3])
        more = f" and {len(unsaved) - 3} more" if len(unsaved) > 3 else ""

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmQuit(f"{names}{more}"), answered)

    # -- files written outside the editors: batches, settlements, marks --

    @on(AnnotationsWritten)
    def _annotations_written(self, event: AnnotationsWritten) -> None:
        """Files were written outside the editors: reload those editors, re-index, keep the batch."""
        if event.said:
            self.notify(event.said, severity=event.severity, timeout=8)
        ids = set(event.article_ids)
        for merged in self.session.written(ids, event.batch):
            self._save(merged)
        open_editor = self.main.editor
        if open_editor is not None and open_editor.article.id in ids and self.main.shown:
            self.main.refresh_annotations(open_editor)
        if isinstance(self.screen, AnnotationBrowser):
            self.screen.reload()
        if event.indexed:
            self._search(self.main.typed_query)
        elif ids:
            self._reindex(tuple(sorted(ids)))

    @work(thread=True, group="sync", exit_on_error=False)
    def _reindex(self, article_ids: tuple[str, ...]) -> None:
        """Bring the index up to date for articles a batch wrote (the watcher would, later and louder)."""
        if self.session.reindex(article_ids):
            self.post_message(Reindexed())

    @on(Reindexed)
    def _reindexed(self, event: Reindexed) -> None:
        if self.main.shown:
            self._search(self.main.typed_query)

    def action_undo_batch(self) -> None:
        batch = self.session.batches.take_last()
        if batch is None:
            self.notify(
                "No change to many annotations to undo (tag every occurrence, the browser's retag or delete, "
                "reviewed suggestions); u undoes your last change to the article",
                severity="warning",
            )
            return
        self._undo_batch(batch)

    @work(thread=True, group="batch", exit_on_error=False)
    def _undo_batch(self, batch: Batch) -> None:
        undone = self.session.undo(batch)
        severity: SeverityLevel = "warning" if undone.worrying else "information"
        self.post_message(
            AnnotationsWritten(tuple(batch.steps), undone.said, severity, indexed=undone.indexed)
        )

    # -- progress --

    @on(ArticlePanel.MarkRequested)
    def _mark_requested(self, event: ArticlePanel.MarkRequested) -> None:
        self._write_mark(event.editor.article.id, event.editor.text, event.state)

    @work(thread=True, group="mark", exit_on_error=False)
    def _write_mark(self, article_id: str, text: str, state: str | None) -> None:
        try:
            changed = self.session.mark(article_id, text, state)
        except (OSError, GlossatorError) as error:
            self.post_message(Marked(article_id, state, False, reason_of(error)))
            return
        self.post_message(Marked(article_id, state, changed))

    @on(Marked)
    def _marked(self, event: Marked) -> None:
        if event.reason:
            self.notify(f"Could not mark {event.article_id}: {event.reason}", severity="error")
            return
        self.session.marked(event.article_id)
        if self.main.shown:
            self.main.show_mark(event.article_id, event.state)
        said = {None: "Your mark taken back", "done": "Marked done", "skipped": "Marked skipped"}
        hint = "ctrl+n: the next one not done" if event.state else ""
        self.notify(f"{said.get(event.state, 'Marked')}: {event.article_id}" + (f" ({hint})" if hint else ""))
        self._show_done(self.main.shown_query)

    def _show_done(self, query: str) -> None:
        """Say how many of the results you marked done: the count kept for this query, else a new one."""
        done = self.session.marks.done_count(query)
        if done is None:
            self._count_done(query)
        else:
            self.main.show_done(query, done)

    @work(thread=True, exclusive=True, group="progress", exit_on_error=False)
    def _count_done(self, query: str) -> None:
        done = self.session.marks.count_done(query)
        if done is not None and not get_current_worker().is_cancelled:
            self.post_message(DoneCounted(query, done))

    @on(DoneCounted)
    def _done_counted(self, event: DoneCounted) -> None:
        if self.main.shown:
            self.main.show_done(event.query, event.done)

    @on(NextWanted)
    def _next_wanted(self, event: NextWanted) -> None:
        self._find_next(event.query, event.ranked, event.current)

    @work(thread=True, exclusive=True, group="next", exit_on_error=False)
    def _find_next(self, query: str, ranked: list[str], current: str | None) -> None:
        self.post_message(NextFound(query, self.session.marks.next_unmarked(query, ranked, current)))

    @on(NextFound)
    def _next_found(self, event: NextFound) -> None:
        if event.article_id is None:
            self.notify("You marked every article of the results done or skipped", severity="information")
            return
        self.main.highlight(event.article_id)
        self.open_article(event.article_id, event.query)

    def on_unmount(self) -> None:
        """Stop the file watcher, a build or sync under way (its worker processes too); close the index."""
        self._stop_watching.set()
        self.session.close()


def _reanchored_said(result: Reanchored) -> str:
    """The text changed since the article was annotated: what moved, what to look at."""
    parts = []
    if result.moved:
        parts.append(f"re-anchored {len(result.moved)} annotation(s) to where their text is now")
    if result.approximate:
        parts.append(
            f"{len(result.approximate)} whose quote changed: listed below the article with the new "
            "text; a on one in the list accepts it"
        )
    if result.orphans:
        parts.append(
            f"{len(result.orphans)} orphan(s) not found: listed below the article; "
            "select text, then a on the orphan in the list"
        )
    return "The article changed since it was annotated: " + "; ".join(parts)
