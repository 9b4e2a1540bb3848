"""Article titles for lists that name articles (the review screen, the annotation browser).

An article id (``000_b922b23430582330``) tells a reader nothing; its title does.  Titles
come from the article files (the same metadata the index stores), read once and kept until
the file changes, so a list shown again after every edit reads no article twice.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable

from tui.errors import GlossatorError
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


class TitleCache:
    """Titles by article, each kept with its file's identity (device, inode, size, time); thread-safe."""

    def __init__(self) -> None:
        self._titles: dict[str, tuple[tuple[int, int, int, int], str]] = {}
        self._lock = threading.Lock()

    def title(self, workspace: Workspace, article_id: str) -> str:
        """The article's title; its id when it has none, or cannot be read (removed, say)."""
        try:
            info = os.stat(workspace.article_path(article_id))
        except OSError:
            return article_id
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        with self._lock:
            cached = self._titles.get(article_id)
        if cached is not None and cached[0] == key:
            return cached[1]
        try:
            title = " ".join(load_article(workspace, article_id).metadata.title.split()) or article_id
        except (OSError, GlossatorError):
            return article_id
        with self._lock:
            self._titles[article_id] = (key, title)
        return title

    def titles(self, workspace: Workspace, article_ids: Iterable[str]) -> dict[str, str]:
        """``{article id: title}`` for each of ``article_ids``."""
        return {article_id: self.title(workspace, article_id) for article_id in set(article_ids)}
