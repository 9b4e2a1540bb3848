"""Which names a NEW article may get: one rule for ``glossator add`` and ``glossator import``.

``validate_article_id`` says which ids may be read (nothing outside the corpus).  A new
article must also be one every command sees and every system can check out: a hidden
part (``.hidden``, ``sub/.also``) is skipped by search, ``check``, ``stats`` and export; a
control character, a lone surrogate or a part ending in a space or a dot cannot be typed
or survives no Windows checkout; ``CON`` or ``nul.txt`` are devices on Windows.
"""

from __future__ import annotations

import re
import unicodedata

from tui.workspace.layout import InvalidArticleIdError, validate_article_id

#: Windows device names, refused as a whole part or before its first dot (``con.2016``).
RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))]
)
#: Characters Windows does not allow in a file name.
WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')


def validate_new_article_id(article_id: str) -> str:
    """Return ``article_id`` if a new article may be named so, else raise ``InvalidArticleIdError``."""
    validate_article_id(article_id)
    shown = ascii(article_id) if len(article_id) <= 80 else ascii(article_id[:80]) + "..."
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in article_id):
        raise InvalidArticleIdError(f"article id {shown} holds a control character or a lone surrogate")
    for part in article_id.split("/"):
        if part.startswith("."):
            raise InvalidArticleIdError(
                f"article id {shown} has a hidden part ({part!r}): hidden files are skipped"
            )
        if part != part.strip() or part.endswith("."):
            raise InvalidArticleIdError(f"article id {shown}: {part!r} begins or ends with a space or a dot")
        if part.split(".")[0].lower() in RESERVED_NAMES:
            raise InvalidArticleIdError(f"article id {shown}: {part!r} is a device name on Windows")
        if WINDOWS_FORBIDDEN.search(part):
            raise InvalidArticleIdError(
                f'article id {shown} holds one of < > : " | ? * (not allowed on Windows)'
            )
    return article_id
