"""What an import reads and an export writes never reaches past the edges of the workspace.

Real links, FIFOs and devices in import folders; real exports aimed at the workspace's own
files.  Every command runs in-process through ``tui.cli.main``, as a user would run it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.cli import main
from tui.workspace.layout import Workspace

from ..conftest import BUNDLED_CORPUS, FIRST


def glossator(workspace: Workspace, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run one command; (exit status, everything it printed)."""
    capsys.readouterr()
    status = main(["--workspace", str(workspace.root), *args])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


@pytest.fixture
def empty(make_workspace: Callable[[dict[str, str | bytes]], Workspace]) -> Workspace:
    return make_workspace({FIRST: (BUNDLED_CORPUS / f"{FIRST}.txt").read_bytes()})


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "home" / "secret"
    path.parent.mkdir()
    path.write_text("the password is swordfish\n", "utf-8")
    return path


def corpus_files(workspace: Workspace) -> list[str]:
    return sorted(p.relative_to(workspace.corpus_dir).as_posix() for p in workspace.corpus_dir.rglob("*"))


# --- reading: links, FIFOs, devices ----------------------------------------------------------------


def test_brat_links_to_files_outside_are_refused_not_copied_into_the_corpus(
    empty: Workspace, secret: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "pw.txt").symlink_to("/etc/passwd")
    (folder / "pw.ann").write_text("", "utf-8")
    (folder / "notes.txt").symlink_to(secret)
    (folder / "notes.ann").write_text("T1\tcompany 4 12\tpassword\n", "utf-8")
    (folder / "ok.txt").write_text("Kingdee raised money.\n", "utf-8")
    (folder / "linked.ann").symlink_to(folder / "ok.ann")
    (folder / "ok.ann").write_text("T1\tcompany 0 7\tKingdee\n", "utf-8")
    before = corpus_files(empty)
    status, said = glossator(empty, capsys, "import", "--format", "brat", str(folder))
    assert status == 1
    assert "pw.txt is a symbolic link; Glossator reads only plain files" in said
    assert "notes.txt is a symbolic link" in said
    assert "linked.ann is a symbolic link" in said
    assert corpus_files(empty) == sorted([*before, "ok.txt"])
    assert "swordfish" not in "".join(p.read_text("utf-8") for p in empty.corpus_dir.rglob("*.txt"))


def test_fifos_and_devices_are_refused_without_waiting(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    os.mkfifo(folder / "f.txt")
    (folder / "f.ann").write_text("T1\tcompany 0 3\tabc\n", "utf-8")
    status, said = glossator(empty, capsys, "import", "-f", "brat", str(folder))
    assert status == 1 and "f.txt is not a regular file (a named pipe)" in said
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    status, said = glossator(empty, capsys, "import", "-f", "jsonl", str(fifo))
    assert status == 1 and "in.jsonl is not a regular file (a named pipe)" in said
    status, said = glossator(empty, capsys, "import", "-f", "w3c", "/dev/zero")
    assert status == 1 and "zero is not a regular file (a device)" in said
    xmi = tmp_path / "xmi"
    xmi.mkdir()
    os.mkfifo(xmi / "a.xmi")
    status, said = glossator(empty, capsys, "import", "-f", "xmi", str(xmi))
    assert status == 1 and "a.xmi is not a regular file (a named pipe)" in said


def test_a_linked_folder_is_not_entered_and_a_linked_import_path_is_refused(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.txt").write_text("Kingdee\n", "utf-8")
    (elsewhere / "x.ann").write_text("T1\tcompany 0 7\tKingdee\n", "utf-8")
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "sub").symlink_to(elsewhere)
    status, said = glossator(empty, capsys, "import", "-f", "brat", str(folder))
    assert status == 1 and "brat/sub: not taken: a symbolic link to a folder" in said
    assert not (empty.corpus_dir / "sub").exists()
    records = tmp_path / "real.jsonl"
    records.write_text(
        json.dumps({"id": "r", "text": "Kingdee", "label": [[0, 7, "company"]]}) + "\n", "utf-8"
    )
    (tmp_path / "link.jsonl").symlink_to(records)
    status, said = glossator(empty, capsys, "import", "-f", "jsonl", str(tmp_path / "link.jsonl"))
    assert status == 1 and "link.jsonl is a symbolic link" in said
    assert not (empty.corpus_dir / "r.txt").exists()


# --- writing: the workspace's own files ------------------------------------------------------------


def test_an_export_never_writes_over_the_corpus_the_config_or_git(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An article whose id begins with corpus/ (an import made it): exported as brat to the
    # workspace root, its .txt would replace corpus/<id>.txt.
    source = tmp_path / "in.jsonl"
    text = (BUNDLED_CORPUS / f"{FIRST}.txt").read_text("utf-8")[:200] + "\nKingdee\n"
    record = {"id": f"corpus/{FIRST}", "text": text, "label": [[len(text) - 8, len(text) - 1, "company"]]}
    source.write_text(json.dumps(record) + "\n", "utf-8")
    assert glossator(empty, capsys, "import", "-f", "jsonl", str(source))[0] == 0
    original = (empty.corpus_dir / f"{FIRST}.txt").read_bytes()
    (empty.root / "glossator.toml").write_text('[[tag]]\nname = "company"\nkey = "c"\n', "utf-8")
    config = (empty.root / "glossator.toml").read_bytes()
    (empty.root / ".git").mkdir()
    status, said = glossator(empty, capsys, "export", "-f", "brat", "--out", str(empty.root))
    assert status == 1 and f"corpus/{FIRST}.txt is inside corpus/" in said
    for out in ("glossator.toml", ".git/export.csv", "annotations/x.csv", ".glossator/x.csv"):
        status, said = glossator(empty, capsys, "export", "-f", "csv", "--out", str(empty.root / out))
        assert status == 1 and "write the export somewhere else" in said, out
    assert (empty.corpus_dir / f"{FIRST}.txt").read_bytes() == original
    assert (empty.root / "glossator.toml").read_bytes() == config
    assert not (empty.root / ".git" / "export.csv").exists()
    assert glossator(empty, capsys, "check")[0] == 0
    status, said = glossator(empty, capsys, "export", "-f", "csv", "--out", str(empty.root / "export.csv"))
    assert status == 0 and (empty.root / "export.csv").is_file()


def test_add_refuses_links_and_fifos_as_import_does(
    empty: Workspace, secret: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").symlink_to(secret)
    os.mkfifo(tmp_path / "pipe.txt")
    status, said = glossator(empty, capsys, "add", str(tmp_path / "notes.txt"), str(tmp_path / "pipe.txt"))
    assert status == 1
    assert "notes.txt: refused: is a symbolic link" in said
    assert "pipe.txt: refused: pipe.txt is not a regular file (a named pipe)" in said
    assert not (empty.corpus_dir / "notes.txt").exists() and not (empty.corpus_dir / "pipe.txt").exists()
