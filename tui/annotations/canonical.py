"""Annotation files read fast: a parser for the TOML Glossator writes, tomllib for all else.

``tomllib`` reads a 13 MB file of 50,000 annotations in about three seconds (it looks at
one character at a time, in Python), and every command that opens the file pays it.
The files ``render`` writes use a small part of TOML, one line per key: a header,
``[[annotation]]`` and ``[[progress]]`` tables, and ``key = value`` lines whose key is
bare and whose value is a basic string, an integer or a UTC date-time ending in ``Z``.
Those lines are read here a whole line at a time (several times faster).  The first
line that is anything else (a comment, other spacing, another kind of value, a literal
string, a dotted key, a key given twice, ``\\r``) hands the whole file to ``tomllib``,
so the result is always exactly TOML's: the same value, or the same error.  A property
test compares the two on generated documents.

The file is read block by block: it is cut before each line ``[[annotation]]``.  The
reader's only state from line to line is the table it is in, and such a line starts a new
one, so the blocks read one by one give what the whole file gives.  A block laid out as
``render`` writes an annotation (its keys in that order, each once) is read in one match;
any other, line by line.  Versions of one file (a merge's ancestor, ours and theirs) share
almost all of their blocks: read with a shared ``Blocks``, each distinct block is read once.

Why not a faster TOML library: rtoml and pytomlpp (Rust's and C++'s parsers) would be
one more compiled dependency to trust for exact agreement with ``tomllib`` on every
edge (dates, escapes, errors), for a format whose files Glossator writes itself.
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime
from typing import Any

from tui.annotations.model import ANNOTATION_KEYS

#: A value as ``render`` writes it: a basic string (escapes checked one by one when it has
#: any), an integer, or a UTC date-time to the second with a ``Z``.
_CHARACTERS = r'[^"\\\x00-\x08\x0a-\x1f\x7f]*'
_VALUE = (
    rf'"{_CHARACTERS}(?:\\[^\n]{_CHARACTERS})*"'
    r"|-?(?:0|[1-9][0-9]*)"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"
)
#: One line as ``render`` writes it: an array table's header, ``key = value`` with a bare
#: key and one space each side of ``=``, or nothing.  Which group matched says which.
_LINE = re.compile(
    r"\[\[(?P<table>annotation|progress)\]\]\n"
    rf"|(?P<key>[A-Za-z0-9_-]+) = (?P<value>{_VALUE})\n"
    r"|\n"
)
#: A whole ``[[annotation]]`` table as ``render`` writes it: its keys in their order (some
#: left out), and the empty line before the next table.
_ANNOTATION_TABLE = re.compile(
    r"\[\[annotation\]\]\n" + "".join(rf"(?:{key} = ({_VALUE})\n)?" for key in ANNOTATION_KEYS) + r"\n?"
)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
#: What each distinct block (the text after a ``[[annotation]]`` line, up to the newline
#: before the next) adds to the document's array tables.
Blocks = dict[str, dict[str, list[dict[str, Any]]]]
_BLOCK_START = "\n[[annotation]]\n"


class _NotCanonical(Exception):
    """The document leaves the subset: tomllib reads it."""


def loads(source: str, blocks: Blocks | None = None) -> dict[str, Any]:
    """``tomllib.loads(source)``, faster for the files Glossator writes.

    With ``blocks``, each block not in it yet is read and kept there, and one already there
    is not read again: documents read with the same ``blocks`` share those tables (the same
    dict), so they must not be changed.
    """
    try:
        return _by_blocks(source, blocks)
    except _NotCanonical:
        return tomllib.loads(source)


def _by_blocks(source: str, blocks: Blocks | None) -> dict[str, Any]:
    head, *rest = source.split(_BLOCK_START)
    document = _by_lines(head)
    for block in rest:
        tables = blocks.get(block) if blocks is not None else None
        if tables is None:
            tables = _block(block)
            if blocks is not None:
                blocks[block] = tables
        for name, items in tables.items():
            array = document.setdefault(name, [])
            if type(array) is not list:
                raise _NotCanonical  # the head gave that key a value: TOML's error
            array.extend(items)
    return document


def _block(block: str) -> dict[str, list[dict[str, Any]]]:
    """The tables of one block (its ``[[annotation]]`` line put back): in one match if it can."""
    text = f"[[annotation]]\n{block}\n"
    match = _ANNOTATION_TABLE.fullmatch(text)
    if match is None:
        return _by_lines(text)
    values = zip(ANNOTATION_KEYS, match.groups(), strict=True)
    return {"annotation": [{key: _value(raw) for key, raw in values if raw is not None}]}


def _by_lines(source: str) -> dict[str, Any]:
    if not source.endswith("\n"):
        source += "\n"  # the last line's end (TOML does not need one)
    document: dict[str, Any] = {}
    table = document
    position = 0
    for match in _LINE.finditer(source):
        if match.start() != position:
            raise _NotCanonical  # a line in between that is none of these
        position = match.end()
        kind = match.lastgroup
        if kind is None:
            continue  # an empty line
        if kind == "table":
            items = document.setdefault(match["table"], [])
            if type(items) is not list:
                raise _NotCanonical  # a key of that name already holds a value: TOML's error
            table = {}
            items.append(table)
            continue
        key = match["key"]
        if key in table:
            raise _NotCanonical  # a key given twice: TOML's error
        table[key] = _value(match["value"])
    if position != len(source):
        raise _NotCanonical
    return document


def _value(raw: str) -> str | int | datetime:
    """The value of a ``_VALUE`` as TOML reads it."""
    if raw[0] == '"':
        characters = raw[1:-1]
        return _ESCAPE.sub(_unescape, characters) if "\\" in characters else characters
    if raw[-1] == "Z":
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            raise _NotCanonical from None  # no such day or time: TOML's error
    return int(raw)


def _unescape(match: re.Match[str]) -> str:
    short, long, simple = match.groups()
    if simple is not None:
        if simple not in _SIMPLE_ESCAPES:
            raise _NotCanonical
        return _SIMPLE_ESCAPES[simple]
    code = int(short or long, 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _NotCanonical  # not a Unicode scalar value: TOML's error
    return chr(code)
