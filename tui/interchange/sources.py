"""Reading the files an import is given: plain files only, bounded, and every refusal said.

An import folder comes from someone else (a colleague's brat project, a download), so it
may hold what no annotation tool writes: ``pw.txt -> /etc/passwd``, a FIFO named
``f.txt`` or a link to a folder elsewhere.  Every file goes through the workspace's one
reader for outside files (``tui.workspace.fileio.read_outside``: a regular file, not a
link, at most a size), and a folder is walked without entering linked folders; each thing
passed over is a line of the report, never a silent gap, never a hang.

JSON from outside can be nested 100,000 deep or hold a number of 5,000 digits: both are
one message about the file too (``load_json``), not an internal error.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.errors import GlossatorError, reason_of
from tui.interchange.model import Report
from tui.workspace.fileio import UnreadableFileError, read_outside
from tui.workspace.layout import MAX_FILE_BYTES

#: One JSON Lines or W3C file may hold a whole corpus; one brat or XMI file is one article.
MAX_IMPORT_BYTES = 1024 * 1024 * 1024
MAX_ARTICLE_FILE_BYTES = MAX_FILE_BYTES


class JsonInputError(GlossatorError):
    """JSON that cannot be taken: invalid, nested too deeply, or a number too long."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class SourceFile:
    """A file found in an import folder: where it is, its id (path without suffix), how it is shown."""

    path: Path
    item_id: str
    shown: str


def read_source(
    path: Path, shown: object, report: Report, limit: int = MAX_ARTICLE_FILE_BYTES
) -> bytes | None:
    """The bytes of ``path``, or None after reporting why it is not read."""
    try:
        return read_outside(path, limit)
    except FileNotFoundError:
        report.left_out(shown, f"not taken: {path.name} is missing")
    except (OSError, UnreadableFileError) as error:
        report.left_out(shown, f"not taken: cannot be read: {reason_of(error)}")
    return None


def source_files(folder: Path, suffix: str, display: str, report: Report) -> list[SourceFile]:
    """The files ending in ``suffix`` below ``folder``, sorted; hidden ones passed over.

    Linked folders are not entered (each is reported); linked files are listed, and the
    reader refuses them with a message.
    """
    found: list[SourceFile] = []
    for current, folders, files in os.walk(folder, followlinks=False):
        base = Path(current)
        for name in sorted(folders):
            if not name.startswith(".") and (base / name).is_symlink():
                shown = f"{display}/{(base / name).relative_to(folder).as_posix()}"
                report.left_out(shown, "not taken: a symbolic link to a folder; Glossator does not follow it")
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in files:
            if name.startswith(".") or not name.endswith(suffix):
                continue
            relative = (base / name).relative_to(folder).as_posix()
            found.append(SourceFile(base / name, relative[: -len(suffix)], f"{display}/{relative}"))
    return sorted(found, key=lambda source: source.item_id)


def refuse_link(path: Path) -> None:
    """Raise if the path an import names is itself a symbolic link (its target is not read)."""
    if path.is_symlink():
        raise GlossatorError(
            f"{path} is a symbolic link; Glossator imports only plain files and folders "
            "(name the file or folder it points to if you mean it)"
        )


def load_json(source: str) -> Any:
    """``json.loads``, with every way hostile JSON fails as a ``JsonInputError``."""
    try:
        return json.loads(source)
    except json.JSONDecodeError as error:
        raise JsonInputError(f"invalid JSON ({error.msg} at column {error.colno})", error.lineno) from None
    except RecursionError:
        raise JsonInputError("invalid JSON: nested too deeply") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise JsonInputError("invalid JSON: a number with thousands of digits") from None
