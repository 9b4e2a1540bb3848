"""Editing one article's annotations: the changes, undo/redo and saving, without any UI.

The app keeps one ``ArticleEditor`` per article for the whole session, so an article's
history survives reopening it.  Each change produces a new immutable annotation set and
bumps ``version``; saving writes the whole current set through the store's one write path.
A save that fails leaves the change in memory and the editor dirty, so the next change (or
an explicit retry) writes it: nothing the user did is lost because a disk was full.

Another program (``git pull``, a second Glossator, an editor) may change the file at the
same time.  ``synced`` is the last set both this editor and the file agreed on; when the
file differs from it at save or reload time, the two are merged by annotation id against
it (``tui.annotations.threeway``), so neither side's work is overwritten.

Undo and redo work on this user's own steps, each recorded as the annotations it touched
(by id) before and after.  Undoing puts back the "before" of each of them into the set as
it is now, so a colleague's annotations that arrived meanwhile are left alone.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace

from tui.annotations.anchoring import Anchor, Reanchored, reanchor_all
from tui.annotations.model import (
    CONFLICT_KEY,
    SUGGESTED,
    Annotation,
    LoadedAnnotations,
    new_annotation,
    trim_span,
)
from tui.annotations.store import AnnotationStore
from tui.annotations.threeway import merge_sets
from tui.errors import GlossatorError
from tui.text.width import fit_end
from tui.workspace.articles import Article


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


@dataclass(frozen=True)
class Step:
    """One undoable change: the annotations it touched, by id, before and after (None: absent)."""

    message: str
    before: Mapping[str, Annotation | None]
    after: Mapping[str, Annotation | None]

    @classmethod
    def between(cls, message: str, old: tuple[Annotation, ...], new: tuple[Annotation, ...]) -> Step:
        old_by_id = {a.id: a for a in old}
        new_by_id = {a.id: a for a in new}
        touched = [i for i in old_by_id.keys() | new_by_id.keys() if old_by_id.get(i) != new_by_id.get(i)]
        return cls(message, {i: old_by_id.get(i) for i in touched}, {i: new_by_id.get(i) for i in touched})


class ArticleEditor:
    """The open article's annotations, with undo/redo and ordered, retried saving."""

    def __init__(self, store: AnnotationStore, article: Article, author: str) -> None:
        self.store = store
        self.article = article
        self.author = author
        self.loaded: LoadedAnnotations = store.load(article.id, article.text)
        self.annotations: tuple[Annotation, ...] = self.loaded.annotations
        self.synced: tuple[Annotation, ...] = self.annotations
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        #: Approximate re-anchorings found for orphans, by annotation id, for the user to accept.
        self.proposals: dict[str, Anchor] = {}
        #: Annotations re-anchoring could not place, even where their offsets select the quote
        #: (another occurrence of it, after the text changed).
        self.orphan_ids: set[str] = set()
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
    def removed(self) -> bool:
        """Whether the article has left the corpus (deleted, moved away) since it was opened.

        Its annotations can then no longer be changed: a file of annotations on no article
        would be an orphan the next ``check`` reports.
        """
        return not self.article.path.is_file()

    @property
    def dirty(self) -> bool:
        return self.version != self.saved_version

    def anchored(self) -> list[Annotation]:
        """Annotations whose offsets select their quote in the current text, by position."""
        return [a for a in self.annotations if a.id not in self.orphan_ids and a.matches(self.text)]

    def orphans(self) -> list[Annotation]:
        """Annotations not placed in the current text (kept, never moved to a guess)."""
        return [a for a in self.annotations if a.id in self.orphan_ids or not a.matches(self.text)]

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
        annotation = new_annotation(
            self.text, start, end, tag, author=self.author, note=note, tags=self.store.tag_set.names
        )
        message = f"Tagged {tag}: {_short(annotation.quote)}"
        self._apply((*self.annotations, annotation), message)
        return Change(message, annotation.start)

    def remove(self, annotation_id: str) -> Change:
        target = self._require(annotation_id)
        message = f"Removed {target.tag}: {_short(target.quote)}"
        self._apply(tuple(a for a in self.annotations if a.id != annotation_id), message)
        return Change(message, target.start)

    def retag(self, annotation_id: str, tag: str) -> Change:
        if tag not in self.store.tag_set:
            raise GlossatorError(f"unknown tag {tag!r}; tags are {self.store.tag_set.listed()}")
        target = self._require(annotation_id)
        message = f"Changed {target.tag} to {tag}: {_short(target.quote)}"
        self._replace(replace(target, tag=tag), message)
        return Change(message, target.start)

    def set_note(self, annotation_id: str, note: str) -> Change:
        """Set a note as typed or pasted (line breaks kept; blank lines at either end dropped)."""
        target = self._require(annotation_id)
        cleaned = note.strip()
        said = "Note removed" if not cleaned else "Note saved"
        message = f"{said}: {_short(target.quote)}"
        self._replace(replace(target, note=cleaned), message)
        return Change(message, target.start)

    def accept_suggestion(self, annotation_id: str) -> Change:
        """A suggestion becomes an annotation like any other: its status is cleared (id, span, note kept)."""
        target = self._require_suggestion(annotation_id)
        message = f"Accepted the suggestion {target.tag}: {_short(target.quote)}"
        self._replace(replace(target, status=""), message)
        return Change(message, target.start)

    def reject_suggestion(self, annotation_id: str) -> Change:
        """A rejected suggestion is deleted (a later ``suggest`` may propose the place again)."""
        target = self._require_suggestion(annotation_id)
        message = f"Rejected the suggestion {target.tag}: {_short(target.quote)}"
        self._apply(tuple(a for a in self.annotations if a.id != annotation_id), message)
        return Change(message, target.start)

    def _require_suggestion(self, annotation_id: str) -> Annotation:
        target = self._require(annotation_id)
        if target.status != SUGGESTED:
            raise GlossatorError("that annotation is not a suggestion (it is accepted already)")
        return target

    def replace_text(self, article: Article) -> None:
        """The article's text changed on disk: take the new text (then ``reanchor``)."""
        with self._save_lock:
            self.article = article
            self.loaded = self.store.load(article.id, article.text)

    def reanchor(self) -> Reanchored | None:
        """Move the spans of a changed text to where their quotes are now (one undoable change).

        Exact finds are moved; approximate ones (the quote itself was edited) are not moved
        but kept in ``proposals`` for the user to accept or leave (``accept_proposal``).
        """
        if not self.writable or not self.loaded.out_of_date(self.text):
            return None
        result = reanchor_all(self.annotations, self.text, approximate=False)
        self.proposals = {annotation.id: found for annotation, found in result.approximate}
        self.orphan_ids = {annotation.id for annotation, _ in result.orphans}
        if result.changed:
            self._apply(result.annotations, f"Re-anchored {len(result.moved)} annotation(s)")
        return result

    def accept_proposal(self, annotation_id: str) -> Change:
        """Move an orphan to the approximate match proposed for it (its quote becomes the new text)."""
        target = self._require(annotation_id)
        found = self.proposals.get(annotation_id)
        if found is None:
            raise GlossatorError("there is no proposed place for this annotation; select text to attach it")
        moved = target.with_span(self.text, found.start, found.end)
        message = f"Re-attached {target.tag}: {_short(target.quote)} \u2192 {_short(moved.quote)}"
        self._replace(moved, message)
        del self.proposals[annotation_id]
        self.orphan_ids.discard(annotation_id)
        return Change(message, moved.start)

    def reattach(self, annotation_id: str, start: int, end: int) -> Change:
        """Put an orphan (or any annotation) on a new span of the current text."""
        target = self._require(annotation_id)
        start, end = trim_span(self.text, start, end)
        if start >= end:
            raise GlossatorError("the selection is empty or only whitespace")
        message = f"Re-attached {target.tag} to: {_short(self.text[start:end])}"
        self._replace(target.with_span(self.text, start, end), message)
        self.proposals.pop(annotation_id, None)
        self.orphan_ids.discard(annotation_id)
        return Change(message, start)

    def keep_version(self, annotation_id: str) -> Change:
        """Resolve a merge conflict: keep this version, drop the other one."""
        target = self._require(annotation_id)
        other = target.extra.get(CONFLICT_KEY)
        if other is None:
            raise GlossatorError("this annotation is not in conflict")
        kept = replace(target, extra={k: v for k, v in target.extra.items() if k != CONFLICT_KEY})
        message = f"Kept this version of {target.tag}: {_short(target.quote)}"
        self._apply(
            tuple(kept if a.id == target.id else a for a in self.annotations if a.id != other), message
        )
        return Change(message, target.start)

    def conflicts(self) -> list[Annotation]:
        return [a for a in self.annotations if CONFLICT_KEY in a.extra]

    def undo(self) -> Change | None:
        """Take back this user's last step, in the set as it is now (others' work untouched)."""
        if not self._undo:
            return None
        step = self._undo.pop()
        applied = self._put_back(step.before, step.after)
        self._redo.append(step)
        return self._said("Undone", step, applied)

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        applied = self._put_back(step.after, step.before)
        self._undo.append(step)
        return self._said("Redone", step, applied)

    def _put_back(
        self, wanted: Mapping[str, Annotation | None], expected: Mapping[str, Annotation | None]
    ) -> int:
        """Set each id to ``wanted`` where it is still as the step left it; the count set."""
        self._check_writable()
        current = {a.id: a for a in self.annotations}
        applied = 0
        for annotation_id, version in wanted.items():
            if current.get(annotation_id) != expected[annotation_id]:
                continue  # changed since by someone else (or a merge): leave their version
            applied += 1
            if version is None:
                current.pop(annotation_id, None)
            else:
                current[annotation_id] = version
        self._set(tuple(current.values()))
        return applied

    @staticmethod
    def _said(verb: str, step: Step, applied: int) -> Change:
        if applied == 0:
            return Change(f"{verb} nothing: {step.message} was changed since by someone else")
        left = len(step.before) - applied
        unchanged = f" ({left} changed since by someone else, left as is)" if left else ""
        return Change(f"{verb}: {step.message}{unchanged}")

    def _require(self, annotation_id: str) -> Annotation:
        found = self.find(annotation_id)
        if found is None:
            raise GlossatorError("that annotation no longer exists")
        return found

    def _replace(self, changed: Annotation, message: str) -> None:
        self._apply(tuple(changed if a.id == changed.id else a for a in self.annotations), message)

    def _apply(self, annotations: tuple[Annotation, ...], message: str) -> None:
        self._check_writable()
        self._undo.append(Step.between(message, self.annotations, annotations))
        self._redo.clear()
        self._set(annotations)

    def _set(self, annotations: tuple[Annotation, ...]) -> None:
        self._check_writable()
        self.annotations = tuple(sorted(annotations, key=lambda a: a.sort_key))
        self.version += 1

    def _check_writable(self) -> None:
        if self.removed:
            raise ReadOnlyError(
                f"{self.article.id} was removed from the corpus: its annotations can no longer be changed"
            )
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
        with self._save_lock:
            if version <= self.saved_version:
                return SaveResult(written=False)
            merged: list[tuple[tuple[Annotation, ...], int]] = []

            def change(on_disk: LoadedAnnotations) -> tuple[Annotation, ...]:
                if on_disk.annotations == self.synced:
                    return annotations
                result = merge_sets(self.synced, annotations, on_disk.annotations)
                merged.append((result.annotations, result.conflicts))
                return result.annotations

            # A file broken on disk right now raises AnnotationFileLockedError: the change is kept.
            self.loaded = self.store.update(self.article.id, self.text, change)
            self.synced = annotations
            self.saved_version = version
            if merged:
                return SaveResult(written=True, merged=merged[0][0], conflicts=merged[0][1])
            return SaveResult(written=True)

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
    """A quote on one line, cut to ``limit`` cells (a Chinese character takes two)."""
    return fit_end(" ".join(text.split()), limit)
