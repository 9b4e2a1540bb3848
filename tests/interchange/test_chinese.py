"""Chinese articles exported and read back by the same consumers as the hostile sample.

The article has characters outside the Basic Multilingual Plane (𠀀, U+20000, is one code
point but two UTF-16 units) before and inside spans, simplified and traditional text, a
Chinese id in a subfolder and CRLF line ends; spans are Chinese words.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import spacy
from bratsubset.annotation import TextAnnotations
from cassis import load_cas_from_xmi, load_typesystem
from pybrat.parser import BratParser
from spacy.tokens import DocBin

from tui.annotations.model import TAGS
from tui.interchange.brat import brat_files, read_brat
from tui.interchange.landing import import_documents
from tui.interchange.model import Report
from tui.interchange.spacy_docbin import SPAN_KEY, write_docbin
from tui.interchange.w3c import annotation_iri, collection_json, read_w3c, write_w3c
from tui.interchange.xmi import SPAN_TYPE, TYPESYSTEM_NAME, read_xmi, xmi_files
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from .conftest import Spec, annotate, annotation_files, documents, expected_spans, new_workspace, write_files

ZH = "新闻/新华社 哈尔滨"
ZH_BYTES = (
    "新华社哈尔滨9月4日电 𠀀𠀁黑龙江省政府出台新政策，支持哈尔滨新区的科技企业融资。\r\n"
    "長光衛星技術股份有限公司獲得風險投資𠀂，將在長春新區建設研發中心。\r\n"
).encode()
ZH_SPECS = (
    Spec("d1000000000000a1", "policy", "黑龙江省政府"),  # after two astral characters
    Spec("d2000000000000a2", "policy", "哈尔滨新区", author="李雷"),
    Spec("d3000000000000a3", "company", "長光衛星技術股份有限公司", note="长光卫星，繁体"),
    Spec("d4000000000000a4", "funding", "風險投資𠀂"),  # an astral character inside
    Spec("d5000000000000a5", "funding", "融资。\n長光"),  # across the line break
    Spec("d6000000000000a6", "company", "𠀀"),  # the astral character alone
)


@pytest.fixture
def chinese(make_workspace: Callable[[dict[str, str | bytes]], Workspace]) -> Workspace:
    workspace = make_workspace({ZH: ZH_BYTES})
    annotate(workspace, ZH, ZH_SPECS)
    return workspace


def astral_before(text: str, offset: int) -> int:
    return sum(1 for character in text[:offset] if ord(character) > 0xFFFF)


def test_xmi_counts_utf16_units_and_cassis_reads_the_words_back(chinese: Workspace, tmp_path: Path) -> None:
    chosen, _ = documents(chinese)
    folder = write_files(tmp_path / "xmi", xmi_files(chosen, Report()))
    text = load_article(chinese, ZH).text
    xml = (folder / f"{ZH}.xmi").read_text("utf-8")
    start = text.index("黑龙江省政府")
    assert f'begin="{start + 2}" end="{start + 2 + 6}"' in xml  # 𠀀𠀁 are two units each
    inside = text.index("風險投資𠀂")
    units = astral_before(text, inside)
    assert f'begin="{inside + units}" end="{inside + units + 4 + 2}"' in xml
    with (folder / TYPESYSTEM_NAME).open("rb") as handle:
        typesystem = load_typesystem(handle)
    with (folder / f"{ZH}.xmi").open("rb") as handle:
        cas = load_cas_from_xmi(handle, typesystem=typesystem)
    assert cas.sofa_string == text
    got = sorted((a.begin, a.end, a.label, a.get_covered_text()) for a in cas.select(SPAN_TYPE))
    assert got == sorted(expected_spans(chinese, ZH))
    target = new_workspace(tmp_path / "target")
    report = Report()
    import_documents(target, read_xmi(folder, "xmi", report), {}, report)
    assert not report.anything_left_out, report.notices
    assert annotation_files(target) == annotation_files(chinese)


def test_brat_parsers_read_the_chinese_words(chinese: Workspace, tmp_path: Path) -> None:
    chosen, _ = documents(chinese)
    folder = write_files(tmp_path / "brat", brat_files(chosen, TAGS, Report()))
    document = TextAnnotations(str(folder / "新闻" / "新华社 哈尔滨"), read_only=True)
    assert document.failed_lines == []
    spans = sorted((a.spans[0][0], a.spans[-1][1], a.type, a.text) for a in document.get_textbounds())
    expected = sorted(
        (s, e, tag, quote.replace("\n", " ")) for s, e, tag, quote in expected_spans(chinese, ZH)
    )
    assert spans == expected
    [example] = BratParser(error="ignore").parse(folder)
    assert sorted((e.spans[0].start, e.spans[-1].end, e.type) for e in example.entities) == [
        (s, e, tag) for s, e, tag, _ in expected
    ]
    target = new_workspace(tmp_path / "target")
    report = Report()
    summary = import_documents(target, read_brat(folder, "brat", report), {}, report)
    assert summary.taken == len(ZH_SPECS)
    assert expected_spans(target, ZH) == expected_spans(chinese, ZH)


def test_w3c_selectors_count_code_points_and_round_trip(chinese: Workspace, tmp_path: Path) -> None:
    chosen, _ = documents(chinese)
    text = load_article(chinese, ZH).text
    items = {item["id"]: item for item in collection_json(chosen)["first"]["items"]}
    quote, position = items[annotation_iri(ZH, "d4000000000000a4")]["target"]["selector"]
    start = text.index("風險投資𠀂")
    assert position == {"type": "TextPositionSelector", "start": start, "end": start + 5}
    assert quote["exact"] == "風險投資𠀂" == text[position["start"] : position["end"]]
    exported = tmp_path / "export.jsonld"
    exported.write_bytes(write_w3c(chosen))
    target = new_workspace(tmp_path / "target", corpus_from=chinese)
    report = Report()
    import_documents(target, read_w3c(exported, "export.jsonld", report), {}, report)
    assert not report.anything_left_out, report.notices
    assert annotation_files(target) == annotation_files(chinese)


def test_spacy_docbin_of_a_chinese_article_keeps_every_word_span(chinese: Workspace, tmp_path: Path) -> None:
    chosen, _ = documents(chinese)
    report = Report()
    path = tmp_path / "train.spacy"
    path.write_bytes(write_docbin(chosen, report))
    assert not report.anything_left_out, report.notices  # the English tokenizer would lose most
    [doc] = DocBin().from_disk(path).get_docs(spacy.blank("zh").vocab)
    assert doc.text == load_article(chinese, ZH).text
    got = sorted((s.start_char, s.end_char, s.label_, s.text) for s in doc.spans[SPAN_KEY])
    assert got == sorted(expected_spans(chinese, ZH))
    assert {s.id_ for s in doc.spans[SPAN_KEY]} == {spec.id for spec in ZH_SPECS}
