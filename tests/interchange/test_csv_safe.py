"""--spreadsheet-safe: cells a spreadsheet would run as formulas are written as text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.workspace.layout import Workspace

from ..conftest import BUNDLED_CORPUS, FIRST
from .test_edges import glossator

HOSTILE_CELLS = ('=HYPERLINK("http://evil","x")', "+1+2", "-3", "@SUM(A1)", "\t=1", "plain")


def test_formula_cells_get_a_quote_only_when_asked(
    make_workspace: Callable[[dict[str, str | bytes]], Workspace],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    workspace = make_workspace({FIRST: (BUNDLED_CORPUS / f"{FIRST}.txt").read_bytes()})
    text = "=cmd|' /C calc'!A0 and more text here"
    spans = [
        {"start": 0, "end": 18, "label": "company", "note": note, "author": f"-{n}" if n else "Ada"}
        for n, note in enumerate(HOSTILE_CELLS)
    ]
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "formulas", "text": text, "spans": spans}) + "\n", "utf-8")
    assert glossator(workspace, capsys, "import", "-f", "jsonl", str(source))[0] == 0
    raw, safe = tmp_path / "raw.csv", tmp_path / "safe.csv"
    assert glossator(workspace, capsys, "export", "-f", "csv", "--out", str(raw))[0] == 0
    assert (
        glossator(workspace, capsys, "export", "-f", "csv", "--spreadsheet-safe", "--out", str(safe))[0] == 0
    )
    raw_rows = list(csv.DictReader(io.StringIO(raw.read_text("utf-8"), newline="")))
    safe_rows = list(csv.DictReader(io.StringIO(safe.read_text("utf-8"), newline="")))
    assert sorted(row["note"] for row in raw_rows) == sorted(HOSTILE_CELLS)
    assert sorted(row["note"] for row in safe_rows) == sorted(
        "'" + cell if cell[0] in "=+-@\t" else cell for cell in HOSTILE_CELLS
    )
    for row in safe_rows:
        assert row["quote"] == "'=cmd|' /C calc'!A0"
        assert not row["author"].startswith(("=", "+", "-", "@"))
        assert row["start"] == "0" and row["end"] == "18"  # numbers stay numbers
    status, said = glossator(workspace, capsys, "export", "-f", "jsonl", "--spreadsheet-safe")
    assert status == 2 and "--spreadsheet-safe is for --format csv, not jsonl" in said
