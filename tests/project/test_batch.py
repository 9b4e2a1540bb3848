"""Batches: a change to many files taken back as one step, leaving others' work alone."""

from __future__ import annotations

from dataclasses import replace

from tui.annotations.model import SUGGESTED
from tui.annotations.store import AnnotationStore
from tui.project.batch import Batch, edit, undo
from tui.project.occurrences import phrase_matcher
from tui.project.plan import apply, make_plan
from tui.workspace.layout import Workspace

from ..conftest import FIRST, XINHUA
from .conftest import annotate, saved


def test_undoing_a_tag_all_removes_exactly_the_annotations_it_added(workspace: Workspace) -> None:
    kept = annotate(workspace, FIRST, "Harbin World Wide Welding Co Ltd", "company", author="Bob")
    plan = make_plan(workspace, [phrase_matcher("Harbin", "policy")], workspace.article_ids(), author="Ada")
    applied = apply(plan, author="Ada")
    assert applied.added > 2 and set(applied.made) == {place.article_id for place in plan.proposed}
    batch = Batch.of_added("tag-all Harbin", applied.made)
    assert batch.size == applied.added
    # A colleague adds one meanwhile; one of the batch's is retagged by someone else.
    late = annotate(workspace, XINHUA, "Kingdee", "company", author="Cy")
    store = AnnotationStore(workspace)
    changed = applied.made[FIRST][0]
    store.update(FIRST, None, lambda d: [replace(a, tag="funding") if a.id == changed.id else a
                                         for a in d.annotations])  # fmt: skip
    result = undo(store, batch)
    assert result.changed == applied.added - 1 and result.left == 1 and not result.problems
    assert {a.id for a in saved(workspace, FIRST)} == {kept.id, changed.id}
    assert [a.id for a in saved(workspace, XINHUA)] == [late.id]
    # The undo's own batch puts them back (a redo), ids and all.
    redone = undo(store, result.batch)
    assert redone.changed == applied.added - 1
    assert {a.id for a in saved(workspace, FIRST)} >= {a.id for a in applied.made[FIRST]}


def test_edits_change_only_what_is_still_as_listed_and_undo_puts_it_back(workspace: Workspace) -> None:
    suggestion = annotate(workspace, FIRST, "Harbin", "company", status=SUGGESTED)
    other = annotate(workspace, XINHUA, "Kingdee", "company", status=SUGGESTED)
    stale = replace(other, note="what the listing showed, changed since")
    store = AnnotationStore(workspace)
    result = edit(
        store,
        "accept and reject",
        {FIRST: [(suggestion, replace(suggestion, status=""))], XINHUA: [(stale, None)]},
    )
    assert (result.changed, result.left) == (1, 1)
    assert [a.status for a in saved(workspace, FIRST)] == [""]
    assert saved(workspace, XINHUA) == (other,)
    undo(store, result.batch)
    assert saved(workspace, FIRST) == (suggestion,)
    # Deleting every annotation of a file removes it; undoing makes it again (with the text).
    removed = edit(store, "delete", {FIRST: [(suggestion, None)]})
    assert not workspace.annotation_path(FIRST).exists()
    undo(store, removed.batch)
    assert saved(workspace, FIRST) == (suggestion,)
