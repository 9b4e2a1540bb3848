"""CSV: one row per annotation, for spreadsheets, pandas and R.

Columns: article, tag, start, end, quote, note, author, created, id.  Written by Python's
``csv`` module (RFC 4180 quoting: a quote or note with commas, quotation marks or line
breaks is one quoted field), UTF-8 without a byte-order mark, ``\\r\\n`` between rows, so
``csv.DictReader(open(path, newline="", encoding="utf-8"))`` gives every value back as it
was.  The article text is not in it (the quote is), so CSV is an export only.

pandas guesses column types: an id such as ``1234567e89012345`` reads as the float 1.2e+104
and an article id of digits loses its leading zeros.  Read it with ``dtype=str`` (and
``keep_default_na=False``, so an empty note stays ``""``).

``--spreadsheet-safe`` is for files opened in a spreadsheet: a cell that starts like a
formula (``=``, ``+``, ``-``, ``@``) gets a leading ``'`` (see ``spreadsheet_safe``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tui.interchange.model import ExportDocument, format_created

COLUMNS = ("article", "tag", "start", "end", "quote", "note", "author", "created", "id")


#: What a spreadsheet takes as the start of a formula (tab and CR too, which some strip first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` with a ``'`` before it when a spreadsheet would run it as a formula.

    A note such as ``=HYPERLINK("http://evil","x")`` is otherwise a live link (or worse)
    once the file is opened in Excel, LibreOffice or Google Sheets.  The ``'`` is what a
    spreadsheet itself puts before text typed with a leading ``=``; it is shown by nothing
    and changes the value a program reads, hence an option (``--spreadsheet-safe``).
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def write_csv(documents: Iterable[ExportDocument], *, safe: bool = False) -> bytes:
    """The CSV export; ``safe`` writes every text cell through ``spreadsheet_safe``."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for document in documents:
        for a in document.annotations:
            texts = [document.article_id, a.tag, a.quote, a.note, a.author, a.id]
            article, tag, quote, note, author, annotation_id = (
                [spreadsheet_safe(text) for text in texts] if safe else texts
            )
            writer.writerow(
                (article, tag, a.start, a.end, quote, note, author, format_created(a.created), annotation_id)
            )
    return out.getvalue().encode("utf-8")
