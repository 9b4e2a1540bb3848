"""The index's life in a session: opened while usable, owed syncs, changes on disk taken in."""

from __future__ import annotations

import pytest

from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.search import SearchResults
from tui.session import Session
from tui.workspace.layout import Workspace
from tui.workspace.watching import Changes

from ..conftest import CHINA_DAILY, FIRST, SCMP, TAIYUAN, XINHUA
from .conftest import found, open_index


def test_a_build_lists_the_newest_files_meanwhile_and_then_owes_a_full_sync(workspace: Workspace) -> None:
    session = Session(workspace, author="Tester")
    steps: list[tuple[int, int]] = []
    listed: list[SearchResults] = []
    corpus_index = session.open_index(lambda done, total: steps.append((done, total)), listed.append)
    try:
        assert len(listed) == 1, "the newest files are listed once, while the build runs"
        assert {hit.article_id for hit in listed[0].hits} == {FIRST, CHINA_DAILY, TAIYUAN, SCMP, XINHUA}
        assert steps[-1][0] == steps[-1][1] == 5
        assert session.index is None, "searches wait until the app says the index is ready"
        session.index_ready(corpus_index)
        assert session.index is corpus_index
        owed = session.owed_sync()
        assert owed is not None and owed.full_sync, "opening trusted unchanged folders: every file is checked"
        assert session.owed_sync() is None, "handed out once"
    finally:
        session.close()


def test_changes_reported_before_the_index_is_open_are_owed_as_a_full_sync(workspace: Workspace) -> None:
    session = Session(workspace, author="Tester")
    assert session.files_touched(Changes(frozenset({FIRST}))) is False
    assert session.owed_sync() is None, "nothing can be synced before the index is open"
    open_index(session)
    try:
        assert session.files_touched(Changes(frozenset({FIRST}))) is True, "now it is synced at once"
        assert session.files_touched(Changes()) is False, "nothing changed: nothing to sync"
        owed = session.owed_sync()
        assert owed is not None and owed.full_sync
    finally:
        session.close()


def test_a_refused_sync_is_owed_again(session: Session) -> None:
    assert session.owed_sync() is not None  # the one owed after opening
    assert session.files_checked(None) is None, "a refused sync (another process held the index)"
    owed = session.owed_sync()
    assert owed is not None and owed.full_sync
    assert session.take_in(owed) is not None, "the retry syncs every file"


def test_a_file_written_by_someone_else_is_news_and_searchable(
    session: Session, workspace: Workspace
) -> None:
    text = (workspace.corpus_dir / f"{FIRST}.txt").read_text("utf-8")
    colleague = AnnotationStore(workspace)
    colleague.update(FIRST, text, lambda on_disk: (new_annotation(text, 0, 3, "policy", author="Cy"),))
    report = session.take_in(Changes(frozenset({FIRST})))
    changed = session.files_checked(report)
    assert changed is not None
    assert changed.news == (FIRST,)
    assert changed.changed == {FIRST}
    assert found(session, "tag:policy") == [FIRST]


def test_files_the_session_wrote_itself_are_no_news(session: Session, workspace: Workspace) -> None:
    text = (workspace.corpus_dir / f"{FIRST}.txt").read_text("utf-8")
    session.store.update(
        FIRST, text, lambda on_disk: (new_annotation(text, 0, 3, "policy", author="Tester"),)
    )
    session.written({FIRST})
    changed = session.files_checked(session.take_in(Changes(frozenset({FIRST}))))
    assert changed is not None and changed.changed == {FIRST}
    assert changed.news == ()
    # Reported once: the next change to the same file is news again.
    colleague = AnnotationStore(workspace)
    colleague.update(FIRST, text, lambda on_disk: ())
    again = session.files_checked(session.take_in(Changes(frozenset({FIRST}))))
    assert again is not None and again.news == (FIRST,)


def test_an_index_opened_for_nothing_is_closed_and_the_next_one_used(workspace: Workspace) -> None:
    """The tag set changed again while the index was built for it: the later build is the one used."""
    session = Session(workspace, author="Tester")
    earlier = session.open_index(lambda done, total: None, lambda listed: None)
    later = session.open_index(lambda done, total: None, lambda listed: None)
    session.discard_index(earlier)
    session.index_ready(later)
    try:
        with pytest.raises(GlossatorError):
            earlier.search("Harbin")
        assert len(found(session, "Harbin")) == 3
    finally:
        session.close()
