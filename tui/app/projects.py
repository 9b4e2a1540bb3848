"""The app's share of annotation projects: tag every occurrence, suggestions, the browser,
progress marks, and batches taken back as one step.

``ProjectActions`` is the base of ``GlossatorApp`` holding these keys and their workers,
so the app's own module stays about searching, reading and saving.  Every slow part runs
in a thread worker that hands its result to the UI as a message; the core does the work
(``tui.project``: plans, reviews, batches, progress), the screens live in ``review`` and
``browser``.

- **Batches.**  A change to many annotations at once (a reviewed tag-all or set of
  suggestions, the browser's retag, delete, accept or reject) is written by the core
  through ``AnnotationStore.update``, one write per article, and comes back as a ``Batch``:
  per article, the annotations it touched by id, before and after.  Whoever wrote it posts
  ``AnnotationsWritten``; the app then reloads the editors of those articles (merging with
  any change not saved yet), re-indexes them, and keeps the batch.  ``U`` takes back the
  last batch as a whole, article by article through the same write path, putting back each
  annotation's "before" only where the file still holds the batch's "after" (so a
  colleague's work that arrived meanwhile is left alone).  ``u`` stays the open article's
  own undo.
- **Progress.**  ``D`` and ``S`` (the article panel's) mark the open article done or
  skipped for the app's author through ``set_mark``; the search panel says how many of the
  results you marked done, and ``ctrl+n`` opens the next result you have not marked.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.worker import Worker, get_current_worker

from tui.app.article_panel import ArticlePanel
from tui.app.browser import AnnotationBrowser, OpenAnnotation
from tui.app.review import ReviewScreen, TagAllDialog, TagAllRequest
from tui.app.search_panel import SearchPanel
from tui.app.tags import TagLooks
from tui.app.written import AnnotationsWritten, batch_written
from tui.editing import ArticleEditor
from tui.errors import GlossatorError, reason_of
from tui.project.annotation_listing import ListingCache
from tui.project.batch import Batch, BatchResult, undo
from tui.project.progress import done_among, next_unmarked, set_mark
from tui.project.review import review_places, review_suggestions
from tui.search import CorpusIndex, QueryError
from tui.store import AnnotationStore
from tui.workspace import Workspace


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
class NextFound(Message):
    """The next article of the results the user has not marked, or None."""

    query: str
    article_id: str | None


@dataclass
class Reindexed(Message):
    """The index took in articles a batch wrote."""


class ProjectActions(App[None]):
    """Keys and workers of annotation projects; ``GlossatorApp`` provides the rest (see its ``__init__``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+g",
            "tag_all",
            "Tag every occurrence",
            show=False,
            tooltip="Tag every occurrence of a phrase in the results (each place reviewed before saving)",
            id="app.tag_all",
        ),
        Binding(
            "f4",
            "review_suggestions",
            "Review suggestions",
            show=False,
            tooltip="Review the suggestions in the results: accept or reject each, or all at once",
            id="app.review_suggestions",
        ),
        Binding(
            "f2",
            "browse",
            "Every annotation",
            show=False,
            tooltip="Every annotation of the results at a glance (the browser): sort, open, retag or delete",
            id="app.browse",
        ),
        Binding(
            "ctrl+n",
            "next_unmarked",
            "Next article not done",
            show=False,
            tooltip="Open the next article of the results you have not marked done or skipped",
            id="app.next_unmarked",
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

    # What GlossatorApp sets up and provides.
    workspace: Workspace
    store: AnnotationStore
    author: str
    looks: TagLooks
    index: CorpusIndex | None
    editors: dict[str, ArticleEditor]
    _sync_lock: threading.Lock

    def __init__(self) -> None:
        super().__init__()
        #: Changes made to many annotations at once, newest last: ``U`` takes back the last one.
        self.batches: list[Batch] = []
        #: Articles a batch or mark just wrote: the file watcher reports them too, but they are no news.
        self._own_writes: set[str] = set()
        #: Parsed annotation files kept between the browser's listings (only changed files are read again).
        self.listing_cache = ListingCache()
        #: How many results of each query you marked done, until marks may have changed.
        self.done_counts: dict[str, int] = {}

    @property
    def search_panel(self) -> SearchPanel:
        raise NotImplementedError

    @property
    def article_panel(self) -> ArticlePanel:
        raise NotImplementedError

    def _shown(self) -> bool:
        raise NotImplementedError

    def open_article(self, article_id: str, query: str = "", *, at: str | None = None) -> None:
        raise NotImplementedError

    def _search(self, query: str) -> Worker[None]:
        raise NotImplementedError

    def _save(self, editor: ArticleEditor, *, quiet: bool = False) -> None:
        raise NotImplementedError

    def _scope(self) -> tuple[str, str]:
        """The query whose results a project action works on, and those results in words."""
        query = self.search_panel.shown_query
        if not query.strip():
            return query, "in every article"
        return query, f"in the articles “{' '.join(query.split())}” finds"

    def action_tag_all(self) -> None:
        """Ask for a phrase and a tag, then review every place the phrase occurs in the results."""
        viewer = self.article_panel.annotator
        query, scope = self._scope()
        phrase = (
            viewer.selected_text if viewer.selected_text.strip() else _phrase_of(self.search_panel.query_text)
        )

        def chosen(request: TagAllRequest | None) -> None:
            if request is None:
                return
            said = " ".join(request.phrase.split())
            how = "suggest" if request.suggest else "tag"
            title = f"Review: {how} every “{said}” {request.tag} {scope}"
            load = partial(
                review_places,
                self.workspace,
                self.index,
                query,
                request.phrase,
                request.tag,
                author=self.author,
                case_sensitive=request.case_sensitive,
                suggest=request.suggest,
            )
            self.push_screen(ReviewScreen(title, load, self.looks), self._reviewed)

        self.push_screen(TagAllDialog(phrase, scope, self.looks), chosen)

    def action_review_suggestions(self) -> None:
        query, scope = self._scope()
        load = partial(review_suggestions, self.store, self.index, query)
        self.push_screen(ReviewScreen(f"Review the suggestions {scope}", load, self.looks), self._reviewed)

    def _reviewed(self, result: BatchResult | None) -> None:
        # The focus goes back where it was: typing meant for the search box stays there.
        if result is not None:
            self.post_message(batch_written(result))

    def action_browse(self) -> None:
        def chosen(choice: OpenAnnotation | None) -> None:
            if choice is not None:
                self.open_article(choice.article_id, at=choice.annotation_id)

        query = self.search_panel.shown_query
        browser = AnnotationBrowser(self.store, self.index, query, self.looks, self.listing_cache)
        self.push_screen(browser, chosen)

    @on(AnnotationsWritten)
    def _annotations_written(self, event: AnnotationsWritten) -> None:
        """Files were written outside the editors: reload those editors, re-index, remember the batch."""
        if event.batch is not None:
            self.batches.append(event.batch)
        if event.said:
            self.notify(event.said, severity=event.severity, timeout=8)
        ids = set(event.article_ids)
        self._own_writes |= ids
        open_editor = self.article_panel.annotator.editor
        for article_id in ids:
            editor = self.editors.get(article_id)
            if editor is None:
                continue
            change = editor.reload_from_disk()
            if change is not None and editor.dirty:
                self._save(editor)
            if editor is open_editor and self._shown():
                self.article_panel.refresh_annotations()
        if isinstance(self.screen, AnnotationBrowser):
            self.screen.reload()
        if event.indexed:
            self._search(self.search_panel.query_text)
        elif ids:
            self._reindex(tuple(sorted(ids)))

    @work(thread=True, group="sync", exit_on_error=False)
    def _reindex(self, article_ids: tuple[str, ...]) -> None:
        """Bring the index up to date for articles a batch wrote (the watcher would, later and louder)."""
        corpus_index = self.index
        if corpus_index is None:
            return
        with self._sync_lock:
            try:
                corpus_index.sync_articles(article_ids)
            except GlossatorError:
                return  # another process holds the index: the file watcher catches up
        self.post_message(Reindexed())

    @on(Reindexed)
    def _reindexed(self, event: Reindexed) -> None:
        if self._shown():
            self._search(self.search_panel.query_text)

    def action_undo_batch(self) -> None:
        if not self.batches:
            self.notify(
                "No change to many annotations to undo (tag every occurrence, the browser's retag or delete, "
                "reviewed suggestions); u undoes your last change to the article",
                severity="warning",
            )
            return
        self._undo_batch(self.batches.pop())

    @work(thread=True, group="batch", exit_on_error=False)
    def _undo_batch(self, batch: Batch) -> None:
        result = undo(self.store, batch)
        indexed = False
        if self.index is not None:
            with self._sync_lock, contextlib.suppress(GlossatorError):
                self.index.sync_articles(list(batch.steps))
                indexed = True
        said = f"Undone: {batch.message} ({result.changed:,} annotation(s) in {len(result.files):,} file(s))"
        if result.left:
            said += f"; {result.left:,} changed by someone else since, left as they are"
        if result.problems:
            said += f"; not written: {result.problems[0]}"
        severity: SeverityLevel = "warning" if result.left or result.problems else "information"
        self.post_message(AnnotationsWritten(tuple(batch.steps), said, severity, indexed=indexed))

    # -- progress --

    @on(ArticlePanel.MarkRequested)
    def _mark_requested(self, event: ArticlePanel.MarkRequested) -> None:
        self._write_mark(event.editor.article.id, event.editor.text, event.state)

    @work(thread=True, group="mark", exit_on_error=False)
    def _write_mark(self, article_id: str, text: str, state: str | None) -> None:
        try:
            changed = set_mark(self.store, article_id, text, self.author, state)
        except (OSError, GlossatorError) as error:
            self.post_message(Marked(article_id, state, False, reason_of(error)))
            return
        if changed and self.index is not None:
            with contextlib.suppress(GlossatorError):
                self.index.update_article(article_id)
        self.post_message(Marked(article_id, state, changed))

    @on(Marked)
    def _marked(self, event: Marked) -> None:
        if event.reason:
            self.notify(f"Could not mark {event.article_id}: {event.reason}", severity="error")
            return
        self._own_writes.add(event.article_id)
        editor = self.article_panel.annotator.editor
        if editor is not None and editor.article.id == event.article_id and self._shown():
            self.article_panel.show_mark(event.state)
        said = {None: "Your mark taken back", "done": "Marked done", "skipped": "Marked skipped"}
        hint = "ctrl+n: the next one not done" if event.state else ""
        self.notify(f"{said.get(event.state, 'Marked')}: {event.article_id}" + (f" ({hint})" if hint else ""))
        self.done_counts.clear()
        self.show_done(self.search_panel.shown_query)

    def show_done(self, query: str) -> None:
        """Say how many of the results you marked done: the count made for this query, else a new one.

        Counting searches the articles someone marked done, so it is made once per query
        until marks may have changed (a mark of yours, files changed on disk).
        """
        if query in self.done_counts:
            self.search_panel.show_done(query, self.done_counts[query])
        else:
            self._count_done(query)

    @work(thread=True, exclusive=True, group="progress", exit_on_error=False)
    def _count_done(self, query: str) -> None:
        corpus_index = self.index
        if corpus_index is None:
            return
        try:
            done = done_among(corpus_index, self.store, query, self.author)
        except (QueryError, GlossatorError):
            return
        if not get_current_worker().is_cancelled:
            self.post_message(DoneCounted(query, done))

    @on(DoneCounted)
    def _done_counted(self, event: DoneCounted) -> None:
        self.done_counts[event.query] = event.done
        if self._shown():
            self.search_panel.show_done(event.query, event.done)

    def action_next_unmarked(self) -> None:
        if self.index is None:
            self.notify("The index is still being built: try again in a moment", severity="warning")
            return
        editor = self.article_panel.annotator.editor
        ranked = [hit.article_id for hit in self.search_panel.results.hits]
        self._find_next(self.search_panel.shown_query, ranked, editor.article.id if editor else None)

    @work(thread=True, exclusive=True, group="next", exit_on_error=False)
    def _find_next(self, query: str, ranked: list[str], current: str | None) -> None:
        corpus_index = self.index
        if corpus_index is None:
            return
        try:
            found = next_unmarked(corpus_index, self.store, query, self.author, ranked, current)
        except (QueryError, GlossatorError):
            found = None
        self.post_message(NextFound(query, found))

    @on(NextFound)
    def _next_found(self, event: NextFound) -> None:
        if event.article_id is None:
            self.notify("You marked every article of the results done or skipped", severity="information")
            return
        results = self.search_panel.results
        ids = [hit.article_id for hit in results.hits]
        if event.article_id in ids:
            results.highlighted = ids.index(event.article_id)
        self.open_article(event.article_id, event.query)


def _phrase_of(query: str) -> str:
    """The search box's phrase, for tag-all: its words (quotes dropped); '' if it has fields or operators."""
    words = query.replace('"', " ").split()
    if not words or any(
        ":" in word or word in ("AND", "OR", "NOT") or set(word) & set("*?()[]{}^'") for word in words
    ):
        return ""
    return " ".join(words)
