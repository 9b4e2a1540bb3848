"""The open article's annotations: tag, quote, note, author.

The highlighted entry follows the article's cursor (the annotation under it, else the last
one before it), and moving in the list moves the cursor.  The keys that change an
annotation in the article work here on the highlighted one; ``a``, ``k``, ``A`` and ``R``
are offered only where they apply (an orphan or a proposed new place; a merge conflict; a
suggestion, listed as such).  A settled copy (the agreed version an adjudicator took from
two annotators) is listed as settled, from whom.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.agreement.adjudication import settled_sources
from tui.annotations.editing import ArticleEditor
from tui.annotations.model import SUGGESTED
from tui.app.render import annotation_content
from tui.app.tags import TagLooks

#: A list this long is read by no one and costs seconds to lay out; ] and [ reach the rest.
MAX_LISTED = 1000
#: The most lines the list takes (with its top border), however tall the terminal.
MAX_HEIGHT = 16
EMPTY_HINT = "No annotations yet: select text (shift+arrows, mouse, v), then a tag's key"
UNREADABLE_HINT = "The annotation file could not be read: see the problem above the article"


class AnnotationList(OptionList):
    DEFAULT_CSS = """
    AnnotationList {
        /* A share of the height, not "auto": auto measures every option (0.4 s at 2,000). */
        height: 25%;
        min-height: 4;
        max-height: 16;  /* MAX_HEIGHT */
        border: none;
        border-top: solid $surface-lighten-2;
        padding: 0;
        /* One line per annotation, so a small list still shows several. */
        text-wrap: nowrap;
        text-overflow: ellipsis;
        &:focus { border: none; border-top: solid $primary; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "n",
            "act('note')",
            "Note",
            tooltip="Edit the note of the highlighted annotation",
            id="annotations.note",
        ),
        Binding(
            "t",
            "act('retag')",
            "Retag",
            tooltip="Change the tag of the highlighted annotation",
            id="annotations.retag",
        ),
        Binding(
            "x",
            "act('remove')",
            "Remove",
            tooltip="Remove the highlighted annotation",
            id="annotations.remove",
        ),
        Binding("delete", "act('remove')", "Remove", show=False, id="annotations.remove_delete"),
        Binding(
            "a",
            "act('attach')",
            "Attach",
            tooltip="Attach the highlighted orphan to the selection, or accept its proposed new place",
            id="annotations.attach",
        ),
        Binding(
            "A",
            "act('accept')",
            "Accept",
            show=False,
            tooltip="Accept the highlighted suggestion",
            id="annotations.accept",
        ),
        Binding(
            "R",
            "act('reject')",
            "Reject",
            show=False,
            tooltip="Reject (delete) the highlighted suggestion",
            id="annotations.reject",
        ),
        Binding(
            "k",
            "act('keep')",
            "Keep this version",
            tooltip="Keep this version of a merge conflict",
            id="annotations.keep",
        ),
    ]

    @dataclass
    class Chosen(Message):
        annotation_id: str

    @dataclass
    class Highlighted(Message):
        """The user moved the highlight (the article's cursor follows)."""

        annotation_id: str

    @dataclass
    class ActionRequested(Message):
        """A key asked for a change to the highlighted annotation: note, retag, remove, attach, keep,
        accept or reject (a suggestion)."""

        annotation_id: str
        action: str

    def __init__(self, looks: TagLooks | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.looks = looks or TagLooks.default()
        self._ids: list[str] = []
        self._starts: list[int] = []
        self._index: dict[str, int] = {}
        self._attachable: set[str] = set()
        self._conflicted: set[str] = set()
        self._suggested: set[str] = set()
        #: Whether the article has a selection (``a`` then attaches to it).
        self.selection = False

    def show(self, editor: ArticleEditor) -> None:
        """Anchored annotations in text order, then orphans (kept, shown as not found)."""
        self._conflicted = {a.id for a in editor.conflicts()}
        self._suggested = {a.id for a in editor.annotations if a.status == SUGGESTED}
        anchored = editor.anchored()
        orphans = editor.orphans()
        listed = [*anchored, *orphans][:MAX_LISTED]
        count = len(anchored) + len(orphans)
        orphan_ids = {a.id for a in orphans}
        self._attachable = orphan_ids | set(editor.proposals)
        options = [
            Option(
                annotation_content(
                    a,
                    self.looks,
                    orphan=a.id in orphan_ids,
                    conflict=a.id in self._conflicted,
                    proposal=editor.text[found.start : found.end]
                    if (found := editor.proposals.get(a.id))
                    else None,
                    settled=settled_sources(a, editor.annotations),
                ),
                id=a.id,
            )
            for a in listed
        ]
        if count > MAX_LISTED:
            more = f"… and {count - MAX_LISTED:,} more: move between them in the text with ] and ["
            options.append(Option(Content.styled(more, "dim italic"), disabled=True))
        highlighted = self.highlighted
        if not options:
            hint = UNREADABLE_HINT if editor.loaded.problems and not editor.writable else EMPTY_HINT
            options = [Option(Content.styled(hint, "dim italic"), disabled=True)]
        self._ids = [a.id for a in listed]
        self._index = {annotation_id: number for number, annotation_id in enumerate(self._ids)}
        self._starts = [a.start for a in anchored[:MAX_LISTED]]
        self.set_options(options)
        # A share of the height at most, but no taller than its lines: no blank rows under a short list.
        self.styles.max_height = min(MAX_HEIGHT, len(options) + 1)
        if self._ids:
            self.highlighted = min(highlighted or 0, len(self._ids) - 1)
        self.border_title = f"Annotations ({count})"

    def follow(self, offset: int, under_cursor: str | None) -> None:
        """Highlight the annotation under the article's cursor, else the last one before it."""
        if self.has_focus or not self._ids:
            return
        index = self._index.get(under_cursor) if under_cursor else None
        if index is None:
            index = max(0, bisect_right(self._starts, offset) - 1) if self._starts else None
        if index is not None and index != self.highlighted:
            self.highlighted = index

    def highlighted_id(self) -> str | None:
        index = self.highlighted
        if index is None or index >= len(self._ids):
            return None
        return self._ids[index]

    # -- keys --

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "act":
            return True
        annotation_id = self.highlighted_id()
        if annotation_id is None:
            return False
        what = parameters[0] if parameters else ""
        if what == "attach":
            return annotation_id in self._attachable or self.selection
        if what == "keep":
            return annotation_id in self._conflicted
        if what in ("accept", "reject"):
            return annotation_id in self._suggested
        return True

    def action_act(self, what: str) -> None:
        annotation_id = self.highlighted_id()
        if annotation_id is not None:
            self.post_message(self.ActionRequested(annotation_id, what))

    # The user's moves in the list (not the ones that follow the article's cursor) move the cursor.

    def action_cursor_up(self) -> None:
        super().action_cursor_up()
        self._moved()

    def action_cursor_down(self) -> None:
        super().action_cursor_down()
        self._moved()

    def action_page_up(self) -> None:
        super().action_page_up()  # type: ignore[no-untyped-call]
        self._moved()

    def action_page_down(self) -> None:
        super().action_page_down()  # type: ignore[no-untyped-call]
        self._moved()

    def action_first(self) -> None:
        super().action_first()
        self._moved()

    def action_last(self) -> None:
        super().action_last()
        self._moved()

    def _moved(self) -> None:
        self.refresh_bindings()  # a and k are offered only where they apply
        annotation_id = self.highlighted_id()
        if annotation_id is not None:
            self.post_message(self.Highlighted(annotation_id))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
