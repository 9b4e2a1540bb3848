"""``glossator init``: a workspace ready to be shared through git, merge driver included."""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tui.errors import GlossatorError
from tui.workspace import CACHE_DIR_NAME

ATTRIBUTES = (
    "# Annotation offsets count code points of the exact article text: never convert line ends.",
    "corpus/** -text",
    "# Merge annotation files by annotation id (glossator merge-driver).",
    "annotations/**/*.toml merge=glossator",
)
IGNORES = (
    f"# Glossator's search index: a cache, rebuilt from the files.\n{CACHE_DIR_NAME}/",
    "# Temporary files of an atomic write interrupted by a crash (the real file is intact).\n"
    "annotations/**/.*.tmp",
)
#: What collaborators run once in their clone (the README shows it too).
DRIVER_COMMAND = "glossator merge-driver %O %A %B"


@dataclass
class InitReport:
    root: Path
    created: list[str] = field(default_factory=list)
    git_initialised: bool = False
    driver: str = ""


def init_workspace(folder: Path) -> InitReport:
    root = folder.expanduser().resolve()
    report = InitReport(root)
    for name in ("corpus", "annotations"):
        if not (root / name).is_dir():
            (root / name).mkdir(parents=True)
            report.created.append(f"{name}/")
    for name, lines in ((".gitignore", IGNORES), (".gitattributes", ATTRIBUTES)):
        if _append_missing(root / name, lines):
            report.created.append(name)
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        _check(_git(root, "init", "-q"), "git init")
        report.git_initialised = True
    # This interpreter, so the driver works even when glossator is not on git's PATH.
    report.driver = f"{shlex.quote(sys.executable)} -m tui merge-driver %O %A %B"
    _check(_git(root, "config", "merge.glossator.name", "Glossator: merge annotations by id"), "git config")
    _check(_git(root, "config", "merge.glossator.driver", report.driver), "git config")
    return report


def _append_missing(path: Path, blocks: tuple[str, ...]) -> bool:
    existing = path.read_text("utf-8") if path.exists() else ""
    present = {line.strip() for line in existing.splitlines()}
    missing = [block for block in blocks if block.splitlines()[-1].strip() not in present]
    if not missing:
        return False
    prefix = "" if not existing or existing.endswith("\n") else "\n"
    path.write_text(existing + prefix + "\n".join(missing) + "\n", "utf-8")
    return True


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError as error:
        raise GlossatorError(
            f"git is needed to share a workspace, and it could not be run: {error}"
        ) from error


def _check(completed: subprocess.CompletedProcess[str], what: str) -> None:
    if completed.returncode != 0:
        raise GlossatorError(f"{what} failed: {completed.stderr.strip() or completed.stdout.strip()}")
