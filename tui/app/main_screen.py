"""The main screen: search on the left, the article and its annotations on the right.

It owns the keys that work on it (moving between the panels, hiding them, the project
screens) and the view's state, in reactives whose watchers update the panels: the query
whose results are shown, the open article, whether the results and the annotation list
are shown.  The app fills it (results, the article, progress) through its methods and
hears from it by messages (``OpenArticle``, ``NextWanted``, ``AnnotationsWritten``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, TextArea

from tui.annotations.editing import ArticleEditor
from tui.app.article_panel import ArticlePanel
from tui.app.article_view import PreparedArticle
from tui.app.browser import AnnotationBrowser, OpenAnnotation
from tui.app.focus import slash_is_typed
from tui.app.help_screen import HelpScreen
from tui.app.keys import help_sections
from tui.app.messages import NextWanted, OpenArticle, batch_written
from tui.app.report_screen import ReportScreen
from tui.app.review_screen import ReviewScreen, TagAllDialog, TagAllRequest
from tui.app.search_panel import ResultList, SearchPanel
from tui.app.status_line import StatusLine
from tui.app.status_messages import user_keys
from tui.app.tags import TagLooks
from tui.project.batch import BatchResult
from tui.project.reviewing import review_places, review_suggestions
from tui.search import SearchHit, SearchResults
from tui.session import Session


@dataclass(frozen=True, eq=False)
class ShownArticle:
    """An article as it is opened on the screen."""

    editor: ArticleEditor
    prepared: PreparedArticle
    #: The user's progress mark on it (done, skipped) or None.
    mark: str | None
    #: Where the query matches in its text.
    hits: list[tuple[int, int]]
    #: Where to put the cursor (None: at the start).
    cursor: int | None


class MainScreen(Screen[None]):
    """Search on the left, the article and its annotations on the right."""

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
            "f6",
            "report",
            "Report",
            show=False,
            tooltip="What the annotations of the results say: counts over time, by source, top texts, pairs",
            id="app.report",
        ),
        Binding(
            "ctrl+n",
            "next_unmarked",
            "Next article not done",
            show=False,
            tooltip="Open the next article of the results you have not marked done or skipped",
            id="app.next_unmarked",
        ),
    ]

    #: The query the results shown answer (the search box may hold a newer one).
    shown_query: reactive[str] = reactive("", init=False)
    #: The article open, or None.
    article: reactive[ShownArticle | None] = reactive(None, always_update=True, init=False)
    #: Whether the results are shown (ctrl+f hides them: the article full width).
    results_shown: reactive[bool] = reactive(True, init=False)
    #: Whether the annotation list is shown under the article (ctrl+l).
    list_shown: reactive[bool] = reactive(True, init=False)

    def __init__(self, session: Session, looks: TagLooks) -> None:
        super().__init__()
        self.session = session
        self.looks = looks
        self.search_panel = SearchPanel(looks, id="search")
        self.article_panel = ArticlePanel(looks, store=session.store, author=session.author, id="article")

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="")
        with Horizontal(id="main"):
            yield self.search_panel.data_bind(MainScreen.shown_query)
            yield self.article_panel.data_bind(MainScreen.list_shown)
        yield Footer(compact=True)
        # The messages' line is there from the start: the first message moves nothing.
        yield StatusLine(above_footer=True)

    class Ready(Message):
        """The screen and its panels are there: the app may start filling them."""

    def on_mount(self) -> None:
        self.search_panel.query_one("#query").focus()
        self.post_message(self.Ready())

    @property
    def shown(self) -> bool:
        """Whether the panels are there to update (not yet, or no more, while quitting)."""
        return self.search_panel.is_attached and self.article_panel.is_attached

    @property
    def typed_query(self) -> str:
        """What the search box holds now."""
        return self.search_panel.query_text

    @property
    def editor(self) -> ArticleEditor | None:
        """The open article's editor."""
        return self.article.editor if self.article is not None else None

    @property
    def wrap_width(self) -> int:
        """The width an article is laid out for."""
        return self.article_panel.annotator.wrap_width

    # -- what the app shows --

    def show_results(self, results: SearchResults, *, listing: str = "") -> None:
        """Show ranked results (or, with ``listing``, files listed while the index is built).

        The same query again (after a save, a change on disk): the highlight stays where it was.
        """
        self.search_panel.show_results(results, keep=results.query == self.shown_query, listing=listing)
        self.shown_query = results.query

    def show_done(self, query: str, done: int) -> None:
        self.search_panel.show_done(query, done)

    def show_error(self, message: str) -> None:
        self.search_panel.show_error(message)

    def show_progress(self, done: int, total: int) -> None:
        self.search_panel.show_progress(done, total)

    def show_mark(self, article_id: str, state: str | None) -> None:
        """Your mark on an article, said in its header if it is the one open."""
        if self.editor is not None and self.editor.article.id == article_id:
            self.article_panel.show_mark(state)

    def refresh_annotations(self, editor: ArticleEditor) -> None:
        """Redraw ``editor``'s annotations if it is the open article's."""
        if editor is self.editor:
            self.article_panel.refresh_annotations()

    def highlight(self, article_id: str) -> None:
        """Put the results' highlight on ``article_id`` if it is shown."""
        results = self.search_panel.results
        ids = [hit.article_id for hit in results.hits]
        if article_id in ids:
            results.highlighted = ids.index(article_id)

    async def use_looks(self, looks: TagLooks) -> None:
        """The tag set changed: results, legend, colours and tag keys follow it."""
        self.looks = looks
        self.search_panel.use_looks(looks)
        await self.article_panel.use_looks(looks)

    # -- watchers --

    def watch_article(self, shown: ShownArticle | None) -> None:
        if shown is None:
            return
        panel = self.article_panel
        panel.open(shown.editor, shown.prepared, shown.mark)
        panel.show_hits(shown.hits)
        viewer = panel.annotator
        if shown.cursor is not None:
            viewer.move_to(shown.cursor)
        viewer.focus()

    def watch_results_shown(self, shown: bool) -> None:
        self.search_panel.display = shown
        if not shown:
            self.set_focus(self.article_panel.annotator)

    # -- keys --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The search key is a priority key: inside a word of a text field it must be typed
        ("24/7"), not leave the field (``tui.app.focus``); in a note it is always typed.

        ("?" is typed in the search box before any binding sees it: a wildcard there.)
        """
        if action == "focus_search":
            focused = self.focused
            return not (slash_is_typed(focused) or (isinstance(focused, TextArea) and not focused.read_only))
        return True

    def action_focus_search(self) -> None:
        # Focus now, not after the keys already queued: "/x" typed in one burst (a paste, a
        # laggy link) must put the x in the search box, never act on the article.
        self.results_shown = True
        self.set_focus(self.search_panel.query_one("#query"))

    def action_focus_article(self) -> None:
        self.set_focus(self.article_panel.annotator)

    def action_toggle_results(self) -> None:
        self.results_shown = not self.results_shown

    def action_toggle_list(self) -> None:
        self.list_shown = not self.list_shown
        self.notify(
            "Annotation list shown" if self.list_shown else "Annotation list hidden (ctrl+l shows it)",
            timeout=2,
        )

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_sections(self.session.tag_set, user_keys(self.app))))

    def action_same_story(self) -> None:
        """Open the other copy of the story: of the highlighted result, else of the open article."""
        focused = self.focused
        current: str | None = None
        if isinstance(focused, ResultList) and (hit := focused.current_hit()) is not None:
            current = hit.article_id
        elif self.editor is not None:
            current = self.editor.article.id
        if current is None:
            self.notify("Open an article first: search on the left and press Enter", severity="warning")
            return
        copies = self.session.same_story.copies(current)
        if not copies:
            self.notify(
                f"No other copy of {current} is known (results say “same story as …”)", severity="warning"
            )
            return
        self.post_message(OpenArticle(copies[0], self.shown_query))

    # -- annotation projects --

    def _scope(self) -> tuple[str, str]:
        """The query whose results a project action works on, and those results in words."""
        query = self.shown_query
        if not query.strip():
            return query, "in every article"
        return query, f"in the articles “{' '.join(query.split())}” finds"

    def action_tag_all(self) -> None:
        """Ask for a phrase and a tag, then review every place the phrase occurs in the results."""
        viewer = self.article_panel.annotator
        query, scope = self._scope()
        phrase = viewer.selected_text if viewer.selected_text.strip() else phrase_of(self.typed_query)
        session = self.session

        def chosen(request: TagAllRequest | None) -> None:
            if request is None:
                return
            said = " ".join(request.phrase.split())
            how = "suggest" if request.suggest else "tag"
            title = f"Review: {how} every “{said}” {request.tag} {scope}"
            load = partial(
                review_places,
                session.workspace,
                session.index,
                query,
                request.phrase,
                request.tag,
                author=session.author,
                case_sensitive=request.case_sensitive,
                suggest=request.suggest,
            )
            self.app.push_screen(ReviewScreen(title, load, self.looks), self.reviewed)

        self.app.push_screen(TagAllDialog(phrase, scope, self.looks), chosen)

    def action_review_suggestions(self) -> None:
        query, scope = self._scope()
        load = partial(review_suggestions, self.session.store, self.session.index, query)
        self.app.push_screen(ReviewScreen(f"Review the suggestions {scope}", load, self.looks), self.reviewed)

    def reviewed(self, result: BatchResult | None) -> None:
        """A review screen closed: what it wrote is taken in by the app.

        The focus goes back where it was: typing meant for the search box stays there.
        """
        if result is not None:
            self.post_message(batch_written(result))

    def action_browse(self) -> None:
        self.browse(self.shown_query)

    def browse(self, query: str) -> None:
        """Open the annotation browser on ``query`` (over the report screen, when it asks)."""

        def chosen(choice: OpenAnnotation | None) -> None:
            if choice is not None:
                while self.app.screen is not self:
                    self.app.pop_screen()
                self.post_message(OpenArticle(choice.article_id, at=choice.annotation_id))

        session = self.session
        browser = AnnotationBrowser(
            session.store, session.index, query, self.looks, session.listing_cache, author=session.author
        )
        self.app.push_screen(browser, chosen)

    def action_report(self) -> None:
        if self.session.index is None:
            self.notify("The index is still being built: try again in a moment", severity="warning")
            return
        self.app.push_screen(ReportScreen(self.session.index, self.shown_query, self.browse))

    def action_next_unmarked(self) -> None:
        if self.session.index is None:
            self.notify("The index is still being built: try again in a moment", severity="warning")
            return
        ranked = [hit.article_id for hit in self.search_panel.results.hits]
        self.post_message(
            NextWanted(self.shown_query, ranked, self.editor.article.id if self.editor else None)
        )


def cursor_for(
    editor: ArticleEditor, hits: list[tuple[int, int]], hit: SearchHit | None, at: str | None
) -> int | None:
    """Where the cursor goes in an article just opened: on the annotation chosen (``at``), else on
    the first annotation the result matched, else on the first place the query matches."""
    chosen = editor.find(at) if at else None
    if chosen is not None and chosen.matches(editor.text):
        return chosen.start
    matching = [a for a in (hit.annotations if hit else ()) if a.matches(editor.text)]
    if matching:
        return matching[0].start
    return hits[0][0] if hits else None


def phrase_of(query: str) -> str:
    """The search box's phrase, for tag-all: its words (quotes dropped); '' if it has fields or operators."""
    words = query.replace('"', " ").split()
    if not words or any(
        ":" in word or word in ("AND", "OR", "NOT") or set(word) & set("*?()[]{}^'") for word in words
    ):
        return ""
    return " ".join(words)
