"""A session on a real workspace (the bundled corpus), with its index opened as the app does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui.session import Session
from tui.workspace.layout import Workspace

from ..conftest import FIRST


def open_index(session: Session) -> None:
    """Open the index the way the app does: ``open_index`` (slow, in a worker), then ``index_ready``."""
    session.index_ready(session.open_index(lambda done, total: None, lambda listed: None))


@pytest.fixture
def session(workspace: Workspace) -> Iterator[Session]:
    """A session of the author "Tester" with its index open."""
    opened = Session(workspace, author="Tester")
    open_index(opened)
    yield opened
    opened.close()


def found(session: Session, query: str) -> list[str]:
    """The ids a search of the session finds, ranked."""
    results = session.search(query)
    assert results is not None, "the index is open"
    return [hit.article_id for hit in results.hits]


def tag_first_word(session: Session, tag: str = "company", article_id: str = FIRST) -> str:
    """Tag the first word of an article through its editor and save it; the word."""
    opened = session.open_article(article_id, "")
    editor = session.take(opened).editor
    word = opened.article.text.split()[0]
    start = opened.article.text.index(word)
    editor.add(start, start + len(word), tag)
    session.save(editor, *editor.snapshot())
    return word
