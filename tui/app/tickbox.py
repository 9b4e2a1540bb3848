"""A checkbox whose box is empty when it is not ticked.

Textual's ``Checkbox`` always draws an X in its box, dimmed when unticked: on many
terminals, in screenshots and to anyone reading the characters, ``▐X▌ Case-sensitive``
reads as ticked.  Here the box holds an X only when ticked.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class Tickbox(Checkbox):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button
