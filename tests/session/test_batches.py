"""Batches in a session: kept newest last, taken back as a whole, editors and index following."""

from __future__ import annotations

from dataclasses import replace

from tui.annotations.model import Annotation, LoadedAnnotations
from tui.annotations.store import AnnotationStore
from tui.project.batch import BatchResult
from tui.project.reviewing import review_places
from tui.session import Session
from tui.workspace.layout import Workspace

from ..conftest import CHINA_DAILY, FIRST
from .conftest import found


def tag_every_harbin(session: Session) -> BatchResult:
    """Tag every "Harbin" company, as a reviewed tag-all with every place accepted writes it."""
    review = review_places(session.workspace, session.index, "", "Harbin", "company", author="Tester")
    return review.write(list(range(len(review.items))))


def taken_in(session: Session, result: BatchResult) -> set[str]:
    """What the app does with a batch: the session takes the files in, the index is brought up to date."""
    ids = set(result.batch.steps)
    session.written(ids, result.batch)
    assert session.reindex(tuple(sorted(ids)))
    return ids


def test_a_batch_is_undone_as_a_whole_and_the_index_follows(session: Session) -> None:
    ids = taken_in(session, tag_every_harbin(session))
    assert {FIRST, CHINA_DAILY} <= ids
    assert set(found(session, "tag:company")) == ids
    assert len(session.batches) == 1
    batch = session.batches.take_last()
    assert batch is not None and session.batches.take_last() is None
    undone = session.undo(batch)
    assert undone.indexed and not undone.worrying
    assert undone.said.startswith("Undone: tagged every “Harbin” company (")
    assert found(session, "tag:company") == []
    assert all(not session.store.load(article_id, None).annotations for article_id in ids)


def test_undoing_leaves_a_colleagues_change_since(session: Session, workspace: Workspace) -> None:
    taken_in(session, tag_every_harbin(session))
    text = workspace.article_path(FIRST).read_text("utf-8")

    def retag(on_disk: LoadedAnnotations) -> tuple[Annotation, ...]:
        return tuple(replace(a, tag="policy", author="Cy") for a in on_disk.annotations)

    AnnotationStore(workspace).update(FIRST, text, retag)
    batch = session.batches.take_last()
    assert batch is not None
    undone = session.undo(batch)
    assert undone.worrying
    assert "changed by someone else since, left as they are" in undone.said
    assert {a.tag for a in session.store.load(FIRST, None).annotations} == {"policy"}


def test_the_open_editor_takes_a_batch_in_and_keeps_its_own_change(session: Session) -> None:
    editor = session.take(session.open_article(FIRST, "")).editor
    editor.add(0, 3, "policy")  # not saved yet
    result = tag_every_harbin(session)
    to_save = session.written(set(result.batch.steps), result.batch)
    assert to_save == [editor], "merged with the batch: the editor's own change is saved next"
    assert {a.tag for a in editor.annotations} == {"policy", "company"}
