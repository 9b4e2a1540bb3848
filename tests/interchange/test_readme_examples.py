"""The README's three-line loading examples, run as written against a real export.

If one of these changes, change the README's "Export and import" section with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.interchange.brat import brat_files
from tui.interchange.csvfile import write_csv
from tui.interchange.jsonl import write_jsonl
from tui.interchange.model import Report
from tui.interchange.spacy_docbin import write_docbin
from tui.interchange.w3c import write_w3c
from tui.interchange.xmi import xmi_files
from tui.store import TAGS
from tui.workspace import Workspace

from ..extras import needs_extra
from .conftest import SPECS, documents, write_files

needs_extra("spacy")  # the spaCy example

EXAMPLES = {
    "jsonl": """
import spacy, srsly
nlp = spacy.blank("en")
spans = [nlp.make_doc(r["text"]).char_span(s["start"], s["end"], label=s["label"]) for r in srsly.read_jsonl("annotations.jsonl") for s in r["spans"]]
""",
    "doccano": """
import json
records = [json.loads(line) for line in open("doccano.jsonl", encoding="utf-8")]
quotes = [r["text"][start:end] for r in records for start, end, tag in r["label"]]
""",
    "csv": """
import pandas as pd
rows = pd.read_csv("annotations.csv", dtype=str, keep_default_na=False)
rows = rows.astype({"start": int, "end": int})
""",
    "w3c": """
import json
collection = json.load(open("annotations.jsonld", encoding="utf-8"))
tags = [(a["target"]["source"], a["body"][0]["value"]) for a in collection.get("first", {}).get("items", [])]
""",
    "brat": """
from pybrat.parser import BratParser
examples = BratParser(error="ignore").parse("brat-export")
mentions = [(example.id, entity.type, entity.mention) for example in examples for entity in example.entities]
""",
    "spacy": """
import spacy
from spacy.tokens import DocBin
docs = list(DocBin().from_disk("annotations.spacy").get_docs(spacy.blank("en").vocab))
""",
    "xmi": """
from cassis import load_cas_from_xmi, load_typesystem
typesystem = load_typesystem(open("xmi-export/TypeSystem.xml", "rb"))
cas = load_cas_from_xmi(open("xmi-export/2016/hostile news.xmi", "rb"), typesystem=typesystem)
""",
}


@pytest.fixture
def exports(hostile: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    chosen, _ = documents(hostile)
    report = Report()
    (tmp_path / "annotations.jsonl").write_bytes(write_jsonl(chosen))
    (tmp_path / "doccano.jsonl").write_bytes(write_jsonl(chosen, doccano=True))
    (tmp_path / "annotations.csv").write_bytes(write_csv(chosen))
    (tmp_path / "annotations.jsonld").write_bytes(write_w3c(chosen))
    (tmp_path / "annotations.spacy").write_bytes(write_docbin(chosen, report))
    write_files(tmp_path / "brat-export", brat_files(chosen, TAGS, report))
    write_files(tmp_path / "xmi-export", xmi_files(chosen, report))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_readme_example_runs(name: str, exports: Path) -> None:
    code = EXAMPLES[name].strip()
    assert len(code.splitlines()) == 3
    found: dict[str, Any] = {}
    exec(code, found)
    total = len(SPECS) + 1
    results = {
        "jsonl": lambda: len(found["spans"]),
        "doccano": lambda: len(found["quotes"]),
        "csv": lambda: len(found["rows"]),
        "w3c": lambda: len(found["tags"]),
        "brat": lambda: len(found["mentions"]),
        "spacy": lambda: sum(len(doc.spans["sc"]) for doc in found["docs"]),
        "xmi": lambda: len(found["cas"].select("webanno.custom.Glossator")),
    }
    # Every annotation; the DocBin lacks the one off token boundaries, the XMI is one article.
    expected = {"spacy": total - 1, "xmi": len(SPECS)}.get(name, total)
    assert results[name]() == expected
