"""A change to many articles' annotations as one step a person can take back.

Tagging a phrase everywhere, retagging or deleting rows of the annotation listing, and
accepting or rejecting suggestions in bulk each touch hundreds of files at once; undoing
them one article at a time would be useless.  A ``Batch`` records, per article, the
annotations it touched by id, before and after (an ``editing.Step``, as the app's
per-article undo does), so it can be taken back as a whole.

Every write goes through ``AnnotationStore.update`` (the article's lock, the file read
again, an atomic write), and each id is changed only where the file still holds what the
batch expects there: undoing puts back an id's "before" only if the file still has the
batch's "after".  A colleague's annotation that arrived meanwhile is never removed, and one
of the batch's that someone changed since is left as they made it (counted as left).  No
article text is read unless a file has to be made again (all its annotations were removed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tui.annotations.editing import Step
from tui.annotations.model import Annotation, AnnotationFileLockedError, LoadedAnnotations, Problem
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError, reason_of
from tui.project.scope import article_text

#: One annotation as it is expected in the file, and what it becomes (None: removed).
Edit = tuple[Annotation | None, Annotation | None]


@dataclass(frozen=True)
class Batch:
    """What one batch changed, article by article (only articles it really changed)."""

    message: str
    steps: Mapping[str, Step]

    @classmethod
    def of_added(cls, message: str, made: Mapping[str, Sequence[Annotation]]) -> Batch:
        """The batch of annotations that were added (by ``plan.apply``): undoing removes exactly them."""
        return cls(
            message,
            {
                article_id: Step(message, {a.id: None for a in added}, {a.id: a for a in added})
                for article_id, added in made.items()
                if added
            },
        )

    @property
    def size(self) -> int:
        """How many annotations it touched."""
        return sum(len(step.after) for step in self.steps.values())


@dataclass
class BatchResult:
    """What ``edit`` or ``undo`` did."""

    #: The change made (an undo's result is the batch that would redo it).
    batch: Batch
    changed: int = 0
    #: Annotations not changed because the file no longer held them as expected.
    left: int = 0
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def edit(store: AnnotationStore, message: str, edits: Mapping[str, Sequence[Edit]]) -> BatchResult:
    """Make ``edits`` (per article: (as listed, new version or None)) in one write per article.

    An edit whose annotation is no longer in the file as listed is left out (and counted
    in ``left``), so a change someone made since the listing is never overwritten.
    """
    wanted: dict[str, dict[str, Edit]] = {}
    for article_id, pairs in edits.items():
        for old, new in pairs:
            known = old or new
            if known is not None:
                wanted.setdefault(article_id, {})[known.id] = (old, new)
    return _put(store, message, wanted)


def undo(store: AnnotationStore, batch: Batch) -> BatchResult:
    """Take ``batch`` back: each id returns to its "before" where the file still holds its "after"."""
    wanted = {
        article_id: {
            annotation_id: (step.after[annotation_id], before)
            for annotation_id, before in step.before.items()
        }
        for article_id, step in batch.steps.items()
    }
    return _put(store, f"undo of {batch.message}", wanted)


def _put(store: AnnotationStore, message: str, wanted: Mapping[str, Mapping[str, Edit]]) -> BatchResult:
    workspace = store.workspace
    steps: dict[str, Step] = {}
    result = BatchResult(Batch(message, steps))
    for article_id, edits in sorted(wanted.items()):
        where = workspace.relative(workspace.annotation_path(article_id))
        before: dict[str, Annotation | None] = {}
        after: dict[str, Annotation | None] = {}

        def change(
            on_disk: LoadedAnnotations,
            edits: Mapping[str, Edit] = edits,
            before: dict[str, Annotation | None] = before,
            after: dict[str, Annotation | None] = after,
        ) -> list[Annotation] | None:
            before.clear()
            after.clear()
            current = {a.id: a for a in on_disk.annotations}
            for annotation_id, (expected, new) in edits.items():
                if current.get(annotation_id) != expected:
                    continue  # changed since (by someone else, or a merge): left as it is
                before[annotation_id], after[annotation_id] = expected, new
                if new is None:
                    current.pop(annotation_id, None)
                else:
                    current[annotation_id] = new
            return list(current.values()) if after else None

        try:
            text = _text_if_needed(store, article_id, edits)
            loaded = store.update(article_id, text, change)
        except AnnotationFileLockedError as error:
            result.problems.append(error.problem)
            result.left += len(edits)
            continue
        except (OSError, GlossatorError) as error:
            result.problems.append(Problem(where, f"not written: {reason_of(error)}"))
            result.left += len(edits)
            continue
        result.left += len(edits) - len(after)
        if after:
            result.changed += len(after)
            steps[article_id] = Step(message, dict(before), dict(after))
            result.files.append(workspace.relative(loaded.path))
    return result


def _text_if_needed(store: AnnotationStore, article_id: str, edits: Mapping[str, Edit]) -> str | None:
    """The article text, only when the file is missing and an annotation is to be put in it."""
    if store.workspace.annotation_path(article_id).is_file() or all(new is None for _, new in edits.values()):
        return None
    return article_text(store.workspace, article_id)
