"""Where things live in a workspace: the corpus, the annotation files and the index cache.

A workspace is any folder holding ``corpus/`` (the article texts) and ``annotations/``
(one TOML file per annotated article).  An article's id is its path inside ``corpus/``
without the ``.txt`` extension, with ``/`` between folders, so ids are stable across
machines and readable in git diffs.
"""

from __future__ import annotations

import contextlib
import mmap
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.errors import GlossatorError
from tui.workspace.fileio import exclusive, map_regular, read_regular

ARTICLE_SUFFIX = ".txt"
ANNOTATION_SUFFIX = ".toml"
CACHE_DIR_NAME = ".glossator"
#: Files bigger than this are not read (a 20 MB article or a 100,000-annotation file is fine).
MAX_FILE_BYTES = 64 * 1024 * 1024


class NotAWorkspaceError(GlossatorError):
    """The folder (and none of its parents) holds a ``corpus/`` folder."""


class InvalidArticleIdError(GlossatorError):
    """An article id that is empty, absolute or would point outside the corpus."""


class OutsideWorkspaceError(GlossatorError):
    """A path that leads out of the workspace, through a symbolic link: never read or written."""


class CacheFolderError(GlossatorError):
    """``.glossator/`` (or a folder in it) is a link or a file: Glossator did not make it, so
    it neither uses nor removes it."""


def is_article_id(article_id: str) -> bool:
    """Whether ``article_id`` can name an article (see ``validate_article_id``)."""
    try:
        validate_article_id(article_id)
    except InvalidArticleIdError:
        return False
    return True


def validate_article_id(article_id: str) -> str:
    """Return ``article_id`` if it names a file inside the corpus, else raise.

    Ids come from file names but also from annotation files and the command line,
    which are untrusted: ``../../etc/passwd`` or ``/etc/passwd`` must never be opened.
    """
    if not isinstance(article_id, str) or not article_id:
        raise InvalidArticleIdError("article id is empty")
    if "\\" in article_id or "\x00" in article_id:
        raise InvalidArticleIdError(f"article id {article_id!r} contains a forbidden character")
    if article_id.startswith("/"):  # what PurePosixPath.is_absolute checks, without its cost
        raise InvalidArticleIdError(f"article id {article_id!r} is an absolute path")
    parts = article_id.split("/")
    if any(part in (".", "..") for part in parts):
        raise InvalidArticleIdError(f"article id {article_id!r} would leave the corpus")
    if "" in parts:
        raise InvalidArticleIdError(
            f"article id {article_id!r} has an empty folder name (// or a / at the end)"
        )
    if len(parts[0]) >= 2 and parts[0][1] == ":":
        raise InvalidArticleIdError(f"article id {article_id!r} looks like a drive path")
    return article_id


#: The environment variable with which a user chooses a corpus kept outside the workspace.
EXTERNAL_CORPUS_VARIABLE = "GLOSSATOR_EXTERNAL_CORPUS"


def chosen_external_corpus(root: Path) -> Path | None:
    """Where ``root/corpus`` links to, if it links out of ``root`` to the folder the user named
    in ``GLOSSATOR_EXTERNAL_CORPUS`` (an environment variable: a choice made on this machine,
    which no clone, pull or committed file can make)."""
    chosen = os.environ.get(EXTERNAL_CORPUS_VARIABLE, "")
    corpus = root / "corpus"
    if not chosen or not corpus.is_symlink():
        return None
    target = Path(os.path.realpath(corpus))
    try:
        wanted = Path(chosen).expanduser().resolve()
    except (OSError, RuntimeError):
        return None
    return target if target == wanted and target.is_dir() else None


def _real_folder(folder: Path | str) -> Path:
    """``folder`` with ``~`` expanded and links resolved; an unknown ``~user`` is a message."""
    try:
        return Path(folder).expanduser().resolve()
    except RuntimeError as error:  # Path.expanduser: "Could not determine home directory"
        raise NotAWorkspaceError(f"{folder}: {error}") from error


@dataclass(frozen=True)
class Skipped:
    """A file or folder that is not read, and why (shown by ``glossator check`` and the app)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Workspace:
    """A folder laid out as ``corpus/`` + ``annotations/``; all paths derive from ``root``.

    Symbolic links are followed only when they lead to a place inside the workspace:
    ``corpus/passwd.txt -> /etc/passwd`` is not read, ``annotations/2016 -> /elsewhere`` is
    not written to.  ``root`` is the real path (links resolved) of the workspace folder.
    """

    root: Path
    #: The real folder ``corpus/`` links to when it is kept outside the workspace and the user
    #: chose to use it there (``GLOSSATOR_EXTERNAL_CORPUS``); None otherwise.
    external_corpus: Path | None = None

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
        root = _real_folder(folder)
        if not (root / "corpus").is_dir():
            raise NotAWorkspaceError(f"{root} is not a Glossator workspace (it has no corpus/ folder)")
        return cls(root, chosen_external_corpus(root))

    @classmethod
    def find(cls, start: Path | str) -> Workspace:
        """The workspace at ``start`` or the nearest parent that is one, like git does."""
        origin = _real_folder(start)
        for folder in (origin, *origin.parents):
            if (folder / "corpus").is_dir():
                return cls(folder, chosen_external_corpus(folder))
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

    # -- staying inside --

    def contains(self, path: Path) -> bool:
        """Whether ``path``, with every symbolic link on the way resolved, is inside the workspace
        (or inside the external corpus the user chose)."""
        real = os.path.realpath(path)
        return any(
            real == str(folder) or real.startswith(str(folder) + os.sep)
            for folder in (self.root, self.external_corpus)
            if folder is not None
        )

    def corpus_not_followed(self) -> str:
        """Why no article is read when ``corpus/`` links out of the workspace unchosen ('' otherwise).

        A link that arrived through a clone is never followed on its own; keeping a big
        corpus elsewhere is a choice its user makes on their own machine.
        """
        if (
            self.external_corpus is not None
            or not self.corpus_dir.is_symlink()
            or self.contains(self.corpus_dir)
        ):
            return ""
        target = os.path.realpath(self.corpus_dir)
        return (
            f"corpus/ is a symbolic link to {target}, outside the workspace: not followed, so no article "
            f"is read. If you keep the corpus there on purpose, set {EXTERNAL_CORPUS_VARIABLE}={target}"
        )

    def check_inside(self, path: Path) -> None:
        """Raise ``OutsideWorkspaceError`` if reading or writing ``path`` would leave the workspace."""
        if not self.contains(path):
            raise OutsideWorkspaceError(
                f"{self.relative(path)} leads outside the workspace through a symbolic link; "
                "Glossator does not follow it"
            )

    def read(self, path: Path, *, first: int | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
        """The bytes of a workspace file: inside the workspace, a regular file, not too big.

        Raises ``OSError`` (missing, no permission), ``OutsideWorkspaceError`` or
        ``UnreadableFileError`` (a FIFO, a device, a folder, more than ``limit`` bytes).
        ``first``: only that many bytes from its start, whatever the file's size.
        """
        self.check_inside(path)
        return read_regular(path, limit, first=first)

    def map(self, path: Path) -> mmap.mmap:
        """A workspace file mapped into memory, read-only (checked as ``read`` checks it)."""
        self.check_inside(path)
        return map_regular(path)

    def own_folder(self, path: Path) -> Path:
        """``path`` as a real folder of Glossator's (made if missing) inside the workspace.

        A link or a file in its place was not made by Glossator: it is neither used nor
        removed, and the user is told so.
        """
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            what = "a symbolic link" if path.is_symlink() else "not a folder"
            raise CacheFolderError(
                f"{self.relative(path)} is {what}; Glossator keeps its index and locks only in a "
                f"folder it made: move {self.relative(path)} away and try again"
            )
        self.check_inside(path.parent)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def usable_cache_dir(self) -> Path:
        """``.glossator/``, made if missing; ``CacheFolderError`` if it is a link or a file."""
        return self.own_folder(self.cache_dir)

    @contextlib.contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """An inter-process lock, e.g. around reading, merging and writing one annotation file."""
        locks = self.own_folder(self.usable_cache_dir() / "locks")
        with exclusive(locks, name):
            yield

    # -- listing --

    def article_ids(self, skipped: list[Skipped] | None = None) -> list[str]:
        """Every article in the corpus, sorted, hidden files and folders skipped.

        Files that are not read (links out of the workspace, names that cannot be ids) are
        appended to ``skipped`` when given.
        """
        return sorted(item_id for item_id, _ in self.scan(self.corpus_dir, ARTICLE_SUFFIX, skipped))

    def annotated_ids(self, skipped: list[Skipped] | None = None) -> list[str]:
        """Every annotation file's article id (the article itself may be missing)."""
        return sorted(item_id for item_id, _ in self.scan(self.annotations_dir, ANNOTATION_SUFFIX, skipped))

    def scan(
        self, folder: Path, suffix: str, skipped: list[Skipped] | None = None
    ) -> Iterator[tuple[str, os.DirEntry[str]]]:
        """(id, entry) of the files ending in ``suffix`` below ``folder`` that may be read.

        Hidden files and folders are passed over.  A linked file is read only when its
        target is a regular file inside the workspace; linked folders are not entered (a
        loop or a second copy of the corpus).  A file whose name cannot be an article id
        (a backslash, ``C:``) is one problem about that file, reported in ``skipped``.
        """

        if self.linked_out(folder, skipped):
            return
        stack = [("", str(folder))]
        while stack:
            prefix, current = stack.pop()
            files, folders = self.scan_one(prefix, current, suffix, skipped)
            yield from files
            stack.extend(folders)

    def linked_out(self, folder: Path, skipped: list[Skipped] | None = None) -> bool:
        """Whether ``folder`` is a link out of the workspace (reported in ``skipped``): not read."""
        if not folder.is_symlink() or self.contains(folder):
            return False
        if skipped is not None:
            reason = "is a symbolic link that leads outside the workspace; not followed"
            skipped.append(Skipped(self.relative(folder), self.corpus_not_followed() or reason))
        return True

    def scan_one(
        self, prefix: str, folder: str, suffix: str, skipped: list[Skipped] | None = None
    ) -> tuple[list[tuple[str, os.DirEntry[str]]], list[tuple[str, str]]]:
        """One folder of ``scan`` (ids start with ``prefix``): its files, and its subfolders
        as (prefix, path); a folder that is gone has neither."""

        def skip(path: str, reason: str) -> None:
            if skipped is not None:
                skipped.append(Skipped(self.relative(Path(path)), reason))

        files: list[tuple[str, os.DirEntry[str]]] = []
        folders: list[tuple[str, str]] = []
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return files, folders
        except OSError as error:
            skip(folder, f"cannot be read: {error.strerror}")
            return files, folders
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                if entry.name.endswith(suffix) or entry.is_dir():
                    reason = self._link_problem(entry)
                    if reason:
                        skip(entry.path, reason)
                        continue
                if entry.is_dir():
                    continue
            if entry.is_dir(follow_symlinks=False):
                folders.append((f"{prefix}{entry.name}/", entry.path))
            elif entry.name.endswith(suffix) and entry.is_file():
                item_id = prefix + entry.name[: -len(suffix)]
                try:
                    validate_article_id(item_id)
                except InvalidArticleIdError as error:
                    skip(entry.path, f"the name cannot be an article id: {error}")
                    continue
                files.append((item_id, entry))
        return files, folders

    def _link_problem(self, entry: os.DirEntry[str]) -> str:
        """Why a symbolic link is not followed, or '' for a file link that stays inside."""
        if not self.contains(Path(entry.path)):
            return "is a symbolic link that leads outside the workspace; not followed"
        if entry.is_dir():
            return "is a symbolic link to a folder; not followed"
        return ""
