"""brat standoff: a folder of ``<id>.txt`` and ``<id>.ann``, plus ``annotation.conf``.

``<id>.txt`` is the article text (BOM dropped, ``\\n`` line ends: what the offsets count
into), not a copy of the original file.  Article ids with ``/`` become subfolders.  Each
annotation is a ``T`` line, ``T3<TAB>funding 847 880<TAB>16.5 million yuan``; a note is an
``AnnotatorNotes`` comment on it.  Overlapping and identical spans are all written, and
``annotation.conf`` allows them (``<OVERLAP> ... <OVL-TYPE>:<ANY>``): brat's default
would refuse identical and crossing spans.

A ``.ann`` file is line based, so no line break may appear inside a line: a span that
crosses a line break is written as fragments split at the break (``0 3;4 7``, text
``abc def``: brat's own convention), and import joins fragments separated only by
whitespace back into one span.  A note's line breaks become spaces (reported).  brat has
no place for annotation ids, authors or times: they are lost, and import gives new ids,
the importing user and the time of the import.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from tui.annotations.model import Annotation
from tui.interchange.model import (
    ExportDocument,
    IncomingDocument,
    IncomingSpan,
    NormalisedText,
    Origin,
    Report,
    normalise,
)
from tui.interchange.sources import SourceFile, read_source, source_files

CONF_NAME = "annotation.conf"


def annotation_conf(tags: Iterable[str]) -> str:
    entities = "".join(f"{tag}\n" for tag in tags)
    return (
        "# The tags of a Glossator workspace (written by glossator export --format brat).\n"
        f"[entities]\n{entities}\n"
        "[relations]\n"
        "# Glossator's spans may nest, cross and be identical.\n"
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n"
        "[events]\n\n"
        "[attributes]\n"
    )


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` split at line breaks, empty pieces dropped (brat's discontinuous spans)."""
    pieces: list[tuple[int, int]] = []
    position = start
    while position <= end:
        stop = text.find("\n", position, end)
        stop = end if stop == -1 else stop
        if stop > position:
            pieces.append((position, stop))
        position = stop + 1
    return pieces


def ann_file(document: ExportDocument, report: Report, where: str) -> str:
    lines: list[str] = []
    for number, a in enumerate(document.annotations, start=1):
        pieces = fragments(document.text, a.start, a.end)
        if not pieces:
            report.left_out(f"{where}: {a.id}", "not exported: the span holds only line breaks")
            continue
        if pieces[0][0] != a.start or pieces[-1][1] != a.end:
            report.note(
                f"{where}: {a.id}",
                "the span starts or ends with a line break, which brat cannot show: written without it",
            )
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        quote = " ".join(document.text[s:e] for s, e in pieces)
        lines.append(f"T{number}\t{a.tag} {offsets}\t{quote}\n")
        if a.note:
            lines.append(f"#{number}\tAnnotatorNotes T{number}\t{_one_line(a, report, where)}\n")
    return "".join(lines)


def _one_line(a: Annotation, report: Report, where: str) -> str:
    flat = a.note.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    if flat != a.note:
        report.note(
            f"{where}: {a.id}", "the note's line breaks are written as spaces (a brat note is one line)"
        )
    return flat


def brat_files(documents: Iterable[ExportDocument], tags: Iterable[str], report: Report) -> dict[str, bytes]:
    """The files of the export, by path inside the output folder."""
    files = {CONF_NAME: annotation_conf(tags).encode("utf-8")}
    for document in documents:
        where = f"{document.article_id}.ann"
        files[f"{document.article_id}.txt"] = document.text.encode("utf-8")
        files[where] = ann_file(document, report, where).encode("utf-8")
    return files


# --- import --------------------------------------------------------------------------------------

#: Offsets of up to 15 digits (a longer number is no offset into any text).
_TEXTBOUND = re.compile(r"(?P<type>[^\s]+) (?P<offsets>\d{1,15} \d{1,15}(?:;\d{1,15} \d{1,15})*)")
_NOTE = re.compile(r"AnnotatorNotes (?P<target>T\S*)")


def read_brat(folder: Path, display: str, report: Report) -> Iterator[IncomingDocument]:
    """Every ``.ann`` below ``folder`` with its ``.txt``; ids are the paths without the extension."""
    if folder.is_dir():
        files = source_files(folder, ".ann", display, report)
    else:
        files = [SourceFile(folder, folder.stem, display)]
    for source in files:
        document = _read_pair(source.path, source.item_id, source.shown, report)
        if document is not None:
            yield document


def _read_pair(ann_path: Path, article_id: str, shown: str, report: Report) -> IncomingDocument | None:
    txt_path = ann_path.with_suffix(".txt")
    ann = read_source(ann_path, shown, report)
    if ann is None:
        return None
    if not txt_path.exists() and not txt_path.is_symlink():
        report.left_out(shown, f"not taken: {txt_path.name} (the article text) is missing beside it")
        return None
    data = read_source(txt_path, f"{shown[: -len('.ann')]}.txt", report)
    if data is None:
        return None
    try:
        content = ann.decode("utf-8")
    except UnicodeDecodeError:
        report.left_out(shown, "not taken: not valid UTF-8")
        return None
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError:
        report.left_out(shown, f"not taken: {txt_path.name} is not valid UTF-8")
        return None
    # brat reads the .txt in Python's text mode: \r\n and \r are \n, a BOM is a character.
    brat_text = raw.replace("\r\n", "\n").replace("\r", "\n")
    spans = _spans(content, brat_text, shown, report)
    normalised = normalise(brat_text)
    if normalised.changed:
        spans = [_moved(span, normalised) for span in spans]
        report.note(
            shown, "the text starts with a byte-order mark, which the article text drops: spans moved"
        )
    return IncomingDocument(article_id, normalised.text, tuple(spans), Origin(shown))


def _moved(span: IncomingSpan, normalised: NormalisedText) -> IncomingSpan:
    """``span`` (which has offsets: brat spans always do) in the article text."""
    assert span.start is not None and span.end is not None
    start, end = normalised.position(span.start), normalised.position(span.end)
    return replace(span, start=start, end=end, quote=None)


def _spans(content: str, text: str, shown: str, report: Report) -> list[IncomingSpan]:
    found: list[tuple[str, IncomingSpan]] = []
    first_line: dict[str, int] = {}
    notes: dict[str, str] = {}
    skipped: dict[str, int] = {}
    lines = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        origin = Origin(shown, number)
        ident, _, rest = line.partition("\t")
        data, _, tail = rest.partition("\t")
        if ident.startswith("T"):
            span = _textbound(ident, data, tail, text, Origin(shown, number, ident), report)
            if ident in first_line:
                report.note(
                    origin,
                    f"{ident} is used again (first on line {first_line[ident]}): both spans are taken, "
                    f"and a note on {ident} goes to the first",
                )
            first_line.setdefault(ident, number)
            if span is not None:
                found.append((ident, span))
        elif ident.startswith("#") and (note := _NOTE.fullmatch(data.strip())):
            target = note["target"]
            if target in notes:
                report.note(origin, f"a second note on {target}: joined to the first on a new line")
                notes[target] += "\n" + tail
            else:
                notes[target] = tail
        elif ident[:1] in ("R", "E", "A", "M", "N", "*", "#"):
            kind = {"R": "relation", "E": "event", "A": "attribute", "M": "attribute", "N": "normalisation"}
            what = kind.get(ident[:1], "equivalence" if ident[:1] == "*" else "comment")
            skipped[what] = skipped.get(what, 0) + 1
        else:
            report.left_out(origin, f"not taken: not a brat annotation line: {line[:60]!r}")
    for what, count in sorted(skipped.items()):
        report.note(
            shown, f"{count} {what} line{'s' if count > 1 else ''} not imported (Glossator has spans only)"
        )
    taken = {ident for ident, _ in found}
    for target in notes:
        if target not in taken:
            report.left_out(shown, f"not taken: a note on {target}, which is not a span taken here")
    spans = []
    for ident, s in found:
        spans.append(
            IncomingSpan(s.start, s.end, s.label, s.origin, note=notes.pop(ident, None), quote=s.quote)
        )
    return spans


def _textbound(
    ident: str, data: str, tail: str, text: str, origin: Origin, report: Report
) -> IncomingSpan | None:
    match = _TEXTBOUND.fullmatch(data)
    if match is None:
        report.left_out(origin, f"not taken: expected 'TYPE START END', found {data[:60]!r}")
        return None
    pieces = sorted(
        (int(start), int(end)) for start, end in (pair.split(" ") for pair in match["offsets"].split(";"))
    )
    for start, end in pieces:
        if not 0 <= start < end <= len(text):
            report.left_out(
                origin, f"not taken: fragment {start}-{end} is empty or outside the text ({len(text)})"
            )
            return None
    expected = " ".join(text[start:end] for start, end in pieces)
    if tail != expected:
        report.left_out(origin, f"not taken: its text {tail!r} is not the text at its offsets, {expected!r}")
        return None
    for (_, previous_end), (next_start, _) in itertools.pairwise(pieces):
        if next_start < previous_end or text[previous_end:next_start].strip():
            report.left_out(
                origin, "not taken: a discontinuous span (Glossator spans are one stretch of text)"
            )
            return None
    start, end = pieces[0][0], pieces[-1][1]
    return IncomingSpan(start, end, match["type"], origin, quote=text[start:end])
