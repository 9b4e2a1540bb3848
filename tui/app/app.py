"""The Glossator app: search on the left, the article and its annotations on the right.

A thin layer over the core.  Everything slow runs in thread workers: opening or building
the index (with progress), searching, loading an article, saving and re-indexing.  The
event loop only paints and reacts to keys, so the UI never freezes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import traceback
from datetime import UTC, datetime
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.widgets import Footer, Header, Input, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from tui.anchoring import Reanchored
from tui.app.annotator import Annotator
from tui.app.article_panel import ArticlePanel
from tui.app.article_view import ArticleView, PreparedArticle
from tui.app.commands import GlossatorCommands
from tui.app.dialogs import ConfirmQuit, HelpScreen
from tui.app.search_panel import SearchPanel
from tui.authors import default_author
from tui.corpus import Article, load_article
from tui.editing import ArticleEditor
from tui.errors import GlossatorError
from tui.index import CorpusIndex, QueryError, SearchHit, SyncReport
from tui.safetext import visible
from tui.store import Annotation, AnnotationStore
from tui.workspace import Workspace

#: How many results a search shows.
RESULT_LIMIT = 50
#: How often the files are checked for changes made by git or other programs.
WATCH_INTERVAL_S = 1.0


class GlossatorApp(App[None]):
    CSS_PATH = "glossator.tcss"
    TITLE = "Glossator"
    COMMANDS = App.COMMANDS | {GlossatorCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="app.help"),
        # Priority: run before the keys queued behind it are handed to the focused widget, so
        # "/x" typed in one burst puts the x in the search box (see check_action).
        Binding("slash", "focus_search", "Search", priority=True, id="app.search"),
        Binding("ctrl+o", "focus_article", "Article", show=False, priority=True, id="app.article"),
        Binding("ctrl+s", "save_now", "Save now", show=False, id="app.save"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, workspace: Workspace, *, author: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.store = AnnotationStore(workspace)
        self.author = author or default_author(workspace.root)
        #: Set once the index is open and synced; searches wait for it.
        self.index: CorpusIndex | None = None
        #: The index being opened or built, so quitting can stop the build.
        self._opening: CorpusIndex | None = None
        #: One editor per article opened in this session: its undo history and any change
        #: that could not be saved yet survive opening other articles.
        self.editors: dict[str, ArticleEditor] = {}
        self._editors_lock = threading.Lock()
        self.sub_title = visible(workspace.root.name)

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Horizontal(id="main"):
            yield SearchPanel(id="search")
            yield ArticlePanel(id="article")
        yield Footer()

    @property
    def search_panel(self) -> SearchPanel:
        return self.query_one(SearchPanel)

    @property
    def article_panel(self) -> ArticlePanel:
        return self.query_one(ArticlePanel)

    def on_mount(self) -> None:
        self.search_panel.query_one("#query").focus()
        self._open_index()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast, from anywhere in the app: shown verbatim, control characters made visible.

        Messages embed file names, quotes and notes, which come from outside; an ESC in one
        would otherwise reach the terminal.  Markup is never read.
        """
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

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
        """Open, sync or build the index; the app is usable meanwhile."""
        corpus_index = CorpusIndex(self.workspace)
        self._opening = corpus_index

        def progress(done: int, total: int) -> None:
            self.call_from_thread(self.search_panel.show_progress, done, total)

        try:
            corpus_index.sync(progress)
        except GlossatorError as error:
            self.call_from_thread(self.search_panel.show_error, str(error))
            return
        self.index = corpus_index
        self.call_from_thread(self._index_ready)

    def _index_ready(self) -> None:
        self.search_panel.show_progress(1, 1)
        self._search(self.search_panel.query_text)
        self.set_interval(WATCH_INTERVAL_S, self._watch_files)

    # -- live reload --

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch_files(self) -> None:
        """Notice files changed by git, an editor or another Glossator, and take them in."""
        if self.index is None:
            return
        try:
            report = self.index.sync()
        except GlossatorError:
            return  # another process holds the index; try again at the next tick
        if report.total_changes:
            self.call_from_thread(self._files_changed, report)
        self.call_from_thread(self._retry_unsaved)

    def _files_changed(self, report: SyncReport) -> None:
        changed = [*report.added, *report.changed, *report.removed]
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
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
            self.call_from_thread(self.search_panel.show_error, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.search_panel.show_results, results)

    # -- opening an article --

    @on(SearchPanel.ResultChosen)
    def _result_chosen(self, event: SearchPanel.ResultChosen) -> None:
        self.open_article(event.hit.article_id, event.query, event.hit)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_article(self, article_id: str, query: str = "", hit: SearchHit | None = None) -> None:
        try:
            article = load_article(self.workspace, article_id)
        except (OSError, GlossatorError) as error:
            self.call_from_thread(
                self.notify, f"Cannot open {article_id}: {_reason(error)}", severity="error"
            )
            return
        editor = self.editors.get(article_id)
        if editor is None:
            # A new editor is not shared yet: reading its file and re-anchoring happen here.
            editor = ArticleEditor(self.store, article, self.author)
            reanchored = editor.reanchor()
        else:
            reanchored = None
        hits = self.index.hit_spans(query, article.text) if self.index and query else []
        prepared = self.article_panel.annotator.prepare(article.text)
        self.call_from_thread(self._show_article, editor, article, prepared, hits, hit, reanchored)

    def _take_editor(
        self, editor: ArticleEditor, article: Article, reanchored: Reanchored | None
    ) -> tuple[ArticleEditor, Reanchored | None]:
        """The session's editor for the article, brought up to date with its text and file."""
        with self._editors_lock:
            kept = self.editors.setdefault(article.id, editor)
        if kept is editor:
            return editor, reanchored
        if kept.text != article.text:
            kept.replace_text(article)
            return kept, kept.reanchor()
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

    def _show_article(
        self,
        editor: ArticleEditor,
        article: Article,
        prepared: PreparedArticle,
        hits: list[tuple[int, int]],
        hit: SearchHit | None,
        reanchored: Reanchored | None,
    ) -> None:
        editor, reanchored = self._take_editor(editor, article, reanchored)
        panel = self.article_panel
        panel.open(editor, prepared)
        if reanchored is not None and (reanchored.changed or reanchored.orphans or reanchored.approximate):
            self._reanchored(editor, reanchored)
        viewer = panel.annotator
        viewer.set_hits(hits)
        matching = [a for a in (hit.annotations if hit else ()) if a.matches(editor.text)]
        if matching:
            viewer.move_to(matching[0].start)
        elif hits:
            viewer.move_to(hits[0][0])
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
                self.call_from_thread(
                    self.notify,
                    f"Could not save {path}: {_reason(error)}. The change is kept here and saved with the "
                    "next one (or ctrl+s).",
                    severity="error",
                    timeout=8,
                )
            return
        if quiet and result.written:
            self.call_from_thread(
                self.notify, f"Saved {path}: the change kept after a failed save is on disk now"
            )
        if result.merged is not None:
            self.call_from_thread(self._adopt_merge, editor, version, result.merged, result.conflicts)
        if result.written and self.index is not None:
            try:
                text_changed = self.index.update_article(editor.article.id)
            except GlossatorError:
                return  # the index is busy in another process: the file watcher catches up
            self.call_from_thread(self._search, self.search_panel.query_text)
            self.call_from_thread(self._compact)
            if text_changed:
                # The article's text changed on disk since it was opened; the re-index that
                # just recorded it would hide that from the file watcher.
                self.call_from_thread(self._text_changed_under, editor)

    def _text_changed_under(self, editor: ArticleEditor) -> None:
        if editor is self.article_panel.annotator.editor:
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
        """Stop a build or sync under way (its worker processes too) and close the index."""
        for corpus_index in {id(i): i for i in (self._opening, self.index) if i is not None}.values():
            with contextlib.suppress(Exception):
                corpus_index.close()

    # -- other actions --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``/`` and ``ctrl+o`` move focus only on the main screen and never while typing text."""
        if action in ("focus_search", "focus_article"):
            if self.screen is not self.screen_stack[0]:
                return False
            focused = self.focused
            typing = isinstance(focused, Input) or (isinstance(focused, TextArea) and not focused.read_only)
            return not (typing and action == "focus_search")
        return True

    def action_focus_search(self) -> None:
        # Focus now, not after the keys already queued: "/x" typed in one burst (a paste, a
        # laggy link) must put the x in the search box, never act on the article.
        self.screen.set_focus(self.search_panel.query_one("#query"))

    def action_focus_article(self) -> None:
        self.screen.set_focus(self.article_panel.annotator)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Every key: the app's, the search box's, the reader's and the annotator's."""
        inherited = [b for b in TextArea.BINDINGS if isinstance(b, Binding) and b.action.startswith("cursor")]
        groups = [
            ("Anywhere", list(self.BINDINGS)),
            ("Search", [*SearchPanel.BINDINGS, Binding("enter", "", "Search now and go to the results")]),
            ("Reading", [*inherited, *ArticleView.BINDINGS]),
            ("Annotating (in the article)", list(Annotator.BINDINGS)),
        ]
        sections = []
        for title, bindings in groups:
            rows = []
            for binding in bindings:
                assert isinstance(binding, Binding)
                keys = [
                    self.get_key_display(dataclasses.replace(binding, key=k)) for k in binding.key.split(",")
                ]
                rows.append((" / ".join(keys), binding.description))
            sections.append((title, rows))
        sections[-1][1].append(("ctrl+p", "Command palette: every action by name"))
        return sections


def _reason(error: BaseException) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
