"""``glossator add``: article files copied into the corpus, then indexed."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.output import EXIT_OK, EXIT_PROBLEMS, progress_bar
from tui.cli.parsing import Commands
from tui.errors import GlossatorError
from tui.text.safe import say
from tui.workspace.layout import Workspace

if TYPE_CHECKING:
    pass


def register(commands: Commands) -> None:
    add = commands.command(
        "add", _add, "copy article files into the corpus and index them", topic="workspaces"
    )
    add.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")


class _Refused(GlossatorError):
    """A file ``add`` does not copy (said why, and the other files are still added)."""


def _add(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.search import CorpusIndex

    status = EXIT_OK
    added = []
    for name in args.files:
        try:
            source, target = _add_one(workspace, name)
        except _Refused as refused:
            say(f"glossator: {name}: refused: {refused}", stream=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        except GlossatorError as error:
            say(f"glossator: {name}: {error}", stream=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        except OSError as error:
            say(f"glossator: {name}: cannot be added: {error.strerror or error}", stream=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        added.append(target)
        shown = workspace.relative(target)
        say(f"Added {shown}" if source.name == target.name else f"Added {source.name} as {shown}")
    if added:
        CorpusIndex.open(workspace, progress_bar("Indexing"), watched=True)
    return status


def _add_one(workspace: Workspace, name: str) -> tuple[Path, Path]:
    """Copy one file into ``corpus/``: (the source, the new article file); ``_Refused`` if not."""
    from tui.workspace.articles import decode_article
    from tui.workspace.fileio import UnreadableFileError, read_regular, write_atomic
    from tui.workspace.layout import MAX_FILE_BYTES, InvalidArticleIdError, validate_article_id

    source = Path(name)
    article_id = source.stem
    if not article_id or article_id.startswith("."):
        raise _Refused("hidden or nameless files are skipped")
    try:
        article_id.encode("utf-8")
    except UnicodeEncodeError:
        raise _Refused("the file name is not valid UTF-8, so it cannot be an article id") from None
    try:
        validate_article_id(article_id)
    except InvalidArticleIdError as error:
        raise _Refused(f"the name cannot be an article id: {error}") from None
    target = workspace.article_path(article_id)
    longest = max(len(os.fsencode(f"{article_id}{suffix}")) for suffix in (".txt", ".toml"))
    if longest > _name_max(workspace.corpus_dir):
        raise _Refused(
            f"the name is too long ({len(os.fsencode(article_id))} bytes; an article id may have at "
            f"most {_name_max(workspace.corpus_dir) - len('.toml')})"
        )
    if os.path.lexists(target):
        raise _Refused(f"{workspace.relative(target)} already exists (rename the file to add it)")
    try:
        data = read_regular(source, MAX_FILE_BYTES)
    except UnreadableFileError as error:
        raise _Refused(str(error)) from None
    except OSError as error:
        raise _Refused(f"cannot be read: {error.strerror or error}") from None
    for problem in decode_article(data).problems:
        say(f"glossator: {name}: warning: {problem}", stream=sys.stderr)
    workspace.check_inside(target.parent)
    try:
        write_atomic(target, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise _Refused(f"cannot be written to {workspace.relative(target)}: {reason}") from None
    return source, target


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255
