"""Article ids that say what they are: the source file's name, or a slug of date and title.

A file brings its own name (``harbor-reopens.html`` becomes ``harbor-reopens``), checked by
the rules ``glossator add`` always had.  A row or a fetched page has no name, so it gets a
readable slug (``2024-09-05-harbor-reopens-after-storm``, Chinese titles kept in Chinese),
made unique in the workspace with ``-2``, ``-3``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from tui.intake.incoming import iso_date
from tui.workspace.layout import InvalidArticleIdError
from tui.workspace.naming import validate_new_article_id

#: A slug's title part is cut at a word to at most this many bytes (Han characters take 3).
SLUG_BYTES = 120
NOT_WORD = re.compile(r"[\W_]+")


class BadNameError(InvalidArticleIdError):
    """A source file whose name cannot be an article id."""


def slug(title: str, date: str) -> str:
    """``YYYY-MM-DD-words-of-the-title``; ``untitled`` stands in for a missing title."""
    words = NOT_WORD.sub("-", unicodedata.normalize("NFKC", title).casefold()).strip("-")
    while len(words.encode("utf-8")) > SLUG_BYTES:
        cut = words.rfind("-", 0, len(words) - 1)
        words = words[:cut] if cut > len(words) // 2 else words[: len(words) - 1]
    day = iso_date(date)
    return "-".join(part for part in (day, words or "untitled") if part)


def id_from_name(relative: str, folder: Path) -> str:
    """The id a source file's name gives (its path without the extension); ``BadNameError`` if none."""
    stem = relative.rsplit(".", 1)[0] if "." in relative.rsplit("/", 1)[-1] else relative
    if not stem:
        raise BadNameError("nameless files are skipped")
    try:
        stem.encode("utf-8")
    except UnicodeEncodeError:
        raise BadNameError("the file name is not valid UTF-8, so it cannot be an article id") from None
    try:
        validate_new_article_id(stem)
    except InvalidArticleIdError as error:
        raise BadNameError(f"the name cannot be an article id: {error}") from None
    longest = max(len(os.fsencode(part)) for part in stem.split("/")) + len(".toml")
    if longest > name_max(folder):
        raise BadNameError(
            f"the name is too long (an article id may have at most {name_max(folder) - len('.toml')} "
            "bytes between slashes)"
        )
    return stem


def name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


class Ids:
    """The ids taken in the workspace, compared without case (macOS and Windows ignore it)."""

    def __init__(self, taken: Iterable[str]) -> None:
        self._taken = {article_id.casefold() for article_id in taken}

    def is_taken(self, article_id: str) -> bool:
        return article_id.casefold() in self._taken

    def take(self, article_id: str) -> None:
        self._taken.add(article_id.casefold())

    def unique(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``... whichever is free first."""
        candidate, number = base, 1
        while self.is_taken(candidate):
            number += 1
            candidate = f"{base}-{number}"
        return candidate
