"""Tables and datasets (CSV, TSV, JSON Lines, JSON arrays): one article per row or record.

The usual column names of news exports (Media Cloud, newspaper archives, datasets on the
web) are recognised; ``--column FIELD=NAME`` names any other.  A row without text, a
record that is not an object, a line that is not JSON: each is one problem about that
row, and the other rows are still read.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping

from tui.intake.encodings import decode
from tui.intake.incoming import Incoming, Problem
from tui.workspace.layout import MAX_FILE_BYTES

TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".json")
#: What each field is called in the exports people have, most usual first (lower case).
USUAL_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
    "date": ("date", "published", "publish_date"),
    "source": ("source", "media_name", "site"),
    "byline": ("author", "byline"),
    "url": ("url",),
    "source_id": ("id", "stories_id"),
}
#: The fields ``--column`` can map, as users call them.
MAPPABLE = {"title": "title", "text": "text", "date": "date", "source": "source",
            "author": "byline", "url": "url", "id": "source_id"}  # fmt: skip


def rows(
    data: bytes, name: str, columns: Mapping[str, str], sized: Callable[[int], None] | None = None
) -> Iterator[Incoming | Problem]:
    """Each row of the table file ``name`` as an article, or as the problem that row has.

    ``columns`` maps a field (``text``, ``author``) to the column that holds it in the
    tables that have that column.  ``sized`` is told about how many rows there are, before
    the first (for a progress bar: a quoted line break in a CSV makes it a little high).
    """
    decoded = decode(data)
    suffix = name[name.rfind(".") :].lower()
    estimate, records = _records(decoded.text, suffix, name)
    if sized:
        sized(estimate)
    fields = {MAPPABLE[field]: column for field, column in columns.items()}
    for number, record in records:
        origin = f"{name} row {number}"
        if isinstance(record, Problem):
            yield record
            continue
        values = _fields(record, fields)
        text = values.pop("text", "").strip()
        if not text:
            columns_tried = "/".join(_candidates("text", fields))
            yield Problem(origin, f"no text (the {columns_tried} column is empty or missing)")
            continue
        yield Incoming(origin, text + "\n", values, converted_from=decoded.converted_from)


def _records(
    text: str, suffix: str, name: str
) -> tuple[int, Iterator[tuple[int, Mapping[str, object] | Problem]]]:
    """About how many records there are, and each with its row number as people count it."""
    if suffix in (".csv", ".tsv"):
        return text.count("\n") - 1, _csv_rows(text, "\t" if suffix == ".tsv" else ",")
    if suffix == ".jsonl":
        lines = enumerate(text.splitlines(), start=1)
        return text.count("\n"), ((n, _object(line, f"{name} row {n}")) for n, line in lines if line.strip())
    try:
        array = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise Problem(name, f"is not JSON: {error}") from None
    if not isinstance(array, list):
        raise Problem(name, "is not a JSON array of records (use .jsonl for one record a line)")
    return len(array), (
        (n, record if isinstance(record, dict) else Problem(f"{name} row {n}", "is not a JSON object"))
        for n, record in enumerate(array, start=1)
    )


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, Mapping[str, object] | Problem]]:
    """A CSV's rows, numbered as a spreadsheet shows them (row 1 is the header)."""
    csv.field_size_limit(MAX_FILE_BYTES)  # an article may be longer than the csv module's 128 KiB
    return enumerate(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter), start=2)


def _object(line: str, origin: str) -> Mapping[str, object] | Problem:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        return Problem(origin, f"is not JSON: {error}")
    return record if isinstance(record, dict) else Problem(origin, "is not a JSON object")


def _fields(record: Mapping[str, object], mapped: Mapping[str, str]) -> dict[str, str]:
    """The known fields of one record, by their mapped or usual column names."""
    by_lower = {str(key).strip().lower(): value for key, value in record.items() if key is not None}
    values: dict[str, str] = {}
    for field in USUAL_NAMES:
        for column in _candidates(field, mapped):
            value = by_lower.get(column)
            if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
                values[field] = str(value) if field == "text" else " ".join(str(value).split())
                break
    return values


def _candidates(field: str, mapped: Mapping[str, str]) -> tuple[str, ...]:
    """The columns that may hold ``field``: a mapped one first; the usual names still serve a
    table without it (one run can bring several exports)."""
    names = USUAL_NAMES[field]
    return (mapped[field].lower(), *names) if field in mapped else names
