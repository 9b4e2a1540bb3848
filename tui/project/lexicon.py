r"""The lexicon ``glossator suggest`` reads: for each tag, the phrases and patterns to propose it for.

A TOML file with one key per tag of the workspace's tag set, each a list of strings::

    company = ["Kingdee", "Harbin Electric", "/[A-Z]\\w+ (Co|Corp)\\.? Ltd/"]
    funding = ["venture capital", '/\d+(\.\d+)? (million|billion) yuan/']

A string is a phrase, matched as whole words with case ignored and any whitespace
between its words; a string written between slashes is a regular expression (Python's
syntax, case-sensitive unless it starts with ``(?i)``), matched as written.  Tags outside
the workspace's tag set, values that are not lists of strings, empty phrases and invalid
expressions are refused with the file, the line and the reason, before anything is
searched: a lexicon is applied whole or not at all.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from tui.annotations.fileformat import toml_error
from tui.errors import GlossatorError, reason_of
from tui.project.occurrences import Matcher, phrase_matcher, regex_matcher
from tui.project.patterns import PatternError
from tui.workspace.fileio import UnreadableFileError, read_outside
from tui.workspace.tagset import TagSet

#: A lexicon is a short hand-written file; anything bigger is a mistake (a FIFO, a corpus).
MAX_LEXICON_BYTES = 16 * 1024 * 1024


class LexiconError(GlossatorError):
    """A lexicon that cannot be used; the message names the file, the line and the reason."""


def load_lexicon(path: Path, tag_set: TagSet) -> tuple[Matcher, ...]:
    """The lexicon's matchers, in file order; ``LexiconError`` at its first problem."""
    shown = str(path)
    try:
        content = read_outside(path, MAX_LEXICON_BYTES)
    except (OSError, UnreadableFileError) as error:
        raise LexiconError(f"{shown}: cannot be read: {reason_of(error)}") from None
    try:
        source = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise LexiconError(f"{shown}:{line}: not valid UTF-8 (byte {error.start})") from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        line, reason = toml_error(error, source)
        raise LexiconError(f"{shown}:{line}: invalid TOML: {reason}") from None
    except RecursionError:
        raise LexiconError(f"{shown}: invalid TOML: nested too deeply") from None
    lines = source.split("\n")
    matchers: list[Matcher] = []
    for tag, entries in data.items():
        key_line = _key_line(lines, tag)
        where = f"{shown}:{key_line}" if key_line else shown
        if tag not in tag_set:
            raise LexiconError(f"{where}: {tag!r} is not a tag (tags are {tag_set.listed()})")
        if not isinstance(entries, list) or not all(isinstance(entry, str) for entry in entries):
            raise LexiconError(
                f"{where}: {tag} must be a list of phrases and /regular expressions/, "
                f'e.g. {tag} = ["a phrase"]'
            )
        found_line = key_line  # entries are written in order: each is looked for after the last
        for entry in entries:
            found = _entry_line(lines, found_line, entry)
            found_line = found or found_line
            entry_line = found or key_line
            matchers.append(_matcher(entry, tag, f"{shown}:{entry_line}" if entry_line else shown))
    if not matchers:
        raise LexiconError(f'{shown}: lists no phrases (write e.g. {tag_set.names[0]} = ["a phrase"])')
    return tuple(matchers)


def _matcher(entry: str, tag: str, where: str) -> Matcher:
    if len(entry) >= 2 and entry.startswith("/") and entry.endswith("/"):
        expression = entry[1:-1]
        if not expression:
            raise LexiconError(f"{where}: {tag}: an empty regular expression (//)")
        try:
            return regex_matcher(expression, tag, where)
        except PatternError as error:
            raise LexiconError(
                f"{where}: {tag}: {entry} is not a valid regular expression: {error}"
            ) from None
    if not entry.strip():
        raise LexiconError(f"{where}: {tag}: an empty phrase")
    return phrase_matcher(entry, tag)


def _key_line(lines: list[str], key: str) -> int | None:
    """The line (1-based) where ``key`` is given (bare or quoted), or opens a table (``[key]``)."""
    name = rf"""(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')"""
    pattern = re.compile(rf"^\s*(?:{name}\s*=|\[\s*{name}\s*\])")
    return next((number + 1 for number, text in enumerate(lines) if pattern.match(text)), None)


def _entry_line(lines: list[str], first: int | None, entry: str) -> int | None:
    """The line of ``entry`` in its key's list (as written literally, or with TOML's escapes)."""
    if first is None:
        return None
    written = (entry, entry.replace("\\", "\\\\").replace('"', '\\"'))
    for number in range(first - 1, len(lines)):
        if any(f'"{form}"' in lines[number] or f"'{form}'" in lines[number] for form in written):
            return number + 1
    return None
