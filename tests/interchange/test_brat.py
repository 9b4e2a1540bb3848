"""brat standoff, parsed back with brat's own parser (``bratsubset``, shipped by bratiaa)
and with an independent one (``pybrat``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bratsubset.annotation import TextAnnotations, TextBoundAnnotation
from bratsubset.message import Messager
from bratsubset.projectconfig import ProjectConfiguration
from pybrat.parser import BratParser

from tui.annotations.model import TAGS
from tui.annotations.store import AnnotationStore
from tui.interchange.brat import brat_files, fragments, read_brat
from tui.interchange.landing import import_documents
from tui.interchange.model import Report
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from .conftest import HOSTILE, SPECS, documents, expected_spans, new_workspace, write_files


def joined(text: str, pieces: list[tuple[int, int]]) -> tuple[int, int]:
    """brat fragments of one Glossator span, as the span (they are split at line breaks only)."""
    return pieces[0][0], pieces[-1][1]


@pytest.fixture
def exported(hostile: Workspace, tmp_path: Path) -> tuple[Path, Report]:
    chosen, _ = documents(hostile)
    report = Report()
    folder = write_files(tmp_path / "brat", brat_files(chosen, TAGS, report))
    return folder, report


def brat_messages() -> list[Any]:
    return list(Messager._Messager__pending_messages)


def test_brats_own_parser_reads_every_line(hostile: Workspace, exported: tuple[Path, Report]) -> None:
    folder, _ = exported
    assert (folder / "2016" / "hostile news.txt").read_text("utf-8") == load_article(hostile, HOSTILE).text
    assert b"\r" not in (folder / "2016" / "hostile news.txt").read_bytes()  # the article text, not the file
    before = len(brat_messages())
    document = TextAnnotations(str(folder / "2016" / "hostile news"), read_only=True)
    assert document.failed_lines == []
    assert [m for m in brat_messages()[before:] if m[1] in ("error", "warning")] == []
    spans = [
        (*joined(document.get_document_text(), list(a.spans)), a.type, a.text)
        for a in document.get_textbounds()
    ]
    expected = expected_spans(hostile, HOSTILE)
    # brat shows a span across a line break as two fragments, its text joined by a space.
    assert [(s, e, tag) for s, e, tag, _ in spans] == [(s, e, tag) for s, e, tag, _ in expected]
    assert [text for *_, text in spans] == [quote.replace("\n", " ") for *_, quote in expected]
    notes = {c.target: c.tail.strip() for c in document.get_oneline_comments()}
    by_quote = {a.text: a.id for a in document.get_textbounds()}
    assert notes[by_quote["million 资金"]] == "line one line two\twith a tab"
    assert all(isinstance(a, TextBoundAnnotation) for a in document.get_textbounds())


def test_annotation_conf_lists_the_tags_and_allows_any_overlap(exported: tuple[Path, Report]) -> None:
    folder, _ = exported
    config = ProjectConfiguration(str(folder))
    assert config.get_entity_types() == list(TAGS)
    assert config.overlap_types("funding", "funding") == {"<ANY>"}
    assert config.overlap_types("policy", "company") == {"<ANY>"}


def test_pybrat_reads_the_same_spans_with_subfolders(
    hostile: Workspace, exported: tuple[Path, Report]
) -> None:
    folder, _ = exported
    # error="ignore": pybrat refuses identical spans by default; Glossator has them on purpose.
    examples = {str(example.id): example for example in BratParser(error="ignore").parse(folder)}
    assert sorted(examples) == [FIRST, HOSTILE]
    example = examples[HOSTILE]
    assert example.text == load_article(hostile, HOSTILE).text
    got = sorted(
        (entity.spans[0].start, entity.spans[-1].end, entity.type, entity.mention)
        for entity in example.entities
    )
    expected = [
        (s, e, tag, quote.replace("\n", " ").rstrip())
        for s, e, tag, quote in expected_spans(hostile, HOSTILE)
    ]
    assert got == sorted(expected)
    assert len(example.entities) == len(SPECS)


def test_what_brat_cannot_hold_is_reported(exported: tuple[Path, Report]) -> None:
    _, report = exported
    assert not report.anything_left_out
    assert [str(n) for n in report.notices] == [
        f"{HOSTILE}.ann: a5000000000000f5: the note's line breaks are written as spaces (a brat note is one line)"
    ]


def test_fragments_split_at_line_breaks_only() -> None:
    text = "abc\n\ndef\nx"
    assert fragments(text, 0, 8) == [(0, 3), (5, 8)]
    assert fragments(text, 0, 3) == [(0, 3)]
    assert fragments(text, 2, 4) == [(2, 3)]
    assert fragments(text, 3, 5) == []


def test_import_takes_spans_and_notes_and_says_what_brat_lost(
    hostile: Workspace, exported: tuple[Path, Report], tmp_path: Path
) -> None:
    folder, _ = exported
    target = new_workspace(tmp_path / "target")
    report = Report()
    summary = import_documents(target, read_brat(folder, "brat", report), {}, report)
    assert not report.anything_left_out, report.notices
    assert summary.taken == len(SPECS) + 1
    assert expected_spans(target, HOSTILE) == expected_spans(hostile, HOSTILE)
    assert load_article(target, HOSTILE).text == load_article(hostile, HOSTILE).text
    text = load_article(target, HOSTILE).text
    imported = AnnotationStore(target).load(HOSTILE, text).annotations
    # brat keeps spans, tags and notes; ids, authors and times are new.
    assert {a.note for a in imported} == {"", SPECS[0].note, "line one line two\twith a tab"}
    assert not {a.id for a in imported} & {spec.id for spec in SPECS}


def test_import_refuses_bad_lines_and_discontinuous_spans_by_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "doc.txt").write_bytes("\ufeffAcme plc\r\nfunds it\r\n".encode())
    (folder / "doc.ann").write_text(
        "T1\tORG 1 5\tAcme\n"  # offsets count the BOM, as brat (Python's text mode) does
        "T2\tORG 1 5;10 15\tAcme funds\n"
        "T3\tORG 1 5\tAcne\n"
        "R1\tOwns Arg1:T1 Arg2:T2\n"
        "garbage\n"
        "#1\tAnnotatorNotes T1\ta note\n",
        "utf-8",
    )
    target = new_workspace(tmp_path / "target")
    report = Report()
    summary = import_documents(target, read_brat(folder, "in", report), {"ORG": "company"}, report)
    assert summary.taken == 1
    assert expected_spans(target, "doc") == [(0, 4, "company", "Acme")]
    assert [str(n) for n in report.notices if n.left_out] == [
        "in/doc.ann:2 (T2): not taken: a discontinuous span (Glossator spans are one stretch of text)",
        "in/doc.ann:3 (T3): not taken: its text 'Acne' is not the text at its offsets, 'Acme'",
        "in/doc.ann:5: not taken: not a brat annotation line: 'garbage'",
    ]
    assert "in/doc.ann: 1 relation line not imported (Glossator has spans only)" in [
        str(n) for n in report.notices
    ]
