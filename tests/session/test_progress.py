"""Progress in a session: marks, counts of marked results kept per query, the next one not done."""

from __future__ import annotations

from tui.annotations.model import DONE, SKIPPED
from tui.session import Session
from tui.workspace.layout import Workspace
from tui.workspace.watching import Changes

from ..conftest import CHINA_DAILY, FIRST, TAIYUAN
from .conftest import found, tag_first_word


def mark(session: Session, article_id: str, state: str | None) -> bool:
    text = session.workspace.article_path(article_id).read_text("utf-8")
    changed = session.mark(article_id, text, state)
    session.marked(article_id)
    return changed


def test_marks_are_counted_once_per_query_until_they_change(session: Session) -> None:
    assert session.marks.done_count("") is None
    assert session.marks.count_done("") == 0
    assert session.marks.done_count("") == 0, "kept for the next time"
    assert mark(session, FIRST, DONE)
    assert session.marks.done_count("") is None, "a mark of yours: counted again"
    assert session.marks.count_done("") == 1
    assert session.marks.count_done("Harbin") == 1
    assert session.marks.count_done("Taiyuan") == 0


def test_a_mark_arriving_on_disk_forgets_the_counts(session: Session, workspace: Workspace) -> None:
    session.marks.count_done("")
    other = Session(workspace, author="Tester")  # the same person in another app, or a git pull
    text = workspace.article_path(FIRST).read_text("utf-8")
    assert other.mark(FIRST, text, DONE)
    changed = session.files_checked(session.take_in(Changes(frozenset({FIRST}))))
    assert changed is not None and changed.news == (FIRST,)
    assert session.marks.done_count("") is None
    assert session.marks.count_done("") == 1


def test_your_own_mark_is_no_news_but_a_colleagues_change_after_it_is(
    session: Session, workspace: Workspace
) -> None:
    mark(session, FIRST, SKIPPED)
    assert session.files_checked(session.take_in(Changes(frozenset({FIRST})))) is None, "indexed already"
    other = Session(workspace, author="Cy")
    text = workspace.article_path(FIRST).read_text("utf-8")
    assert other.mark(FIRST, text, DONE)
    changed = session.files_checked(session.take_in(Changes(frozenset({FIRST}))))
    assert changed is not None and changed.news == (FIRST,)


def test_the_next_article_not_marked_follows_the_results(session: Session) -> None:
    ranked = [FIRST, CHINA_DAILY, TAIYUAN]
    assert session.marks.next_unmarked("", ranked, FIRST) == CHINA_DAILY
    mark(session, CHINA_DAILY, DONE)
    assert session.marks.next_unmarked("", ranked, FIRST) == TAIYUAN
    assert mark(session, CHINA_DAILY, None), "taken back"
    assert session.marks.next_unmarked("", ranked, FIRST) == CHINA_DAILY


def test_a_mark_is_searchable(session: Session) -> None:
    tag_first_word(session)
    mark(session, FIRST, DONE)
    assert found(session, "status:done") == [FIRST]
