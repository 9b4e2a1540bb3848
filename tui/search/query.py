"""The query language users type, parsed into a tree that every engine translates.

One parser of our own, so the language is the same whatever engine answers it (Whoosh,
an in-memory engine in tests, another one later).  The tree holds the words as typed;
each engine analyses them (stemming, stop words) as it analysed the documents.

The grammar follows what users of the first versions (Whoosh's own parser) learned::

    query   := clause clause ...          (next to each other: all must match)
    clause  := either ("OR" either)*
    either  := unary ("AND" unary)*
    unary   := "NOT" unary | "(" query ")" | FIELD ":" value | value
    value   := WORD | WORD-WITH-*-OR-? | "phrase" | 'one term' | (query) | [date to date]

Plain words and phrases search the default fields (title, body, then notes).  Chinese
text is looked for as it is written, in a row (``tui.search.chinese``), so a Chinese word
with ``*`` after it is that word.  Problems are
``QueryError`` with one line a user understands, never a wrong or silently changed query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from tui.search.errors import QueryError
from tui.text.chinese import has_han, is_han
from tui.workspace.tagset import TagSet

MAX_QUERY_CHARS = 1000
#: Wildcard patterns need this many literal characters: "*e*" expands to most of the index.
MIN_WILDCARD_LETTERS = 2
#: Fields searched by plain words and phrases: the article's title and text, and the notes
#: annotators wrote (``angel`` finds an article whose note says it), ranked below the text.
#: (Tagged text is the article's text: plain words find it there.)
DEFAULT_FIELDS = ("title", "body", "note")
#: How much a plain word found in a default field counts in the ranking (the text: 1).
DEFAULT_WEIGHTS = {"note": 0.2}
#: Fields of an article, before the tag set's fields.
ARTICLE_FIELDS = ("title", "body", "source", "byline", "date", "tag")
#: Fields of its annotations, after the tag set's fields.
ANNOTATION_FIELDS = ("note", "author", "status")
#: Values of the ``status`` field: suggested annotations, and progress marks.
STATUSES = ("suggested", "done", "skipped")


def query_fields(tag_set: TagSet) -> tuple[str, ...]:
    """The fields a query may name, in the order the README documents them."""
    return (*ARTICLE_FIELDS, *tag_set.names, *ANNOTATION_FIELDS)


# --- the tree ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """A word (or a 'single-quoted' text, one term) in ``field``; None: the default fields."""

    field: str | None
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """The words of a "quoted phrase", next to each other in this order."""

    field: str | None
    text: str


@dataclass(frozen=True)
class Pattern:
    """A word with ``*`` (any characters) or ``?`` (one character), as typed."""

    field: str | None
    text: str

    @property
    def is_prefix(self) -> bool:
        return self.text.endswith("*") and not any(char in "*?" for char in self.text[:-1])


@dataclass(frozen=True)
class DateSpan:
    """Articles dated from ``start`` to ``end``, both included; None: open on that side."""

    start: datetime | None
    end: datetime | None


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Words | Phrase | Pattern | DateSpan | And | Or | Not
Leaf = Words | Phrase | Pattern | DateSpan


def leaves(node: Node, *, positive: bool = False) -> list[Leaf]:
    """The leaves of ``node`` in order; ``positive``: leaving out what is under a NOT."""
    if isinstance(node, And | Or):
        return [leaf for part in node.parts for leaf in leaves(part, positive=positive)]
    if isinstance(node, Not):
        return [] if positive else leaves(node.part)
    return [node]


def fields_of(leaf: Words | Phrase | Pattern) -> tuple[str, ...]:
    return DEFAULT_FIELDS if leaf.field is None else (leaf.field,)


def weight_of(leaf: Words | Phrase | Pattern, field: str) -> float:
    """How much a match of ``leaf`` in ``field`` counts: a default field's weight, else 1."""
    return DEFAULT_WEIGHTS.get(field, 1.0) if leaf.field is None else 1.0


# --- parsing -----------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<open>\()|(?P<close>\))
      | (?P<field>[A-Za-z_]\w*):(?=\S)
      | "(?P<phrase>[^"]*)"
      | '(?P<quoted>[^']*)'
      | (?P<range>[\[{][^\]}]*[\]}])
      | (?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)
_QUOTED = re.compile(r'"[^"]*"')
_FIELD_NAME = re.compile(r"(?:^|(?<=[\s(+\-]))([A-Za-z_]\w*):")
_OPERATORS = ("AND", "OR", "NOT")
_BOOST = re.compile(r"(.+)\^(\d+(?:\.\d+)?)")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?)?)?")
_COMPACT_DATE = re.compile(r"\d{4}(?:\d{2}){0,5}")


def parse_query(text: str, tag_set: TagSet) -> Node | None:
    """The tree of ``text``; None for an empty query or a lone ``*`` (every article)."""
    text = text.strip()
    if not text or text == "*":
        return None
    fields = query_fields(tag_set)
    _precheck(text, fields)
    tokens = _tokens(text)
    parser = _Parser(tokens, tag_set)
    node = parser.query(None)
    if parser.position != len(tokens):
        raise QueryError("cannot read the query; check how AND, OR, NOT, quotes and parentheses are used")
    return node


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            if text[position:].strip():
                raise QueryError("cannot read the query; check how quotes and parentheses are used")
            break
        position = match.end()
        kind = match.lastgroup
        assert kind is not None
        value = match.group(kind)
        if kind == "word" and value in _OPERATORS:
            kind = value
        tokens.append((kind, value))
    return tokens


class _Parser:
    """Recursive descent over the tokens; ``field`` is the field a group's words go to."""

    def __init__(self, tokens: list[tuple[str, str]], tag_set: TagSet) -> None:
        self.tokens = tokens
        self.position = 0
        self.tag_set = tag_set

    def peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def query(self, field: str | None) -> Node | None:
        clauses: list[Node] = []
        while self.peek() not in (None, "close"):
            clause = self.clause(field)
            if clause is not None:
                clauses.append(clause)
        return _joined(And, clauses)

    def clause(self, field: str | None) -> Node | None:
        parts = [self.either(field)]
        while self.peek() == "OR":
            self.take()
            parts.append(self.either(field))
        return _joined(Or, [part for part in parts if part is not None])

    def either(self, field: str | None) -> Node | None:
        parts = [self.unary(field)]
        while self.peek() == "AND":
            self.take()
            parts.append(self.unary(field))
        return _joined(And, [part for part in parts if part is not None])

    def unary(self, field: str | None) -> Node | None:
        kind = self.peek()
        if kind == "NOT":
            self.take()
            part = self.unary(field)
            return None if part is None else Not(part)
        if kind == "open":
            self.take()
            group = self.query(field)
            if self.peek() != "close":
                raise QueryError("the query has a '(' without a matching ')'")
            self.take()
            return group
        if kind == "field":
            _, name = self.take()
            if self.peek() is None:
                raise QueryError(f"{name}: needs a value after it")
            if self.peek() == "field":  # title:x:y: the value holds a colon
                value = ":".join(_colon_value(self.tokens[self.position :]))
                raise QueryError(f'{name}:{value}: a value with a colon must be quoted: {name}:"{value}"')
            fields = query_fields(self.tag_set)
            if name not in fields:
                raise QueryError(f"unknown field {name!r}; fields are {', '.join(fields)}")
            return self.unary(name)
        if kind in ("AND", "OR", "close", None):
            raise QueryError("cannot read the query; check how AND, OR, NOT, quotes and parentheses are used")
        return self.value(field, *self.take())

    def value(self, field: str | None, kind: str, text: str) -> Node | None:
        if field == "date":
            return _date_value(kind, text)
        if kind == "range":
            raise QueryError(
                "ranges such as [a to b] work only on dates, e.g. date:[2016 to 2020] or date:[2020-03 to]"
            )
        if kind == "phrase":
            return Phrase(field, text) if text.strip() else None
        if kind == "quoted":
            return Words(field, text) if text.strip() else None
        boost = 1.0
        boosted = _BOOST.fullmatch(text)
        if boosted:
            text, boost = boosted.group(1), float(boosted.group(2))
        if "*" in text or "?" in text:
            if text[:1] in ("*", "?"):
                raise QueryError(
                    f"the wildcard {text.lower()!r} starts with {text[0]}, which would look at every "
                    "word of the index; start it with letters (e.g. harb*)"
                )
            return _chinese_prefix(field, text, boost) if has_han(text) else Pattern(field, text)
        if field == "tag" and text.lower() not in self.tag_set.names:
            raise QueryError(f"unknown tag {text.lower()!r}; tags are {', '.join(self.tag_set.names)}")
        if field == "status" and text.lower() not in STATUSES:
            raise QueryError(f"unknown status {text.lower()!r}; statuses are {', '.join(STATUSES)}")
        return Words(field, text, boost)


def _chinese_prefix(field: str | None, text: str, boost: float) -> Words:
    """A Chinese word with ``*`` after it: the word itself, which finds every text that holds
    it, so every word it begins (each Han character is a word of the index)."""
    if not (text.endswith("*") and "*" not in text[:-1] and "?" not in text and is_han(text[-2])):
        raise QueryError(
            f"the wildcard {text!r} mixes Chinese and wildcards; a Chinese word finds every longer "
            f"word it is part of, so search for it without * or ?"
        )
    return Words(field, text[:-1], boost)


def _colon_value(tokens: list[tuple[str, str]]) -> list[str]:
    """The pieces of a value typed with colons (``x:y`` reads as the field ``x`` and ``y``)."""
    pieces = []
    for kind, text in tokens:
        pieces.append(text)
        if kind != "field":
            break
    return pieces


def _joined(kind: type[And] | type[Or], parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(tuple(parts))


# --- checks made before parsing, for messages that name the mistake ---------------------------


def _precheck(text: str, fields: tuple[str, ...]) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(text):,} characters; at most {MAX_QUERY_CHARS:,})")
    unquoted = _QUOTED.sub(lambda match: " " * len(match.group()), text)
    if '"' in unquoted:
        raise QueryError('the query has an opening " without a closing one')
    depth = 0
    for char in unquoted:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QueryError("the query has a ')' without a matching '('")
    if depth > 0:
        raise QueryError("the query has a '(' without a matching ')'")
    for word in unquoted.split():
        pattern = word.rsplit(":", 1)[-1].strip("()")
        literal = sum(1 for char in pattern if char not in "*?")
        if ("*" in pattern or "?" in pattern) and literal < MIN_WILDCARD_LETTERS:
            raise QueryError(
                f"the wildcard {pattern!r} would match nearly every word; "
                f"give it at least {MIN_WILDCARD_LETTERS} letters (or search for * to list everything)"
            )
    for match in _FIELD_NAME.finditer(unquoted):
        if match.group(1) not in fields:
            raise QueryError(f"unknown field {match.group(1)!r}; fields are {', '.join(fields)}")
    _check_operators(_QUOTED.sub(lambda match: "q" * len(match.group()), text))


def _check_operators(text: str) -> None:
    """AND, OR and NOT need something on each side."""
    tokens = re.findall(r"[()]|[^\s()]+", text)
    for number, token in enumerate(tokens):
        if token not in _OPERATORS:
            continue
        before = tokens[number - 1] if number else None
        after = tokens[number + 1] if number + 1 < len(tokens) else None
        if token == "NOT" and after == "NOT":
            raise QueryError("NOT NOT cancels out: write NOT once, or leave it out")
        if after is None or after in (")", "AND", "OR"):
            raise QueryError(f"{token} needs a word or a group after it")
        if token != "NOT" and (before is None or before in ("(", *_OPERATORS)):
            raise QueryError(f"{token} needs a word or a group before it")


# --- dates -------------------------------------------------------------------------------------


def _date_value(kind: str, text: str) -> DateSpan:
    """``date:2016``, ``date:2016-03-25T08:55`` or ``date:[2016 to 2020]`` as a span of time.

    A date stands for all of its year, month, day or minute; a range runs from the start
    of its first date to the end of its last (``{...}`` leaves the bounds out).
    """
    if kind != "range":
        if kind in ("phrase", "quoted") or "*" in text or "?" in text:
            raise QueryError(
                f"cannot read the query: {text!r} is not a date; write a year (2016), a month (2016-03), "
                "a day (2016-03-25) or a time (2016-03-25T08:55)"
            )
        return DateSpan(*_date_bounds(text))
    words = text[1:-1].split()
    splits = [number for number, word in enumerate(words) if word.lower() == "to"]
    low, high = (words[: splits[0]], words[splits[0] + 1 :]) if len(splits) == 1 else ([], [])
    if len(splits) != 1 or len(low) > 1 or len(high) > 1 or not (low or high):
        raise QueryError(
            f"cannot read the query: the date range {text} should look like "
            "date:[2016 to 2020] or date:[2020-03 to]"
        )
    exclusive = text[0] == "{"
    start: datetime | None = None
    end: datetime | None = None
    if low:
        first, last = _date_bounds(low[0])
        start = last + timedelta(microseconds=1) if exclusive else first
    if high:
        first, last = _date_bounds(high[0])
        end = first - timedelta(microseconds=1) if exclusive else last
    return DateSpan(start, end)


def _date_bounds(value: str) -> tuple[datetime, datetime]:
    """The first and last moment ``2016``, ``2016-03``, ``2016-03-25`` or ``...T08:55`` stands for."""
    if _COMPACT_DATE.fullmatch(value):
        parts = [int(value[:4])] + [int(value[i : i + 2]) for i in range(4, len(value), 2)]
    else:
        match = _DATE.fullmatch(value)
        parts = [] if match is None else [int(part) for part in match.groups() if part is not None]
    try:
        if not parts:
            raise ValueError(value)
        year, month, day, hour, minute, second = parts + [1, 1, 0, 0, 0][len(parts) - 1 :]
        first = datetime(year, month, day, hour, minute, second)
        if len(parts) == 1:
            after = first.replace(year=year + 1)
        elif len(parts) == 2:
            after = first.replace(year=year + month // 12, month=month % 12 + 1)
        else:
            after = (
                first
                + (timedelta(days=1), timedelta(hours=1), timedelta(minutes=1), timedelta(seconds=1))[
                    len(parts) - 3
                ]
            )
    except (ValueError, OverflowError):
        raise QueryError(
            f"cannot read the query: {value!r} is not a date; write a year (2016), a month (2016-03), "
            "a day (2016-03-25) or a time (2016-03-25T08:55)"
        ) from None
    return first, after - timedelta(microseconds=1)
