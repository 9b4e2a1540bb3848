"""Where things live in a workspace: the corpus, the annotation files and the index cache.

A workspace is any folder holding ``corpus/`` (the article texts) and ``annotations/``
(one TOML file per annotated article).  An article's id is its path inside ``corpus/``
without the ``.txt`` extension, with ``/`` between folders, so ids are stable across
machines and readable in git diffs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tui.errors import GlossatorError

ARTICLE_SUFFIX = ".txt"
ANNOTATION_SUFFIX = ".toml"
CACHE_DIR_NAME = ".glossator"


class NotAWorkspaceError(GlossatorError):
    """The folder (and none of its parents) holds a ``corpus/`` folder."""


class InvalidArticleIdError(GlossatorError):
    """An article id that is empty, absolute or would point outside the corpus."""


def validate_article_id(article_id: str) -> str:
    """Return ``article_id`` if it names a file inside the corpus, else raise.

    Ids come from file names but also from annotation files and the command line,
    which are untrusted: ``../../etc/passwd`` or ``/etc/passwd`` must never be opened.
    """
    if not isinstance(article_id, str) or not article_id:
        raise InvalidArticleIdError("article id is empty")
    if "\\" in article_id or "\x00" in article_id:
        raise InvalidArticleIdError(f"article id {article_id!r} contains a forbidden character")
    path = PurePosixPath(article_id)
    if path.is_absolute() or article_id.startswith("/"):
        raise InvalidArticleIdError(f"article id {article_id!r} is an absolute path")
    parts = article_id.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise InvalidArticleIdError(f"article id {article_id!r} would leave the corpus")
    if len(parts[0]) >= 2 and parts[0][1] == ":":
        raise InvalidArticleIdError(f"article id {article_id!r} looks like a drive path")
    return article_id


@dataclass(frozen=True)
class Workspace:
    """A folder laid out as ``corpus/`` + ``annotations/``; all paths derive from ``root``."""

    root: Path

    @property
    def corpus_dir(self) -> Path:
        return self.root / "corpus"

    @property
    def annotations_dir(self) -> Path:
        return self.root / "annotations"

    @property
    def cache_dir(self) -> Path:
        """The git-ignored folder for the index; it can be deleted at any time."""
        return self.root / CACHE_DIR_NAME

    @classmethod
    def open(cls, folder: Path | str) -> Workspace:
        """The workspace at exactly ``folder``."""
        root = Path(folder).expanduser().resolve()
        if not (root / "corpus").is_dir():
            raise NotAWorkspaceError(f"{root} is not a Glossator workspace (it has no corpus/ folder)")
        return cls(root)

    @classmethod
    def find(cls, start: Path | str) -> Workspace:
        """The workspace at ``start`` or the nearest parent that is one, like git does."""
        origin = Path(start).expanduser().resolve()
        for folder in (origin, *origin.parents):
            if (folder / "corpus").is_dir():
                return cls(folder)
        raise NotAWorkspaceError(
            f"{origin} is not inside a Glossator workspace (no corpus/ folder here or above)"
        )

    def article_path(self, article_id: str) -> Path:
        return self.corpus_dir / (validate_article_id(article_id) + ARTICLE_SUFFIX)

    def annotation_path(self, article_id: str) -> Path:
        return self.annotations_dir / (validate_article_id(article_id) + ANNOTATION_SUFFIX)

    def relative(self, path: Path) -> str:
        """A path as shown to users: relative to the workspace when inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def article_ids(self) -> list[str]:
        """Every article in the corpus, sorted, hidden files and folders skipped."""
        return sorted(item_id for item_id, _ in scan_files(self.corpus_dir, ARTICLE_SUFFIX))

    def annotated_ids(self) -> list[str]:
        """Every annotation file's article id (the article itself may be missing)."""
        return sorted(item_id for item_id, _ in scan_files(self.annotations_dir, ANNOTATION_SUFFIX))


def scan_files(folder: Path, suffix: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """(id, entry) of the files ending in ``suffix`` below ``folder``, hidden ones skipped.

    ``os.scandir`` is used rather than ``Path.rglob`` because start-up sync walks
    tens of thousands of files and this is several times faster.
    """
    stack = [("", str(folder))]
    while stack:
        prefix, current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append((f"{prefix}{entry.name}/", entry.path))
            elif entry.name.endswith(suffix) and entry.is_file():
                yield prefix + entry.name[: -len(suffix)], entry
