"""Shared fixtures: real workspaces in temporary folders, built from the bundled corpus."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.workspace.layout import Workspace

REPO = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = REPO / "corpus"
FUNDING_QUOTE = "16.5 million yuan ($2.53 million)"
FIRST = "000_b922b23430582330"
CHINA_DAILY = "001_eda16f4c4d9cc66d"
TAIYUAN = "002_c9e5e5b8dda2a1eb"
SCMP = "003_def2f9359292c4d5"
XINHUA = "004_e1f2e3aa8f255f23"


@pytest.fixture(autouse=True)
def no_file_watcher(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands start no background file watcher (it outlives the test); its own tests turn it on."""
    monkeypatch.setenv("GLOSSATOR_WATCHER", "off")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A copy of the bundled corpus with an empty annotations folder."""
    root = tmp_path / "ws"
    shutil.copytree(BUNDLED_CORPUS, root / "corpus")
    (root / "annotations").mkdir()
    return Workspace.open(root)


@pytest.fixture
def make_workspace(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Workspace]:
    """A workspace holding exactly the given articles ({id: text or bytes})."""

    def make(articles: dict[str, str | bytes]) -> Workspace:
        root = tmp_path / "custom"
        for article_id, content in articles.items():
            path = root / "corpus" / f"{article_id}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(data)
        (root / "corpus").mkdir(parents=True, exist_ok=True)
        (root / "annotations").mkdir(exist_ok=True)
        return Workspace.open(root)

    return make


def run_cli(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tui`` for real, as a user would run ``glossator``."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
    )
