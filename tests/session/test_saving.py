"""The save pipeline: written, re-indexed, a text changed on disk noticed, merges adopted."""

from __future__ import annotations

from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.session import Session
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from .conftest import found, tag_first_word


def test_a_save_is_written_and_searchable(session: Session, workspace: Workspace) -> None:
    editor = session.take(session.open_article(FIRST, "")).editor
    editor.add(0, 3, "funding")
    saved = session.save(editor, *editor.snapshot())
    assert saved.result.written and saved.indexed and not saved.text_changed
    assert "funding" in workspace.annotation_path(FIRST).read_text("utf-8")
    assert found(session, "tag:funding") == [FIRST]
    session.compact()
    assert found(session, "tag:funding") == [FIRST]


def test_an_older_snapshot_is_not_written_over_a_newer_one(session: Session) -> None:
    editor = session.take(session.open_article(FIRST, "")).editor
    editor.add(0, 3, "funding")
    older = editor.snapshot()
    editor.add(4, 8, "policy")
    session.save(editor, *editor.snapshot())
    saved = session.save(editor, *older)
    assert not saved.result.written and not saved.indexed
    assert len(session.store.load(FIRST, editor.text).annotations) == 2


def test_a_save_finds_the_text_changed_on_disk_since_it_was_opened(
    session: Session, workspace: Workspace
) -> None:
    editor = session.take(session.open_article(FIRST, "")).editor
    path = workspace.article_path(FIRST)
    path.write_text(path.read_text("utf-8") + "\nA postscript.\n", "utf-8")
    editor.add(0, 3, "funding")
    saved = session.save(editor, *editor.snapshot())
    assert saved.text_changed, "the app opens it again: the re-index hid the change from the watcher"


def test_a_save_merged_with_a_colleagues_change_shows_both(session: Session, workspace: Workspace) -> None:
    tag_first_word(session)
    editor = session.take(session.open_article(FIRST, "")).editor
    text = editor.text
    colleague = new_annotation(text, 10, 14, "policy", author="Cy")
    AnnotationStore(workspace).update(FIRST, text, lambda on_disk: (*on_disk.annotations, colleague))
    editor.add(20, 25, "funding")
    saved = session.save(editor, *editor.snapshot())
    assert saved.result.merged is not None
    assert saved.adopt(), "nothing changed since the save: the merged set is shown"
    assert {a.tag for a in editor.annotations} == {"company", "policy", "funding"}
