"""CSV, read back with the standard csv module, and the pandas note (ids need dtype=str)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from tui.annotations.model import Annotation
from tui.annotations.store import AnnotationStore
from tui.interchange.csvfile import COLUMNS, write_csv
from tui.interchange.model import format_created
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from .conftest import HOSTILE, SPECS, documents, expected_spans


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_module_gives_back_every_value(hostile: Workspace, tmp_path: Path) -> None:
    chosen, _ = documents(hostile)
    path = tmp_path / "export.csv"
    path.write_bytes(write_csv(chosen))
    read = rows(path)
    assert list(read[0]) == list(COLUMNS)
    assert len(read) == len(SPECS) + 1
    hostile_rows = [row for row in read if row["article"] == HOSTILE]
    assert [(int(r["start"]), int(r["end"]), r["tag"], r["quote"]) for r in hostile_rows] == expected_spans(
        hostile, HOSTILE
    )
    by_id = {row["id"]: row for row in hostile_rows}
    for spec in SPECS:
        row = by_id[spec.id]
        assert (row["note"], row["author"], row["created"]) == (
            spec.note,
            spec.author,
            format_created(spec.created),
        )
    # A quote across a line break and a note with a tab and a line break stay one field each.
    assert by_id["a5000000000000f5"]["quote"] == "million\n资金"
    assert by_id["a8000000000000f8"]["quote"] == "A bell\x07 rang"
    assert {row["article"] for row in read} == {FIRST, HOSTILE}


def test_pandas_needs_dtype_str_for_ids(hostile: Workspace, tmp_path: Path) -> None:
    # Ids are random hex: sometimes only digits and one "e", which pandas takes for a number.
    (hostile.corpus_dir / "tricky.txt").write_text("Acme raised money.", "utf-8")
    made = [
        Annotation(
            id=annotation_id, tag="company", start=0, end=4, quote="Acme", author="Ada",
            created=datetime(2026, 1, 1, tzinfo=UTC), note=note,
        )
        for annotation_id, note in (("1234567e89012345", ""), ("0012345678901234", "leading zeros"))
    ]  # fmt: skip
    AnnotationStore(hostile).update("tricky", "Acme raised money.", lambda _: made)
    chosen, _ = documents(hostile, authors=("Ada",))
    path = tmp_path / "export.csv"
    path.write_bytes(write_csv(chosen))
    guessed = pd.read_csv(path)
    assert guessed["id"].dtype == float  # both ids are lost: leading zeros gone, 1234567e89012345 is inf
    assert list(guessed["id"]) == [12345678901234.0, float("inf")]
    exact = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(exact["id"]) == ["0012345678901234", "1234567e89012345"]
    assert list(exact["note"]) == ["leading zeros", ""]
    assert list(exact["quote"]) == [row["quote"] for row in rows(path)]
