"""The editors of the articles opened in a session, and what happens when their files change.

One ``ArticleEditor`` per article for the whole session: its undo history, and any change
that could not be saved yet, survive opening other articles.  An article is read (and a new
editor made and re-anchored) off the UI's event loop, while the editor already kept may be in
use on it: ``take`` settles which editor the article gets, under a lock, and brings it up to
date with the text and file just read.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from tui.annotations.anchoring import Reanchored
from tui.annotations.editing import ArticleEditor, Change
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError, reason_of
from tui.workspace.articles import Article, load_article


@dataclass(frozen=True)
class Taken:
    """The session's editor of an article just read, brought up to date."""

    editor: ArticleEditor
    #: What re-anchoring did, when the editor is new or the article's text changed.
    reanchored: Reanchored | None
    #: Whether the editor holds a change that is not on disk (to save now).
    save: bool


@dataclass(frozen=True)
class Reread:
    """An open article's files read again after they changed on disk."""

    #: Its text changed: open it again (``take`` re-anchors it).
    reopen: bool = False
    #: Its annotations changed: what was taken in (None: nothing).
    change: Change | None = None
    #: Why it could not be read ("" if it could).
    problem: str = ""


class Editors:
    """The session's editors, by article id."""

    def __init__(self, store: AnnotationStore, author: str) -> None:
        self.store = store
        self.author = author
        self._by_id: dict[str, ArticleEditor] = {}
        self._lock = threading.Lock()

    def __getitem__(self, article_id: str) -> ArticleEditor:
        return self._by_id[article_id]

    def get(self, article_id: str) -> ArticleEditor | None:
        return self._by_id.get(article_id)

    def load(self, article: Article) -> tuple[ArticleEditor, Reanchored | None]:
        """The kept editor of ``article``, or a new one re-anchored to its text (slow, off the loop).

        A new editor is nobody's yet: reading its file and re-anchoring happen here.
        """
        editor = self._by_id.get(article.id)
        if editor is not None:
            return editor, None
        editor = ArticleEditor(self.store, article, self.author)
        return editor, editor.reanchor()

    def take(self, editor: ArticleEditor, article: Article, reanchored: Reanchored | None) -> Taken:
        """Keep ``editor`` (from ``load``) unless the article has one already, then bring it up to date."""
        with self._lock:
            kept = self._by_id.setdefault(article.id, editor)
        if kept.text != article.text:  # reopened because its text changed on disk
            kept.replace_text(article)
            return Taken(kept, kept.reanchor(), save=False)
        if kept is editor:
            return Taken(kept, reanchored, save=False)
        change = kept.reload_from_disk()
        return Taken(kept, None, save=change is not None and kept.dirty)

    def reread(self, editor: ArticleEditor) -> Reread:
        """The article's files changed on disk: take in its annotations, or say its text changed."""
        try:
            current = load_article(self.store.workspace, editor.article.id)
        except (OSError, GlossatorError) as error:
            return Reread(problem=f"Cannot read {editor.article.id}: {reason_of(error)}")
        if current.text != editor.text:
            return Reread(reopen=True)
        return Reread(change=editor.reload_from_disk())

    def reload(self, article_ids: set[str]) -> list[ArticleEditor]:
        """Files were written outside the editors (a batch, a mark): their editors take them in.

        The editors that merged the files with a change of their own: to save now.
        """
        to_save = []
        for article_id in sorted(article_ids):
            editor = self._by_id.get(article_id)
            if editor is not None and editor.reload_from_disk() is not None and editor.dirty:
                to_save.append(editor)
        return to_save

    def unsaved(self) -> list[ArticleEditor]:
        """Editors holding changes that are not on disk yet (a failed save, or one under way)."""
        return [editor for editor in self._by_id.values() if editor.dirty]

    def retryable(self) -> list[ArticleEditor]:
        """Unsaved changes worth writing again now (the file is not one that is never rewritten)."""
        return [editor for editor in self.unsaved() if editor.writable]
