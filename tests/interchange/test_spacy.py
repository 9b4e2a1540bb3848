"""spaCy DocBin, loaded by spaCy itself with a blank pipeline (no model download)."""

from __future__ import annotations

from pathlib import Path

from tui.interchange.model import Report
from tui.interchange.spacy_docbin import SPAN_KEY, write_docbin
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from ..extras import needs_extra
from .conftest import FIRST_SPEC, HOSTILE, MISALIGNED, SPECS, documents, expected_spans

spacy = needs_extra("spacy")


def test_docbin_loads_with_spans_ids_and_user_data(hostile: Workspace, tmp_path: Path) -> None:
    chosen, _ = documents(hostile)
    report = Report()
    path = tmp_path / "train.spacy"
    path.write_bytes(write_docbin(chosen, report))
    nlp = spacy.blank("en")
    docs = list(spacy.tokens.DocBin().from_disk(path).get_docs(nlp.vocab))
    assert [doc.user_data["glossator"]["article"] for doc in docs] == [FIRST, HOSTILE]
    first, doc = docs
    assert [(s.id_, s.label_, s.text) for s in first.spans[SPAN_KEY]] == [
        (FIRST_SPEC.id, "funding", FIRST_SPEC.quote)
    ]
    assert doc.text == chosen[1].text
    got = [(s.start_char, s.end_char, s.label_, s.text) for s in doc.spans[SPAN_KEY]]
    # Every span but the one inside a word, overlapping and identical ones included.
    wanted = [span for span in expected_spans(hostile, HOSTILE) if span[3] != "fund"]
    assert got == wanted
    assert len(got) == len(SPECS) - 1
    by_id = {s.id_: s for s in doc.spans[SPAN_KEY]}
    assert by_id["a8000000000000f8"].text == "A bell\x07 rang"  # a control character
    assert by_id["a9000000000000f9"].text == "👩\u200d💻 engineers"  # after two astral characters
    extra = doc.user_data["glossator"]["annotations"]
    assert extra["a5000000000000f5"] == {
        "note": "line one\nline two\twith a tab", "author": "Ada Lovelace", "created": "2026-11-22T10:15:00Z"
    }  # fmt: skip
    assert extra["a3000000000000f3"]["author"] == "Bob 🐝"
    assert doc.user_data["glossator"]["meta"]["title"].startswith("Start-up")


def test_a_span_off_token_boundaries_is_reported_not_moved(hostile: Workspace) -> None:
    chosen, _ = documents(hostile)
    report = Report()
    write_docbin(chosen, report)
    assert [str(n) for n in report.notices] == [
        f"{HOSTILE}: {MISALIGNED}: not exported: 11-15 'fund' does not start and end on spaCy token boundaries"
    ]
    assert report.anything_left_out
