"""The annotation model and its TOML files: reading, validating and deterministic atomic writing.

One file per annotated article, ``annotations/<article id>.toml``.  The files are the
truth that users commit and merge, so writing is deterministic (fixed key order,
annotations sorted, unchanged sets give identical bytes), unknown keys survive a rewrite,
and a file with a problem the program cannot represent faithfully is never rewritten.
"""

from __future__ import annotations

import re
import tomllib
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, TypedDict

import tomli_w

from tui.corpus import text_sha256
from tui.errors import GlossatorError
from tui.fileio import remove_file, write_atomic
from tui.tagset import DEFAULT_TAGS, TagSet, load_tag_set
from tui.workspace import InvalidArticleIdError, Workspace, validate_article_id

#: What a change to one article's annotations computes from the file as it is on disk now:
#: the article's whole new set, or None to leave the file as it is.
Change = Callable[["LoadedAnnotations"], "Iterable[Annotation] | None"]
#: The same for the article's progress marks: every mark the file is to hold, or None.
ProgressChange = Callable[["LoadedAnnotations"], "Iterable[ProgressMark] | None"]

FORMAT_VERSION = 1
#: The default tag set's names; a workspace's own set is ``AnnotationStore.tag_set``.
TAGS = DEFAULT_TAGS.names
#: How much text before and after a span is kept, to find the quote again after edits.
CONTEXT_CHARS = 32

_ZERO = timedelta(0)
HEADER_KEYS = ("format", "article", "text_sha256")
ANNOTATION_KEYS = (
    "id", "tag", "start", "end", "quote", "prefix", "suffix", "note", "status", "author", "created",
)  # fmt: skip
REQUIRED_ANNOTATION_KEYS = ("id", "tag", "start", "end", "quote", "author", "created")
STRING_KEYS = ("id", "tag", "quote", "prefix", "suffix", "note", "status", "author")
#: ``status = "suggested"``: proposed (by ``suggest`` or tag-all) and waiting for review.
#: Absent means accepted, so files written before suggestions existed read unchanged.
SUGGESTED = "suggested"
STATUSES = ("", SUGGESTED)
#: Set by a merge on both versions of an annotation changed differently (see tui.merging).
CONFLICT_KEY = "conflict_with"
#: An annotator's progress on an article (``[[progress]]``): finished with it, or passed it over.
DONE, SKIPPED = "done", "skipped"
PROGRESS_STATES = (DONE, SKIPPED)
PROGRESS_KEYS = ("author", "state", "at")


class AnnotationFileLockedError(GlossatorError):
    """The annotation file has problems that rewriting it would paper over or lose."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.file} is not rewritten because it has a problem: {problem.reason}")
        #: The problem (file, line, reason), for callers that list problems one per file.
        self.problem = problem


class InvalidSpanError(GlossatorError):
    """A span that is empty, reversed, out of range or only whitespace."""


@dataclass(frozen=True)
class Annotation:
    """One tagged span.  ``start``/``end`` are code-point offsets into the article text."""

    id: str
    tag: str
    start: int
    end: int
    quote: str
    author: str
    created: datetime
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    #: "" (accepted) or ``SUGGESTED``.
    status: str = ""
    #: Keys this version does not know, kept verbatim so newer tools' data survives.
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.start, self.end, self.tag, self.id)

    def matches(self, text: str) -> bool:
        """Whether the stored offsets still select the stored quote in ``text``."""
        return 0 <= self.start < self.end <= len(text) and text[self.start : self.end] == self.quote

    def with_span(self, text: str, start: int, end: int) -> Annotation:
        """The same annotation moved to ``text[start:end]``, context refreshed."""
        return replace(self, start=start, end=end, **_span_fields(text, start, end))


@dataclass(frozen=True)
class ProgressMark:
    """One annotator's mark on an article: ``done`` with it or ``skipped`` it, and when.

    Kept in the article's annotation file, one ``[[progress]]`` table per author, so marks
    travel and merge through git with the annotations (the newer ``at`` wins; see
    tui.merging) rather than living in a file of their own that every annotator rewrites.
    """

    author: str
    state: str
    at: datetime
    #: Keys this version does not know, kept verbatim.
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AnnotationFile:
    """The content of one annotation file."""

    article: str
    text_sha256: str
    annotations: tuple[Annotation, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)
    #: One mark per author, sorted by author.
    progress: tuple[ProgressMark, ...] = ()


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file, said so that a user can find and fix it."""

    file: str
    reason: str
    line: int | None = None
    annotation_id: str | None = None
    #: Whether the program must refuse to rewrite the file because of it.
    blocks_writing: bool = True

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.annotation_id or '-'}: {self.reason}"


@dataclass(frozen=True)
class LoadedAnnotations:
    """An article's annotations as read from disk, with every problem found in the file."""

    article_id: str
    path: Path
    document: AnnotationFile | None
    problems: tuple[Problem, ...] = ()

    @property
    def annotations(self) -> tuple[Annotation, ...]:
        return self.document.annotations if self.document else ()

    @property
    def progress(self) -> tuple[ProgressMark, ...]:
        return self.document.progress if self.document else ()

    @property
    def writable(self) -> bool:
        return not any(problem.blocks_writing for problem in self.problems)

    def blocking_problem(self) -> Problem | None:
        return next((problem for problem in self.problems if problem.blocks_writing), None)

    def out_of_date(self, text: str) -> bool:
        """Whether the file was made against another text, or has spans that do not match ``text``.

        Only then do its annotations need re-anchoring: when the text changed, offsets that
        still select the quote may select another occurrence of it.
        """
        if self.document is None:
            return False
        return self.document.text_sha256 != text_sha256(text) or not all(
            a.matches(text) for a in self.annotations
        )


def new_id() -> str:
    """A random, never-sequential id: 16 hex digits (64 bits) of a UUID4."""
    return uuid.uuid4().hex[:16]


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def as_utc(moment: datetime) -> datetime:
    """``moment``, comparable with any other: a time without a zone (``check`` reports it) is taken as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past leading and trailing whitespace."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def new_annotation(
    text: str, start: int, end: int, tag: str, *, author: str, note: str = "", tags: Collection[str] = TAGS
) -> Annotation:
    """A fresh annotation on ``text[start:end]`` (whitespace at either end trimmed), tag one of ``tags``."""
    if tag not in tags:
        raise InvalidSpanError(f"unknown tag {tag!r}; tags are {', '.join(tags)}")
    trimmed_start, trimmed_end = trim_span(text, start, end)
    if trimmed_start >= trimmed_end:
        raise InvalidSpanError("the selection is empty or only whitespace")
    return Annotation(
        id=new_id(),
        tag=tag,
        start=trimmed_start,
        end=trimmed_end,
        author=author,
        created=now(),
        note=note,
        **_span_fields(text, trimmed_start, trimmed_end),
    )


class _SpanFields(TypedDict):
    quote: str
    prefix: str
    suffix: str


def _span_fields(text: str, start: int, end: int) -> _SpanFields:
    return {
        "quote": text[start:end],
        "prefix": text[max(0, start - CONTEXT_CHARS) : start],
        "suffix": text[end : end + CONTEXT_CHARS],
    }


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
        data = tomllib.loads(source)
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
    for index, raw in enumerate(raw_annotations):
        annotation = _parse_annotation(raw, index, lines, problem, tags)
        if annotation is None:
            continue
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
        annotations=tuple(sorted(annotations, key=lambda a: a.sort_key)),
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
    header = lines.header(index)
    failed = False

    def fail(reason: str, key: str | None = None) -> None:
        nonlocal failed
        failed = True
        problem(reason, lines.key(index, key) if key else header, annotation_id)

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
        extra={key: value for key, value in raw.items() if key not in ANNOTATION_KEYS},
    )


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
    for annotation in sorted(document.annotations, key=lambda a: a.sort_key):
        out.append("\n")
        _emit_table(_annotation_table(annotation), "annotation", out, array_item=True)
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
        return f'{name} = "{value.translate(_BASIC_STRING_ESCAPES)}"\n'
    if kind is int:
        return f"{name} = {value}\n"
    if isinstance(value, datetime) and value.utcoffset() is not None and not value.utcoffset() \
            and not value.microsecond:  # fmt: skip
        # RFC 3339 with Z, as people write it; tomli-w would write "2026-11-22 10:15:00+00:00".
        return f"{name} = {value:%Y-%m-%dT%H:%M:%S}Z\n"
    return tomli_w.dumps({key: value})


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
#: How tomli-w escapes a basic string: compact escapes where TOML has them, else \uXXXX for
#: control characters (tab is kept).
_BASIC_STRING_ESCAPES = {code: f"\\u{code:04x}" for code in (*range(0x20), 0x7F) if code != 0x09} | {
    0x08: "\\b", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\",
}  # fmt: skip


def _format_key(key: str) -> str:
    """A key as TOML needs it (bare or quoted), as tomli-w formats it."""
    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]


# --- the store -------------------------------------------------------------------------------

#: A file's whole content as a change computes it: its annotations and its progress marks.
_Content = tuple[Iterable[Annotation], Iterable[ProgressMark]]


def write_document(path: Path, document: AnnotationFile) -> None:
    """Write one annotation file (deterministic bytes, unique ids, atomic, mode kept).

    ``AnnotationStore.update`` is the way to change an article's annotations; this is its
    last step, also used where git hands over the file to write (the merge driver).
    """
    _check_unique(document.annotations, document.progress)
    write_atomic(path, render(document).encode("utf-8"))


class AnnotationStore:
    """Reads and writes the annotation files of one workspace."""

    def __init__(self, workspace: Workspace, tag_set: TagSet | None = None) -> None:
        self.workspace = workspace
        self._tag_set = tag_set

    @property
    def tag_set(self) -> TagSet:
        """The workspace's tags (its ``glossator.toml``, else the default), read once.

        ``TagSetError`` (a one-line message naming the file and line) if the file is invalid.
        """
        if self._tag_set is None:
            self._tag_set = load_tag_set(self.workspace.root)
        return self._tag_set

    @tag_set.setter
    def tag_set(self, tag_set: TagSet) -> None:
        """Use another tag set from now on (the app takes in a ``glossator.toml`` edited while it runs)."""
        self._tag_set = tag_set

    def load(self, article_id: str, text: str | None) -> LoadedAnnotations:
        """The annotations of one article; a missing file is an empty, writable set.

        A file that cannot be read (no permission, a link out of the workspace, a FIFO, too
        big) is one problem about that file, which also keeps it from being rewritten.
        """
        path = self.workspace.annotation_path(article_id)
        try:
            content = self.workspace.read(path)
        except FileNotFoundError:
            return LoadedAnnotations(article_id, path, None)
        except (OSError, GlossatorError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            problem = Problem(self.workspace.relative(path), f"cannot be read: {reason}")
            return LoadedAnnotations(article_id, path, None, (problem,))
        document, problems = parse_annotation_file(
            content,
            display_path=self.workspace.relative(path),
            expected_article=article_id,
            text=text,
            tags=self.tag_set.names,
        )
        return LoadedAnnotations(article_id, path, document, tuple(problems))

    def update(self, article_id: str, text: str | None, change: Change) -> LoadedAnnotations:
        """The one way to write an annotation file: lock, re-read, change, write atomically.

        Under an inter-process lock, the file is read again and ``change`` computes the new
        set from what is on disk now, so a concurrent writer's annotations are never
        overwritten (callers merge by annotation id in ``change``).  A file with a problem
        is never rewritten (``AnnotationFileLockedError``); an empty set deletes the file.
        ``text`` is the article text the new set's offsets count against; None for a change
        that moves no offsets (e.g. renaming a tag), which keeps the file's fingerprint.
        The file's progress marks are kept as they are on disk.
        """

        def whole(on_disk: LoadedAnnotations) -> _Content | None:
            wanted = change(on_disk)
            return None if wanted is None else (wanted, on_disk.progress)

        return self._rewrite(article_id, text, whole)

    def update_progress(self, article_id: str, text: str | None, change: ProgressChange) -> LoadedAnnotations:
        """Change an article's progress marks, through the same lock, re-read and write as ``update``.

        ``change`` computes every mark from the file on disk now; the annotations are kept
        as they are there.  ``text`` as for ``update`` (a new file needs it).
        """

        def whole(on_disk: LoadedAnnotations) -> _Content | None:
            wanted = change(on_disk)
            return None if wanted is None else (on_disk.annotations, wanted)

        return self._rewrite(article_id, text, whole)

    def _rewrite(
        self, article_id: str, text: str | None, compute: Callable[[LoadedAnnotations], _Content | None]
    ) -> LoadedAnnotations:
        """Lock, re-read, refuse a file with a blocking problem, compute, write: the one write path."""
        with self.workspace.lock(article_id):
            on_disk = self.load(article_id, text)
            blocking = on_disk.blocking_problem()
            if blocking is not None:
                raise AnnotationFileLockedError(blocking)
            wanted = compute(on_disk)
            if wanted is None:
                return on_disk
            return self._write(on_disk, text, *wanted)

    def _write(
        self,
        loaded: LoadedAnnotations,
        text: str | None,
        annotations: Iterable[Annotation],
        progress: Iterable[ProgressMark],
    ) -> LoadedAnnotations:
        """Write ``annotations`` and ``progress`` as the article's whole file; delete it when both are empty.

        ``text_sha256`` records the current text when every span matches it; otherwise
        (annotations still waiting to be re-anchored) the old fingerprint is kept.
        """
        self.workspace.check_inside(loaded.path)
        ordered = tuple(sorted(annotations, key=lambda a: a.sort_key))
        marks = tuple(sorted(progress, key=lambda mark: mark.author))
        _check_unique(ordered, marks)
        if not ordered and not marks:
            remove_file(loaded.path)
            return LoadedAnnotations(loaded.article_id, loaded.path, None)
        previous = loaded.document
        if text is None:
            if previous is None:
                raise GlossatorError("a new annotation file needs its article's text")
            fingerprint = previous.text_sha256
        elif previous is not None and not all(a.matches(text) for a in ordered):
            fingerprint = previous.text_sha256
        else:
            fingerprint = text_sha256(text)
        document = AnnotationFile(
            article=loaded.article_id,
            text_sha256=fingerprint,
            annotations=ordered,
            extra=previous.extra if previous else {},
            progress=marks,
        )
        if document != previous:
            write_document(loaded.path, document)
        return LoadedAnnotations(loaded.article_id, loaded.path, document)


def _check_unique(annotations: Sequence[Annotation], progress: Sequence[ProgressMark]) -> None:
    ids = [a.id for a in annotations]
    if len(ids) != len(set(ids)):
        raise GlossatorError("two annotations share an id; nothing was written")
    authors = [mark.author for mark in progress]
    if len(authors) != len(set(authors)):
        raise GlossatorError("two progress marks share an author; nothing was written")
