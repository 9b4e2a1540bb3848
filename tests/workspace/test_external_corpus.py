"""A corpus kept outside the workspace: used when its user chooses it, never silently ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.cli import main
from tui.workspace.layout import EXTERNAL_CORPUS_VARIABLE, Workspace

from ..conftest import BUNDLED_CORPUS


@pytest.fixture
def linked(tmp_path: Path) -> Workspace:
    """A workspace whose corpus/ is a link to a folder elsewhere (a shared drive, an archive)."""
    archive = tmp_path / "archive"
    shutil.copytree(BUNDLED_CORPUS, archive)
    root = tmp_path / "ws"
    root.mkdir()
    (root / "corpus").symlink_to(archive)
    (root / "annotations").mkdir()
    return Workspace.open(root)


def run(workspace: Workspace, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["--workspace", str(workspace.root), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_linked_corpus_is_not_followed_unchosen_and_every_command_says_so(
    linked: Workspace, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(EXTERNAL_CORPUS_VARIABLE, raising=False)
    status, out, err = run(linked, capsys, "search", "yuan")
    assert out.startswith("0 results")
    hint = f"set {EXTERNAL_CORPUS_VARIABLE}={tmp_path / 'archive'}"
    assert err.startswith("glossator: warning: corpus/ is a symbolic link to ") and hint in err
    status, out, err = run(linked, capsys, "check")
    assert status == 1 and hint in out + err


def test_a_chosen_external_corpus_is_searched_checked_and_annotated(
    linked: Workspace, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(EXTERNAL_CORPUS_VARIABLE, str(tmp_path / "archive"))
    workspace = Workspace.open(linked.root)
    status, out, err = run(workspace, capsys, "search", "yuan")
    assert status == 0 and not out.startswith("0 results") and "warning" not in err
    assert run(workspace, capsys, "check")[0] == 0
    # A link inside the chosen archive that leads elsewhere is still not followed.
    secret = tmp_path / "secret.txt"
    secret.write_text("swordfish\n", "utf-8")
    (tmp_path / "archive" / "pw.txt").symlink_to(secret)
    status, out, err = run(workspace, capsys, "search", "swordfish")
    assert out.startswith("0 results")
    # Another folder named in the variable does not open this link.
    monkeypatch.setenv(EXTERNAL_CORPUS_VARIABLE, str(tmp_path))
    assert Workspace.open(linked.root).external_corpus is None
