"""Shared fixtures: real workspaces in temporary folders, built from the bundled corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from tui.workspace.layout import Workspace

from .cli_runner import run_cli, run_process

# CI draws the same examples every run, so its verdict is the code's, not the draw's; a
# developer's run draws new ones each time and may find what CI cannot.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

__all__ = ["run_cli", "run_process"]

#: The W3C Web Annotation test suite's folder (not in the repository): ``GLOSSATOR_W3C_SUITE=PATH`` or ``--w3c-suite=PATH``.
W3C_SUITE_OPTION = "w3c_suite"

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
        return write_workspace(tmp_path / "custom", articles)

    return make


def write_workspace(root: Path, articles: dict[str, str | bytes]) -> Workspace:
    """A workspace in ``root`` holding exactly the given articles ({id: text or bytes})."""
    for article_id, content in articles.items():
        path = root / "corpus" / f"{article_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    (root / "corpus").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(exist_ok=True)
    return Workspace.open(root)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--w3c-suite",
        dest=W3C_SUITE_OPTION,
        metavar="PATH",
        default=os.environ.get("GLOSSATOR_W3C_SUITE") or None,
        help="run the W3C conformance tests (marker w3c) against this copy of w3c/web-annotation-tests "
        "(default: $GLOSSATOR_W3C_SUITE; write --w3c-suite=PATH, with =, or pytest takes PATH for a "
        "test path); without it they are deselected",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without ``--w3c-suite`` the W3C tests are deselected (counted as such), never skipped."""
    if config.getoption(W3C_SUITE_OPTION):
        return
    needs_suite = [item for item in items if item.get_closest_marker("w3c")]
    if needs_suite:
        config.hook.pytest_deselected(items=needs_suite)
        items[:] = [item for item in items if not item.get_closest_marker("w3c")]
