"""The tags a workspace annotates with, from its committed ``glossator.toml`` (optional).

Every annotation tool people compare Glossator with lets a team set its own labels, with a
key and a colour each.  The file lists the tags in order::

    [[tag]]
    name = "policy"
    key = "p"
    colour = "primary"
    description = "Government policy, plans and regulation"

Absent, the workspace uses the default set (policy ``p``, funding ``f``, company ``c``).
The set is checked as a whole when read: a name must be a lowercase word that is not a
search field (``tag:person`` and ``person:wei`` must mean one thing), a key a single
character not already bound in the article view, and each name and key used once.  A
problem is reported with the file, the line and the reason, and nothing else is used.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.errors import GlossatorError

CONFIG_NAME = "glossator.toml"
#: Colours are names of theme colours (so every theme recolours the tags) or #rrggbb.
THEME_COLOURS = ("primary", "success", "error", "warning", "accent", "secondary")
#: Fields of the search schema and of annotation files: a tag of that name would make a
#: query such as ``note:x`` ambiguous.
RESERVED_NAMES = frozenset(
    (
        "title", "body", "source", "byline", "date", "tag", "note", "author", "status", "article",
        "id", "quote", "prefix", "suffix", "start", "end", "created", "text", "recency", "band",
        "minhash", "and", "or", "not", "to",
    )
)  # fmt: skip
#: Single keys the article view uses (moving, selecting, editing, jumping, searching, projects,
#: and ``+`` ``-`` of comparison mode, which settle a disagreement under the text); the app's
#: tests check this list against its bindings.
RESERVED_KEYS = frozenset("hjklwbgGvVntxuak/?[]<>q{}()ARDSCU+-")
NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class TagSetError(GlossatorError):
    """``glossator.toml`` names a tag set that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Tag:
    name: str
    key: str
    colour: str
    description: str = ""


@dataclass(frozen=True)
class TagSet:
    """The ordered tags of a workspace."""

    tags: tuple[Tag, ...]
    #: Where the set came from, for messages: the config file, or "the default tag set".
    source: str = "the default tag set"
    #: What else the config file holds (e.g. ``[search]``), kept when the tags are rewritten.
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(tag.name for tag in self.tags)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[Tag]:
        return iter(self.tags)

    def __len__(self) -> int:
        return len(self.tags)

    def get(self, name: str) -> Tag | None:
        return next((tag for tag in self.tags if tag.name == name), None)

    def by_key(self, key: str) -> Tag | None:
        return next((tag for tag in self.tags if tag.key == key), None)

    def listed(self) -> str:
        """The names for a message: "policy, funding, company"."""
        return ", ".join(self.names)

    @property
    def fingerprint(self) -> str:
        """Changes whenever the names or their order change (the search schema depends on them)."""
        return hashlib.sha256("\n".join(self.names).encode()).hexdigest()[:16]

    def next_colour(self) -> str:
        """A theme colour for a new tag: the first not used yet, else cycling."""
        used = {tag.colour for tag in self.tags}
        return next(
            (c for c in THEME_COLOURS if c not in used), THEME_COLOURS[len(self.tags) % len(THEME_COLOURS)]
        )


DEFAULT_TAGS = TagSet(
    (
        Tag("policy", "p", "primary", "Government policy, plans, regulation and subsidies"),
        Tag("funding", "f", "success", "Money raised, invested, granted or spent"),
        Tag("company", "c", "error", "Companies, start-ups and other organisations"),
    )
)


def load_tag_set(root: Path) -> TagSet:
    """The tag set of the workspace at ``root``: its ``glossator.toml``, else the default."""
    path = root / CONFIG_NAME
    if path.is_symlink() or not path.exists():
        if path.is_symlink():
            raise TagSetError(f"{CONFIG_NAME} is a symbolic link; Glossator reads it only as a plain file")
        return DEFAULT_TAGS
    try:
        content = path.read_bytes()
    except OSError as error:
        raise TagSetError(f"{CONFIG_NAME}: cannot be read: {error.strerror}") from error
    return parse_tag_set(content)


def parse_tag_set(content: bytes) -> TagSet:
    """Read and check a whole ``glossator.toml``; ``TagSetError`` names the line of the first problem."""
    try:
        source = content.decode("utf-8")
        data = tomllib.loads(source)
    except UnicodeDecodeError as error:
        raise TagSetError(f"{CONFIG_NAME}: not valid UTF-8 (byte {error.start})") from error
    except tomllib.TOMLDecodeError as error:
        raise TagSetError(f"{CONFIG_NAME}: invalid TOML: {error}") from error
    except RecursionError:
        raise TagSetError(f"{CONFIG_NAME}: invalid TOML: nested too deeply") from None
    raw_tags = data.get("tag")
    extra = {key: value for key, value in data.items() if key != "tag"}
    if raw_tags is None:
        return TagSet(DEFAULT_TAGS.tags, CONFIG_NAME, extra)
    lines = _TableLines(source)
    if not isinstance(raw_tags, list) or not raw_tags or not all(isinstance(t, dict) for t in raw_tags):
        raise TagSetError(f"{CONFIG_NAME}: 'tag' must be one or more [[tag]] tables")
    tags: list[Tag] = []
    for number, raw in enumerate(raw_tags):
        tags.append(_parse_tag(raw, lines.line(number)))
    tag_set = TagSet(tuple(tags), CONFIG_NAME, extra)
    check_tag_set(tag_set, lines)
    return tag_set


def _parse_tag(raw: dict[str, Any], line: int) -> Tag:
    where = f"{CONFIG_NAME}:{line}"
    unknown = sorted(set(raw) - {"name", "key", "colour", "description"})
    if unknown:
        raise TagSetError(f"{where}: unknown key {unknown[0]!r} (a tag has name, key, colour, description)")
    for key in ("name", "key"):
        if not isinstance(raw.get(key), str):
            raise TagSetError(f"{where}: every tag needs a {key} (a string)")
    colour = raw.get("colour", "")
    description = raw.get("description", "")
    if not isinstance(colour, str) or not isinstance(description, str):
        raise TagSetError(f"{where}: colour and description must be strings")
    return Tag(raw["name"], raw["key"], colour, description)


def check_tag_set(tag_set: TagSet, lines: _TableLines | None = None) -> None:
    """Raise ``TagSetError`` for the first tag that cannot be used (see the module docstring)."""
    names: set[str] = set()
    keys: set[str] = set()
    for number, tag in enumerate(tag_set.tags):
        where = f"{CONFIG_NAME}:{lines.line(number)}" if lines else CONFIG_NAME
        reason = _problem(tag, names, keys)
        if reason:
            raise TagSetError(f"{where}: tag {tag.name!r}: {reason}")
        names.add(tag.name)
        keys.add(tag.key)


def _problem(tag: Tag, names: set[str], keys: set[str]) -> str:
    if not NAME.fullmatch(tag.name):
        return "a name is a lowercase word (a-z, digits, _; at most 32 characters, starting with a letter)"
    if tag.name in RESERVED_NAMES:
        return f"{tag.name!r} is a search field or query word; choose another name"
    if tag.name in names:
        return "the name is used twice"
    if (
        len(tag.key) != 1
        or not tag.key.isprintable()
        or tag.key.isspace()
        or unicodedata.category(tag.key).startswith("M")
    ):
        return "a key is one printable character (not a space or a combining accent)"
    if tag.key in RESERVED_KEYS:
        return f"the key {tag.key!r} is already bound in the article view; choose another key"
    if tag.key in keys:
        return f"the key {tag.key!r} is used by another tag"
    if tag.colour and tag.colour not in THEME_COLOURS and not COLOUR.fullmatch(tag.colour):
        return f"colour {tag.colour!r} is not one of {', '.join(THEME_COLOURS)} or #rrggbb"
    return ""


class _TableLines:
    """The line number of the n-th ``[[tag]]`` table, for messages."""

    def __init__(self, source: str) -> None:
        self.starts = [
            n + 1 for n, line in enumerate(source.split("\n")) if re.match(r"\s*\[\[\s*tag\s*\]\]", line)
        ]

    def line(self, index: int) -> int:
        return self.starts[index] if index < len(self.starts) else 1


def render_tag_set(tag_set: TagSet) -> str:
    """``glossator.toml`` for a tag set: other sections kept, one ``[[tag]]`` table per tag."""
    import tomli_w

    out = [tomli_w.dumps(tag_set.extra)] if tag_set.extra else []
    for tag in tag_set.tags:
        table = {"name": tag.name, "key": tag.key, "colour": tag.colour or tag_set.next_colour()}
        if tag.description:
            table["description"] = tag.description
        out.append("[[tag]]\n" + tomli_w.dumps(table))
    return "\n".join(out)
