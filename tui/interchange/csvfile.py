"""CSV: one row per annotation, for spreadsheets, pandas and R.

Columns: article, tag, start, end, quote, note, author, created, id.  Written by Python's
``csv`` module (RFC 4180 quoting: a quote or note with commas, quotation marks or line
breaks is one quoted field), UTF-8 without a byte-order mark, ``\\r\\n`` between rows, so
``csv.DictReader(open(path, newline="", encoding="utf-8"))`` gives every value back as it
was.  The article text is not in it (the quote is), so CSV is an export only.

pandas guesses column types: an id such as ``1234567e89012345`` reads as the float 1.2e+104
and an article id of digits loses its leading zeros.  Read it with ``dtype=str`` (and
``keep_default_na=False``, so an empty note stays ``""``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tui.interchange.model import ExportDocument, format_created

COLUMNS = ("article", "tag", "start", "end", "quote", "note", "author", "created", "id")


def write_csv(documents: Iterable[ExportDocument]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for document in documents:
        for a in document.annotations:
            writer.writerow(
                (document.article_id, a.tag, a.start, a.end, a.quote, a.note, a.author,
                 format_created(a.created), a.id)
            )  # fmt: skip
    return out.getvalue().encode("utf-8")
