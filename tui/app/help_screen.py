"""The app's help (F1 or ?): every key, and every help topic, as Markdown.

On the left, the pages: the keys first (read from the bindings, so the help never lists
a key that does nothing), then the topics of ``tui.docs``, the same ``glossator help``
prints (the query language among them).  On the right, the page, scrolled with the
keyboard.  A link to another topic opens it here.

Key descriptions may hold a workspace's tag descriptions (``glossator.toml``), so they
are made visible (``tui.text.safe.visible``) and escaped before they become Markdown:
they are shown as written, never read as Markdown.  The parser reads no HTML and makes
no links of bare addresses.
"""

from __future__ import annotations

import re
from typing import ClassVar

from markdown_it import MarkdownIt
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from tui import docs
from tui.text.safe import visible

#: The page of keys: not a file, so its id cannot be a topic's name (those have no "/").
KEYS = "/keys"
#: What CommonMark lets a backslash escape: every ASCII punctuation character.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
#: The topic listed first, under the keys: what a new user needs within minutes.
FIRST_TOPIC = "query"


def escaped(text: str) -> str:
    """``text`` shown as written in Markdown: control characters visible, punctuation escaped."""
    return _PUNCTUATION.sub(r"\\\1", visible(text))


def keys_markdown(sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """The keys page: a heading per place keys work, then a line per action, as the bindings say."""
    parts = ["# Glossator keys", ""]
    for title, keys in sections:
        parts += [f"## {escaped(title)}", ""]
        parts.append("\\\n".join(f"**{escaped(key)}**: {escaped(description)}" for key, description in keys))
        parts.append("")
    return "\n".join(parts)


def in_list_order(topics: list[docs.Topic]) -> list[docs.Topic]:
    """The topics as the help lists them: the query language first, then by title (a leading
    "The" aside), so a new user finds what they need first and the rest where they look."""
    return sorted(topics, key=lambda topic: (topic.name != FIRST_TOPIC, _sort_title(topic.title)))


def _sort_title(title: str) -> str:
    return title.removeprefix("The ").casefold()


def _parser() -> MarkdownIt:
    return MarkdownIt("gfm-like", {"html": False, "linkify": False})


class HelpScreen(ModalScreen[None]):
    """Every key and every help topic; scrolls (arrows, PgUp PgDn, Home End) when the terminal is small."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > Vertical {
        width: 110;
        max-width: 100%;
        height: 100%;
        border: thick $primary;
        background: $surface;
        padding: 0 1;
        & > .title { dock: top; text-style: bold; }
        & > .hint { dock: bottom; color: $text-muted; }
        & > Horizontal { height: 1fr; }
    }
    HelpScreen #topics {
        width: 22;
        height: 100%;
        border: none;
        padding: 0;
    }
    HelpScreen #help {
        width: 1fr;
        height: 100%;
        padding: 0 0 0 1;
    }
    /* Sections one blank line apart (Textual's default is three), so more fits at 80x24. */
    HelpScreen MarkdownH2 {
        margin: 1 0 0 0;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q,question_mark", "dismiss", "Close", id="help.close")
    ]

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]], topic: str = KEYS) -> None:
        super().__init__()
        self.sections = sections
        #: The page asked for (``KEYS`` or a topic's name) and the page on screen.
        self.topic = topic
        self.shown = ""
        self._drawing = False

    def compose(self) -> ComposeResult:
        topics = in_list_order(docs.topics())
        pages = [Option("Every key", id=KEYS), *(Option(t.title, id=t.name) for t in topics)]
        with Vertical():
            yield Static(Content("Glossator help"), classes="title")
            with Horizontal():
                yield OptionList(*pages, id="topics")
                with VerticalScroll(id="help"):
                    yield Markdown(parser_factory=_parser, open_links=False, id="help-text")
            yield Static(
                Content("Escape, F1 or ? closes · Tab: the pages · ↑ ↓ PgUp PgDn Home End scroll"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.open(self.topic)
        self.query_one(VerticalScroll).focus()

    def open(self, topic: str) -> None:
        """Show a page (and highlight it in the list); an unknown topic shows the keys."""
        pages = self.query_one(OptionList)
        try:
            index = pages.get_option_index(topic)
        except KeyError:
            topic, index = KEYS, 0
        self.topic = topic
        if pages.highlighted != index:
            pages.highlighted = index
        if not self._drawing:
            self._drawing = True
            self._draw()

    @work(group="help-page")
    async def _draw(self) -> None:
        """Draw the page asked for; pages asked for meanwhile (arrows held down) are skipped."""
        try:
            while self.shown != self.topic:
                topic = self.topic
                await self.query_one(Markdown).update(
                    keys_markdown(self.sections) if topic == KEYS else docs.read(topic)
                )
                self.shown = topic
                self.query_one(VerticalScroll).scroll_home(animate=False)
        finally:
            self._drawing = False

    @on(OptionList.OptionHighlighted, "#topics")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self.open(event.option.id)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        topic = docs.linked_topic(event.href)
        if topic is not None:
            self.open(topic)
        elif event.href.startswith(("https://", "http://")):
            self.app.open_url(event.href)
