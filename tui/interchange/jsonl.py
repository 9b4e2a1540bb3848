"""JSON Lines: one article per line, the shape training tools load.

``jsonl`` writes ``{"id", "text", "meta", "spans": [{"start", "end", "label", "id", "note",
"author", "created"}]}``: Prodigy's span shape (spaCy's ``Doc.char_span`` takes the same
offsets), carrying every field, so it round-trips exactly.  ``doccano`` writes doccano's
sequence-labelling import shape, ``{"text", "label": [[start, end, tag]], ...}``, where a
span is a bare triple: ids, notes, authors and times are lost.

Offsets are code points, as Python, spaCy and Prodigy count.  JSON escapes control
characters; U+0085, U+2028 and U+2029 are escaped too, since readers that split lines with
``str.splitlines`` would otherwise cut a record in two.

Import reads both shapes, and doccano's newer ``entities`` list; the article id is ``id``
(a string, or doccano's number), else ``meta.id``, else made from the file name and line.
Prodigy records whose ``answer`` is not ``accept`` are rejected examples: not taken.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tui.annotations.model import PROGRESS_STATES, ProgressMark
from tui.interchange.model import (
    ExportDocument,
    IncomingDocument,
    IncomingSpan,
    Origin,
    Report,
    format_created,
    parse_created,
    report_unread_created,
)
from tui.interchange.sources import MAX_IMPORT_BYTES, JsonInputError, load_json, read_source

#: Characters JSON leaves raw that some line readers take as line breaks.
LINE_BREAK_ESCAPES = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def dumps(value: object) -> str:
    """One JSON value on one line: UTF-8 text as it is, nothing a line reader splits on."""
    return json.dumps(value, ensure_ascii=False).translate(LINE_BREAK_ESCAPES)


#: Adjudication's keys on an annotation (tui.agreement.adjudication), carried as they are.
SETTLED_KEYS = ("settled_by", "settled_from")


def jsonl_record(document: ExportDocument) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": document.article_id,
        "text": document.text,
        "meta": document.meta,
        "spans": [
            {
                "start": a.start,
                "end": a.end,
                "label": a.tag,
                "id": a.id,
                "note": a.note,
                "author": a.author,
                "created": format_created(a.created),
                **{key: a.extra[key] for key in SETTLED_KEYS if key in a.extra},
            }
            for a in document.annotations
        ],
    }
    if document.progress:
        record["progress"] = [
            {"author": mark.author, "state": mark.state, "at": format_created(mark.at)}
            for mark in document.progress
        ]
    return record


def doccano_record(document: ExportDocument) -> dict[str, Any]:
    # doccano keeps the other keys of a line as the example's metadata.
    return {
        "text": document.text,
        "label": [[a.start, a.end, a.tag] for a in document.annotations],
        "article": document.article_id,
        **document.meta,
    }


def write_jsonl(documents: Iterable[ExportDocument], *, doccano: bool = False) -> bytes:
    record = doccano_record if doccano else jsonl_record
    return "".join(dumps(record(document)) + "\n" for document in documents).encode("utf-8")


# --- import --------------------------------------------------------------------------------------


def read_jsonl(path: Path, display: str, report: Report) -> Iterator[IncomingDocument]:
    """The articles of a JSON Lines file; a line that cannot be read is reported and skipped."""
    data_bytes = read_source(path, display, report, MAX_IMPORT_BYTES)
    if data_bytes is None:
        return
    try:
        content = data_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        report.left_out(display, f"not taken: not valid UTF-8 (byte {error.start})")
        return
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        origin = Origin(display, number)
        try:
            data = load_json(line)
        except JsonInputError as error:
            report.left_out(origin, f"not taken: {error}")
            continue
        document = _document(data, origin, path, report)
        if document is not None:
            yield document


def _document(data: object, origin: Origin, path: Path, report: Report) -> IncomingDocument | None:
    if not isinstance(data, dict):
        report.left_out(origin, "not taken: a line must be a JSON object")
        return None
    answer = data.get("answer")
    if answer is not None and answer != "accept":
        report.left_out(origin, f'not taken: Prodigy\'s answer is {dumps(answer)}, not "accept"')
        return None
    text = data.get("text")
    if not isinstance(text, str):
        report.left_out(origin, 'not taken: no "text" string')
        return None
    article_id = _article_id(data, origin, path, report)
    if article_id is None:
        return None
    progress = tuple(_progress(data.get("progress"), origin, report))
    return IncomingDocument(article_id, text, tuple(_spans(data, origin, report)), origin, progress=progress)


def _progress(value: object, origin: Origin, report: Report) -> Iterator[ProgressMark]:
    """The record's progress marks (``[{"author", "state", "at"}]``); an entry that is not one is reported."""
    if value is None:
        return
    for index, entry in enumerate(value if isinstance(value, list) else [value], start=1):
        mark = entry if isinstance(entry, dict) else {}
        author, state, at = mark.get("author"), mark.get("state"), parse_created(mark.get("at"))
        if isinstance(author, str) and author and state in PROGRESS_STATES and at is not None:
            yield ProgressMark(author, str(state), at)
        else:
            report.left_out(
                Origin(origin.file, origin.line, f"progress {index}"),
                f"not taken: not a progress mark: {dumps(entry)[:80]}",
            )


def _article_id(data: dict[str, Any], origin: Origin, path: Path, report: Report) -> str | None:
    meta = data.get("meta")
    for candidate in (
        data.get("id"),
        data.get("article"),
        meta.get("id") if isinstance(meta, dict) else None,
    ):
        if isinstance(candidate, str) and candidate:
            return candidate
        if isinstance(candidate, int) and not isinstance(candidate, bool):
            return str(candidate)
    made = f"{path.stem}-{origin.line}"
    report.note(origin, f'no "id": the article is named {made!r}')
    return made


def _spans(data: dict[str, Any], origin: Origin, report: Report) -> Iterator[IncomingSpan]:
    """Spans in the first of the three shapes the record has; an entry that is not a span is reported."""
    shapes = (("spans", "start", "end"), ("entities", "start_offset", "end_offset"), ("label", None, None))
    for key, start_key, end_key in shapes:
        entries = data.get(key)
        if entries is None or (key == "label" and not isinstance(entries, list)):
            continue
        if not isinstance(entries, list):
            report.left_out(origin, f'not taken: "{key}" must be a list')
            return
        for index, entry in enumerate(entries, start=1):
            where = Origin(origin.file, origin.line, f"{key} {index}")
            span = _span(entry, where, start_key, end_key)
            if span is None:
                report.left_out(where, f"not taken: not a span: {dumps(entry)[:80]}")
            else:
                if isinstance(entry, dict):
                    report_unread_created(entry.get("created"), span.created, where, report)
                yield span
        return


def _span(entry: object, origin: Origin, start_key: str | None, end_key: str | None) -> IncomingSpan | None:
    if isinstance(entry, list):  # doccano: [start, end, label]
        if len(entry) != 3 or not all(_is_int(v) for v in entry[:2]) or not isinstance(entry[2], str):
            return None
        return IncomingSpan(entry[0], entry[1], entry[2], origin)
    if not isinstance(entry, dict):
        return None
    start_key = start_key or "start_offset"
    end_key = end_key or "end_offset"
    start, end, label = entry.get(start_key), entry.get(end_key), entry.get("label")
    if not (_is_int(start) and _is_int(end) and isinstance(label, str)):
        return None
    return IncomingSpan(
        start,
        end,
        label,
        origin,
        id=_string(entry.get("id")),
        note=_string(entry.get("note")),
        author=_string(entry.get("author")),
        created=parse_created(entry.get("created")),
        quote=_string(entry.get("text")),
        extra=_settled(entry),
    )


def _settled(entry: dict[str, Any]) -> dict[str, Any]:
    """``settled_by`` (a string) and ``settled_from`` (a list of ids) as the span gives them."""
    by, source = entry.get("settled_by"), entry.get("settled_from")
    extra: dict[str, Any] = {}
    if isinstance(by, str) and by:
        extra["settled_by"] = by
    if isinstance(source, list) and all(isinstance(x, str) for x in source):
        extra["settled_from"] = list(source)
    return extra


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _string(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # doccano's numeric ids
    return value if isinstance(value, str) else None
