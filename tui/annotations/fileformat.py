"""The annotation file format (TOML, format 1): parsing with problems by line, deterministic rendering.

The files are the truth that users commit and merge, so rendering is deterministic (fixed
key order, annotations sorted, unchanged sets give identical bytes), unknown keys survive
a rewrite, and every problem is reported with its file and line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

import tomli_w

from tui.annotations import canonical
from tui.annotations.collector import collector_paused
from tui.annotations.model import (
    ANNOTATION_KEYS,
    FORMAT_VERSION,
    HEADER_KEYS,
    PROGRESS_KEYS,
    PROGRESS_STATES,
    REQUIRED_ANNOTATION_KEYS,
    STATUSES,
    STRING_KEYS,
    SUGGESTED,
    TAGS,
    Annotation,
    AnnotationFile,
    Problem,
    ProgressMark,
    by_position,
)
from tui.workspace.layout import InvalidArticleIdError, validate_article_id

_ZERO = timedelta(0)

# --- reading ---------------------------------------------------------------------------------

UTF8_BOM = b"\xef\xbb\xbf"
TOML_ERROR_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
#: A line that starts a table (``[name]`` or ``[[name]]``), and the array tables of the format.
TABLE_HEADER = re.compile(r"^\s*\[")
ARRAY_HEADER = re.compile(r"^\s*\[\[\s*(annotation|progress)\s*\]\]")


def parse_annotation_file(
    content: bytes,
    *,
    display_path: str,
    expected_article: str,
    text: str | None,
    tags: Collection[str] = TAGS,
) -> tuple[AnnotationFile | None, list[Problem]]:
    """Parse and validate one file's bytes; ``text`` (if known) is checked against quotes.

    An annotation whose tag is not in ``tags`` (the workspace's tag set) is a problem that
    keeps the file from being rewritten, so it is never dropped.
    """
    with collector_paused():
        return _parse(content, display_path, expected_article, text, tags, None)


@dataclass(frozen=True)
class Version:
    """One version of an annotation file, for ``parse_versions``."""

    content: bytes
    display_path: str
    expected_article: str


def parse_versions(
    versions: Sequence[Version], *, tags: Collection[str] = TAGS
) -> list[tuple[AnnotationFile | None, list[Problem]]]:
    """``parse_annotation_file`` of each version (no article text), each distinct block read once.

    The versions of a merge share almost all of their ``[[annotation]]`` blocks: a block met
    again is neither read nor checked again.  One with a problem is checked in each file
    that has it, so the problem is reported there, with that file's line.
    """
    shared = _Shared()
    with collector_paused():
        return [
            _parse(version.content, version.display_path, version.expected_article, None, tags, shared)
            for version in versions
        ]


@dataclass
class _Shared:
    """What reading versions of one file learns once per distinct ``[[annotation]]`` block."""

    blocks: canonical.Blocks = field(default_factory=dict)
    #: The annotation each shared table gave, by the table's ``id()``; the table is kept
    #: beside it, so no other object can take that id while it is here.
    annotations: dict[int, tuple[dict[str, Any], Annotation]] = field(default_factory=dict)


def _parse(
    content: bytes,
    display_path: str,
    expected_article: str,
    text: str | None,
    tags: Collection[str],
    shared: _Shared | None,
) -> tuple[AnnotationFile | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(reason: str, line: int | None = None, annotation_id: str | None = None,
                blocks: bool = True) -> None:  # fmt: skip
        problems.append(Problem(display_path, reason, line, annotation_id, blocks))

    if content.startswith(UTF8_BOM):
        problem("the file starts with a byte-order mark (BOM), which TOML does not allow; "
                "save it as UTF-8 without BOM", 1)  # fmt: skip
        return None, problems
    try:
        source = content.decode("utf-8")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        problem(f"not valid UTF-8 (byte {error.start})", line)
        return None, problems
    try:
        data = canonical.loads(source, shared.blocks if shared is not None else None)
    except tomllib.TOMLDecodeError as error:
        line, reason = toml_error(error, source)
        problem(f"invalid TOML: {reason}", line)
        return None, problems
    except RecursionError:
        problem("invalid TOML: nested too deeply")
        return None, problems

    lines = _LineFinder(source)
    header_ok = _check_header(data, expected_article, lines, problem)
    raw_annotations = data.get("annotation", [])
    if not isinstance(raw_annotations, list) or not all(isinstance(item, dict) for item in raw_annotations):
        problem(
            "'annotation' must be an array of tables ([[annotation]])",
            lines.key(None, "annotation"),
        )
        return None, problems

    annotations: list[Annotation] = []
    seen: set[str] = set()
    known = shared.annotations if shared is not None else None
    for index, raw in enumerate(raw_annotations):
        entry = known.get(id(raw)) if known is not None else None
        if entry is not None and entry[0] is raw:
            annotation = entry[1]
        else:
            parsed = _parse_annotation(raw, index, lines, problem, tags)
            if parsed is None:
                continue  # not kept: each file with this block reports it, with its own line
            annotation = parsed
            if known is not None:
                known[id(raw)] = (raw, annotation)
        if annotation.id in seen:
            problem(f"duplicate id {annotation.id!r}", lines.header(index), annotation.id)
            continue
        seen.add(annotation.id)
        if annotation.created.utcoffset() != _ZERO:
            problem(
                _not_utc("created", annotation.created), lines.key(index, "created"), annotation.id, False
            )
        if text is not None and not annotation.matches(text):
            span = f"{annotation.start}-{annotation.end}"
            if annotation.end > len(text):
                reason = f"span {span} is past the end of the article (length {len(text)})"
            else:
                reason = f"quote {annotation.quote!r} does not match the article text at {span}"
            problem(reason, lines.header(index), annotation.id, blocks=False)
        annotations.append(annotation)
    progress = _parse_progress(data.get("progress", []), lines, problem)
    if not header_ok or progress is None:
        return None, problems
    extra = {key: value for key, value in data.items() if key not in (*HEADER_KEYS, "annotation", "progress")}
    document = AnnotationFile(
        article=data["article"],
        text_sha256=data["text_sha256"],
        annotations=tuple(sorted(annotations, key=by_position)),
        extra=extra,
        progress=tuple(sorted(progress, key=lambda mark: mark.author)),
    )
    return document, problems


def _not_utc(key: str, value: datetime) -> str:
    zone = "no time zone" if value.tzinfo is None else f"the offset {value:%z}"
    return f"{key!r} has {zone}; write it in UTC with a Z, e.g. 2026-11-22T10:15:00Z"


def _parse_progress(raw_marks: Any, lines: _LineFinder, problem: Any) -> list[ProgressMark] | None:
    """The ``[[progress]]`` marks; None when the key is not an array of tables at all.

    A mark with a problem is left out and the problem blocks rewriting, as for annotations,
    so a hand-edited mark is never dropped by the next save.
    """
    if not isinstance(raw_marks, list) or not all(isinstance(item, dict) for item in raw_marks):
        problem("'progress' must be an array of tables ([[progress]])", lines.key(None, "progress"))
        return None
    marks: list[ProgressMark] = []
    authors: set[str] = set()
    for index, raw in enumerate(raw_marks):
        header = lines.header(index, "progress")
        author = raw.get("author")
        who = f"progress mark of {author!r}" if isinstance(author, str) else "progress mark"
        reasons = [f"{who}: missing key {key!r}" for key in PROGRESS_KEYS if key not in raw]
        for key in ("author", "state"):
            if key in raw and not isinstance(raw[key], str):
                reasons.append(f"{who}: {key!r} must be a string, not {type(raw[key]).__name__}")
        if "at" in raw and not isinstance(raw["at"], datetime):
            reasons.append(f"{who}: 'at' must be a TOML date-time such as 2026-11-22T10:15:00Z")
        if not reasons and not author:
            reasons.append("progress mark: 'author' is empty")
        if not reasons and raw["state"] not in PROGRESS_STATES:
            reasons.append(f"{who}: unknown state {raw['state']!r} (states are {', '.join(PROGRESS_STATES)})")
        if not reasons and author in authors:
            reasons.append(f"{who}: a second mark for this author (keep one)")
        if reasons:
            for reason in reasons:
                problem(reason, header)
            continue
        authors.add(author)
        if raw["at"].utcoffset() != _ZERO:
            problem(f"{who}: {_not_utc('at', raw['at'])}", lines.key(index, "at", "progress"), None, False)
        extra = {key: value for key, value in raw.items() if key not in PROGRESS_KEYS}
        marks.append(ProgressMark(author, raw["state"], raw["at"], extra))
    return marks


def toml_error(error: tomllib.TOMLDecodeError, source: str) -> tuple[int, str]:
    """The line of a TOML syntax error in ``source``, and its reason without tomllib's position."""
    message = str(error)
    position = TOML_ERROR_POSITION.search(message)
    line = int(position.group(1)) if position else source.rstrip("\n").count("\n") + 1
    return line, TOML_ERROR_POSITION.sub("", message).replace("(at end of document)", "").strip()


def _check_header(data: dict[str, Any], expected_article: str, lines: _LineFinder, problem: Any) -> bool:
    ok = True
    version = data.get("format")
    if version is None:
        problem("missing key 'format'", 1)
        ok = False
    elif not isinstance(version, int) or isinstance(version, bool) or version != FORMAT_VERSION:
        problem(
            f"unknown format {version!r} (this Glossator reads format {FORMAT_VERSION})",
            lines.key(None, "format"),
        )
        ok = False
    article = data.get("article")
    if not isinstance(article, str):
        problem("missing or non-string key 'article'", lines.key(None, "article"))
        ok = False
    else:
        try:
            validate_article_id(article)
        except InvalidArticleIdError as error:
            problem(f"'article' is refused: {error}", lines.key(None, "article"))
            ok = False
        else:
            if article != expected_article:
                problem(
                    f"article = {article!r} does not match the file name (expected {expected_article!r})",
                    lines.key(None, "article"),
                )
                ok = False
    digest = data.get("text_sha256")
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        problem("'text_sha256' must be 64 lowercase hex digits", lines.key(None, "text_sha256"))
        ok = False
    return ok


def _parse_annotation(
    raw: dict[str, Any], index: int, lines: _LineFinder, problem: Any, tags: Collection[str]
) -> Annotation | None:
    raw_id = raw.get("id")
    annotation_id = raw_id if isinstance(raw_id, str) and raw_id else None
    failed = False

    def fail(reason: str, key: str | None = None) -> None:
        nonlocal failed
        failed = True  # line numbers only now: finding them costs a pass over the whole file
        problem(reason, lines.key(index, key) if key else lines.header(index), annotation_id)

    for key in REQUIRED_ANNOTATION_KEYS:
        if key not in raw:
            fail(f"missing key {key!r}")
    for key in STRING_KEYS:
        if key in raw and not isinstance(raw[key], str):
            fail(f"{key!r} must be a string, not {type(raw[key]).__name__}", key)
    for key in ("start", "end"):
        if key in raw and (not isinstance(raw[key], int) or isinstance(raw[key], bool)):
            fail(f"{key!r} must be an integer, not {type(raw[key]).__name__}", key)
    if "created" in raw and not isinstance(raw["created"], datetime):
        fail("'created' must be a TOML date-time such as 2026-11-22T10:15:00Z", "created")
    if failed:
        return None
    if not raw["id"]:
        fail("'id' is empty", "id")
    if raw["tag"] not in tags:
        fail(f"unknown tag {raw['tag']!r} (tags are {', '.join(tags)})", "tag")
    if raw.get("status", "") not in STATUSES:
        fail(f"unknown status {raw['status']!r} (the only status is {SUGGESTED!r}; absent means accepted)",
             "status")  # fmt: skip
    if raw["start"] < 0:
        fail(f"'start' is {raw['start']}; offsets count from 0", "start")
    elif raw["end"] <= raw["start"]:
        fail(f"span {raw['start']}-{raw['end']} is empty or reversed (end must be after start)", "start")
    if failed:
        return None
    return Annotation(
        id=raw["id"],
        tag=raw["tag"],
        start=raw["start"],
        end=raw["end"],
        quote=raw["quote"],
        author=raw["author"],
        created=raw["created"],
        prefix=raw.get("prefix", ""),
        suffix=raw.get("suffix", ""),
        note=raw.get("note", ""),
        status=raw.get("status", ""),
        extra={} if _KNOWN_KEYS.issuperset(raw) else {k: v for k, v in raw.items() if k not in _KNOWN_KEYS},
    )


_KNOWN_KEYS = frozenset(ANNOTATION_KEYS)


class _LineFinder:
    """Line numbers for problems: of the n-th ``[[annotation]]`` (or ``[[progress]]``) header,
    or of a key in it (up to the next table header)."""

    def __init__(self, source: str) -> None:
        self.source = source

    @cached_property
    def lines(self) -> list[str]:
        # Only files with a problem need line numbers: computed on first use.
        return self.source.split("\n")

    @cached_property
    def tables(self) -> list[int]:
        return [n for n, line in enumerate(self.lines) if TABLE_HEADER.match(line)]

    @cached_property
    def headers(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {"annotation": [], "progress": []}
        for number in self.tables:
            match = ARRAY_HEADER.match(self.lines[number])
            if match:
                found[match.group(1)].append(number)
        return found

    def header(self, index: int, table: str = "annotation") -> int | None:
        headers = self.headers[table]
        return headers[index] + 1 if index < len(headers) else None

    def key(self, index: int | None, key: str, table: str = "annotation") -> int | None:
        if index is None:
            first = 0
        elif index < len(self.headers[table]):
            first = self.headers[table][index]
        else:
            return None
        last = next((n for n in self.tables if n > first), len(self.lines))
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(first, last):
            if pattern.match(self.lines[number]):
                return number + 1
        return self.header(index, table) if index is not None else None


# --- writing ---------------------------------------------------------------------------------


def render(document: AnnotationFile) -> str:
    """The file's text: fixed key order, annotations sorted, one table per annotation.

    One ``[[annotation]]`` table per span is what lets git merge concurrent additions
    at different places of a file without a conflict.  Progress marks follow, one
    ``[[progress]]`` table per author, sorted by author.  Values are formatted by tomli-w;
    the table structure is laid out here because tomli-w would inline short tables.
    """
    header: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "article": document.article,
        "text_sha256": document.text_sha256,
    }
    header.update(sorted(document.extra.items()))
    out: list[str] = []
    _emit_table(header, "", out)
    for annotation in sorted(document.annotations, key=by_position):
        out.append("\n")
        text = _usual_annotation(annotation)
        if text is None:
            _emit_table(_annotation_table(annotation), "annotation", out, array_item=True)
        else:
            out.append(text)
    for mark in sorted(document.progress, key=lambda mark: mark.author):
        out.append("\n")
        _emit_table(_progress_table(mark), "progress", out, array_item=True)
    return "".join(out)


def _annotation_table(annotation: Annotation) -> dict[str, Any]:
    table: dict[str, Any] = {
        "id": annotation.id,
        "tag": annotation.tag,
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "prefix": annotation.prefix,
        "suffix": annotation.suffix,
    }
    if annotation.note:
        table["note"] = annotation.note
    if annotation.status:
        table["status"] = annotation.status
    table["author"] = annotation.author
    table["created"] = annotation.created
    table.update(sorted(annotation.extra.items()))
    return table


def _usual_annotation(annotation: Annotation) -> str | None:
    """The table of ``_annotation_table`` as ``_emit_table`` writes it, for the usual annotation.

    Formatted at once, in about half the time of walking the table (which was most of the
    time the merge driver took to write a 50,000-annotation file); a test compares the two.
    None for an annotation with extra keys or a value of another type: the walk writes those.
    """
    created, start, end = annotation.created, annotation.start, annotation.end
    strings = (annotation.id, annotation.tag, annotation.quote, annotation.prefix, annotation.suffix,
               annotation.note, annotation.status, annotation.author)  # fmt: skip
    if (
        annotation.extra
        or type(start) is not int
        or type(end) is not int
        or not all(type(value) is str for value in strings)
        or not _is_utc_second(created)
    ):
        return None
    ident, tag, quote, prefix, suffix, note, status, author = map(_basic_string, strings)
    return "".join((
        f'[[annotation]]\nid = "{ident}"\ntag = "{tag}"\nstart = {start}\nend = {end}\n',
        f'quote = "{quote}"\nprefix = "{prefix}"\nsuffix = "{suffix}"\n',
        f'note = "{note}"\n' if note else "",
        f'status = "{status}"\n' if status else "",
        f'author = "{author}"\ncreated = {created:%Y-%m-%dT%H:%M:%S}Z\n',
    ))  # fmt: skip


def _progress_table(mark: ProgressMark) -> dict[str, Any]:
    return {"author": mark.author, "state": mark.state, "at": mark.at, **dict(sorted(mark.extra.items()))}


def _emit_table(table: Mapping[str, Any], path: str, out: list[str], array_item: bool = False) -> None:
    if path:
        out.append(f"[[{path}]]\n" if array_item else f"[{path}]\n")
    nested: list[tuple[str, Any]] = []
    for key, value in table.items():
        if isinstance(value, Mapping) or _is_table_array(value):
            nested.append((key, value))
        else:
            out.append(_literal_line(key, value))
    for key, value in nested:
        child = f"{path}.{_format_key(key)}" if path else _format_key(key)
        for item in value if isinstance(value, list) else [value]:
            out.append("\n")
            _emit_table(item, child, out, array_item=isinstance(value, list))


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _literal_line(key: str, value: Any) -> str:
    """``key = value`` as tomli-w writes it; strings and integers are formatted here directly.

    tomli-w builds a whole document for every value, which made rendering a 50,000-annotation
    file take 1.4 s; the output is the same (a test compares them on random strings).
    """
    name = key if _BARE_KEY.fullmatch(key) else _format_key(key)
    kind = type(value)
    if kind is str:
        return f'{name} = "{_basic_string(value)}"\n'
    if kind is int:
        return f"{name} = {value}\n"
    if _is_utc_second(value):
        # RFC 3339 with Z, as people write it; tomli-w would write "2026-11-22 10:15:00+00:00".
        return f"{name} = {value:%Y-%m-%dT%H:%M:%S}Z\n"
    return tomli_w.dumps({key: value})


def _basic_string(value: str) -> str:
    """The inside of a basic string, escaped as tomli-w escapes it."""
    if _NEEDS_ESCAPE.search(value):  # most strings need none, and looking costs less than translating
        return value.translate(_BASIC_STRING_ESCAPES)
    return value


def _is_utc_second(value: object) -> bool:
    """A date-time written with a Z: in UTC, to the second."""
    return isinstance(value, datetime) and value.utcoffset() == _ZERO and not value.microsecond


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: How tomli-w escapes a basic string: compact escapes where TOML has them, else \uXXXX for
#: control characters (tab is kept).
_BASIC_STRING_ESCAPES = {code: f"\\u{code:04x}" for code in (*range(0x20), 0x7F) if code != 0x09} | {
    0x08: "\\b", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\",
}  # fmt: skip
#: A character that ``_BASIC_STRING_ESCAPES`` changes.
_NEEDS_ESCAPE = re.compile(f"[{re.escape(''.join(map(chr, _BASIC_STRING_ESCAPES)))}]")


def _format_key(key: str) -> str:
    """A key as TOML needs it (bare or quoted), as tomli-w formats it."""
    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]
