"""The save pipeline: an editor's snapshot written through the store, then re-indexed.

A save runs off the UI's event loop.  It writes the snapshot (merged with the file if the
file changed meanwhile, see ``ArticleEditor.save``), then re-indexes the article so searches
show the change.  Re-indexing also finds out whether the article's *text* changed on disk
since it was opened: the app must then open it again, because the re-index that recorded the
change hides it from the file watcher.  After a save is searchable, the index is compacted
(merging the small segments saves leave behind).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.annotations.editing import ArticleEditor, SaveResult
from tui.annotations.model import Annotation
from tui.session.index import IndexLife


@dataclass(frozen=True)
class Saved:
    """What a save did."""

    editor: ArticleEditor
    #: The editor's version that was saved (to adopt a merged set only if nothing changed since).
    version: int
    result: SaveResult
    #: Whether re-indexing found the article's text changed on disk since it was opened.
    text_changed: bool = False
    #: Whether the index took the change in (so searches show it; compact next).
    indexed: bool = False

    def adopt(self) -> bool:
        """Show the set merged with the file's changes in the editor (on the event loop).

        False when there was no merge, or the user changed something since (the next save merges).
        """
        merged = self.result.merged
        return merged is not None and self.editor.adopt(self.version, merged)


def save(index: IndexLife, editor: ArticleEditor, version: int, annotations: tuple[Annotation, ...]) -> Saved:
    """Write one snapshot of ``editor`` and re-index its article (slow).

    ``OSError`` or ``GlossatorError`` when the write fails: the editor stays dirty and the
    change is written with the next save.
    """
    result = editor.save(version, annotations)
    if not result.written:
        return Saved(editor, version, result)
    text_changed = index.update_article(editor.article.id)
    return Saved(editor, version, result, bool(text_changed), text_changed is not None)
