"""The UI-free editing model the app uses: changes, undo/redo, innermost spans, ordered saves."""

import pytest

from tests.conftest import FIRST, FUNDING_QUOTE
from tui.annotations.editing import ArticleEditor, ReadOnlyError
from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


@pytest.fixture
def editor(workspace: Workspace) -> ArticleEditor:
    return ArticleEditor(AnnotationStore(workspace), load_article(workspace, FIRST), "Tester")


def span(editor: ArticleEditor, quote: str) -> tuple[int, int]:
    start = editor.text.index(quote)
    return start, start + len(quote)


def save(editor: ArticleEditor) -> bool:
    return editor.save(*editor.snapshot()).written


def on_disk(workspace: Workspace) -> list[str]:
    loaded = AnnotationStore(workspace).load(FIRST, None)
    return [f"{a.tag}:{a.quote}:{a.note}" for a in loaded.annotations]


def test_changes_undo_and_redo(editor: ArticleEditor, workspace: Workspace) -> None:
    change = editor.add(*span(editor, FUNDING_QUOTE), "funding")
    assert change.message == f"Tagged funding: {FUNDING_QUOTE}"
    annotation = editor.annotations[0]
    editor.set_note(annotation.id, " seed ")
    editor.retag(annotation.id, "policy")
    save(editor)
    assert on_disk(workspace) == [f"policy:{FUNDING_QUOTE}:seed"]
    editor.remove(annotation.id)
    save(editor)
    assert on_disk(workspace) == []
    editor.undo()
    save(editor)
    assert on_disk(workspace) == [f"policy:{FUNDING_QUOTE}:seed"]
    editor.undo()
    editor.undo()
    save(editor)
    assert on_disk(workspace) == [f"funding:{FUNDING_QUOTE}:"]
    editor.redo()
    save(editor)
    assert on_disk(workspace) == [f"funding:{FUNDING_QUOTE}:seed"]
    # A new change clears what could be redone.
    editor.add(*span(editor, "Harbin"), "company")
    assert editor.redo() is None


def test_innermost_annotation(editor: ArticleEditor) -> None:
    editor.add(*span(editor, "By the end of 2015, the park had received 16.5 million yuan"), "policy")
    editor.add(*span(editor, "16.5 million yuan"), "funding")
    inside = editor.text.index("16.5") + 1
    assert [a.tag for a in editor.at(inside)] == ["funding", "policy"]
    assert editor.innermost(inside).tag == "funding"  # type: ignore[union-attr]
    assert editor.innermost(editor.text.index("By the end")).tag == "policy"  # type: ignore[union-attr]
    assert editor.innermost(0) is None


def test_older_snapshots_never_overwrite_newer_ones(editor: ArticleEditor, workspace: Workspace) -> None:
    editor.add(*span(editor, "Harbin"), "company")
    first = editor.snapshot()
    editor.add(*span(editor, FUNDING_QUOTE), "funding")
    second = editor.snapshot()
    assert editor.save(*second).written
    assert not editor.save(*first).written  # a late worker with an older set is ignored
    assert len(on_disk(workspace)) == 2
    assert not editor.dirty


def test_a_broken_file_makes_the_editor_read_only(workspace: Workspace) -> None:
    path = workspace.annotation_path(FIRST)
    path.write_text("format = 7\n")
    editor = ArticleEditor(AnnotationStore(workspace), load_article(workspace, FIRST), "Tester")
    assert not editor.writable
    with pytest.raises(ReadOnlyError, match="unknown format 7"):
        editor.add(*span(editor, "Harbin"), "company")
    assert path.read_text() == "format = 7\n"


def test_undo_takes_back_only_my_own_change(workspace: Workspace) -> None:
    """Two people tag the same article; undo in one app never removes the other's annotation."""
    store = AnnotationStore(workspace)
    mine = ArticleEditor(store, load_article(workspace, FIRST), "Ada")
    theirs = ArticleEditor(store, load_article(workspace, FIRST), "Bob")
    mine.add(*span(mine, "Harbin"), "company")
    save(mine)
    theirs.add(*span(theirs, FUNDING_QUOTE), "funding")
    save(theirs)
    assert mine.reload_from_disk() is not None  # the live reload shows both
    change = mine.undo()
    assert change is not None
    assert change.message == "Undone: Tagged company: Harbin"
    save(mine)
    assert on_disk(workspace) == [f"funding:{FUNDING_QUOTE}:"]
    redone = mine.redo()
    assert redone is not None and redone.message == "Redone: Tagged company: Harbin"
    save(mine)
    assert sorted(on_disk(workspace)) == sorted([f"funding:{FUNDING_QUOTE}:", "company:Harbin:"])


def test_undo_after_a_pull_that_merged_a_colleagues_annotation(workspace: Workspace) -> None:
    """The colleague's annotation arrives on disk (git pull) without this editor reloading first."""
    store = AnnotationStore(workspace)
    editor = ArticleEditor(store, load_article(workspace, FIRST), "Ada")
    editor.add(*span(editor, "Harbin"), "company")
    save(editor)
    text = editor.text
    pulled = new_annotation(text, text.index(FUNDING_QUOTE), text.index(FUNDING_QUOTE) + len(FUNDING_QUOTE),
                            "funding", author="Bob")  # fmt: skip
    store.update(FIRST, text, lambda on_disk: [*on_disk.annotations, pulled])
    editor.undo()
    save(editor)
    assert on_disk(workspace) == [f"funding:{FUNDING_QUOTE}:"]


def test_undo_leaves_an_annotation_someone_else_changed_since(workspace: Workspace) -> None:
    store = AnnotationStore(workspace)
    mine = ArticleEditor(store, load_article(workspace, FIRST), "Ada")
    mine.add(*span(mine, "Harbin"), "company")
    save(mine)
    theirs = ArticleEditor(store, load_article(workspace, FIRST), "Bob")
    theirs.set_note(theirs.annotations[0].id, "Bob's note")
    save(theirs)
    mine.reload_from_disk()
    change = mine.undo()
    assert change is not None
    assert change.message == "Undone nothing: Tagged company: Harbin was changed since by someone else"
    save(mine)
    assert on_disk(workspace) == ["company:Harbin:Bob's note"]


def test_a_note_keeps_its_line_breaks(editor: ArticleEditor, workspace: Workspace) -> None:
    editor.add(*span(editor, "Harbin"), "company")
    editor.set_note(editor.annotations[0].id, "first line\nsecond line\n")
    save(editor)
    assert on_disk(workspace) == ["company:Harbin:first line\nsecond line"]


def test_an_article_removed_from_the_corpus_can_no_longer_be_annotated(
    workspace: Workspace, editor: ArticleEditor
) -> None:
    editor.add(*span(editor, FUNDING_QUOTE), "funding")
    assert save(editor) and not editor.removed
    workspace.article_path(FIRST).unlink()
    assert editor.removed
    with pytest.raises(ReadOnlyError, match="was removed from the corpus"):
        editor.add(*span(editor, "Harbin"), "company")
    with pytest.raises(ReadOnlyError, match="was removed from the corpus"):
        editor.undo()
    assert on_disk(workspace) == [f"funding:{FUNDING_QUOTE}:"]
