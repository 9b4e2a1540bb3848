"""Sharing annotations through real git repositories: the merge driver, and git's own merge."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_CORPUS, FIRST, FUNDING_QUOTE, run_cli
from tests.search.test_coordinator import add
from tui.annotations.store import AnnotationStore
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


def commit(clone: Path, message: str) -> None:
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", message)


def clone_of(origin: Path, target: Path, *, driver: bool) -> Workspace:
    git(target.parent, "clone", "-q", str(origin), target.name)
    git(target, "config", "user.name", target.name)
    git(target, "config", "user.email", f"{target.name}@example.org")
    if driver:
        git(
            target,
            "config",
            "merge.glossator.driver",
            f"{shlex.quote(sys.executable)} -m tui merge-driver %O %A %B",
        )
    return Workspace.open(target)


@pytest.fixture
def origin(tmp_path: Path) -> Path:
    """A shared repository holding the bundled corpus and three annotations on one article."""
    first = tmp_path / "first"
    shutil.copytree(BUNDLED_CORPUS, first / "corpus")
    result = run_cli("init", str(first), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    git(first, "config", "user.name", "First")
    git(first, "config", "user.email", "first@example.org")
    workspace = Workspace.open(first)
    add(workspace, FIRST, FUNDING_QUOTE, "funding", note="original")
    add(workspace, FIRST, "Harbin World Wide Welding Co Ltd", "company")
    add(workspace, FIRST, "The Heilongjiang provincial government", "policy")
    commit(first, "seed annotations")
    bare = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(first), str(bare))
    return bare


def annotations(workspace: Workspace) -> dict[str, dict]:
    data = tomllib.loads(workspace.annotation_path(FIRST).read_text("utf-8"))
    return {a["quote"]: a for a in data["annotation"]}


def edit(workspace: Workspace, quote: str, **changes: str) -> None:
    text = load_article(workspace, FIRST).text
    AnnotationStore(workspace).update(
        FIRST,
        text,
        lambda on_disk: [replace(a, **changes) if a.quote == quote else a for a in on_disk.annotations],
    )


def delete(workspace: Workspace, quote: str) -> None:
    text = load_article(workspace, FIRST).text
    AnnotationStore(workspace).update(
        FIRST, text, lambda on_disk: [a for a in on_disk.annotations if a.quote != quote]
    )


def test_init_writes_attributes_ignore_and_registers_the_driver(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "ws"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "ws"
    assert (root / "corpus").is_dir() and (root / "annotations").is_dir()
    assert "annotations/**/*.toml merge=glossator" in (root / ".gitattributes").read_text()
    assert ".glossator/" in (root / ".gitignore").read_text()
    assert "merge-driver %O %A %B" in git(root, "config", "merge.glossator.driver").stdout
    assert 'git config merge.glossator.driver "glossator merge-driver %O %A %B"' in result.stdout
    again = run_cli("init", str(root), cwd=tmp_path)
    assert (root / ".gitattributes").read_text().count("merge=glossator") == 1
    assert again.returncode == 0


def test_the_driver_merges_additions_edits_and_deletions_from_both_sides(
    origin: Path, tmp_path: Path
) -> None:
    ours = clone_of(origin, tmp_path / "ours", driver=True)
    theirs = clone_of(origin, tmp_path / "theirs", driver=True)

    add(theirs, FIRST, "student incubator park", "company")
    edit(theirs, FUNDING_QUOTE, note="theirs edited the note")
    delete(theirs, "The Heilongjiang provincial government")
    commit(theirs.root, "theirs")
    git(theirs.root, "push", "-q")

    add(ours, FIRST, "venture investment", "funding")
    edit(ours, "Harbin World Wide Welding Co Ltd", tag="funding")
    commit(ours.root, "ours")
    pulled = git(ours.root, "pull", "-q", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr + pulled.stdout

    merged = annotations(ours)
    assert set(merged) == {
        FUNDING_QUOTE,
        "Harbin World Wide Welding Co Ltd",
        "student incubator park",
        "venture investment",
    }
    assert merged[FUNDING_QUOTE]["note"] == "theirs edited the note"
    assert merged["Harbin World Wide Welding Co Ltd"]["tag"] == "funding"
    checked = run_cli("check", cwd=ours.root)
    assert checked.returncode == 0, checked.stdout


def test_the_same_annotation_changed_differently_is_a_flagged_conflict(origin: Path, tmp_path: Path) -> None:
    ours = clone_of(origin, tmp_path / "ours", driver=True)
    theirs = clone_of(origin, tmp_path / "theirs", driver=True)
    edit(theirs, FUNDING_QUOTE, note="theirs")
    commit(theirs.root, "theirs")
    git(theirs.root, "push", "-q")
    edit(ours, FUNDING_QUOTE, note="ours")
    commit(ours.root, "ours")
    pulled = git(ours.root, "pull", "-q", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode != 0  # a real conflict stops the merge
    data = tomllib.loads(ours.annotation_path(FIRST).read_text("utf-8"))  # still valid TOML
    versions = [a for a in data["annotation"] if a["quote"] == FUNDING_QUOTE]
    assert sorted(a["note"] for a in versions) == ["ours", "theirs"]
    assert {a["conflict_with"] for a in versions} == {a["id"] for a in versions}
    checked = run_cli("check", cwd=ours.root)
    assert checked.returncode == 1
    assert checked.stdout.count("conflict: changed differently") == 2


def test_without_the_driver_git_merges_additions_at_different_places(origin: Path, tmp_path: Path) -> None:
    ours = clone_of(origin, tmp_path / "ours", driver=False)
    theirs = clone_of(origin, tmp_path / "theirs", driver=False)
    add(theirs, FIRST, "The northeastern provinces", "policy")  # before every existing span
    commit(theirs.root, "theirs")
    git(theirs.root, "push", "-q")
    add(ours, FIRST, "Liu Ce in Shenyang", "company")  # after every existing span
    commit(ours.root, "ours")
    pulled = git(ours.root, "pull", "-q", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr + pulled.stdout
    assert {"The northeastern provinces", "Liu Ce in Shenyang"} <= set(annotations(ours))
    assert len(annotations(ours)) == 5
    assert run_cli("check", cwd=ours.root).returncode == 0


def test_cascading_conflicts_keep_every_id_unique(origin: Path, tmp_path: Path) -> None:
    """bob's and alice's edits of one note conflict; that merge, merged into carol's, conflicts again."""
    team = clone_of(origin, tmp_path / "team", driver=True)
    for name in ("alice", "bob", "carol"):
        git(team.root, "checkout", "-q", "-b", name, "origin/HEAD")
        edit(team, FUNDING_QUOTE, note=f"{name}'s note")
        commit(team.root, f"{name} edits the note")
    git(team.root, "checkout", "-q", "alice")
    first = git(team.root, "merge", "-q", "--no-edit", "bob", check=False)
    assert first.returncode != 0  # a conflict: alice's and bob's notes are both kept
    assert len(annotations_list(team)) == 4
    commit(team.root, "alice merges bob, both notes kept")
    git(team.root, "checkout", "-q", "carol")
    second = git(team.root, "merge", "-q", "--no-edit", "alice", check=False)
    assert second.returncode != 0
    merged = annotations_list(team)
    ids = [a["id"] for a in merged]
    assert len(ids) == len(set(ids)), ids
    notes = sorted(a["note"] for a in merged if a["quote"] == FUNDING_QUOTE)
    assert notes == ["alice's note", "bob's note", "carol's note"]
    assert all(a["conflict_with"] in ids for a in merged if a["quote"] == FUNDING_QUOTE)
    checked = run_cli("check", cwd=team.root)
    assert "duplicate" not in checked.stdout
    assert checked.stdout.count("conflict: changed differently") == 3
    # And once more: carol's merge committed, merged back into alice's branch.
    commit(team.root, "carol merges alice")
    git(team.root, "checkout", "-q", "alice")
    git(team.root, "merge", "-q", "--no-edit", "carol", check=False)
    ids = [a["id"] for a in annotations_list(team)]
    assert len(ids) == len(set(ids)), ids


def annotations_list(workspace: Workspace) -> list[dict]:
    return tomllib.loads(workspace.annotation_path(FIRST).read_text("utf-8"))["annotation"]


# --- init in odd places ------------------------------------------------------------------------------


def test_init_refuses_a_file_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("not a folder")
    result = run_cli("init", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"glossator: {target} is not a folder\n"
    assert target.read_text() == "not a folder"


def test_init_appends_to_odd_settings_files_and_keeps_their_bytes(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    latin1 = b"# caf\xe9 (Latin-1)\n*.bak"  # not UTF-8, and no final newline
    (root / ".gitignore").write_bytes(latin1)
    (root / ".gitattributes").write_bytes(b"*.png binary\r\n")
    result = run_cli("init", str(root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    ignore = (root / ".gitignore").read_bytes()
    assert ignore.startswith(latin1 + b"\n") and b".glossator/\n" in ignore
    attributes = (root / ".gitattributes").read_bytes()
    assert (
        attributes.startswith(b"*.png binary\r\n")
        and b"annotations/**/*.toml merge=glossator\n" in attributes
    )
    assert "Added Glossator's lines to .gitignore" in result.stdout
    again = run_cli("init", str(root), cwd=tmp_path)
    assert again.returncode == 0 and (root / ".gitignore").read_bytes() == ignore


@pytest.mark.parametrize("kind", ["folder", "link", "fifo"])
def test_init_refuses_settings_files_that_are_not_files(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    outside = tmp_path / "outside-gitattributes"
    outside.write_text("*.txt text\n")
    path = root / ".gitattributes"
    if kind == "folder":
        path.mkdir()
    elif kind == "link":
        path.symlink_to(outside)
    else:
        os.mkfifo(path)
    result = run_cli("init", str(root), cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"glossator: {path} ")
    assert outside.read_text() == "*.txt text\n"  # nothing written through the link


def test_init_in_a_subfolder_of_a_repository_names_the_real_config(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "repo")
    result = run_cli("init", str(tmp_path / "repo" / "team" / "ws"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    config = tmp_path / "repo" / ".git" / "config"
    assert f"Registered the merge driver for annotations/**/*.toml in {config}\n" in result.stdout
    assert "merge-driver" in config.read_text()
    assert not (tmp_path / "repo" / "team" / "ws" / ".git").exists()


def test_init_in_the_home_folder_of_a_user_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    result = run_cli("init", "~nosuchuser-glossator/ws", cwd=tmp_path)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("glossator: ~nosuchuser-glossator/ws: cannot find the home folder")
