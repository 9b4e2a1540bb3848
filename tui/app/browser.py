"""Every annotation at a glance: one screen listing the annotations of the articles a query finds.

``F2`` opens it with the search box's query (empty: every annotated article).  The listing
is the core's ``list_annotations`` (read from the files, in a thread worker), shown by the
table screen base (``tui.app.annotation_table_screen``: rows made only when painted, so
showing or sorting 10,000 annotations costs next to nothing once they are read).  Each row:
tag, the quote in its stored context, note (on a wide screen), author, article title; the
note and the details of the highlighted row are under the list.  A settled copy (the
agreed version an adjudicator took from two annotators) says so, and from whom.

- ``o`` sorts again (article and place, tag, author, newest, oldest, quote) in memory;
  ``s`` shows accepted annotations, suggestions, or both (also in memory).
- ``Enter`` opens the article with the cursor on the span.
- ``space`` selects or unselects the highlighted row (the cursor stays; ``ctrl+a`` every
  row); ``t`` retags and ``x`` deletes the selected rows (or the highlighted one), ``A`` and
  ``R`` accept or reject selected suggestions.  Retagging or deleting annotations by other
  people says whose they are and asks once.  Each change is one batch
  (``tui.project.batch``): one write per article, and one step ``U`` takes back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Input

from tui.agreement.adjudication import settled_sources
from tui.annotations.model import SUGGESTED, Annotation
from tui.annotations.store import AnnotationStore
from tui.app.annotation_table_screen import AnnotationTableScreen, Column, Rows
from tui.app.confirm import Confirm, whose
from tui.app.dialogs import TagDialog
from tui.app.messages import batch_written
from tui.app.render import settled_label, shown
from tui.app.table import cell, in_context
from tui.app.tags import TagLooks
from tui.project.annotation_listing import (
    ACCEPTED,
    ALL,
    ListedAnnotation,
    ListingCache,
    ListingFilter,
    list_annotations,
    sort_entries,
)
from tui.project.batch import BatchResult, Edit, edit
from tui.project.reviewing import articles_of
from tui.search import CorpusIndex
from tui.text.width import cell_width

SORT_NAMES = {
    "article": "article and place",
    "tag": "tag",
    "author": "author",
    "newest": "newest first",
    "oldest": "oldest first",
    "quote": "quote",
}
STATUS_NAMES = {
    ACCEPTED: "accepted annotations",
    SUGGESTED: "suggestions",
    ALL: "annotations and suggestions",
}
SELECTED = "●"


@dataclass(frozen=True)
class OpenAnnotation:
    """What the browser was closed for: open this article with the cursor on this annotation."""

    article_id: str
    annotation_id: str


class AnnotationBrowser(AnnotationTableScreen[ListedAnnotation, OpenAnnotation | None]):
    """The annotations of the articles a query finds: select, retag, delete, accept, reject, open."""

    DEFAULT_CSS = "AnnotationBrowser > #browser-query { margin: 0; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash", "focus_query", "Query", show=False, tooltip="Go to the query box", id="browser.query"
        ),
        Binding(
            "space", "select", "Select", tooltip="Select or unselect the highlighted row", id="browser.select"
        ),
        Binding(
            "ctrl+a",
            "select_all",
            "All",
            show=False,
            tooltip="Select every row (again: none)",
            id="browser.select_all",
        ),
        Binding("t", "retag", "Retag", tooltip="Change the tag of the selected rows", id="browser.retag"),
        Binding("x,delete", "delete", "Delete", tooltip="Delete the selected rows", id="browser.delete"),
        Binding(
            "A",
            "suggestions('accept')",
            "Accept",
            show=False,
            tooltip="Accept the selected suggestions",
            id="browser.accept",
        ),
        Binding(
            "R",
            "suggestions('reject')",
            "Reject",
            show=False,
            tooltip="Reject (delete) the selected suggestions",
            id="browser.reject",
        ),
        Binding(
            "o",
            "sort",
            "Sort",
            tooltip="Sort by the next order: article, tag, author, time, quote",
            id="browser.sort",
        ),
        Binding(
            "s",
            "filter",
            "Status",
            tooltip="Show accepted annotations, suggestions or both",
            id="browser.status",
        ),
        Binding(
            "escape", "close", "Close", tooltip="Close the list (back to the article)", id="browser.close"
        ),
    ]
    SORTS: ClassVar[dict[str, str]] = SORT_NAMES
    FILTERS: ClassVar[dict[str, str]] = STATUS_NAMES
    LOADING = "Reading the annotation files…"

    def __init__(
        self,
        store: AnnotationStore,
        index: CorpusIndex | None,
        query: str,
        looks: TagLooks,
        cache: ListingCache | None = None,
        *,
        author: str,
    ) -> None:
        """``cache`` keeps parsed files and titles between listings (the app keeps one for the session).

        ``author`` is whoever uses the app: changing anyone else's annotations asks first.
        """
        super().__init__(looks, cache.titles if cache is not None else None)
        self.store = store
        self.index = index
        self.query_text = query
        self.cache = cache
        self.author = author
        self.selected: set[str] = set()
        #: Whose annotations each settled copy was taken from, by the copy's id.
        self._settled: dict[str, tuple[str, ...]] = {}

    @property
    def entries(self) -> tuple[ListedAnnotation, ...]:
        """The rows shown, in their order."""
        return self.shown

    def compose_top(self) -> ComposeResult:
        yield Input(
            self.query_text,
            placeholder="Query: which articles' annotations (empty: all)",
            id="browser-query",
            classes="table-top",
            compact=True,
        )

    def on_mount(self) -> None:
        self.row_list.focus()
        super().on_mount()

    # -- the rows --

    def load(self) -> Rows[ListedAnnotation]:
        query = self.query_text
        workspace = self.store.workspace
        ids = articles_of(workspace, self.index, query) if query.strip() else None
        listing = list_annotations(workspace, ListingFilter(status=ALL, article_ids=ids), cache=self.cache)
        return Rows(workspace, listing.entries, tuple(str(problem) for problem in listing.problems))

    def took(self, rows: Rows[ListedAnnotation]) -> bool:
        self.selected &= {entry.annotation.id for entry in rows.rows}
        by_article: dict[str, list[Annotation]] = defaultdict(list)
        for entry in rows.rows:
            by_article[entry.article_id].append(entry.annotation)
        self._settled = {}
        for of_article in by_article.values():
            for annotation in of_article:
                sources = settled_sources(annotation, of_article)
                if sources is not None:
                    self._settled[annotation.id] = sources
        return True

    def row_key(self, row: ListedAnnotation) -> str:
        return row.annotation.id

    def article_of(self, row: ListedAnnotation) -> str:
        return row.article_id

    def sort_rows(self, rows: Sequence[ListedAnnotation], sort: str) -> Sequence[ListedAnnotation]:
        return sort_entries(rows, sort, self.store.tag_set.names)

    def keeps(self, row: ListedAnnotation, chosen: str) -> bool:
        return ListingFilter(status=chosen).keeps(row.annotation)

    def columns(self, width: int) -> list[Column[ListedAnnotation]]:
        wide = width >= 100
        columns: list[Column[ListedAnnotation]] = [
            Column("", 1, self._mark),
            Column("tag", 9, self._tag),
            Column("quote in its context", None, self._place_cell),
        ]
        if wide:
            columns.append(Column("note", 16, lambda row, _: cell(row.annotation.note, "italic")))
        authors = max((cell_width(self.who(row.annotation, short=True)) for row in self.shown), default=6)
        return [
            *columns,
            Column("author", min(24 if wide else 8, max(6, authors)), self._author),
            Column("article", 26 if wide else 16, self.article_cell),
        ]

    def _mark(self, row: ListedAnnotation, width: int) -> Text:
        return Text(SELECTED if row.annotation.id in self.selected else " ", style="bold", end="")

    def _tag(self, row: ListedAnnotation, width: int) -> Text:
        a = row.annotation
        suggested = a.status == SUGGESTED
        return cell(a.tag + ("?" if suggested else ""), self.tag_style(a.tag, suggested))

    def _place_cell(self, row: ListedAnnotation, width: int) -> Text:
        a = row.annotation
        return in_context(a.prefix, a.quote, a.suffix, width, self.tag_style(a.tag, a.status == SUGGESTED))

    def _author(self, row: ListedAnnotation, width: int) -> Text:
        """The author; a settled copy's as ``maintainers ⇐ wei, lin``, or ``⇐ wei, lin`` when narrow."""
        said = self.who(row.annotation, short=True)
        sources = self._settled.get(row.annotation.id)
        if sources is not None and cell_width(said) > width:
            said = "⇐ " + ", ".join(sources)
        return cell(said, "dim")

    def who(self, annotation: Annotation, *, short: bool = False) -> str:
        """The author, and for a settled copy whom it was taken from."""
        sources = self._settled.get(annotation.id)
        return (
            annotation.author if sources is None else settled_label(annotation.author, sources, short=short)
        )

    def preview(self, row: ListedAnnotation) -> Content:
        a = row.annotation
        said = f"{a.tag}" + (" (suggested)" if a.status == SUGGESTED else "")
        said += f" · {self.who(a)} · {a.created:%Y-%m-%d} · {self.title_of(row.article_id)}"
        said += f" [{row.article_id} {a.start}-{a.end}]"
        note = (
            Content.styled(shown(" ".join(a.note.split())), "italic")
            if a.note
            else Content.styled("no note", "dim")
        )
        return Content("\n").join([Content.styled(shown(said), "dim"), note])

    def status_parts(self) -> list[str]:
        parts = super().status_parts()
        selected = len(self._chosen_rows()) if self.selected else 0  # those shown: what t and x change
        if selected:
            parts.append(f"{selected:,} selected")
        if self.problems:
            parts.append(f"{len(self.problems)} file(s) not read (glossator check)")
        return parts

    def chosen(self, row: ListedAnnotation) -> None:
        self.dismiss(OpenAnnotation(row.article_id, row.annotation.id))

    @on(Input.Submitted, "#browser-query")
    def _query(self, event: Input.Submitted) -> None:
        self.query_text = event.value
        self.row_list.focus()
        self.reload()

    # -- keys --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("select", "select_all", "retag", "delete", "suggestions"):
            return bool(self.shown) and not self.writing
        return True

    def action_focus_query(self) -> None:
        self.query_one("#browser-query", Input).focus()

    def action_select(self) -> None:
        """Select or unselect the highlighted row; the cursor stays where it is."""
        row = self.current()
        if row is None:
            return
        self.selected ^= {row.annotation.id}
        self.refresh_row(row)
        self.show_status()

    def action_select_all(self) -> None:
        everything = {entry.annotation.id for entry in self.shown}
        self.selected = set() if self.selected >= everything else everything
        self.fill(self.current_key())

    def action_close(self) -> None:
        if self.query_one("#browser-query", Input).has_focus:
            self.row_list.focus()
            return
        self.dismiss(None)

    def _chosen_rows(self) -> list[ListedAnnotation]:
        """The selected rows, or the highlighted one when none is selected."""
        if self.selected:
            return [entry for entry in self.shown if entry.annotation.id in self.selected]
        row = self.current()
        return [] if row is None else [row]

    def _if_theirs(self, doing: str, rows: list[ListedAnnotation], then: Callable[[], None]) -> None:
        """Run ``then``, after asking once when some of ``rows`` are other people's annotations."""
        theirs = [entry.annotation.author for entry in rows if entry.annotation.author != self.author]
        if not theirs:
            then()
            return
        mine = len(rows) - len(theirs)
        yours = f" ({mine:,} of them yours)" if mine else ""
        question = (
            f"You are about to {doing} {len(rows):,} annotation(s){yours}; {len(theirs):,} by someone else: "
            f"{whose(theirs)}. U takes the change back."
        )
        self.app.push_screen(
            Confirm("Other people's annotations", question, doing), lambda yes: then() if yes else None
        )

    def action_retag(self) -> None:
        chosen = self._chosen_rows()
        if not chosen:
            return

        def retag(tag: str | None) -> None:
            if tag is None:
                return
            changing = [e for e in chosen if e.annotation.tag != tag]
            edits: list[tuple[ListedAnnotation, Annotation | None]] = [
                (e, replace(e.annotation, tag=tag)) for e in changing
            ]
            self._if_theirs(
                f"retag as {tag}",
                changing,
                lambda: self._edit(f"retagged {len(edits)} annotation(s) {tag}", edits),
            )

        self.app.push_screen(TagDialog.for_tags(self.looks)(chosen[0].annotation.tag), retag)

    def action_delete(self) -> None:
        chosen = self._chosen_rows()
        self._if_theirs(
            "delete",
            chosen,
            lambda: self._edit(f"deleted {len(chosen)} annotation(s)", [(entry, None) for entry in chosen]),
        )

    def action_suggestions(self, decision: str) -> None:
        chosen = [entry for entry in self._chosen_rows() if entry.annotation.status == SUGGESTED]
        if not chosen:
            self.notify(
                "None of the selected rows is a suggestion (s shows the suggestions)", severity="warning"
            )
            return
        if decision == "accept":
            edits: list[tuple[ListedAnnotation, Annotation | None]] = [
                (e, replace(e.annotation, status="")) for e in chosen
            ]
            self._edit(f"accepted {len(edits)} suggestion(s)", edits)
        else:
            self._edit(f"rejected {len(chosen)} suggestion(s)", [(entry, None) for entry in chosen])

    def _edit(self, message: str, changes: Sequence[tuple[ListedAnnotation, Annotation | None]]) -> None:
        edits: dict[str, list[Edit]] = {}
        for entry, new in changes:
            edits.setdefault(entry.article_id, []).append((entry.annotation, new))
        if edits:
            store = self.store
            self.write("Saving…", lambda: edit(store, message, edits))

    def written(self, result: BatchResult) -> None:
        self.selected.clear()
        # The app takes it in (editors reload, the index catches up, U can take it back).
        self.post_message(batch_written(result))
        self.reload()
