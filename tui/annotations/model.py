"""The annotation model: an annotation, a progress mark, a file's content and its problems.

Plain immutable values, with no file access, shared by the file format, the store and
everything that edits, compares or exports annotations.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any, TypedDict

from tui.errors import GlossatorError
from tui.workspace.articles import text_sha256
from tui.workspace.tagset import DEFAULT_TAGS

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
#: Set by a merge on both versions of an annotation changed differently (see tui.annotations.threeway).
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
        key: tuple[int, int, str, str] = by_position(self)
        return key

    def matches(self, text: str) -> bool:
        """Whether the stored offsets still select the stored quote in ``text``."""
        return 0 <= self.start < self.end <= len(text) and text[self.start : self.end] == self.quote

    def with_span(self, text: str, start: int, end: int) -> Annotation:
        """The same annotation moved to ``text[start:end]``, context refreshed."""
        return replace(self, start=start, end=end, **_span_fields(text, start, end))


#: ``Annotation.sort_key`` as a key function: the order of a file's annotations (by start, end,
#: tag, id), computed in C, for the big sorts of reading, merging and writing files.
by_position = attrgetter("start", "end", "tag", "id")


@dataclass(frozen=True)
class ProgressMark:
    """One annotator's mark on an article: ``done`` with it or ``skipped`` it, and when.

    Kept in the article's annotation file, one ``[[progress]]`` table per author, so marks
    travel and merge through git with the annotations (the newer ``at`` wins; see
    tui.annotations.threeway) rather than living in a file of their own that every annotator rewrites.
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
    """A random, never-sequential id: 16 hex digits, 64 bits from the system's random source
    (as a UUID4's are; the ``uuid`` module is not imported for it: it costs every command
    a tenth of its start-up)."""
    return os.urandom(8).hex()


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
