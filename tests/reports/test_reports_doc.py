"""The report and the chart the reports topic shows are what glossator prints on the bundled corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.cli.main import main

from ..conftest import REPO
from ..docs.examples import code_blocks


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of the repository's workspace: the bundled corpus and its annotations."""
    root = tmp_path / "bundled"
    shutil.copytree(REPO / "corpus", root / "corpus")
    shutil.copytree(REPO / "annotations", root / "annotations")
    return root


def test_the_topics_report_and_chart_are_printed_as_shown(
    bundled: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    report, chart = code_blocks("reports", "text")
    assert main(["-w", str(bundled), "report", "--pair", "company,policy"]) == 0
    assert capsys.readouterr().out == report
    monkeypatch.setenv("COLUMNS", "72")
    monkeypatch.setenv("LINES", "20")
    assert main(["-w", str(bundled), "report", "tag:company", "--by", "year", "--chart"]) == 0
    assert capsys.readouterr().out == chart
