"""Progress marks and suggestions made in two clones merge through git with Glossator's merge driver."""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from tests.workspace.test_git_sharing import clone_of, commit, git
from tui.annotations.model import DONE, SKIPPED, SUGGESTED, LoadedAnnotations, ProgressMark
from tui.annotations.store import AnnotationStore
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import BUNDLED_CORPUS, FIRST, FUNDING_QUOTE, run_cli
from .conftest import annotate

SUGGESTION = "Harbin World Wide Welding Co Ltd"


def at(month: int) -> datetime:
    return datetime(2026, month, 1, 9, 0, tzinfo=UTC)


def set_marks(workspace: Workspace, **states: tuple[str, int] | None) -> None:
    """Set (state, month) marks per author, or clear one (None), through the one write path."""
    text = load_article(workspace, FIRST).text

    def change(on_disk: LoadedAnnotations) -> list[ProgressMark]:
        marks = {mark.author: mark for mark in on_disk.progress}
        for author, wanted in states.items():
            if wanted is None:
                marks.pop(author, None)
            else:
                marks[author] = ProgressMark(author, wanted[0], at(wanted[1]))
        return list(marks.values())

    AnnotationStore(workspace).update_progress(FIRST, text, change)


def accept(workspace: Workspace, quote: str) -> None:
    text = load_article(workspace, FIRST).text
    AnnotationStore(workspace).update(
        FIRST,
        text,
        lambda on_disk: [replace(a, status="") if a.quote == quote else a for a in on_disk.annotations],
    )


def test_marks_and_suggestions_from_both_clones_merge(tmp_path: Path) -> None:
    first = tmp_path / "first"
    shutil.copytree(BUNDLED_CORPUS, first / "corpus")
    assert run_cli("init", str(first), cwd=tmp_path).returncode == 0
    git(first, "config", "user.name", "First")
    git(first, "config", "user.email", "first@example.org")
    seeded = Workspace.open(first)
    annotate(seeded, FIRST, FUNDING_QUOTE, "funding")
    annotate(seeded, FIRST, SUGGESTION, "company", author="bot", status=SUGGESTED)
    set_marks(seeded, Ada=(DONE, 1), Dee=(DONE, 1), Eve=(DONE, 1))
    commit(first, "seed")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(first), str(origin))
    ours = clone_of(origin, tmp_path / "ours", driver=True)
    theirs = clone_of(origin, tmp_path / "theirs", driver=True)

    accept(theirs, SUGGESTION)  # a reviewer accepts the suggestion
    annotate(theirs, FIRST, "student incubator park", "company", author="bot", status=SUGGESTED)
    set_marks(theirs, Bob=(DONE, 2), Dee=(SKIPPED, 3), Eve=None)
    commit(theirs.root, "theirs")
    git(theirs.root, "push", "-q")

    tagged = run_cli("tag-all", "venture investment", "--tag", "funding", "--suggest", cwd=ours.root)
    assert tagged.returncode == 0, tagged.stderr
    set_marks(ours, Ada=(SKIPPED, 2), Dee=(DONE, 2), Cy=(DONE, 2))
    commit(ours.root, "ours")
    pulled = git(ours.root, "pull", "-q", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr + pulled.stdout

    data = tomllib.loads(ours.annotation_path(FIRST).read_text("utf-8"))
    assert {(a["quote"], a.get("status", "")) for a in data["annotation"]} == {
        (FUNDING_QUOTE, ""),
        (SUGGESTION, ""),  # accepted on their side
        ("student incubator park", SUGGESTED),  # suggested on theirs
        ("venture investment", SUGGESTED),  # suggested on ours
    }
    assert [(m["author"], m["state"], m["at"]) for m in data["progress"]] == [
        ("Ada", SKIPPED, at(2)),  # changed on our side only
        ("Bob", DONE, at(2)),  # added on theirs
        ("Cy", DONE, at(2)),  # added on ours
        ("Dee", SKIPPED, at(3)),  # changed on both sides: the later mark
    ]  # Eve's mark, cleared on their side, stays cleared
    checked = run_cli("check", cwd=ours.root)
    assert checked.returncode == 0, checked.stdout
    stats = [line.split() for line in run_cli("stats", cwd=ours.root).stdout.splitlines()]
    assert stats[-4:] == [
        ["Ada", "0", "done", "1", "skipped"],
        ["Bob", "1", "done", "0", "skipped"],
        ["Cy", "1", "done", "0", "skipped"],
        ["Dee", "0", "done", "1", "skipped"],
    ]
