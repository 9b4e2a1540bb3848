"""The Glossator app: search on the left, the article and its annotations on the right.

A thin layer over the core.  Everything slow runs in thread workers: opening or building
the index (with progress), searching, loading an article, saving and re-indexing.  The
event loop only paints and reacts to keys, so the UI never freezes.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, TextArea
from textual.worker import get_current_worker

from tui.anchoring import Reanchored
from tui.app.annotator import Annotator
from tui.app.article_panel import ArticlePanel
from tui.app.article_view import ArticleView, PreparedArticle
from tui.app.commands import GlossatorCommands
from tui.app.dialogs import HelpScreen
from tui.app.search_panel import SearchPanel
from tui.authors import default_author
from tui.corpus import load_article
from tui.editing import ArticleEditor
from tui.errors import GlossatorError
from tui.index import CorpusIndex, QueryError, SearchHit, SyncReport
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
        Binding("slash", "focus_search", "Search", id="app.search"),
        Binding("ctrl+o", "focus_article", "Article", show=False, id="app.article"),
        Binding("ctrl+s", "save_now", "Save now", show=False, id="app.save"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, workspace: Workspace, *, author: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.store = AnnotationStore(workspace)
        self.author = author or default_author(workspace.root)
        self.index: CorpusIndex | None = None
        self.sub_title = workspace.root.name

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

    # -- the index --

    @work(thread=True, exclusive=True, group="index")
    def _open_index(self) -> None:
        """Open, sync or build the index; the app is usable meanwhile."""
        corpus_index = CorpusIndex(self.workspace)

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

    @work(thread=True, exclusive=True, group="watch")
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

    def _files_changed(self, report: SyncReport) -> None:
        changed = [*report.added, *report.changed, *report.removed]
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        self.notify(f"Changed on disk: {shown}", markup=False)
        self._search(self.search_panel.query_text)
        editor = self.article_panel.annotator.editor
        if editor is None or editor.article.id not in changed:
            return
        if editor.article.id in report.removed:
            self.notify(f"{editor.article.id} was removed from the corpus", severity="warning", markup=False)
            return
        current = load_article(self.workspace, editor.article.id)
        if current.text != editor.text:
            self.open_article(editor.article.id, self.search_panel.shown_query)
            return
        change = editor.reload_from_disk()
        if change is not None:
            self.notify(change.message, markup=False)
            self.article_panel.refresh_annotations()
            if editor.dirty:
                self._save(editor)

    # -- searching --

    @on(SearchPanel.QueryChanged)
    def _query_changed(self, event: SearchPanel.QueryChanged) -> None:
        if self.index is not None:
            self._search(event.query)

    @work(thread=True, exclusive=True, group="search")
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

    @work(thread=True, exclusive=True, group="open")
    def open_article(self, article_id: str, query: str = "", hit: SearchHit | None = None) -> None:
        try:
            article = load_article(self.workspace, article_id)
        except (OSError, GlossatorError) as error:
            self.call_from_thread(
                self.notify, f"Cannot open {article_id}: {error}", severity="error", markup=False
            )
            return
        editor = ArticleEditor(self.store, article, self.author)
        reanchored = editor.reanchor()
        hits = self.index.hit_spans(query, article.text) if self.index and query else []
        prepared = self.article_panel.annotator.prepare(article.text)
        self.call_from_thread(self._show_article, editor, prepared, hits, hit)
        if reanchored is not None:
            self.call_from_thread(self._reanchored, editor, reanchored)

    def _reanchored(self, editor: ArticleEditor, result: Reanchored) -> None:
        """The text changed since it was annotated: say what moved, save it, point at orphans."""
        parts = []
        if result.moved:
            parts.append(f"re-anchored {len(result.moved)} annotation(s) to where their text is now")
            self._save(editor)
        if result.orphans:
            parts.append(
                f"{len(result.orphans)} orphan(s) not found: listed below the article; "
                "select text, then a on the orphan in the list"
            )
        self.notify(
            "The article changed since it was annotated: " + "; ".join(parts), markup=False, timeout=8
        )

    def _show_article(
        self,
        editor: ArticleEditor,
        prepared: PreparedArticle,
        hits: list[tuple[int, int]],
        hit: SearchHit | None,
    ) -> None:
        problems = [str(problem) for problem in editor.loaded.problems]
        problems += [f"{self.workspace.relative(editor.article.path)}: {p}" for p in editor.article.problems]
        if not editor.writable:
            problems.append("This file is not rewritten: fix it by hand, then reopen the article.")
        panel = self.article_panel
        panel.open(editor, problems, prepared)
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
        self.notify(event.change.message, markup=False, timeout=3)
        self._save(event.editor)

    def _save(self, editor: ArticleEditor) -> None:
        version, annotations = editor.snapshot()
        self._write(editor, version, annotations)

    @work(thread=True, group="save")
    def _write(self, editor: ArticleEditor, version: int, annotations: tuple[Annotation, ...]) -> None:
        path = self.workspace.relative(editor.loaded.path)
        try:
            result = editor.save(version, annotations)
        except (OSError, GlossatorError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.call_from_thread(
                self.notify,
                f"Could not save {path}: {reason}. The change is kept here and saved with the next one "
                "(or ctrl+s).",
                severity="error",
                markup=False,
                timeout=8,
            )
            return
        if result.merged is not None:
            self.call_from_thread(self._adopt_merge, editor, version, result.merged, result.conflicts)
        if result.written and self.index is not None:
            try:
                self.index.update_article(editor.article.id)
            except GlossatorError:
                return  # the index is busy in another process: the file watcher catches up
            self.call_from_thread(self._search, self.search_panel.query_text)
            self.call_from_thread(self._compact)

    @work(thread=True, exclusive=True, group="compact")
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
        self.notify(f"Merged with changes made to the file meanwhile{said}", markup=False)
        if editor.adopt(version, merged) and editor is self.article_panel.annotator.editor:
            self.article_panel.refresh_annotations()

    def action_save_now(self) -> None:
        editor = self.article_panel.annotator.editor
        if editor is None or not editor.dirty:
            self.notify("Nothing to save: every change is already on disk")
            return
        self._save(editor)

    # -- other actions --

    def action_focus_search(self) -> None:
        self.search_panel.query_one("#query").focus()

    def action_focus_article(self) -> None:
        self.article_panel.annotator.focus()

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
