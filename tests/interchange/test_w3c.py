"""W3C Web Annotation export: what it holds, and its round trip back into annotation files.

Its conformance to the W3C test suite's MUST schemas is checked in ``test_w3c_suite.py``,
which needs the suite (run with ``GLOSSATOR_W3C_SUITE=PATH``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

from tui.interchange.landing import import_documents
from tui.interchange.model import Report
from tui.interchange.w3c import annotation_iri, article_iri, collection_json, read_w3c, write_w3c
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from .conftest import HOSTILE, SPECS, annotation_files, documents, new_workspace


def test_the_format_checker_really_checks_uri_and_date_time() -> None:
    # Without rfc3986-validator and rfc3339-validator, jsonschema silently skips formats.
    checker = Draft4Validator.FORMAT_CHECKER
    assert not checker.conforms("not an iri", "uri")
    assert not checker.conforms("2026-11-22 10:15", "date-time")
    assert checker.conforms(annotation_iri("2016/a b", "x#1"), "uri")


def test_an_annotation_carries_tag_note_creator_and_both_selectors(hostile: Workspace) -> None:
    chosen, _ = documents(hostile)
    items = {item["id"]: item for item in collection_json(chosen)["first"]["items"]}
    a1 = items[annotation_iri(HOSTILE, "a1000000000000f1")]
    assert a1["motivation"] == "tagging"
    assert a1["body"] == [
        {"type": "TextualBody", "purpose": "tagging", "value": "funding"},
        {"type": "TextualBody", "purpose": "commenting", "value": SPECS[0].note, "format": "text/plain"},
    ]
    assert a1["creator"] == {"type": "Person", "name": "Ada Lovelace"}
    assert a1["created"] == "2026-11-22T10:15:00Z"
    assert a1["target"]["source"] == article_iri(HOSTILE) == "urn:glossator:article:2016/hostile%20news"
    quote, position = a1["target"]["selector"]
    # Code points, as the model counts: the emoji before the span is one, not two.
    text = "Start-up 😀 funds ¥16.5 million"
    assert position == {"type": "TextPositionSelector", "start": text.index("funds"), "end": len(text)}
    assert quote["exact"] == "funds ¥16.5 million" and quote["prefix"] == "Start-up 😀 "
    assert quote["suffix"].startswith("\n资金")


def test_round_trip_gives_byte_identical_annotation_files(hostile: Workspace, tmp_path: Path) -> None:
    chosen, _ = documents(hostile)
    exported = tmp_path / "export.jsonld"
    exported.write_bytes(write_w3c(chosen))
    # W3C annotations name their article but do not carry its text: the corpus must be there.
    target = new_workspace(tmp_path / "target", corpus_from=hostile)
    report = Report()
    summary = import_documents(target, read_w3c(exported, "export.jsonld", report), {}, report)
    assert not report.anything_left_out, report.notices
    assert summary.taken == len(SPECS) + 1
    assert annotation_files(target) == annotation_files(hostile)


def test_import_needs_the_article_in_the_corpus(hostile: Workspace, tmp_path: Path) -> None:
    chosen, _ = documents(hostile)
    exported = tmp_path / "export.jsonld"
    exported.write_bytes(write_w3c(chosen))
    target = new_workspace(tmp_path / "target")
    report = Report()
    import_documents(target, read_w3c(exported, "export.jsonld", report), {}, report)
    assert annotation_files(target) == {}
    assert any("not in the corpus and this format carries no text" in n.message for n in report.notices)


def test_import_places_a_quote_only_target_and_refuses_an_ambiguous_one(
    hostile: Workspace, tmp_path: Path
) -> None:
    def annotation(exact: str, prefix: str = "") -> dict[str, Any]:
        selector = {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix}
        return {
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "id": "https://example.org/anno/1",
            "type": "Annotation",
            "body": {"type": "TextualBody", "purpose": "tagging", "value": "policy"},
            "target": {"source": article_iri(HOSTILE), "selector": selector},
        }

    path = tmp_path / "page.json"
    page = {"type": "AnnotationPage", "items": [annotation("Café"), annotation("e")]}
    path.write_text(json.dumps(page), "utf-8")
    target = new_workspace(tmp_path / "target", corpus_from=hostile)
    report = Report()
    summary = import_documents(target, read_w3c(path, "page.json", report), {}, report)
    assert summary.taken == 1
    assert 'quote = "Café"' in annotation_files(target)[f"{HOSTILE}.toml"].decode()
    times = load_article(target, HOSTILE).text.count("e")
    assert [n.message for n in report.notices if n.left_out] == [
        f"not taken: the quote 'e' (with its prefix and suffix) occurs {times} times"
    ]


def test_a_target_that_is_not_a_glossator_article_is_refused_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "hypothesis.json"
    item = {
        "type": "Annotation",
        "id": "https://hypothes.is/a/xyz",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "policy"}],
        "target": {
            "source": "https://example.org/page",
            "selector": {"type": "TextPositionSelector", "start": 0, "end": 4},
        },
    }
    path.write_text(json.dumps([item], indent=1), "utf-8")
    report = Report()
    assert list(read_w3c(path, "hypothesis.json", report)) == []
    [notice] = report.notices
    assert notice.where == "hypothesis.json:4 (https://hypothes.is/a/xyz)"
    assert "is not a Glossator article" in notice.message
