"""Agreement between annotators, by author and by git ref, through the real command."""

from __future__ import annotations

import json
import subprocess

import pytest

from tui.agreement import cohen_kappa
from tui.workspace import Workspace

from .conftest import FIRST, FUNDING_QUOTE, XINHUA, run_cli
from .test_index import add


def test_cohen_kappa_known_values() -> None:
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    # 20 items: 10 agreed yes, 5 agreed no, 5 disagreements -> po 0.75, pe 0.5, kappa 0.5
    first = ["y"] * 10 + ["n"] * 5 + ["y"] * 5
    second = ["y"] * 10 + ["n"] * 5 + ["n"] * 5
    assert cohen_kappa(first, second) == pytest.approx((0.75 - 0.5) / (1 - 0.5))


def test_agreement_by_author(workspace: Workspace) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="Ada")
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="Bob")  # exact match
    add(workspace, FIRST, "Harbin World Wide Welding Co Ltd", "company", author="Ada")
    add(workspace, FIRST, "Harbin World Wide Welding", "company", author="Bob")  # overlap only
    add(workspace, FIRST, "student incubator park", "policy", author="Bob")  # Bob only
    add(workspace, XINHUA, "Kingdee", "company", author="Ada")  # Bob did not annotate this article
    result = run_cli("agreement", "--json", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    [pair] = json.loads(result.stdout)
    assert pair["annotators"] == ["Ada", "Bob"]
    assert pair["articles"] == 1
    tags = pair["tags"]
    assert tags["funding"]["exact"]["f1"] == 1.0
    assert tags["company"]["exact"]["matched"] == 0
    assert tags["company"]["overlap"]["f1"] == 1.0
    assert tags["policy"]["overlap"]["recall"] == 0.0 and tags["policy"]["overlap"]["second"] == 1
    assert 0 < pair["kappa"] < 1
    table = run_cli("agreement", "--tag", "company", cwd=workspace.root)
    assert "Ada vs Bob: 1 article annotated by both" in table.stdout
    assert table.stdout.count("company") == 1 and "funding" not in table.stdout


def test_agreement_between_git_branches(workspace: Workspace) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=workspace.root, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.name", "T")
    git("config", "user.email", "t@example.org")
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="same")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    add(workspace, FIRST, "Harbin", "company", author="same")
    git("commit", "-qam", "other")
    result = run_cli("agreement", "--ref", "main", "--ref", "other", "--json", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    [pair] = json.loads(result.stdout)
    assert pair["annotators"] == ["main", "other"]
    assert pair["tags"]["funding"]["exact"]["f1"] == 1.0
    assert pair["tags"]["company"]["exact"]["precision"] == 0.0
    bad = run_cli("agreement", "--ref", "main", cwd=workspace.root)
    assert bad.returncode == 1 and "at least two --ref" in bad.stderr
