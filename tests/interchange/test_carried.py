"""What JSON Lines carries beyond spans: progress marks and adjudication's settled_by/settled_from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.annotations.model import DONE, SKIPPED, ProgressMark, new_annotation
from tui.annotations.store import AnnotationStore
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import BUNDLED_CORPUS, FIRST, FUNDING_QUOTE
from .conftest import new_workspace
from .test_edges import glossator


def test_progress_marks_and_settled_keys_make_the_round_trip(
    make_workspace: Callable[[dict[str, str | bytes]], Workspace],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    workspace = make_workspace({FIRST: (BUNDLED_CORPUS / f"{FIRST}.txt").read_bytes()})
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    start = text.index(FUNDING_QUOTE)
    settled = replace(
        new_annotation(text, start, start + len(FUNDING_QUOTE), "funding", author="Cid"),
        extra={"settled_by": "Cid", "settled_from": ["a1b2c3d4e5f60718", "ffeeddccbbaa9988"]},
    )
    store.update(FIRST, text, lambda on_disk: [*on_disk.annotations, settled])
    marks = [ProgressMark("Ada", DONE, datetime(2026, 11, 2, 9, 0, tzinfo=UTC)),
             ProgressMark("Bob", SKIPPED, datetime(2026, 11, 3, 9, 0, tzinfo=UTC))]  # fmt: skip
    store.update_progress(FIRST, text, lambda on_disk: marks)
    out = tmp_path / "out.jsonl"
    assert glossator(workspace, capsys, "export", "-f", "jsonl", "--out", str(out))[0] == 0
    other = new_workspace(tmp_path / "other", corpus_from=workspace)
    status, said = glossator(other, capsys, "import", "-f", "jsonl", str(out))
    assert status == 0, said
    loaded = AnnotationStore(other).load(FIRST, text)
    assert [(a.id, dict(a.extra)) for a in loaded.annotations] == [(settled.id, dict(settled.extra))]
    assert list(loaded.progress) == marks
    assert glossator(other, capsys, "check")[0] == 0
    # Imported again, an older mark does not replace a newer one.
    newer = ProgressMark("Ada", SKIPPED, datetime(2026, 12, 1, tzinfo=UTC))
    AnnotationStore(other).update_progress(FIRST, text, lambda on_disk: [newer, marks[1]])
    assert glossator(other, capsys, "import", "-f", "jsonl", str(out))[0] == 0
    assert list(AnnotationStore(other).load(FIRST, text).progress) == [newer, marks[1]]
