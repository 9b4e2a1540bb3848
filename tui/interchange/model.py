"""The records that cross the border, and the report of what crossed and what did not.

Format modules translate between their own shape and these records only; the rules that
hold for every format (which annotations leave, how an import lands) work on the records.
Export reuses the store's ``Annotation`` as it is (it carries every field); import has its
own ``IncomingSpan``, since what a foreign file says is not yet an annotation: its offsets,
label and quote are checked against the article text first.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tui.annotations.model import Annotation, ProgressMark
from tui.workspace.articles import BOM
from tui.workspace.metadata import Metadata

# --- export --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportDocument:
    """One article as an export writes it: the article text and the annotations chosen."""

    article_id: str
    text: str
    metadata: Metadata
    #: Sorted as in the annotation file (start, end, tag, id); each one matches ``text``.
    annotations: tuple[Annotation, ...]
    #: The annotators' progress marks on the article (done, skipped), for the formats that carry them.
    progress: tuple[ProgressMark, ...] = ()

    @property
    def meta(self) -> dict[str, str]:
        """Title, source, date and byline, for the formats that carry document metadata."""
        data = self.metadata
        return {"title": data.title, "source": data.source, "date": data.date, "byline": data.byline}


# --- import --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where something was read: shown in the report so a user can find it (``file:line``)."""

    file: str
    line: int | None = None
    #: What is at that place when a line is not enough: ``T3``, ``span 2``, an annotation IRI.
    item: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} ({self.item})" if self.item else where


@dataclass(frozen=True)
class IncomingSpan:
    """A span as a foreign file states it; offsets count into ``IncomingDocument.text``.

    A span with no offsets (``start``/``end`` None) is found by its quote: it is taken only
    where the quote, with its prefix and suffix, occurs exactly once.
    """

    start: int | None
    end: int | None
    label: str
    origin: Origin
    #: Fields a format may or may not carry; None where it does not (import fills them in).
    id: str | None = None
    note: str | None = None
    author: str | None = None
    created: datetime | None = None
    #: The text the file says the span covers, when it says one: checked against the text.
    quote: str | None = None
    #: Text just before and after the quote (W3C TextQuoteSelector), to find it without offsets.
    prefix: str = ""
    suffix: str = ""
    #: Adjudication's ``settled_by`` and ``settled_from``, where the format carries them.
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IncomingDocument:
    """An article as a foreign file states it."""

    article_id: str
    #: The text offsets count into, as the file has it; None when the format carries no text
    #: (W3C annotations name their article): then the article must already be in the corpus.
    text: str | None
    spans: tuple[IncomingSpan, ...]
    origin: Origin
    #: When the format cannot hold every character (XML and control characters), whether an
    #: article text in the corpus is the one this file's text stands for; None: only itself.
    stands_for: Callable[[str], bool] | None = None
    #: Progress marks on the article, where the format carries them (JSON Lines).
    progress: tuple[ProgressMark, ...] = ()

    def same_text(self, corpus_text: str, text: str) -> bool:
        """Whether ``text`` (this file's, as the article text) is ``corpus_text``."""
        if text == corpus_text:
            return True
        return self.stands_for is not None and self.stands_for(corpus_text)


def parse_created(value: object) -> datetime | None:
    """A ``created`` value from a file (ISO 8601), or None if absent or not a date-time.

    A time without a zone is taken as UTC, and one with an offset (``+14:00``) is converted
    to UTC: every Glossator time is stored in UTC, and ``check`` reports any other.
    """
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
        return parsed.astimezone(UTC) if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError):  # OverflowError: 0001-01-01T00:00+01:00 is before year 1 in UTC
        return None


def report_unread_created(value: object, parsed: datetime | None, where: object, report: Report) -> None:
    """Say so when a file gives a ``created`` that is not a date-time (the import's time is used)."""
    if value is not None and value != "" and parsed is None:
        shown = repr(value)[:60]
        report.note(where, f"'created' {shown} is not an ISO 8601 date-time: the time of the import is used")


def format_created(value: datetime) -> str:
    """``created`` as ISO 8601; UTC with ``Z`` (as the W3C model and people write it)."""
    text = value.isoformat()
    return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text


# --- the article text ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NormalisedText:
    """A foreign text turned into *the article text*, and how to move offsets along.

    The article text drops a byte-order mark and turns ``\\r\\n`` and a lone ``\\r`` into
    ``\\n`` (``tui.workspace.articles.decode_article``).  A file made on Windows counts offsets in the
    text before that; each removed character moves every later offset back by one.
    """

    text: str
    #: Positions, in the original text, of the characters that were removed.
    removed: tuple[int, ...] = ()

    def position(self, offset: int) -> int:
        """Where an offset into the original text lands in the article text."""
        return offset - bisect.bisect_left(self.removed, offset)

    @property
    def changed(self) -> bool:
        return bool(self.removed)


def normalise(raw: str) -> NormalisedText:
    """``raw`` as the article text (exactly what ``decode_article`` makes of its bytes)."""
    removed: list[int] = []
    start = 0
    if raw.startswith(BOM):
        removed.append(0)
        start = 1
    position = raw.find("\r\n", start)
    while position != -1:
        removed.append(position)
        position = raw.find("\r\n", position + 2)
    text = raw[start:].replace("\r\n", "\n").replace("\r", "\n")
    return NormalisedText(text, tuple(removed))


# --- the report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """One line of a report: where, and what happened there."""

    where: str
    message: str
    #: True when something was left out (not exported, not taken): the command then exits 1.
    left_out: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Report:
    """What an export or an import did, line by line, and the counts for its summary."""

    notices: list[Notice] = field(default_factory=list)

    def left_out(self, where: object, message: str) -> None:
        self.notices.append(Notice(str(where), message, left_out=True))

    def note(self, where: object, message: str) -> None:
        self.notices.append(Notice(str(where), message, left_out=False))

    def extend(self, notices: Iterable[Notice]) -> None:
        self.notices.extend(notices)

    @property
    def anything_left_out(self) -> bool:
        return any(notice.left_out for notice in self.notices)
