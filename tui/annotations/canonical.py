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

Why not a faster TOML library: rtoml and pytomlpp (Rust's and C++'s parsers) would be
one more compiled dependency to trust for exact agreement with ``tomllib`` on every
edge (dates, escapes, errors), for a format whose files Glossator writes itself.
"""

from __future__ import annotations

import re
import tomllib
from datetime import datetime
from typing import Any

#: ``key = value`` as ``render`` writes it: a bare key, one space each side of ``=``.
_LINE = re.compile(r"([A-Za-z0-9_-]+) = (.+)")
#: A basic string with no escape and no character TOML forbids in one.
_PLAIN_STRING = re.compile(r'"[^"\\\x00-\x08\x0a-\x1f\x7f]*"')
#: A basic string with escapes (each checked below) and no forbidden character.
_ESCAPED_STRING = re.compile(r'"(?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\.)*"')
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_UTC_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
#: The array tables of the format.
_ARRAYS = {"[[annotation]]": "annotation", "[[progress]]": "progress"}


class _NotCanonical(Exception):
    """The document leaves the subset: tomllib reads it."""


def loads(source: str) -> dict[str, Any]:
    """``tomllib.loads(source)``, faster for the files Glossator writes."""
    try:
        return _canonical(source)
    except _NotCanonical:
        return tomllib.loads(source)


def _canonical(source: str) -> dict[str, Any]:
    if "\r" in source:
        raise _NotCanonical
    document: dict[str, Any] = {}
    table = document
    for line in source.split("\n"):
        if not line:
            continue
        if line[0] == "[":
            name = _ARRAYS.get(line)
            if name is None:
                raise _NotCanonical
            items = document.setdefault(name, [])
            if type(items) is not list or (items and type(items[0]) is not dict):
                raise _NotCanonical  # a key of that name already holds a value: TOML's error
            table = {}
            items.append(table)
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            raise _NotCanonical
        key, text = match.groups()
        if key in table:
            raise _NotCanonical  # a key given twice: TOML's error
        table[key] = _value(text)
    return document


def _value(text: str) -> str | int | datetime:
    first = text[0]
    if first == '"':
        if _PLAIN_STRING.fullmatch(text):
            return text[1:-1]
        if _ESCAPED_STRING.fullmatch(text):
            return _ESCAPE.sub(_unescape, text[1:-1])
        raise _NotCanonical
    if _INTEGER.fullmatch(text):
        return int(text)
    if _UTC_DATETIME.fullmatch(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise _NotCanonical from None  # no such day or time: TOML's error
    raise _NotCanonical


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
