"""JSON Lines (Prodigy's span shape) and doccano's shape, read by the tools that load them.

Prodigy and doccano themselves are not installable test dependencies (Prodigy is
commercial; doccano is a Django server).  Their files are read here the way they are
used: ``srsly.read_jsonl`` (Explosion's reader, which Prodigy and spaCy use), spaCy's
``Doc.char_span`` (how Prodigy's and doccano's spans become training data), and pandas.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import srsly

from tui.interchange.jsonl import read_jsonl, write_jsonl
from tui.interchange.landing import import_documents
from tui.interchange.model import Report
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from ..extras import needs_extra
from .conftest import HOSTILE, SPECS, annotation_files, documents, expected_spans, new_workspace

spacy = needs_extra("spacy")  # a consumer of the JSONL export


def test_every_line_loads_in_srsly_and_every_span_is_a_spacy_char_span(
    hostile: Workspace, tmp_path: Path
) -> None:
    chosen, _ = documents(hostile)
    path = tmp_path / "export.jsonl"
    path.write_bytes(write_jsonl(chosen))
    records = list(srsly.read_jsonl(path))
    assert [r["id"] for r in records] == [FIRST, HOSTILE]
    record = records[1]
    assert record["text"] == load_article(hostile, HOSTILE).text
    assert record["meta"]["title"].startswith("Start-up")
    nlp = spacy.blank("en")
    doc = nlp.make_doc(record["text"])
    got = []
    for span in record["spans"]:
        assert set(span) == {"start", "end", "label", "id", "note", "author", "created"}
        char_span = doc.char_span(span["start"], span["end"], label=span["label"], alignment_mode="expand")
        assert char_span is not None
        got.append((span["start"], span["end"], span["label"], record["text"][span["start"] : span["end"]]))
    assert got == expected_spans(hostile, HOSTILE)
    assert {s["id"] for s in record["spans"]} == {spec.id for spec in SPECS}
    notes = {s["id"]: s["note"] for s in record["spans"]}
    assert notes["a5000000000000f5"] == "line one\nline two\twith a tab"


def test_pandas_reads_one_row_per_article(hostile: Workspace, tmp_path: Path) -> None:
    chosen, _ = documents(hostile)
    path = tmp_path / "export.jsonl"
    path.write_bytes(write_jsonl(chosen))
    frame = pd.read_json(path, lines=True, dtype={"id": str})
    assert list(frame["id"]) == [FIRST, HOSTILE]
    assert frame["text"][1] == load_article(hostile, HOSTILE).text
    assert len(frame["spans"][1]) == len(SPECS)


def test_line_separators_in_the_text_do_not_split_a_record(
    make_workspace: Callable[[dict[str, str | bytes]], Workspace],
) -> None:
    text = "one\u2028two\u2029three\x85four\x1cfive\x0bsix"
    workspace = make_workspace({"seps": text})
    chosen, _ = documents(workspace, query="")  # an unannotated article, chosen by a query
    data = write_jsonl(chosen)
    assert data.count(b"\n") == 1
    assert len(data.decode("utf-8").splitlines()) == 1  # even for str.splitlines
    assert json.loads(data)["text"] == text


def test_doccano_shape_is_text_and_label_triples(hostile: Workspace, tmp_path: Path) -> None:
    chosen, _ = documents(hostile)
    path = tmp_path / "doccano.jsonl"
    path.write_bytes(write_jsonl(chosen, doccano=True))
    record = list(srsly.read_jsonl(path))[1]
    assert record["article"] == HOSTILE
    assert [tuple(label) for label in record["label"]] == [
        (start, end, tag) for start, end, tag, _ in expected_spans(hostile, HOSTILE)
    ]
    doc = spacy.blank("en").make_doc(record["text"])
    assert all(doc.char_span(s, e, alignment_mode="expand") is not None for s, e, _ in record["label"])


def test_round_trip_into_an_empty_workspace_gives_byte_identical_files(
    hostile: Workspace, tmp_path: Path
) -> None:
    chosen, _ = documents(hostile)
    path = tmp_path / "export.jsonl"
    path.write_bytes(write_jsonl(chosen))
    target = new_workspace(tmp_path / "target")  # no corpus either: the articles come along
    report = Report()
    summary = import_documents(target, read_jsonl(path, "export.jsonl", report), {}, report)
    assert not report.anything_left_out, report.notices
    assert summary.articles_added == [FIRST, HOSTILE]
    assert annotation_files(target) == annotation_files(hostile)
    assert load_article(target, HOSTILE).text == load_article(hostile, HOSTILE).text
    # Importing the same file again changes nothing and adds nothing.
    again = Report()
    summary = import_documents(target, read_jsonl(path, "export.jsonl", again), {}, again)
    assert summary.taken == 0 and summary.already_there == len(SPECS) + 1
    assert annotation_files(target) == annotation_files(hostile)


def test_doccano_and_prodigy_files_import_with_a_label_map(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        {"id": 7, "text": "Acme got 5 yuan.", "label": [[0, 4, "ORG"], [9, 15, "MONEY"]]},
        {
            "text": "Rule 1 applies.",
            "entities": [{"id": 3, "start_offset": 0, "end_offset": 6, "label": "LAW"}],
        },
        {
            "text": "Acme again",
            "meta": {"id": "p-1"},
            "spans": [{"start": 0, "end": 4, "label": "ORG", "text": "Acme"}],
        },
        {"text": "rejected", "answer": "reject", "spans": [{"start": 0, "end": 8, "label": "ORG"}]},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", "utf-8")
    target = new_workspace(tmp_path / "target")
    report = Report()
    mapping = {"ORG": "company", "MONEY": "funding", "LAW": "policy"}
    summary = import_documents(target, read_jsonl(path, "mixed.jsonl", report), mapping, report)
    assert summary.taken == 4
    assert sorted(annotation_files(target)) == ["7.toml", "mixed-2.toml", "p-1.toml"]
    assert expected_spans(target, "7") == [(0, 4, "company", "Acme"), (9, 15, "funding", "5 yuan")]
    assert expected_spans(target, "mixed-2") == [(0, 6, "policy", "Rule 1")]
    assert [str(n) for n in report.notices if n.left_out] == [
        'mixed.jsonl:4: not taken: Prodigy\'s answer is "reject", not "accept"'
    ]
