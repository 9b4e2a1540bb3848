"""The command as a real process: what only a process shows.

Every other CLI test calls ``main`` in-process (``run_cli``).  These run the installed
``glossator`` console script and ``python -m tui``: the exit status the shell sees, the
output the terminal gets, and nothing on stderr from the interpreter's start-up or
shut-down.  Signals are in ``tests/faults`` (marked slow).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import run_process
from tui import __version__
from tui.workspace.layout import Workspace

#: The console script pip installs beside the interpreter (``[project.scripts]``).
CONSOLE_SCRIPT = Path(sys.executable).parent / "glossator"


def test_the_console_script_runs_the_command_line(workspace: Workspace) -> None:
    assert CONSOLE_SCRIPT.is_file(), "install the project first: pip install -e '.[dev]'"
    version = subprocess.run(
        [CONSOLE_SCRIPT, "--version"], capture_output=True, text=True, timeout=120, check=False
    )
    assert (version.returncode, version.stdout, version.stderr) == (0, f"glossator {__version__}\n", "")
    search = subprocess.run(
        [CONSOLE_SCRIPT, "search", "harbin"],
        cwd=workspace.root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert search.returncode == 0, search.stderr
    assert "Harbin" in search.stdout


def test_the_shell_sees_0_for_success_1_for_a_problem_and_2_for_a_usage_mistake(
    workspace: Workspace, tmp_path: Path
) -> None:
    assert run_process("stats", cwd=workspace.root).returncode == 0
    nowhere = tmp_path / "not-a-workspace"
    nowhere.mkdir()
    problem = run_process("stats", cwd=nowhere)
    assert problem.returncode == 1 and problem.stdout == ""
    [line] = problem.stderr.splitlines()
    assert line.startswith("glossator: ")
    mistake = run_process("search", "harbin", "--bogus", cwd=workspace.root)
    assert mistake.returncode == 2 and mistake.stdout == ""
    assert "unrecognized arguments: --bogus" in mistake.stderr
    assert "Traceback" not in problem.stderr + mistake.stderr
