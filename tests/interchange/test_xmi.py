"""UIMA CAS XMI, read back with dkpro-cassis (the library INCEpTION's Python tooling uses).

cassis converts XMI's UTF-16 offsets to code points when it loads a CAS, so a span after
an emoji lands on the right characters only if the file counts UTF-16 units.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cassis import load_cas_from_xmi, load_typesystem

from tui.interchange.landing import import_documents
from tui.interchange.model import Report
from tui.interchange.xmi import (
    DOCUMENT_TYPE,
    METADATA_TYPE,
    REPLACEMENT,
    SPAN_TYPE,
    TYPESYSTEM_NAME,
    read_xmi,
    xmi_files,
)
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from .conftest import (
    HOSTILE,
    SPECS,
    annotation_files,
    documents,
    expected_spans,
    new_workspace,
    write_files,
)


@pytest.fixture
def exported(hostile: Workspace, tmp_path: Path) -> tuple[Path, Report]:
    chosen, _ = documents(hostile)
    report = Report()
    return write_files(tmp_path / "xmi", xmi_files(chosen, report)), report


def load(folder: Path, article_id: str):  # type: ignore[no-untyped-def]
    with (folder / TYPESYSTEM_NAME).open("rb") as handle:
        typesystem = load_typesystem(handle)
    with (folder / f"{article_id}.xmi").open("rb") as handle:
        return load_cas_from_xmi(handle, typesystem=typesystem)


def test_cassis_reads_spans_on_the_right_characters(
    hostile: Workspace, exported: tuple[Path, Report]
) -> None:
    folder, _ = exported
    cas = load(folder, HOSTILE)
    text = load_article(hostile, HOSTILE).text
    # The sofa holds U+FFFD where the text has BEL (XML 1.0 cannot hold it); nothing else differs.
    assert cas.sofa_string == text.replace("\x07", REPLACEMENT)
    spans = [(a.begin, a.end, a.label, a.get_covered_text()) for a in cas.select(SPAN_TYPE)]
    assert sorted(spans) == sorted(
        (s, e, tag, quote.replace("\x07", REPLACEMENT))
        for s, e, tag, quote in expected_spans(hostile, HOSTILE)
    )
    by_id = {a.annotationId: a for a in cas.select(SPAN_TYPE)}
    assert set(by_id) == {spec.id for spec in SPECS}
    assert by_id["a5000000000000f5"].note == "line one\nline two\twith a tab"
    assert by_id["a3000000000000f3"].author == "Bob 🐝"
    assert by_id["a7000000000000f7"].created == "2026-11-23T08:00:01.250000Z"
    [document] = cas.select(DOCUMENT_TYPE)
    assert document.articleId == HOSTILE
    assert document.controlCharacters == f"{text.index(chr(7))}:7"
    [metadata] = cas.select(METADATA_TYPE)
    assert metadata.documentId == HOSTILE and metadata.documentTitle.startswith("Start-up")
    assert load(folder, FIRST).select(SPAN_TYPE)[0].label == "funding"


def test_offsets_in_the_file_are_utf16_units(hostile: Workspace, exported: tuple[Path, Report]) -> None:
    folder, _ = exported
    xml = (folder / f"{HOSTILE}.xmi").read_text("utf-8")
    text = load_article(hostile, HOSTILE).text
    start = text.index("funds ¥16.5 million")  # after one emoji: one more UTF-16 unit
    assert f'begin="{start + 1}" end="{start + 1 + len("funds ¥16.5 million")}" label="funding"' in xml
    engineers = text.index("👩\u200d💻 engineers")  # after three astral characters in all
    assert (
        f'begin="{engineers + 1}" end="{engineers + 1 + 2 + len(chr(0x200D)) + 2 + len(" engineers")}"' in xml
    )
    assert "\x07" not in xml and "&#10;" in xml  # line breaks survive attribute normalisation


def test_report_says_what_was_replaced(exported: tuple[Path, Report]) -> None:
    _, report = exported
    assert [str(n) for n in report.notices] == [
        f"{HOSTILE}.xmi: control characters XML cannot hold are U+FFFD in the sofa, listed to be put back"
    ]
    assert not report.anything_left_out


def test_round_trip_gives_byte_identical_files_and_the_control_character_back(
    hostile: Workspace, exported: tuple[Path, Report], tmp_path: Path
) -> None:
    folder, _ = exported
    target = new_workspace(tmp_path / "target")
    report = Report()
    summary = import_documents(target, read_xmi(folder, "xmi", report), {}, report)
    assert not report.anything_left_out, report.notices
    assert summary.taken == len(SPECS) + 1
    assert load_article(target, HOSTILE).text == load_article(hostile, HOSTILE).text
    assert annotation_files(target) == annotation_files(hostile)


def test_inception_named_entities_import_onto_a_corpus_text_with_a_control_character(
    hostile: Workspace, tmp_path: Path
) -> None:
    # What INCEpTION gives back: its own layers, UTF-16 offsets, and no record of the BEL
    # (the sofa has U+FFFD there); the article in the corpus is still recognised.
    text = load_article(hostile, HOSTILE).text
    sofa = text.replace("\x07", REPLACEMENT).replace("\n", "&#10;")
    begin = text.index("engineers") + 3  # three astral characters before it
    path = tmp_path / "from-inception.xmi"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" '
        'xmlns:type="http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore" '
        'xmlns:type2="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore" '
        'xmlns:type3="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" xmi:version="2.0">\n'
        '<cas:NULL xmi:id="0"/>\n'
        f'<type:DocumentMetaData xmi:id="2" sofa="1" begin="0" end="3" documentId="{HOSTILE}"/>\n'
        '<type2:NamedEntity xmi:id="3" sofa="1" begin="%d" end="%d" value="ORG"/>\n'
        '<type3:Token xmi:id="4" sofa="1" begin="0" end="5"/>\n'
        f'<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="{sofa}"/>\n'
        '<cas:View sofa="1" members="2 3 4"/>\n'
        "</xmi:XMI>\n" % (begin, begin + len("engineers")),
        "utf-8",
    )
    report = Report()
    summary = import_documents(
        hostile, read_xmi(path, "from-inception.xmi", report), {"ORG": "company"}, report
    )
    assert summary.taken == 1 and summary.articles_added == []
    assert (text.index("engineers"), text.index("engineers") + 9, "company", "engineers") in expected_spans(
        hostile, HOSTILE
    )
    assert "from-inception.xmi: not imported (not Glossator or named-entity spans): 1 Token" in [
        str(n) for n in report.notices
    ]


def test_entity_declarations_are_refused_not_expanded(tmp_path: Path, hostile: Workspace) -> None:
    path = tmp_path / "bomb.xmi"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI"><x>&b;</x></xmi:XMI>',
        "utf-8",
    )
    report = Report()
    assert list(read_xmi(path, "bomb.xmi", report)) == []
    [notice] = report.notices
    assert re.fullmatch(r"bomb\.xmi: not taken: not valid XMI: .*DOCTYPE.*", str(notice))
