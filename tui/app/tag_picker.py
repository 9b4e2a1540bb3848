"""The one way a dialog picks a tag: a list of the tag set, where a tag's key picks it.

Used by the retag dialog (``t``, the browser's ``t``) and by tag-every-occurrence
(``ctrl+g``), so both pick a tag the same way: its key, or the arrows and Enter.  The
keys are the tag bindings' own ids (``annotate.tag.<name>``), so a user keymap that moves
a tag's key moves it here too, and each row shows the key in force.  They are the list's
bindings, not the dialog's: typed in a text field of the dialog, a letter stays a letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.app.keys import key_name
from tui.app.render import badge
from tui.app.tags import TagLooks
from tui.text.safe import visible


class TagPicker(OptionList):
    """Posts ``Picked`` when a tag is picked (its key, or Enter on it)."""

    DEFAULT_CSS = "TagPicker { height: auto; max-height: 12; }"

    @dataclass
    class Picked(Message):
        tag: str

    def __init__(self, looks: TagLooks, current: str | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.looks = looks
        self.current = current

    @staticmethod
    def for_tags(looks: TagLooks) -> type[TagPicker]:
        """The picker of a tag set: one binding per tag."""
        return _picker_class(looks)

    def on_mount(self) -> None:
        self.add_options(
            Option(
                Content.assemble(
                    badge(self.looks, tag.name, f"{self.key_of(tag.name)}  {tag.name}"),
                    Content.styled(f"  {visible(tag.description)}", "dim") if tag.description else "",
                ),
                id=tag.name,
            )
            for tag in self.looks.tag_set
        )
        names = self.looks.tags
        self.highlighted = names.index(self.current) if self.current in names else 0

    def key_of(self, tag: str) -> str:
        """The key in force that picks ``tag`` (the user keymap's, else the tag set's)."""
        from tui.app.status_messages import StatusMessages

        app = self.app
        if isinstance(app, StatusMessages):
            return app.key_of(tag_binding_id(tag))
        found = self.looks.get(tag)
        return key_name(found.key) if found else ""

    def keys_hint(self) -> str:
        """``p / f / c``: the keys that pick a tag, for a dialog's hint."""
        return " / ".join(self.key_of(name) for name in self.looks.tags)

    @property
    def tag(self) -> str:
        """The highlighted tag."""
        index = self.highlighted or 0
        return self.get_option_at_index(index).id or self.looks.tags[0]

    def action_pick(self, tag: str) -> None:
        self.highlighted = self.looks.tags.index(tag)
        self.post_message(self.Picked(tag))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Picked(event.option.id))


def tag_binding_id(tag: str) -> str:
    """The id of a tag's key, in the article and in every tag picker."""
    return f"annotate.tag.{tag}"


@lru_cache(maxsize=16)
def _picker_class(looks: TagLooks) -> type[TagPicker]:
    bindings = [
        Binding(tag.key, f"pick('{tag.name}')", tag.name, show=False, id=tag_binding_id(tag.name))
        for tag in looks.tag_set
    ]
    return type("TagPicker", (TagPicker,), {"BINDINGS": bindings, "__module__": __name__})
