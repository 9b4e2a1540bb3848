"""The Glossator app: search on the left, the article and its annotations on the right.

A thin layer over the core.  Everything slow runs in thread workers: opening or building
the index (with progress, listing the newest files meanwhile), searching, loading and
laying out an article, saving and re-indexing.  Workers touch no widget: they hand their
results to the UI as messages, handled on the event loop, so the UI never freezes.
The keys and workers of annotation projects (tag every occurrence, suggestions, the
browser, progress marks, batches) are in its base class, ``tui.app.projects.ProjectActions``.
"""

from __future__ import annotations

import contextlib
import threading
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widgets import Footer, Header, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from tui.anchoring import Reanchored
from tui.app.annotator import Annotator
from tui.app.article_panel import ArticlePanel
from tui.app.article_view import PreparedArticle, prepare_article
from tui.app.commands import GlossatorCommands
from tui.app.dialogs import ConfirmQuit, HelpScreen
from tui.app.focus import FocusRules, slash_is_typed, working_screen
from tui.app.keys import help_sections
from tui.app.projects import ProjectActions
from tui.app.search_panel import ResultList, SearchPanel
from tui.app.status_messages import StatusMessages
from tui.app.tags import TagLooks
from tui.authors import default_author
from tui.corpus import Article, load_article
from tui.editing import ArticleEditor, SaveResult
from tui.errors import GlossatorError
from tui.listing import newest_articles
from tui.project.progress import mark_of
from tui.safetext import visible
from tui.search import CorpusIndex, QueryError, SearchHit, SearchResults, SyncReport
from tui.store import Annotation, AnnotationStore
from tui.tagset import CONFIG_NAME, TagSet, load_tag_set
from tui.watching import Changes, watch_workspace
from tui.workspace import Workspace

#: How many results a search shows.
RESULT_LIMIT = 50
#: How often what failed is tried again: a save, a sync the index refused (another process
#: held it).  Nothing is done when nothing failed; changes on disk are reported by the system.
RETRY_S = 3.0


# -- what workers hand to the UI --


@dataclass
class _Toast(Message):
    """A message for the user, from a worker."""

    message: str
    severity: SeverityLevel = "information"


@dataclass
class IndexProgress(Message):
    done: int
    total: int


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
class ArticleLoaded(Message):
    editor: ArticleEditor
    article: Article
    prepared: PreparedArticle
    hits: list[tuple[int, int]]
    hit: SearchHit | None
    reanchored: Reanchored | None
    #: The user's progress mark on the article (done, skipped) or None.
    mark: str | None = None
    #: The annotation to put the cursor on (chosen in the annotation browser).
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
class Saved(Message):
    editor: ArticleEditor
    version: int
    result: SaveResult
    path: str
    quiet: bool
    #: Whether re-indexing found the article's text changed on disk since it was opened.
    text_changed: bool
    #: Whether the index was updated (so searches show the change).
    indexed: bool


class GlossatorApp(FocusRules, StatusMessages, ProjectActions):
    CSS_PATH = "glossator.tcss"
    TITLE = "Glossator"
    COMMANDS = App.COMMANDS | {GlossatorCommands}
    #: Short terminals lose the title bar: every line goes to the text.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012 (typed by Textual)

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: run before the keys queued behind it are handed to the focused widget, so
        # "/x" typed in one burst puts the x in the search box (see check_action).
        Binding(
            "slash",
            "focus_search",
            "Search",
            priority=True,
            show=False,
            tooltip="Go to the search box (shows the results)",
            id="app.search",
        ),
        Binding(
            "ctrl+o",
            "focus_article",
            "Go to the article",
            show=False,
            priority=True,
            tooltip="Go to the article",
            id="app.article",
        ),
        Binding("f1,question_mark", "help", "Help", tooltip="Show every key", id="app.help"),
        Binding(
            "ctrl+f",
            "toggle_results",
            "Hide or show the results (article full width)",
            show=False,
            tooltip="Hide the results and read the article full width (again: show them)",
            id="app.toggle_results",
        ),
        Binding(
            "ctrl+l",
            "toggle_list",
            "Hide or show the annotation list",
            show=False,
            tooltip="Hide or show the list of the article's annotations",
            id="app.toggle_list",
        ),
        Binding(
            "ctrl+t",
            "same_story",
            "Open the same story's other copy",
            show=False,
            tooltip="Open the other copy of the same story (near-duplicate)",
            id="app.same_story",
        ),
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
    ]

    def __init__(
        self, workspace: Workspace, *, author: str | None = None, tag_set: TagSet | None = None
    ) -> None:
        """``tag_set`` defaults to the workspace's (``glossator.toml``); ``TagSetError`` if it is invalid."""
        super().__init__()
        self.workspace = workspace
        self.tag_set = tag_set if tag_set is not None else load_tag_set(workspace.root)
        #: The store checks annotations against the same tag set the app offers.
        self.store = AnnotationStore(workspace, self.tag_set)
        self.looks = TagLooks.of(self.tag_set)
        self.author = author or default_author(workspace.root)
        #: Set once the index is open and synced; searches wait for it.
        self.index: CorpusIndex | None = None
        #: The index being opened or built, so quitting can stop the build.
        self._opening: CorpusIndex | None = None
        #: One editor per article opened in this session: its undo history and any change
        #: that could not be saved yet survive opening other articles.
        self.editors: dict[str, ArticleEditor] = {}
        self._editors_lock = threading.Lock()
        #: Set on quit: the file watcher stops (within 50 ms).
        self._stop_watching = threading.Event()
        #: Syncs run one at a time, each reading the files when its turn comes.
        self._sync_lock = threading.Lock()
        #: A full sync is due: changes arrived while the index was opened, or a sync failed.
        self._sync_owed = False
        #: "Same story as" of every article seen in results, both ways.
        self.same_story: dict[str, tuple[str, ...]] = {}
        self._search_panel = SearchPanel(self.looks, id="search")
        self._article_panel = ArticlePanel(self.looks, store=self.store, author=self.author, id="article")
        self.sub_title = visible(workspace.root.name)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Horizontal(id="main"):
            yield self.search_panel
            yield self.article_panel
        yield Footer(compact=True)

    @property
    def search_panel(self) -> SearchPanel:
        """The left side (also while a dialog is on top, when queries see only the dialog)."""
        return self._search_panel

    @property
    def article_panel(self) -> ArticlePanel:
        return self._article_panel

    def _shown(self) -> bool:
        """Whether the main screen is there to update (not yet, or no more, while quitting)."""
        return self._search_panel.is_attached and self._article_panel.is_attached

    def on_mount(self) -> None:
        self.search_panel.query_one("#query").focus()
        # Watching starts before the index is opened: a change made while it is built is not missed.
        self._watch()
        self._open_index()

    def action_help_quit(self) -> None:
        """ctrl+c outside a text: say how to quit (Textual's own message is markup)."""
        self.notify("Press ctrl+q to quit")

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
        try:
            log = self.workspace.usable_cache_dir() / "error.log"
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"--- {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} in {where}\n")
                handle.write("".join(traceback.format_exception(error)))
        except (OSError, GlossatorError):
            return ""
        return self.workspace.relative(log)

    # -- the index --

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _open_index(self) -> None:
        """Open, sync or build the index; the app is usable meanwhile (files listed newest first)."""
        corpus_index = CorpusIndex(self.workspace)
        self._opening = corpus_index
        listed = False

        def progress(done: int, total: int) -> None:
            nonlocal listed
            if not listed and done < total:
                listed = True
                with contextlib.suppress(OSError, GlossatorError):
                    self.post_message(Listed(newest_articles(self.workspace, RESULT_LIMIT)))
            self.post_message(IndexProgress(done, total))

        try:
            # Quick: only folders whose modification time changed; a full sync follows at once
            # in the background (``_index_ready``), for files rewritten in place meanwhile.
            corpus_index.sync(progress, quick=True)
        except GlossatorError as error:
            self.post_message(IndexFailed(str(error)))
            return
        self.post_message(IndexReady(corpus_index))

    @on(IndexProgress)
    def _index_progress(self, event: IndexProgress) -> None:
        if not self._shown():
            return
        self.search_panel.show_progress(event.done, event.total)

    @on(Listed)
    def _listed(self, event: Listed) -> None:
        if not self._shown():
            return
        if self.index is None:
            self._remember_same_story(event.results)
            self.search_panel.show_results(
                event.results, listing=f"Indexing: the newest {len(event.results.hits)} files meanwhile"
            )

    @on(IndexFailed)
    def _index_failed(self, event: IndexFailed) -> None:
        if not self._shown():
            return
        self.search_panel.show_error(event.reason)

    @on(IndexReady)
    def _index_ready(self, event: IndexReady) -> None:
        if not self._shown():
            return
        self.index = event.index
        self.search_panel.show_progress(1, 1)
        self._search(self.search_panel.query_text)
        self.set_interval(RETRY_S, self._retry)
        self._sync_owed = True  # the quick sync trusted unchanged folders: check every file
        self._retry()

    # -- live reload --

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        """Hand the UI each batch of changes the system reports (git, an editor, another Glossator)."""
        for changes in watch_workspace(self.workspace, self._stop_watching):
            self.post_message(FilesTouched(changes))

    @on(FilesTouched)
    def _files_touched(self, event: FilesTouched) -> None:
        if not self._shown():
            return
        changes = event.changes
        if changes.problem:
            self.notify(changes.problem, severity="warning", timeout=10)
        if changes.tag_set:
            self.notify(f"{CONFIG_NAME} changed: restart Glossator to use its tags", severity="warning")
        if not (changes.full_sync or changes.article_ids):
            return
        if self.index is None:
            self._sync_owed = True
        else:
            self._take_in(changes)

    @work(thread=True, group="sync", exit_on_error=False)
    def _take_in(self, changes: Changes) -> None:
        """Bring the index up to date: only the articles the watcher named, or every file."""
        corpus_index = self.index
        if corpus_index is None:
            return
        with self._sync_lock:
            try:
                if changes.full_sync:
                    report: SyncReport | None = corpus_index.sync()
                else:
                    report = corpus_index.sync_articles(changes.article_ids)
            except GlossatorError:
                report = None  # another process holds the index: _retry tries again
        self.post_message(FilesChecked(report))

    @on(FilesChecked)
    def _files_checked(self, event: FilesChecked) -> None:
        if not self._shown():
            return
        if event.report is None:
            self._sync_owed = True
        elif event.report.total_changes:
            self._files_changed(event.report)
        self._retry_unsaved()

    def _retry(self) -> None:
        """Try again what failed: a sync the index refused, changes a failed save kept."""
        if self._sync_owed and self.index is not None:
            self._sync_owed = False
            self._take_in(Changes(full_sync="a sync was due"))
        self._retry_unsaved()

    def _files_changed(self, report: SyncReport) -> None:
        changed = [*report.added, *report.changed, *report.removed]
        news = [article_id for article_id in changed if article_id not in self._own_writes]
        self._own_writes.difference_update(changed)
        if news:
            self.done_counts.clear()  # a mark of yours may have arrived (git pull, another app)
            shown = ", ".join(news[:3]) + (f" and {len(news) - 3} more" if len(news) > 3 else "")
            self.notify(f"Changed on disk: {shown}")
        self._search(self.search_panel.query_text)
        editor = self.article_panel.annotator.editor
        if editor is not None and editor.article.id in changed:
            self._open_changed(editor, removed=editor.article.id in report.removed)

    def _open_changed(self, editor: ArticleEditor, *, removed: bool = False) -> None:
        """The open article's files changed on disk: take in the new text or annotations."""
        if removed:
            self.notify(f"{editor.article.id} was removed from the corpus", severity="warning")
            return
        try:
            current = load_article(self.workspace, editor.article.id)
        except (OSError, GlossatorError) as error:
            self.notify(f"Cannot read {editor.article.id}: {_reason(error)}", severity="error")
            return
        if current.text != editor.text:
            self.open_article(editor.article.id, self.search_panel.shown_query)
            return
        change = editor.reload_from_disk()
        if change is not None:
            self.notify(change.message)
            self.article_panel.refresh_annotations()
            if editor.dirty:
                self._save(editor)

    def _retry_unsaved(self) -> None:
        """Changes a failed save kept are written again quietly (the folder may be writable now)."""
        for editor in list(self.editors.values()):
            if editor.dirty and editor.writable:
                self._save(editor, quiet=True)

    # -- searching --

    @on(SearchPanel.QueryChanged)
    def _query_changed(self, event: SearchPanel.QueryChanged) -> None:
        if self.index is not None:
            self._search(event.query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, query: str) -> None:
        corpus_index = self.index
        if corpus_index is None:
            return
        try:
            results = corpus_index.search(query, limit=RESULT_LIMIT)
        except QueryError as error:
            self.post_message(SearchFailed(query, str(error)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(SearchDone(results))

    @on(SearchDone)
    def _search_done(self, event: SearchDone) -> None:
        if not self._shown() or self._stale(event.results.query):
            return
        self._remember_same_story(event.results)
        self.search_panel.show_results(event.results)
        self.show_done(event.results.query)

    @on(SearchFailed)
    def _search_failed(self, event: SearchFailed) -> None:
        if not self._shown() or self._stale(event.query):
            return
        self.search_panel.show_error(event.reason)

    def _stale(self, query: str) -> bool:
        """An answer to a query the search box no longer holds (a slower, earlier search)."""
        return query.strip() != self.search_panel.query_text.strip()

    def _remember_same_story(self, results: SearchResults) -> None:
        for hit in results.hits:
            if hit.same_story_as:
                self.same_story[hit.article_id] = hit.same_story_as
                for other in hit.same_story_as:
                    known = self.same_story.get(other, ())
                    if hit.article_id not in known:
                        self.same_story[other] = (*known, hit.article_id)

    # -- opening an article --

    @on(SearchPanel.ResultChosen)
    def _result_chosen(self, event: SearchPanel.ResultChosen) -> None:
        self.open_article(event.hit.article_id, event.query, event.hit)

    def open_article(
        self, article_id: str, query: str = "", hit: SearchHit | None = None, *, at: str | None = None
    ) -> None:
        """Open an article (read and laid out in a worker, for the width the viewer has now).

        ``at``: the id of an annotation to put the cursor on.
        """
        self._load_article(article_id, query, hit, self.article_panel.annotator.wrap_width, at)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _load_article(
        self, article_id: str, query: str, hit: SearchHit | None, width: int, at: str | None = None
    ) -> None:
        try:
            article = load_article(self.workspace, article_id)
        except (OSError, GlossatorError) as error:
            self.post_message(_Toast(f"Cannot open {article_id}: {_reason(error)}", "error"))
            return
        editor = self.editors.get(article_id)
        if editor is None:
            # A new editor is not shared yet: reading its file and re-anchoring happen here.
            editor = ArticleEditor(self.store, article, self.author)
            reanchored = editor.reanchor()
        else:
            reanchored = None
        hits = self.index.hit_spans(query, article.text) if self.index and query else []
        prepared = prepare_article(article.text, width)
        mark = mark_of(self.store, article_id, self.author)
        self.post_message(ArticleLoaded(editor, article, prepared, hits, hit, reanchored, mark, at))

    def _take_editor(
        self, editor: ArticleEditor, article: Article, reanchored: Reanchored | None
    ) -> tuple[ArticleEditor, Reanchored | None]:
        """The session's editor for the article, brought up to date with its text and file."""
        with self._editors_lock:
            kept = self.editors.setdefault(article.id, editor)
        if kept.text != article.text:  # reopened because its text changed on disk
            kept.replace_text(article)
            return kept, kept.reanchor()
        if kept is editor and reanchored is not None:
            return editor, reanchored
        change = kept.reload_from_disk()
        if change is not None and kept.dirty:
            self._save(kept)
        return kept, None

    def _reanchored(self, editor: ArticleEditor, result: Reanchored) -> None:
        """The text changed since it was annotated: say what moved, save it, point at orphans."""
        parts = []
        if result.moved:
            parts.append(f"re-anchored {len(result.moved)} annotation(s) to where their text is now")
            self._save(editor)
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
        self.notify("The article changed since it was annotated: " + "; ".join(parts), timeout=8)

    @on(ArticleLoaded)
    def _show_article(self, event: ArticleLoaded) -> None:
        if not self._shown():
            return
        editor, reanchored = self._take_editor(event.editor, event.article, event.reanchored)
        panel = self.article_panel
        panel.open(editor, event.prepared, event.mark)
        if reanchored is not None and (reanchored.changed or reanchored.orphans or reanchored.approximate):
            self._reanchored(editor, reanchored)
        panel.show_hits(event.hits)
        viewer = panel.annotator
        hit = event.hit
        matching = [a for a in (hit.annotations if hit else ()) if a.matches(editor.text)]
        chosen = editor.find(event.at) if event.at else None
        if chosen is not None and chosen.matches(editor.text):
            viewer.move_to(chosen.start)
        elif matching:
            viewer.move_to(matching[0].start)
        elif event.hits:
            viewer.move_to(event.hits[0][0])
        viewer.focus()

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
        path = self.workspace.relative(editor.loaded.path)
        try:
            result = editor.save(version, annotations)
        except (OSError, GlossatorError) as error:
            if not quiet:
                self.post_message(SaveFailed(path, _reason(error)))
            return
        text_changed = indexed = False
        if result.written and self.index is not None:
            try:
                text_changed = bool(self.index.update_article(editor.article.id))
                indexed = True
            except GlossatorError:
                pass  # the index is busy in another process: the file watcher catches up
        self.post_message(Saved(editor, version, result, path, quiet, text_changed, indexed))

    @on(SaveFailed)
    def _save_failed(self, event: SaveFailed) -> None:
        self.notify(
            f"Could not save {event.path}: {event.reason}. The change is kept here and saved with the "
            "next one (or ctrl+s).",
            severity="error",
            timeout=8,
        )

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        if not self._shown():
            return
        editor, result = event.editor, event.result
        if event.quiet and result.written:
            self.notify(f"Saved {event.path}: the change kept after a failed save is on disk now")
        if result.merged is not None:
            self._adopt_merge(editor, event.version, result.merged, result.conflicts)
        if event.indexed:
            self._search(self.search_panel.query_text)
            self._compact()
        if event.text_changed and editor is self.article_panel.annotator.editor:
            # The article's text changed on disk since it was opened; the re-index that
            # just recorded it would hide that from the file watcher.
            self._open_changed(editor)

    @work(thread=True, exclusive=True, group="compact", exit_on_error=False)
    def _compact(self) -> None:
        """Merge the small segments saves leave behind, after the save is searchable."""
        if self.index is not None:
            with contextlib.suppress(GlossatorError):
                self.index.compact()

    def _adopt_merge(
        self, editor: ArticleEditor, version: int, merged: tuple[Annotation, ...], conflicts: int
    ) -> None:
        """The file had changed on disk while we saved: show the merged set that was written."""
        said = (
            f"; {conflicts} changed on both sides, kept in both versions (k keeps one)" if conflicts else ""
        )
        self.notify(f"Merged with changes made to the file meanwhile{said}")
        if editor.adopt(version, merged) and editor is self.article_panel.annotator.editor:
            self.article_panel.refresh_annotations()

    def action_save_now(self) -> None:
        unsaved = self.unsaved()
        if not unsaved:
            self.notify("Nothing to save: every change is already on disk")
            return
        for editor in unsaved:
            self._save(editor)

    def unsaved(self) -> list[ArticleEditor]:
        """Editors holding changes that are not on disk yet (a failed save, or one under way)."""
        return [editor for editor in self.editors.values() if editor.dirty]

    async def action_quit(self) -> None:
        """Quit, but never drop a change that could not be saved without asking."""
        unsaved = self.unsaved()
        if not unsaved:
            self.exit()
            return
        names = ", ".join(editor.article.id for editor in unsaved[:3])
        more = f" and {len(unsaved) - 3} more" if len(unsaved) > 3 else ""

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmQuit(f"{names}{more}"), answered)

    def on_unmount(self) -> None:
        """Stop the file watcher, a build or sync under way (its worker processes too); close the index."""
        self._stop_watching.set()
        for corpus_index in {id(i): i for i in (self._opening, self.index) if i is not None}.values():
            with contextlib.suppress(Exception):
                corpus_index.close()

    @on(_Toast)
    def _toast(self, event: _Toast) -> None:
        self.notify(event.message, severity=event.severity)

    # -- other actions --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that move focus or open things work only on the main screen (or from the palette
        over it); ``/`` is typed in a text field only inside a word (``tui.app.focus``)."""
        if action in (
            "focus_search",
            "focus_article",
            "help",
            "toggle_results",
            "toggle_list",
            "same_story",
            "tag_all",
            "review_suggestions",
            "browse",
            "next_unmarked",
        ):
            screen = working_screen(self)
            if screen is not self.screen_stack[0]:
                return False
            focused = screen.focused
            # "/" is a priority key: inside a word of a text field it must be typed, not act.
            typing = slash_is_typed(focused) or (isinstance(focused, TextArea) and not focused.read_only)
            return not (typing and action == "focus_search")
        return True

    def action_focus_search(self) -> None:
        # Focus now, not after the keys already queued: "/x" typed in one burst (a paste, a
        # laggy link) must put the x in the search box, never act on the article.
        self.search_panel.remove_class("-hidden")
        self.screen.set_focus(self.search_panel.query_one("#query"))

    def action_focus_article(self) -> None:
        self.screen.set_focus(self.article_panel.annotator)

    def action_toggle_results(self) -> None:
        panel = self.search_panel
        panel.toggle_class("-hidden")
        if panel.has_class("-hidden"):
            self.screen.set_focus(self.article_panel.annotator)

    def action_toggle_list(self) -> None:
        shown = self.article_panel.toggle_list()
        self.notify(
            "Annotation list shown" if shown else "Annotation list hidden (ctrl+l shows it)", timeout=2
        )

    def action_same_story(self) -> None:
        """Open the other copy of the story: of the highlighted result, else of the open article."""
        focused = self.focused
        current: str | None = None
        if isinstance(focused, ResultList) and (hit := focused.current_hit()) is not None:
            current = hit.article_id
        elif (editor := self.article_panel.annotator.editor) is not None:
            current = editor.article.id
        if current is None:
            self.notify("Open an article first: search on the left and press Enter", severity="warning")
            return
        copies = self.same_story.get(current, ())
        if not copies:
            self.notify(
                f"No other copy of {current} is known (results say “same story as …”)", severity="warning"
            )
            return
        self.open_article(copies[0], self.search_panel.shown_query)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_sections(self.tag_set, self.user_keymap.keys)))


def _reason(error: BaseException) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
