"""The tools people already use around a repository: pre-commit, and shell completion."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tui.workspace.layout import Workspace

from .conftest import FIRST, FUNDING_QUOTE, REPO, run_cli
from .search.test_coordinator import add

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def test_the_hook_manifest_is_valid_for_pre_commit() -> None:
    checked = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_local_hook_runs_glossator_check_on_the_files_a_commit_changes(
    workspace: Workspace, tmp_path: Path
) -> None:
    """The same entry as the published hook, as a local hook: no network needed."""
    add(workspace, FIRST, FUNDING_QUOTE, "funding")
    root = workspace.root
    manifest = (REPO / ".pre-commit-hooks.yaml").read_text()
    assert "entry: glossator check" in manifest and "pass_filenames: true" in manifest
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n  - repo: local\n    hooks:\n      - id: glossator-check\n        name: glossator check\n"
        f"        entry: {sys.executable} -m tui check\n        language: system\n"
        "        files: ^(annotations/.*\\.toml|corpus/.*\\.txt)$\n        pass_filenames: true\n"
    )
    environment = os.environ | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PYTHONPATH": str(REPO)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=root, capture_output=True, text=True, env=environment, check=False)

    run("git", "init", "-q")
    run("git", "add", "-A")
    passed = run(*PRE_COMMIT, "run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "glossator check" in passed.stdout and "Passed" in passed.stdout
    path = workspace.annotation_path(FIRST)
    path.write_text(path.read_text().replace('tag = "funding"', 'tag = "fundng"'))
    run("git", "add", "-A")
    failed = run(*PRE_COMMIT, "run", "--files", f"annotations/{FIRST}.toml")
    assert failed.returncode == 1
    assert f"annotations/{FIRST}.toml:7:" in failed.stdout and "unknown tag 'fundng'" in failed.stdout


def complete(line: str, cwd: Path) -> list[str]:
    """What the shell would offer for ``line`` (argcomplete's protocol, as its shell code runs it)."""
    out = cwd / "completions.txt"
    environment = os.environ | {
        "_ARGCOMPLETE": "1", "COMP_LINE": line, "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out), "_ARGCOMPLETE_IFS": "\n",
    }  # fmt: skip
    subprocess.run([sys.executable, "-m", "tui"], cwd=cwd, env=environment, check=False, timeout=30)
    return out.read_text().split()


def test_shell_completion_for_bash_zsh_and_fish(workspace: Workspace) -> None:
    for shell, marker in (
        ("bash", "complete -o"),
        ("zsh", "#compdef glossator"),
        ("fish", "complete --command glossator"),
    ):
        code = run_cli("completion", shell, cwd=workspace.root)
        assert code.returncode == 0 and marker in code.stdout, (shell, code.stdout[:200])
    assert sorted(complete("glossator ta", workspace.root)) == ["tag-all", "tags"]
    assert {"done", "skipped", "clear"} <= set(complete("glossator mark ", workspace.root))
    assert "--approximate" in complete("glossator reanchor --", workspace.root)
    assert complete("glossator export --format x", workspace.root) == ["xmi"]
    if shutil.which("bash"):
        sourced = subprocess.run(
            ["bash", "-c", f'eval "$({sys.executable} -m tui completion bash)" && complete -p glossator'],
            cwd=workspace.root, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert "glossator" in sourced.stdout, sourced.stderr
