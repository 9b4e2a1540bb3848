"""The three-statement loading examples of ``glossator help export`` (``tui/docs/export.md``),
read from the topic and run as written against a real export of each format."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from tui.annotations.model import TAGS
from tui.interchange.brat import brat_files
from tui.interchange.csvfile import write_csv
from tui.interchange.jsonl import write_jsonl
from tui.interchange.model import Report
from tui.interchange.spacy_docbin import write_docbin
from tui.interchange.w3c import write_w3c
from tui.interchange.xmi import xmi_files
from tui.workspace.layout import Workspace

from ..docs.examples import python_examples
from ..extras import needs_extra
from .conftest import SPECS, documents, write_files

needs_extra("spacy")  # the spaCy example

#: The three-line examples of ``glossator help export``, by format, as a user reads them.
EXAMPLES = python_examples("export")


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


def test_the_topic_has_an_example_for_every_export_format() -> None:
    assert sorted(EXAMPLES) == ["brat", "csv", "doccano", "jsonl", "spacy", "w3c", "xmi"]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_topics_loading_example_runs(name: str, exports: Path) -> None:
    code = EXAMPLES[name]
    assert len(ast.parse(code).body) == 3
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
