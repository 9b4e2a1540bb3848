"""Saved news pages brought in with ``glossator add`` read in the app as the article, not the site."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.intake.pages import CHROME, news_page
from tui.cli import main
from tui.workspace.layout import Workspace

from .conftest import opened, screen_lines


async def test_an_added_page_opens_as_its_article_with_its_metadata(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ws" / "corpus").mkdir(parents=True)
    workspace = Workspace.open(tmp_path / "ws")
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "harbor.html").write_text(news_page())
    assert main(["add", "--workspace", str(workspace.root), str(saved)]) == 0
    capsys.readouterr()
    async with opened(workspace, "harbor", size=(130, 40)) as (app, _pilot):
        screen = "\n".join(screen_lines(app))
    assert "The harbor of Metropolis reopened on Thursday" in screen
    assert "Harbor reopens after storm" in screen
    assert "Daily Planet" in screen
    assert "2024-09-05" in screen
    for chrome in CHROME:
        assert chrome not in screen
