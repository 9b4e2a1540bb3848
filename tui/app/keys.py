"""Every key of the app, by where it works: one source for the help screen and the key table
of ``tui/docs/keys.md`` (a test compares the file with ``docs_rows``), with the keys in force.

The keys are read from the bindings themselves (the app's, the main screen's, the search
box's, the viewer's, the annotator's, the tag set's, the annotation list's, the article
panel's, and those of the review screen, the comparison bar and the annotation browser),
grouped by action, so the help can never list a key that does nothing or miss one that
does something.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import key_to_character

from tui.workspace.tagset import TagSet

#: Keys whose README spelling is not the key's name.
_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "delete": "Delete",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "tab": "Tab",
    "slash": "/",
    "space": "Space",
    "plus": "+",
    "minus": "-",
}


def key_name(key: str) -> str:
    """How the help and the README write a key: ``F1``, ``ctrl+p``, ``shift+←``, ``]``, ``PgDn``."""
    *modifiers, base = key.split("+")
    if base in _NAMES:
        name = _NAMES[base]
    elif len(base) > 1 and base[0] == "f" and base[1:].isdigit():
        name = base.upper()
    elif len(base) == 1:
        name = base
    else:
        character = key_to_character(base)
        name = character if character is not None and character.isprintable() else base
    return "+".join([*modifiers, name])


@dataclass(frozen=True)
class Key:
    """One action and every key bound to it."""

    keys: tuple[str, ...]
    description: str
    #: What the command palette and tooltips say (longer than the footer's description).
    long_description: str
    action: str = ""
    #: The ids of its bindings (what a user keymap names).
    ids: tuple[str, ...] = ()

    @property
    def shown_keys(self) -> str:
        return " ".join(key_name(key) for key in self.keys)


def keys_of(bindings: Iterable[BindingType], keymap: Mapping[str, str] | None = None) -> list[Key]:
    """Bindings grouped by action (several keys for one action: x and Delete), in their order,
    each with the keys in force: the user keymap's for a binding it names (``tui.app.keymap``)."""
    keymap = keymap or {}
    grouped: dict[str, tuple[list[str], list[str], Binding]] = {}
    for binding in Binding.make_bindings(bindings):
        keys, ids, _ = grouped.setdefault(binding.action, ([], [], binding))
        remapped = binding.id is not None and binding.id in keymap
        if binding.id is not None and binding.id in ids:
            if not remapped:
                keys.append(binding.key)
            continue
        keys.extend(keymap[binding.id].split(",") if binding.id is not None and remapped else [binding.key])
        if binding.id is not None:
            ids.append(binding.id)
    return [
        Key(
            tuple(keys),
            first.description,
            first.tooltip or first.description,
            first.action,
            ids=tuple(ids),
        )
        for keys, ids, first in grouped.values()
    ]


def sections(tag_set: TagSet, keymap: Mapping[str, str] | None = None) -> list[tuple[str, list[Key]]]:
    """(where, keys) for every place keys work, in the order a new user meets them, with the
    keys in force (the user ``keymap``'s where it names a binding)."""
    from tui.app.annotation_list import AnnotationList
    from tui.app.annotator import Annotator, tag_bindings
    from tui.app.app import GlossatorApp
    from tui.app.article_panel import ArticlePanel
    from tui.app.article_view import ArticleView
    from tui.app.browser import AnnotationBrowser
    from tui.app.compare import ComparisonBar
    from tui.app.dialogs import NoteDialog
    from tui.app.main_screen import MainScreen
    from tui.app.review_screen import ReviewScreen
    from tui.app.search_panel import SearchPanel
    from tui.app.status_messages import StatusMessages

    def _keys(bindings: Iterable[BindingType]) -> list[Key]:
        return keys_of(bindings, keymap)

    main = {key.action: key for key in _keys(MainScreen.BINDINGS)}
    anywhere = {key.action: key for key in _keys(GlossatorApp.BINDINGS)}
    palette = Key(("ctrl+p",), "Command palette", "Command palette: every action by name", "command_palette")
    app = [
        *(main[action] for action in ("focus_search", "focus_article", "help")),
        palette,
        *(main[action] for action in ("toggle_results", "toggle_list", "same_story")),
        anywhere["save_now"],
        anywhere["quit"],
        *_keys(StatusMessages.BINDINGS),
    ]
    viewer = {key.action: key for key in _keys(ArticleView.BINDINGS)}
    annotator = _keys(Annotator.BINDINGS)
    panel = {key.action: key for key in _keys(ArticlePanel.BINDINGS)}
    review = [
        replace(key, keys=(*key.keys, "enter")) if key.action == "flip" else key
        for key in _keys(ReviewScreen.BINDINGS)
    ]

    def pick(*actions: str) -> list[Key]:
        return [viewer[action] for action in actions]

    return [
        ("anywhere", app),
        (
            "search box",
            [
                Key(("enter",), "Search now and go to the results", "Search now and go to the results"),
                *_keys(SearchPanel.BINDINGS),
            ],
        ),
        (
            "results",
            [
                Key(("up", "down"), "Move", "Move between the results"),
                Key(("enter",), "Open the article", "Open the highlighted article (or click it)"),
            ],
        ),
        (
            "reading",
            pick(
                "cursor_up",
                "cursor_down",
                "cursor_left",
                "cursor_right",
                "next_word",
                "previous_word",
                "word_end",
                "line_start",
                "line_end",
                "page_up",
                "page_down",
                "document_start",
                "document_end",
            ),
        ),
        (
            "selecting",
            [
                Key(
                    tuple(
                        k
                        for action in (
                            "cursor_up(True)",
                            "cursor_down(True)",
                            "cursor_left(True)",
                            "cursor_right(True)",
                        )
                        for k in viewer[action].keys
                    ),
                    "Select by character or line",
                    "Select with shift and the arrows (or drag with the mouse)",
                    ids=tuple(
                        i
                        for action in (
                            "cursor_up(True)",
                            "cursor_down(True)",
                            "cursor_left(True)",
                            "cursor_right(True)",
                        )
                        for i in viewer[action].ids
                    ),
                ),
                *pick(
                    "previous_word(True)",
                    "word_end(True)",
                    "line_start(True)",
                    "line_end(True)",
                    "page_up(True)",
                    "page_down(True)",
                    "select_word",
                    "select_sentence",
                    "clear_selection",
                    "copy",
                ),
            ],
        ),
        ("tagging a selection", _keys(tag_bindings(tag_set))),
        ("cursor in an annotation", [k for k in annotator if k.action not in ("undo", "redo")]),
        ("writing a note", _keys(NoteDialog.BINDINGS)),
        ("moving around", pick("next_annotation", "previous_annotation", "next_hit", "previous_hit")),
        ("history", [k for k in annotator if k.action in ("undo", "redo")]),
        (
            "annotation list",
            [
                Key(("enter",), "Go to the annotation", "Put the cursor on the highlighted annotation"),
                *_keys(AnnotationList.BINDINGS),
            ],
        ),
        (
            "annotation projects",
            [
                *(
                    main[action]
                    for action in ("tag_all", "review_suggestions", "browse", "report", "next_unmarked")
                ),
                anywhere["undo_batch"],
                panel["mark('done')"],
                panel["mark('skipped')"],
            ],
        ),
        ("reviewing (ctrl+g, F4)", review),
        ("comparing (C)", [panel["compare"], *_keys(ComparisonBar.BINDINGS)]),
        (
            "every annotation (F2)",
            [
                Key(
                    ("enter",), "Open the article at the annotation", "Open the article with the cursor on it"
                ),
                *_keys(AnnotationBrowser.BINDINGS),
            ],
        ),
    ]


def help_sections(
    tag_set: TagSet, keymap: Mapping[str, str] | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help screen: (title, [(keys, description)]), with the keys in force; the query
    language follows the search box's keys."""
    from tui.app.query_help import query_help

    shown = [
        (where[0].upper() + where[1:], [(key.shown_keys, key.long_description) for key in keys])
        for where, keys in sections(tag_set, keymap)
    ]
    after = next((n + 1 for n, (where, _) in enumerate(shown) if where == "Search box"), len(shown))
    return [*shown[:after], query_help(tag_set), *shown[after:]]


#: The dialogs' names in the key table.
_DIALOGS = {
    "ChooseAnnotators": "choosing two annotators (C)",
    "TagAllDialog": "the tag every occurrence dialog",
    "Confirm": "confirming a change to others' annotations",
    "ConfirmQuit": "quitting with unsaved changes",
    "TagDialog": "the change-the-tag dialog",
    "HelpScreen": "the help",
    "MessageLogScreen": "the message log",
}


def docs_rows(tag_set: TagSet) -> list[str]:
    """The key table of ``tui/docs/keys.md``, Markdown rows: where, keys, what, the ids a
    keymap names (a test compares the file with these rows); the dialogs' keys last."""
    listed = sections(tag_set)
    shown_ids = {binding_id for _, keys in listed for key in keys for binding_id in key.ids}
    dialogs = [
        (_DIALOGS.get(cls.__name__, cls.__name__), [key])
        for cls, bindings in bound_classes(tag_set)
        for key in keys_of(bindings)
        if key.ids and not set(key.ids) <= shown_ids
    ]
    rows = ["| where | keys | what | id |", "| --- | --- | --- | --- |"]
    for where, keys in [*listed, *dialogs]:
        for key in keys:
            shown = " ".join(f"`{key_name(k)}`" for k in key.keys)
            ids = " ".join(f"`{binding_id}`" for binding_id in key.ids) or "—"
            rows.append(f"| {where} | {shown} | {key.long_description.replace('|', '/')} | {ids} |")
    return rows


def bound_classes(tag_set: TagSet) -> list[tuple[type[DOMNode], list[BindingType]]]:
    """Every class of the app that declares keys, with its own bindings (the tag set's too)."""
    from tui.app.annotation_list import AnnotationList
    from tui.app.annotator import Annotator, tag_bindings
    from tui.app.app import GlossatorApp
    from tui.app.article_panel import ArticlePanel
    from tui.app.article_view import ArticleView
    from tui.app.browser import AnnotationBrowser
    from tui.app.compare import ChooseAnnotators, ComparisonBar
    from tui.app.confirm import Confirm
    from tui.app.dialogs import ConfirmQuit, NoteDialog, TagDialog
    from tui.app.help_screen import HelpScreen
    from tui.app.main_screen import MainScreen
    from tui.app.message_log import MessageLogScreen
    from tui.app.review_screen import ReviewScreen, TagAllDialog
    from tui.app.search_panel import SearchPanel
    from tui.app.status_messages import StatusMessages
    from tui.app.tag_picker import TagPicker

    classes: list[type[DOMNode]] = [
        GlossatorApp,
        StatusMessages,
        MainScreen,
        SearchPanel,
        ArticleView,
        Annotator,
        AnnotationList,
        ArticlePanel,
        ComparisonBar,
        ChooseAnnotators,
        ReviewScreen,
        TagAllDialog,
        AnnotationBrowser,
        NoteDialog,
        Confirm,
        ConfirmQuit,
        TagDialog,
        TagPicker,
        HelpScreen,
        MessageLogScreen,
    ]
    found = [(cls, list(cls.__dict__.get("BINDINGS", []))) for cls in classes]
    return [*found, (Annotator.for_tags(tag_set), tag_bindings(tag_set))]


def binding_ids(tag_set: TagSet) -> set[str]:
    """The ids a user keymap may name."""
    return {
        binding.id
        for _, bindings in bound_classes(tag_set)
        for binding in Binding.make_bindings(bindings)
        if binding.id is not None
    }


def keys_in_force(binding_id: str, keymap: Mapping[str, str], tag_set: TagSet) -> list[str]:
    """The keys of a binding: the keymap's, else its own (Textual's names: ``f5``, ``ctrl+g``)."""
    if binding_id in keymap:
        return keymap[binding_id].split(",")
    return list(
        dict.fromkeys(
            binding.key
            for _, bindings in bound_classes(tag_set)
            for binding in Binding.make_bindings(bindings)
            if binding.id == binding_id
        )
    )


def tag_key_clashes(tag_set: TagSet, keymap: Mapping[str, str]) -> list[str]:
    """Where a tag's key in force is also another key in force in the article, in words."""
    from tui.app.annotator import Annotator, tag_bindings
    from tui.app.app import GlossatorApp
    from tui.app.article_panel import ArticlePanel
    from tui.app.article_view import ArticleView
    from tui.app.main_screen import MainScreen
    from tui.app.status_messages import StatusMessages

    def in_force(bindings: Iterable[BindingType]) -> list[tuple[str, Binding]]:
        return [
            (key, binding)
            for binding in Binding.make_bindings(bindings)
            for key in (
                keymap[binding.id].split(",") if binding.id and binding.id in keymap else [binding.key]
            )
        ]

    others = in_force(
        binding
        for cls in (ArticleView, Annotator, ArticlePanel, GlossatorApp, MainScreen, StatusMessages)
        for binding in cls.__dict__.get("BINDINGS", [])
    )
    return list(
        dict.fromkeys(
            f"Key {key_name(key)} is both tag {tag.description} ({tag.id}) "
            f"and “{other.description}” ({other.id})"
            for key, tag in in_force(tag_bindings(tag_set))
            for shared, other in others
            if shared == key
        )
    )
