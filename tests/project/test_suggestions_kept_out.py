"""Suggested annotations stay out of stats and exports unless asked for; check names a bad status."""

from __future__ import annotations

import pytest

from tui.annotations.model import SUGGESTED
from tui.workspace.layout import Workspace

from ..conftest import FIRST, FUNDING_QUOTE, XINHUA, run_cli
from .conftest import annotate


@pytest.fixture
def suggested(workspace: Workspace) -> Workspace:
    annotate(workspace, FIRST, FUNDING_QUOTE, "funding", author="Ada")
    annotate(workspace, FIRST, "Harbin World Wide Welding Co Ltd", "company", author="bot", status=SUGGESTED)
    annotate(workspace, XINHUA, "Kingdee", "company", author="bot", status=SUGGESTED)  # only a suggestion
    return workspace


def test_stats_counts_suggestions_only_when_asked(suggested: Workspace) -> None:
    plain = run_cli("stats", cwd=suggested.root).stdout.splitlines()
    assert "Annotated articles:  1" in plain and "Annotations:         1" in plain
    assert not any(line.startswith("bot") for line in plain)
    assert "Not counted: 2 suggested annotations (glossator stats --include-suggested counts them)" in plain
    asked = run_cli("stats", "--include-suggested", cwd=suggested.root).stdout.splitlines()
    assert "Annotated articles:  2" in asked and "Annotations:         3" in asked
    assert any(line.split() == ["bot", "0", "0", "2", "2"] for line in asked)
    assert not any(line.startswith("Not counted") for line in asked)


@pytest.mark.parametrize("format_name", ["jsonl", "doccano", "csv", "w3c"])
def test_exports_leave_suggestions_out_unless_asked(suggested: Workspace, format_name: str) -> None:
    plain = run_cli("export", "--format", format_name, cwd=suggested.root)
    assert plain.returncode == 0, plain.stderr
    assert FIRST in plain.stdout
    assert XINHUA not in plain.stdout  # an article with suggestions only is not exported
    assert plain.stderr.strip() == f"Exported 1 annotation of 1 article as {format_name}"
    asked = run_cli("export", "--format", format_name, "--include-suggested", cwd=suggested.root)
    assert asked.returncode == 0, asked.stderr
    assert XINHUA in asked.stdout
    assert asked.stderr.strip() == f"Exported 3 annotations of 2 articles as {format_name}"


def test_check_shows_an_unknown_status_with_file_line_and_id(suggested: Workspace) -> None:
    path = suggested.annotation_path(XINHUA)
    path.write_text(path.read_text("utf-8").replace('status = "suggested"', 'status = "maybe"'), "utf-8")
    result = run_cli("check", cwd=suggested.root)
    assert result.returncode == 1
    line = next(
        number for number, text in enumerate(path.read_text("utf-8").splitlines(), 1) if "maybe" in text
    )
    identifier = path.read_text("utf-8").split('id = "')[1].split('"')[0]
    assert result.stdout.splitlines() == [
        f"annotations/{XINHUA}.toml:{line}: {identifier}: unknown status 'maybe' "
        "(the only status is 'suggested'; absent means accepted)"
    ]
