"""Sharing annotations through real git repositories: the merge driver, and git's own merge."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from tui.corpus import load_article
from tui.store import AnnotationStore
from tui.workspace import Workspace

from .conftest import BUNDLED_CORPUS, FIRST, FUNDING_QUOTE, run_cli
from .test_index import add


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
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    loaded = store.load(FIRST, text)
    store.save(loaded, text, [replace(a, **changes) if a.quote == quote else a for a in loaded.annotations])


def delete(workspace: Workspace, quote: str) -> None:
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    loaded = store.load(FIRST, text)
    store.save(loaded, text, [a for a in loaded.annotations if a.quote != quote])


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
