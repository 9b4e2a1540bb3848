"""Every annotation at a glance: one screen listing the annotations of the articles a query finds.

``F2`` opens it with the search box's query (empty: every annotated article).  The listing
is the core's ``list_annotations`` (read from the files, in a thread worker), shown in one
``RowList`` (``tui.app.table``) whose rows are made only when painted, so showing or sorting
10,000 annotations costs next to nothing once they are read.  Each row: tag, the quote in
its stored context, note (on a wide screen; else under the list), author, article.

- ``o`` sorts again (article and place, tag, author, newest, oldest, quote) in memory;
  ``s`` shows accepted annotations, suggestions, or both.
- ``Enter`` opens the article with the cursor on the span.
- ``space`` selects rows (``ctrl+a`` every row); ``t`` retags and ``x`` deletes the selected
  rows (or the highlighted one), ``A`` and ``R`` accept or reject selected suggestions.
  Each is one batch (``tui.project.batch``): one write per article, and one step ``U`` takes back.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tui.app.dialogs import TagDialog
from tui.app.messages import batch_written
from tui.app.render import plain, shown
from tui.app.table import RowList, cell, fit_widths, header, in_context
from tui.app.tags import TagLooks
from tui.errors import GlossatorError
from tui.project.annotation_listing import (
    ACCEPTED,
    SORT_CHOICES,
    STATUS_CHOICES,
    ListedAnnotation,
    ListingCache,
    ListingFilter,
    list_annotations,
    sort_entries,
)
from tui.project.batch import BatchResult, Edit, edit
from tui.project.review import articles_of
from tui.search import CorpusIndex, QueryError
from tui.store import SUGGESTED, Annotation, AnnotationStore

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
    "all": "annotations and suggestions",
}
SELECTED = "●"


@dataclass(frozen=True)
class OpenAnnotation:
    """What the browser was closed for: open this article with the cursor on this annotation."""

    article_id: str
    annotation_id: str


class AnnotationBrowser(Screen[OpenAnnotation | None]):
    DEFAULT_CSS = """
    AnnotationBrowser > #browser-query { margin: 0; }
    AnnotationBrowser > #browser-status { height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; }
    AnnotationBrowser > #browser-header { height: 1; background: $surface; }
    AnnotationBrowser > RowList { height: 1fr; }
    AnnotationBrowser > #browser-preview { height: 2; padding: 0 1; border-top: solid $surface-lighten-2; }
    """
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
            "status",
            "Status",
            tooltip="Show accepted annotations, suggestions or both",
            id="browser.status",
        ),
        Binding(
            "escape", "close", "Close", tooltip="Close the list (back to the article)", id="browser.close"
        ),
    ]

    @dataclass
    class Listed(Message):
        generation: int
        entries: tuple[ListedAnnotation, ...]
        problems: int
        seconds: float

    @dataclass
    class ListFailed(Message):
        generation: int
        reason: str

    @dataclass
    class Edited(Message):
        result: BatchResult

    def __init__(
        self,
        store: AnnotationStore,
        index: CorpusIndex | None,
        query: str,
        looks: TagLooks,
        cache: ListingCache | None = None,
    ) -> None:
        """``cache`` keeps parsed files between listings (the app keeps one for the session)."""
        super().__init__()
        self.store = store
        self.index = index
        self.query_text = query
        self.looks = looks
        self.cache = cache
        self.status = ACCEPTED
        self.sort = "article"
        self.entries: tuple[ListedAnnotation, ...] = ()
        self.selected: set[str] = set()
        self._problems = 0
        self._notes = False
        self._context_width = 40
        self._styles: dict[str, Style] = {}
        self._suggested_styles: dict[str, Style] = {}
        self._generation = 0
        self._started = time.perf_counter()
        #: Seconds from asking for a listing to the table filled (for the benchmark).
        self.listed_in: float | None = None

    def compose(self) -> ComposeResult:
        yield Input(
            self.query_text,
            placeholder="Query: which articles' annotations (empty: all)",
            id="browser-query",
            compact=True,
        )
        yield Static(id="browser-status")
        yield Static(id="browser-header")
        yield RowList(id="browser-list")
        yield Static(id="browser-preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(RowList).focus()
        self.reload()

    # -- listing --

    def reload(self) -> None:
        """List again from the files (after a change, or a new query or status)."""
        self._generation += 1
        self._started = time.perf_counter()
        self.query_one("#browser-status", Static).update(plain("Reading the annotation files…"))
        self._list(self._generation, self.query_text, self.status)

    @work(thread=True, exclusive=True, group="browser", exit_on_error=False)
    def _list(self, generation: int, query: str, status: str) -> None:
        started = time.perf_counter()
        try:
            ids = articles_of(self.store.workspace, self.index, query) if query.strip() else None
            chosen = ListingFilter(status=status, article_ids=ids)
            listing = list_annotations(self.store.workspace, chosen, cache=self.cache)
        except (GlossatorError, QueryError, OSError) as error:
            self.post_message(self.ListFailed(generation, str(error)))
            return
        self.post_message(
            self.Listed(generation, listing.entries, len(listing.problems), time.perf_counter() - started)
        )

    @on(ListFailed)
    def _list_failed(self, event: ListFailed) -> None:
        if event.generation == self._generation:
            self.query_one("#browser-status", Static).update(plain(event.reason))

    @on(Listed)
    def _listed(self, event: Listed) -> None:
        if event.generation != self._generation:
            return
        current = self._current()
        self.entries = sort_entries(event.entries, self.sort, self.store.tag_set.names)
        self.selected &= {entry.annotation.id for entry in self.entries}
        self._problems = event.problems
        self._fill(current)
        self.listed_in = time.perf_counter() - self._started

    def _columns(self) -> list[tuple[str, int | None]]:
        width = self.query_one(RowList).size.width or self.app.size.width
        columns: list[tuple[str, int | None]] = [("", 1), ("tag", 9), ("quote in its context", None)]
        if width >= 100:
            columns.append(("note", 16))
        return [*columns, ("author", 10 if width >= 100 else 8), ("article", 20 if width >= 100 else 14)]

    def _fill(self, keep: str | None = None) -> None:
        """Lay the rows out for the screen's width; ``keep`` (an annotation id) stays highlighted."""
        rows = self.query_one(RowList)
        columns = self._columns()
        widths = fit_widths(rows.size.width or self.app.size.width, [width for _, width in columns])
        self.query_one("#browser-header", Static).update(header([label for label, _ in columns], widths))
        self._notes = any(label == "note" for label, _ in columns)
        self._context_width = widths[2]
        variables = self.app.theme_variables
        tags = {e.annotation.tag for e in self.entries}
        self._styles = {tag: self.looks.rich_style(tag, variables) for tag in tags}
        self._suggested_styles = {tag: self.looks.rich_style(tag, variables, suggested=True) for tag in tags}
        if keep is not None:
            ids = [entry.annotation.id for entry in self.entries]
            if keep in ids:
                rows.cursor_row = ids.index(keep)
        rows.show(len(self.entries), self._cells, widths)
        self._show_status()
        self._preview()

    def _cells(self, row: int) -> list[Text]:
        entry = self.entries[row]
        a = entry.annotation
        suggested = a.status == SUGGESTED
        style = self._suggested_styles[a.tag] if suggested else self._styles[a.tag]
        cells = [
            self._mark(a.id),
            cell(a.tag + ("?" if suggested else ""), style),
            in_context(a.prefix, a.quote, a.suffix, self._context_width, style),
        ]
        if self._notes:
            cells.append(cell(a.note, "italic"))
        return [*cells, cell(a.author, "dim"), cell(entry.article_id, "dim")]

    def _mark(self, annotation_id: str) -> Text:
        return Text(SELECTED if annotation_id in self.selected else " ", style="bold", end="")

    def _current(self) -> str | None:
        row = self.query_one(RowList).cursor_row
        return self.entries[row].annotation.id if 0 <= row < len(self.entries) else None

    def _show_status(self) -> None:
        count = len(self.entries)
        parts = [f"{count:,} {STATUS_NAMES[self.status]}", f"by {SORT_NAMES[self.sort]}"]
        if self.selected:
            parts.append(f"{len(self.selected):,} selected")
        if self._problems:
            parts.append(f"{self._problems} file(s) not read (glossator check)")
        self.query_one("#browser-status", Static).update(plain(" · ".join(parts)))

    def on_resize(self) -> None:
        if self.entries:
            self._fill()

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        self._preview()

    def _preview(self) -> None:
        row = self.query_one(RowList).cursor_row
        preview = self.query_one("#browser-preview", Static)
        if not 0 <= row < len(self.entries):
            preview.update("")
            return
        entry = self.entries[row]
        a = entry.annotation
        said = f"{entry.article_id} {a.start}-{a.end} · {a.tag}"
        said += " (suggested)" if a.status == SUGGESTED else ""
        said += f" · {a.author} · {a.created:%Y-%m-%d}"
        note = (
            Content.styled(shown(" ".join(a.note.split())), "italic")
            if a.note
            else Content.styled("no note", "dim")
        )
        preview.update(Content("\n").join([Content.styled(shown(said), "dim"), note]))

    @on(Input.Submitted, "#browser-query")
    def _query(self, event: Input.Submitted) -> None:
        self.query_text = event.value
        self.query_one(RowList).focus()
        self.reload()

    @on(RowList.Chosen)
    def _open(self, event: RowList.Chosen) -> None:
        row = event.row
        if 0 <= row < len(self.entries):
            entry = self.entries[row]
            self.dismiss(OpenAnnotation(entry.article_id, entry.annotation.id))

    # -- keys --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("select", "select_all", "retag", "delete", "suggestions"):
            return bool(self.entries)
        return True

    def action_focus_query(self) -> None:
        self.query_one("#browser-query", Input).focus()

    def action_select(self) -> None:
        rows = self.query_one(RowList)
        current = self._current()
        if current is None:
            return
        self.selected ^= {current}
        rows.refresh_row(rows.cursor_row)
        rows.move_cursor(rows.cursor_row + 1)
        self._show_status()

    def action_select_all(self) -> None:
        everything = {entry.annotation.id for entry in self.entries}
        self.selected = set() if self.selected >= everything else everything
        self._fill(self._current())

    def action_sort(self) -> None:
        self.sort = SORT_CHOICES[(SORT_CHOICES.index(self.sort) + 1) % len(SORT_CHOICES)]
        current = self._current()
        self.entries = sort_entries(self.entries, self.sort, self.store.tag_set.names)
        self._fill(current)

    def action_status(self) -> None:
        self.status = STATUS_CHOICES[(STATUS_CHOICES.index(self.status) + 1) % len(STATUS_CHOICES)]
        self.reload()

    def action_close(self) -> None:
        if self.query_one("#browser-query", Input).has_focus:
            self.query_one(RowList).focus()
            return
        self.dismiss(None)

    def _chosen(self) -> list[ListedAnnotation]:
        """The selected rows, or the highlighted one when none is selected."""
        if self.selected:
            return [entry for entry in self.entries if entry.annotation.id in self.selected]
        row = self.query_one(RowList).cursor_row
        return [self.entries[row]] if 0 <= row < len(self.entries) else []

    def action_retag(self) -> None:
        chosen = self._chosen()
        if not chosen:
            return

        def retag(tag: str | None) -> None:
            if tag is None:
                return
            edits: list[tuple[ListedAnnotation, Annotation | None]] = [
                (e, replace(e.annotation, tag=tag)) for e in chosen if e.annotation.tag != tag
            ]
            self._edit(f"retagged {len(edits)} annotation(s) {tag}", edits)

        self.app.push_screen(TagDialog.for_tags(self.looks)(chosen[0].annotation.tag), retag)

    def action_delete(self) -> None:
        chosen = self._chosen()
        self._edit(f"deleted {len(chosen)} annotation(s)", [(entry, None) for entry in chosen])

    def action_suggestions(self, decision: str) -> None:
        chosen = [entry for entry in self._chosen() if entry.annotation.status == SUGGESTED]
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
            self.query_one("#browser-status", Static).update(plain("Saving…"))
            self._write(message, edits)

    @work(thread=True, exclusive=True, group="browser-write", exit_on_error=False)
    def _write(self, message: str, edits: dict[str, list[Edit]]) -> None:
        self.post_message(self.Edited(edit(self.store, message, edits)))

    @on(Edited)
    def _edited(self, event: Edited) -> None:
        result = event.result
        self.selected.clear()
        # The app takes it in (editors reload, the index catches up, U can take it back).
        self.post_message(batch_written(result))
        self.reload()
