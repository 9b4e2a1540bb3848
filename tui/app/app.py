"""The Glossator app: search on the left, the article and its annotations on the right.

A thin layer over the core.  Everything slow runs in thread workers: opening or building
the index (with progress), searching, loading an article, saving and re-indexing.  The
event loop only paints and reacts to keys, so the UI never freezes.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, TextArea
from textual.worker import get_current_worker

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
from tui.index import CorpusIndex, QueryError, SearchHit
from tui.store import Annotation, AnnotationStore
from tui.workspace import Workspace

#: How many results a search shows.
RESULT_LIMIT = 50


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
        hits = self.index.hit_spans(query, article.text) if self.index and query else []
        prepared = self.article_panel.annotator.prepare(article.text)
        self.call_from_thread(self._show_article, editor, prepared, hits, hit)

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
            written = editor.save(version, annotations)
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
        if written and self.index is not None:
            self.index.update_article(editor.article.id)
            self.call_from_thread(self._search, self.search_panel.query_text)

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
