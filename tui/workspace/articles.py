"""Articles: reading their bytes into *the article text* that every offset counts against.

The article text is the whole file decoded as UTF-8, without a byte-order mark, with
``\\r\\n`` and lone ``\\r`` turned into ``\\n``.  Nothing else is changed, so anyone can check
``text[start:end] == quote`` in three lines of Python.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tui.workspace.layout import Workspace
from tui.workspace.metadata import Metadata, extract_metadata

BOM = "\ufeff"


@dataclass(frozen=True)
class ArticleText:
    """An article's text plus what went wrong reading it (bad UTF-8 is replaced, not fatal)."""

    text: str
    problems: tuple[str, ...] = ()


def decode_article(data: bytes) -> ArticleText:
    """Turn a file's bytes into the article text."""
    problems: list[str] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = data.decode("utf-8", errors="replace")
        problems.append(
            f"not valid UTF-8 (first bad byte at offset {error.start}); undecodable bytes are shown as \ufffd"
        )
    if text.startswith(BOM):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        problems.append("contains NUL bytes: this looks like a binary file")
    return ArticleText(text, tuple(problems))


def text_sha256(text: str) -> str:
    """The fingerprint stored in annotation files: sha256 of the UTF-8 article text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One article as the rest of the program sees it."""

    id: str
    path: Path
    text: str
    metadata: Metadata
    problems: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


def load_article(workspace: Workspace, article_id: str) -> Article:
    """Read one article; raises ``OSError`` if it cannot be read (``FileNotFoundError`` if it
    is not in the corpus) and ``GlossatorError`` if it is a link out of the workspace, a FIFO
    or too big."""
    path = workspace.article_path(article_id)
    decoded = decode_article(workspace.read(path))
    metadata = extract_metadata(decoded.text)
    return Article(
        id=article_id,
        path=path,
        text=decoded.text,
        metadata=metadata,
        problems=decoded.problems + metadata.problems,
    )
