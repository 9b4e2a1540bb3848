"""The editors of a session's articles: one per article, brought up to date when files change."""

from __future__ import annotations

from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.session import Session
from tui.workspace.layout import Workspace

from ..conftest import CHINA_DAILY, FIRST
from .conftest import tag_first_word


def test_an_article_opened_again_keeps_its_editor_and_history(session: Session) -> None:
    first = session.take(session.open_article(FIRST, ""))
    editor = first.editor
    editor.add(0, 3, "policy")
    session.open_article(CHINA_DAILY, "")
    again = session.take(session.open_article(FIRST, ""))
    assert again.editor is editor
    assert again.save is False
    assert editor.undo() is not None, "the undo history survived opening another article"


def test_opening_finds_where_the_query_matches(session: Session) -> None:
    opened = session.open_article(FIRST, "Harbin")
    assert opened.hits
    assert all(opened.article.text[start:end].lower() == "harbin" for start, end in opened.hits)


def test_a_text_changed_on_disk_is_taken_and_the_annotations_reanchored(
    session: Session, workspace: Workspace
) -> None:
    word = tag_first_word(session)
    editor = session.take(session.open_article(FIRST, "")).editor
    path = workspace.article_path(FIRST)
    path.write_text("A new first line.\n" + path.read_text("utf-8"), "utf-8")
    assert session.reread(editor).reopen, "its text changed: it is opened again"
    taken = session.take(session.open_article(FIRST, ""))
    assert taken.editor is editor
    assert taken.reanchored is not None and len(taken.reanchored.moved) == 1
    (annotation,) = editor.anchored()
    assert editor.text[annotation.start : annotation.end] == word


def test_annotations_changed_on_disk_are_taken_in(session: Session, workspace: Workspace) -> None:
    editor = session.take(session.open_article(FIRST, "")).editor
    text = editor.text
    AnnotationStore(workspace).update(
        FIRST, text, lambda on_disk: (new_annotation(text, 0, 3, "policy", author="Cy"),)
    )
    reread = session.reread(editor)
    assert not reread.reopen and reread.change is not None
    assert [a.author for a in editor.annotations] == ["Cy"]


def test_an_article_removed_cannot_be_read_again(session: Session, workspace: Workspace) -> None:
    editor = session.take(session.open_article(FIRST, "")).editor
    workspace.article_path(FIRST).unlink()
    assert session.reread(editor).problem.startswith(f"Cannot read {FIRST}: ")


def test_unsaved_changes_are_listed_until_saved(session: Session) -> None:
    editor = session.take(session.open_article(FIRST, "")).editor
    editor.add(0, 3, "policy")
    assert session.unsaved() == [editor] == session.to_retry()
    session.save(editor, *editor.snapshot())
    assert session.unsaved() == []
