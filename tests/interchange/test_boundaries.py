"""The rules the interchange package keeps by construction, checked in its source."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.interchange.jsonl import read_jsonl
from tui.interchange.landing import import_documents
from tui.interchange.model import Report
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from .conftest import HOSTILE

PACKAGE = Path(__file__).resolve().parents[2] / "tui" / "interchange"


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


def test_annotation_files_are_written_only_through_the_store() -> None:
    # AnnotationStore.update is the one save path (lock, re-read, merge, atomic write).
    for path in PACKAGE.glob("*.py"):
        names = imported_names(path)
        assert not names & {"tui.annotations.store.write_document", "tui.annotations.fileformat.render"}, (
            path.name
        )
        if "tui.workspace.fileio.write_atomic" in names:
            # corpus/ files only (an import landing its articles).
            assert path.name == "landing.py", path.name


def test_the_command_line_starts_without_loading_formats_or_spacy() -> None:
    script = (
        "import sys, tui.cli; "
        "print(sorted(m for m in sys.modules if m.startswith(('tui.interchange.', 'spacy', 'xml.parsers'))))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_an_annotation_saved_meanwhile_is_kept(hostile: Workspace, tmp_path: Path) -> None:
    # Import merges with the file as it is on disk when it saves, not as it was when it read.
    text = load_article(hostile, HOSTILE).text
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": HOSTILE, "text": text, "label": [[0, 8, "company"]]}) + "\n", "utf-8")
    report = Report()
    incoming = list(read_jsonl(source, "in.jsonl", report))
    meanwhile = new_annotation(text, 0, 8, "funding", author="Someone else")
    store = AnnotationStore(hostile)
    store.update(HOSTILE, text, lambda on_disk: [*on_disk.annotations, meanwhile])
    summary = import_documents(hostile, incoming, {}, report)
    assert summary.taken == 1
    ids = {a.id for a in store.load(HOSTILE, text).annotations}
    assert meanwhile.id in ids and len(ids) == 12
