"""The help topics: Markdown files shipped inside the package, one topic a file.

``glossator help`` and the app's help screen both read them from here, so the two never
differ.  Every ``*.md`` file in this folder is a topic: its name is the file's name
without ``.md``, its title the file's first heading.  A new file is a new topic; nothing
else lists them.

The files are read through ``importlib.resources``, so they are found however Glossator
is installed.  Only names from the folder's own listing are ever opened: a topic name
typed by a user is looked up, never joined to a path.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable

from tui.errors import GlossatorError

SUFFIX = ".md"
_NAME = r"[a-z0-9-]+"
#: A link from one topic to another, as the topics write it: ``[Title](name.md)``.
TOPIC_LINK = re.compile(rf"\[([^\]\n]+)\]\(({_NAME})\.md\)")
_TARGET = re.compile(rf"({_NAME})\.md")


@dataclass(frozen=True)
class Topic:
    """One help topic: what ``glossator help NAME`` shows, under its title."""

    name: str
    title: str


class UnknownTopicError(GlossatorError):
    """A topic name that is not one of the files; says the closest names, if any."""

    def __init__(self, name: str, close: list[str]) -> None:
        self.name = name
        self.close = close
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        super().__init__(f"no help topic {name!r}{hint} (glossator help lists the topics)")


def _files() -> dict[str, Traversable]:
    folder = files(__name__)
    return {
        entry.name.removesuffix(SUFFIX): entry
        for entry in folder.iterdir()
        if entry.name.endswith(SUFFIX) and entry.is_file()
    }


def title_of(markdown: str) -> str:
    """The first heading's text (any level), or the first line when there is none."""
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            return line.lstrip("#").strip()
    return next((line.strip() for line in markdown.splitlines() if line.strip()), "")


def topics() -> list[Topic]:
    """Every topic, by name."""
    return [Topic(name, title_of(entry.read_text("utf-8"))) for name, entry in sorted(_files().items())]


def read(name: str) -> str:
    """The Markdown of topic ``name``; ``UnknownTopicError`` naming the close ones if none."""
    found = _files()
    if name in found:
        return found[name].read_text("utf-8")
    starting = [known for known in sorted(found) if known.startswith(name)] if name else []
    close = starting or difflib.get_close_matches(name, sorted(found), n=3, cutoff=0.5)
    raise UnknownTopicError(name, close)


def linked_topic(href: str) -> str | None:
    """The topic a link leads to (``engines.md``: ``engines``), None for any other address."""
    target = _TARGET.fullmatch(href)
    return target.group(1) if target is not None else None


def plain(markdown: str) -> str:
    """A topic for a terminal: links to other topics say the command that shows them.

    ``[Search engines](engines.md)`` becomes ``Search engines (glossator help engines)``;
    everything else is left as written, since Markdown reads well as it is.
    """
    return TOPIC_LINK.sub(lambda link: f"{link.group(1)} (glossator help {link.group(2)})", markdown)
