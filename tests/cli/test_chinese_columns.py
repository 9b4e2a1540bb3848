"""Columns and cut text with Chinese in them: aligned by cells, never half a character."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.conftest import FIRST, FUNDING_QUOTE, XINHUA
from tests.search.test_coordinator import add
from tui.app.table import in_context
from tui.cli import main
from tui.text.width import cell_width
from tui.workspace.layout import Workspace


def test_stats_columns_line_up_with_chinese_author_names(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="王芳")
    add(workspace, XINHUA, "Kingdee", "company", author="Bob")
    add(workspace, FIRST, "Harbin", "company", author="欧阳小明")
    assert main(["--workspace", str(workspace.root), "stats"]) == 0
    lines = capsys.readouterr().out.splitlines()
    table = lines[lines.index("") + 1 : lines.index("") + 5]
    assert [row.split()[0] for row in table] == ["author", "Bob", "欧阳小明", "王芳"]
    # Every row's columns end at the same cell: the totals line up under "total".
    assert len({cell_width(row) for row in table}) == 1


def test_the_quote_stays_in_view_between_long_chinese_contexts() -> None:
    before = "黑龙江省政府出台新政策，支持科技企业融资。" * 3
    after = "将在长春新区建设新的研发中心。" * 3
    for width in (24, 31, 40):
        line = in_context(before, "哈尔滨新区", after, width, "bold")
        line.truncate(width, overflow="ellipsis")
        assert "哈尔滨新区" in line.plain, (width, line.plain)
        assert cell_len(line.plain) <= width
        assert line.plain.startswith("…")
