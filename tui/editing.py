"""Editing one article's annotations: the changes, undo/redo and saving, without any UI.

The app keeps one ``ArticleEditor`` for the open article.  Each change produces a new
immutable annotation set (so undo and redo are just stacks of sets) and bumps
``version``; saving writes the whole current set.  A save that fails leaves the change in
memory and marks the editor dirty, so the next change (or an explicit retry) writes it:
nothing the user did is lost because a disk was full for a moment.

Another program (``git pull``, a second Glossator, an editor) may change the file at the
same time.  ``synced`` is the last set both this editor and the file agreed on; when the
file differs from it at save or reload time, the two are merged by annotation id against
it (``tui.merging``), so neither side's work is overwritten.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from tui.anchoring import Reanchored, reanchor_all
from tui.corpus import Article
from tui.errors import GlossatorError
from tui.fileio import exclusive
from tui.merging import merge_sets
from tui.store import (
    CONFLICT_KEY,
    TAGS,
    Annotation,
    AnnotationFileLockedError,
    AnnotationStore,
    LoadedAnnotations,
    new_annotation,
    trim_span,
)


@dataclass(frozen=True)
class SaveResult:
    written: bool
    #: The set actually written when the file had changed and was merged, else None.
    merged: tuple[Annotation, ...] | None = None
    conflicts: int = 0


class ReadOnlyError(GlossatorError):
    """The article's annotation file has problems, so it cannot be changed from the program."""


@dataclass(frozen=True)
class Change:
    """What a change did, in words for the user, and where the cursor should go."""

    message: str
    offset: int | None = None


class ArticleEditor:
    """The open article's annotations, with undo/redo and ordered, retried saving."""

    def __init__(self, store: AnnotationStore, article: Article, author: str) -> None:
        self.store = store
        self.article = article
        self.author = author
        self.loaded: LoadedAnnotations = store.load(article.id, article.text)
        self.annotations: tuple[Annotation, ...] = self.loaded.annotations
        self.synced: tuple[Annotation, ...] = self.annotations
        self._undo: list[tuple[Annotation, ...]] = []
        self._redo: list[tuple[Annotation, ...]] = []
        self.version = 0
        self.saved_version = 0
        self._save_lock = threading.Lock()

    # -- reading --

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def writable(self) -> bool:
        return self.loaded.writable

    @property
    def dirty(self) -> bool:
        return self.version != self.saved_version

    def anchored(self) -> list[Annotation]:
        """Annotations whose offsets select their quote in the current text, by position."""
        return [a for a in self.annotations if a.matches(self.text)]

    def orphans(self) -> list[Annotation]:
        """Annotations whose quote is not at their offsets any more (kept, never moved)."""
        return [a for a in self.annotations if not a.matches(self.text)]

    def at(self, offset: int) -> list[Annotation]:
        """The anchored annotations covering ``offset``, innermost (shortest) first."""
        covering = [a for a in self.anchored() if a.start <= offset < a.end]
        return sorted(covering, key=lambda a: (a.end - a.start, -a.start, a.id))

    def innermost(self, offset: int) -> Annotation | None:
        covering = self.at(offset)
        return covering[0] if covering else None

    def find(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.annotations if a.id == annotation_id), None)

    # -- changing --

    def add(self, start: int, end: int, tag: str, note: str = "") -> Change:
        annotation = new_annotation(self.text, start, end, tag, author=self.author, note=note)
        self._apply((*self.annotations, annotation))
        return Change(f"Tagged {tag}: {_short(annotation.quote)}", annotation.start)

    def remove(self, annotation_id: str) -> Change:
        target = self._require(annotation_id)
        self._apply(tuple(a for a in self.annotations if a.id != annotation_id))
        return Change(f"Removed {target.tag}: {_short(target.quote)}", target.start)

    def retag(self, annotation_id: str, tag: str) -> Change:
        if tag not in TAGS:
            raise GlossatorError(f"unknown tag {tag!r}")
        target = self._require(annotation_id)
        self._replace(replace(target, tag=tag))
        return Change(f"Changed {target.tag} to {tag}: {_short(target.quote)}", target.start)

    def set_note(self, annotation_id: str, note: str) -> Change:
        target = self._require(annotation_id)
        self._replace(replace(target, note=note.strip()))
        said = "Note removed" if not note.strip() else "Note saved"
        return Change(f"{said}: {_short(target.quote)}", target.start)

    def reanchor(self) -> Reanchored | None:
        """Move the spans of a changed text to where their quotes are now (one undoable change)."""
        if not self.writable or all(a.matches(self.text) for a in self.annotations):
            return None
        result = reanchor_all(self.annotations, self.text)
        if result.changed:
            self._apply(result.annotations)
        return result

    def reattach(self, annotation_id: str, start: int, end: int) -> Change:
        """Put an orphan (or any annotation) on a new span of the current text."""
        target = self._require(annotation_id)
        start, end = trim_span(self.text, start, end)
        if start >= end:
            raise GlossatorError("the selection is empty or only whitespace")
        self._replace(target.with_span(self.text, start, end))
        return Change(f"Re-attached {target.tag} to: {_short(self.text[start:end])}", start)

    def keep_version(self, annotation_id: str) -> Change:
        """Resolve a merge conflict: keep this version, drop the other one."""
        target = self._require(annotation_id)
        other = target.extra.get(CONFLICT_KEY)
        if other is None:
            raise GlossatorError("this annotation is not in conflict")
        kept = replace(target, extra={k: v for k, v in target.extra.items() if k != CONFLICT_KEY})
        self._apply(tuple(kept if a.id == target.id else a for a in self.annotations if a.id != other))
        return Change(f"Kept this version of {target.tag}: {_short(target.quote)}", target.start)

    def conflicts(self) -> list[Annotation]:
        return [a for a in self.annotations if CONFLICT_KEY in a.extra]

    def undo(self) -> Change | None:
        if not self._undo:
            return None
        self._redo.append(self.annotations)
        self._set(self._undo.pop())
        return Change("Undone")

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        self._undo.append(self.annotations)
        self._set(self._redo.pop())
        return Change("Redone")

    def _require(self, annotation_id: str) -> Annotation:
        found = self.find(annotation_id)
        if found is None:
            raise GlossatorError("that annotation no longer exists")
        return found

    def _replace(self, changed: Annotation) -> None:
        self._apply(tuple(changed if a.id == changed.id else a for a in self.annotations))

    def _apply(self, annotations: tuple[Annotation, ...]) -> None:
        self._check_writable()
        self._undo.append(self.annotations)
        self._redo.clear()
        self._set(annotations)

    def _set(self, annotations: tuple[Annotation, ...]) -> None:
        self._check_writable()
        self.annotations = tuple(sorted(annotations, key=lambda a: a.sort_key))
        self.version += 1

    def _check_writable(self) -> None:
        problem = self.loaded.blocking_problem()
        if problem is not None:
            raise ReadOnlyError(f"annotations are read-only here: {problem}")

    # -- saving --

    def snapshot(self) -> tuple[int, tuple[Annotation, ...]]:
        """What to save: taken on the UI thread, written by a worker with ``save``."""
        return self.version, self.annotations

    def save(self, version: int, annotations: tuple[Annotation, ...]) -> SaveResult:
        """Write one snapshot (from a worker); merged with the file if it changed meanwhile.

        A snapshot older than one already written is skipped (saves may race).  Raises
        ``OSError`` when the write fails; the editor then stays dirty.
        """
        with self._save_lock, exclusive(self.store.workspace.cache_dir / "locks", self.article.id):
            if version <= self.saved_version:
                return SaveResult(written=False)
            on_disk = self.store.load(self.article.id, self.text)
            problem = on_disk.blocking_problem()
            if problem is not None:
                # Unreadable or broken on disk right now: refuse this save, keep the change.
                raise AnnotationFileLockedError(f"{problem.file} cannot be written now: {problem.reason}")
            merged = None
            conflicts = 0
            if on_disk.annotations != self.synced:
                result = merge_sets(self.synced, annotations, on_disk.annotations)
                merged, conflicts = result.annotations, result.conflicts
            self.loaded = self.store.save(on_disk, self.text, merged if merged is not None else annotations)
            self.synced = annotations
            self.saved_version = version
            return SaveResult(written=True, merged=merged, conflicts=conflicts)

    def adopt(self, version: int, merged: tuple[Annotation, ...]) -> bool:
        """Show a set merged during a save, unless the user changed something since (UI thread)."""
        with self._save_lock:
            if version != self.version:
                return False
            self.annotations = merged
            self.synced = merged
            return True

    def reload_from_disk(self) -> Change | None:
        """Take in changes another program made to the file (UI thread); None if there are none."""
        with self._save_lock:
            on_disk = self.store.load(self.article.id, self.text)
            if on_disk.annotations == self.synced and on_disk.problems == self.loaded.problems:
                return None
            self.loaded = on_disk
            if self.annotations == self.synced or not on_disk.writable:
                self.annotations = self.synced = on_disk.annotations
                self.saved_version = self.version
                return Change("Annotations reloaded from disk")
            result = merge_sets(self.synced, self.annotations, on_disk.annotations)
            self.annotations = result.annotations
            self.synced = on_disk.annotations
            self.version += 1  # the merge is not on disk yet: the caller saves it
            said = f" ({result.conflicts} in conflict)" if result.conflicts else ""
            return Change(f"Merged annotations changed on disk with yours{said}")


def _short(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"
