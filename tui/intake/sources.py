"""What the user named, as sources to read: files, folders (recursively) and web addresses.

A file from outside is read only if it is a plain file (not a link, a FIFO or a device)
and not too big.  A folder is walked without following links, hidden files and folders
are passed over, and only files of a kind Glossator adds are taken; a file named on the
command line is taken whatever its extension, its content telling what it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tui.intake.incoming import Problem
from tui.intake.tables import TABLE_SUFFIXES
from tui.workspace.fileio import UnreadableFileError, read_outside
from tui.workspace.layout import MAX_FILE_BYTES

PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
#: The files a folder is searched for.
KNOWN_SUFFIXES = PAGE_SUFFIXES + TABLE_SUFFIXES + TEXT_SUFFIXES
URL_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class Source:
    """One file to read (``path``), or one web address (``url``).

    ``relative`` is the file's path as its id comes from it: its name, or its path below
    the folder that was named.  ``shown`` is how it is named to the user.
    """

    shown: str
    path: Path | None = None
    relative: str = ""
    url: str = ""

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.relative)[1].lower()


@dataclass
class Expanded:
    sources: list[Source]
    problems: list[Problem]
    #: Files in the folders that are of no kind Glossator adds (images, spreadsheets...).
    passed_over: int = 0


def expand(arguments: list[str]) -> Expanded:
    """The sources the command line names, in its order (a folder's files sorted)."""
    expanded = Expanded([], [])
    for argument in arguments:
        if argument.startswith(URL_SCHEMES):
            expanded.sources.append(Source(argument, url=argument))
            continue
        path = Path(argument)
        if path.is_symlink():
            expanded.problems.append(Problem(argument, _LINK))
        elif path.is_dir():
            _walk(path, argument, expanded)
        else:
            expanded.sources.append(Source(argument, path, path.name))
    return expanded


_LINK = "is a symbolic link; Glossator reads only plain files from outside the workspace"


def _walk(folder: Path, shown: str, expanded: Expanded) -> None:
    for current, folders, files in os.walk(folder, followlinks=False):
        folders[:] = sorted(name for name in folders if not name.startswith(".") and not _assets(name, files))
        below = Path(current).relative_to(folder).as_posix()
        for name in sorted(files):
            if name.startswith("."):
                continue
            relative = name if below == "." else f"{below}/{name}"
            path = Path(current) / name
            if not name.lower().endswith(KNOWN_SUFFIXES):
                expanded.passed_over += 1
            elif path.is_symlink():
                expanded.problems.append(Problem(os.path.join(shown, relative), _LINK))
            else:
                expanded.sources.append(Source(os.path.join(shown, relative), path, relative))


def _assets(folder: str, files: list[str]) -> bool:
    """Whether ``folder`` holds a saved page's assets: a browser saves ``story.html`` "complete"
    with ``story_files/`` beside it (scripts, images, and ads' frames as more .html files)."""
    page = folder.removesuffix("_files")
    return page != folder and any(f"{page}{suffix}" in files for suffix in PAGE_SUFFIXES)


def read_source(source: Source) -> bytes:
    """A source file's bytes; ``Problem`` if it is a link, not a plain file, too big or unreadable."""
    assert source.path is not None
    if source.path.is_symlink():
        raise Problem(source.shown, _LINK)
    try:
        return read_outside(source.path, MAX_FILE_BYTES)
    except UnreadableFileError as error:
        raise Problem(source.shown, str(error)) from None
    except OSError as error:
        raise Problem(source.shown, f"cannot be read: {error.strerror or error}") from None
