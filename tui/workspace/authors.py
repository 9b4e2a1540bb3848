"""Who is annotating: ``git config user.name`` in the workspace's repository, else the OS user."""

from __future__ import annotations

import getpass
import subprocess
from functools import cache
from pathlib import Path


@cache
def default_author(folder: Path) -> str:
    """The name recorded in new annotations made in ``folder``'s workspace."""
    try:
        completed = subprocess.run(
            ["git", "config", "user.name"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        completed = None
    if completed is not None and completed.returncode == 0 and completed.stdout.strip():
        return completed.stdout.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
