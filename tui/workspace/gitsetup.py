"""``glossator init``: a workspace ready to be shared through git, merge driver included.

``.gitignore`` and ``.gitattributes`` may already exist with anything in them (other
tools' rules, another encoding, no final newline): missing lines are appended as bytes and
nothing else in the file changes.  A symbolic link, a folder or a FIFO in their place is
refused (git itself does not follow a linked ``.gitattributes``), so ``init`` never writes
outside the folder it was given.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tui.errors import GlossatorError
from tui.workspace.fileio import UnreadableFileError, read_regular
from tui.workspace.layout import CACHE_DIR_NAME

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
#: What collaborators run once in their clone (the README and `glossator help sharing` show it).
DRIVER_COMMAND = "glossator merge-driver %O %A %B"
#: ``.gitignore`` and ``.gitattributes`` bigger than this are not read.
MAX_SETTINGS_BYTES = 16 * 1024 * 1024


@dataclass
class InitReport:
    root: Path
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    git_initialised: bool = False
    driver: str = ""
    #: The git config file the driver was registered in (the repository's, wherever it is).
    config_path: Path | None = None


class InitError(GlossatorError):
    """The folder cannot be made into a shareable workspace (said why, in one line)."""


def init_workspace(folder: Path) -> InitReport:
    try:
        root = folder.expanduser()
    except RuntimeError as error:  # ~name of a user that does not exist
        raise InitError(f"{folder}: cannot find the home folder it names ({error})") from None
    if (root.is_symlink() or root.exists()) and not root.is_dir():
        raise InitError(f"{root} is not a folder")
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    report = InitReport(root)
    for name in ("corpus", "annotations"):
        path = root / name
        if path.is_dir():
            continue
        if path.exists() or path.is_symlink():
            raise InitError(f"{path} is in the way: it is not a folder (move it away and run init again)")
        path.mkdir()
        report.created.append(f"{name}/")
    for name, lines in ((".gitignore", IGNORES), (".gitattributes", ATTRIBUTES)):
        existed = os.path.lexists(root / name)
        if _append_missing(root / name, lines):
            (report.updated if existed else report.created).append(name)
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        _check(_git(root, "init", "-q"), "git init")
        report.git_initialised = True
    # This interpreter, so the driver works even when glossator is not on git's PATH.
    report.driver = f"{shlex.quote(sys.executable)} -m tui merge-driver %O %A %B"
    _check(_git(root, "config", "merge.glossator.name", "Glossator: merge annotations by id"), "git config")
    _check(_git(root, "config", "merge.glossator.driver", report.driver), "git config")
    config = _git(root, "rev-parse", "--git-path", "config")
    _check(config, "git rev-parse")
    report.config_path = (root / config.stdout.rstrip("\n")).resolve()
    return report


def _append_missing(path: Path, blocks: tuple[str, ...]) -> bool:
    """Append the blocks whose last line is not in the file yet; whether anything was written."""
    existing = _read_settings(path)
    present = {line.strip() for line in existing.splitlines()}
    missing = [block for block in blocks if block.splitlines()[-1].strip().encode("utf-8") not in present]
    if not missing:
        return False
    prefix = b"" if not existing or existing.endswith((b"\n", b"\r")) else b"\n"
    data = prefix + "\n".join(missing).encode("utf-8") + b"\n"
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as error:
        raise InitError(f"{path} cannot be written: {error.strerror or error}") from error
    with os.fdopen(fd, "ab") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InitError(f"{path} is not a regular file; init leaves it alone")
        handle.write(data)
    return True


def _read_settings(path: Path) -> bytes:
    if path.is_symlink():
        raise InitError(
            f"{path} is a symbolic link, which git does not follow; replace it with a file and run init again"
        )
    try:
        return read_regular(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return b""
    except UnreadableFileError as error:
        raise InitError(f"{path} cannot be used: {error}") from error
    except OSError as error:
        raise InitError(f"{path} cannot be read: {error.strerror or error}") from error


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, errors="replace", check=False
        )
    except OSError as error:
        raise GlossatorError(
            f"git is needed to share a workspace, and it could not be run: {error}"
        ) from error


def _check(completed: subprocess.CompletedProcess[str], what: str) -> None:
    if completed.returncode != 0:
        raise GlossatorError(f"{what} failed: {completed.stderr.strip() or completed.stdout.strip()}")
