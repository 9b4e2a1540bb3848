"""How the workspace's tags look in the app: colours that follow the theme, for every tag set.

A tag's colour in ``glossator.toml`` is a theme colour name (``primary``, ``success``…) or
``#rrggbb``.  A theme colour is shown as the theme's muted shade of it behind the theme's
text colour, so every Textual theme recolours the tags; a fixed colour is shown at 30 %
over the background, so it suits dark and light themes alike.  A tag an annotation file
uses but the tag set does not name (a file older than the set) is shown in neutral colours.
A suggestion (``status = "suggested"``) is drawn apart: underlined, in the tag's colour,
without the tint (``suggested_style``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.style import Style
from textual.style import Style as VisualStyle

from tui.workspace.tagset import DEFAULT_TAGS, THEME_COLOURS, Tag, TagSet

#: How strongly a ``#rrggbb`` tag colour shows behind the text.
FIXED_COLOUR_ALPHA = 0.3
UNKNOWN_STYLE = "$foreground on $panel"
SUGGESTED_UNKNOWN_STYLE = "underline $text-muted"


@dataclass(frozen=True)
class TagLooks:
    """The colours and keys of a tag set, for painting and for the legend."""

    tag_set: TagSet
    #: (tag name, colour) for each tag; a tag without a colour gets a theme colour by position.
    colour_pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, tag_set: TagSet) -> TagLooks:
        return cls(
            tag_set,
            tuple(
                (tag.name, tag.colour or THEME_COLOURS[number % len(THEME_COLOURS)])
                for number, tag in enumerate(tag_set)
            ),
        )

    @property
    def colours(self) -> dict[str, str]:
        return dict(self.colour_pairs)

    @classmethod
    def default(cls) -> TagLooks:
        return cls.of(DEFAULT_TAGS)

    @property
    def tags(self) -> tuple[str, ...]:
        return self.tag_set.names

    def get(self, name: str) -> Tag | None:
        return self.tag_set.get(name)

    def content_style(self, tag: str) -> str:
        """A Textual style string for ``tag`` (theme variables resolve when painted).

        The theme's text colour on the tag's tint: readable in dark and light themes, and in
        the ANSI themes (where a tinted text on a tint of the same colour would vanish).
        """
        colour = self.colours.get(tag)
        if colour is None:
            return UNKNOWN_STYLE
        if colour in THEME_COLOURS:
            return f"$foreground on ${colour}-muted"
        return f"$foreground on {colour} {round(FIXED_COLOUR_ALPHA * 100)}%"

    def suggested_style(self, tag: str) -> str:
        """A suggestion of ``tag``: underlined text in the tag's colour, no tint behind it.

        A suggestion is nobody's decision yet, so it must not look like an annotation: the
        text keeps the viewer's background and takes the theme's text shade of the tag's
        colour (readable on the background in every theme), underlined so it shows in the
        ANSI themes and to those who cannot tell the colours apart.
        """
        colour = self.colours.get(tag)
        if colour is None:
            return SUGGESTED_UNKNOWN_STYLE
        if colour in THEME_COLOURS:
            return f"underline $text-{colour}"
        return f"underline {colour}"

    def rich_style(
        self, tag: str, variables: dict[str, str], *, background: str = "surface", suggested: bool = False
    ) -> Style:
        """The Rich style of ``tag`` (or of a suggestion of it) over the theme colour ``background``."""
        behind = VisualStyle.parse(f"on ${background}", variables)
        look = self.suggested_style(tag) if suggested else self.content_style(tag)
        return (behind + VisualStyle.parse(look, variables)).rich_style


def is_ansi(variables: Mapping[str, str]) -> bool:
    """Whether a theme's colours are the terminal's ANSI colours (no tints can be mixed)."""
    return variables.get("background", "").startswith("ansi")
