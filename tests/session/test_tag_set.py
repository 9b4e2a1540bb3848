"""A ``glossator.toml`` changed while a session runs: its tags are used from then on."""

from __future__ import annotations

import pytest

from tui.annotations import tagedits
from tui.session import Session
from tui.workspace.layout import Workspace
from tui.workspace.tagset import TagSetError

from ..conftest import FIRST
from .conftest import found, open_index


def test_a_new_tag_can_be_used_at_once_and_the_index_is_built_again_for_it(
    session: Session, workspace: Workspace
) -> None:
    editor = session.take(session.open_article(FIRST, "")).editor
    tagedits.add_tag(workspace, "person", "e")  # what `glossator tags add person --key e` does
    changed = session.reload_tag_set()
    assert changed is not None and changed.reopen_index
    assert changed.tag_set.names == ("policy", "funding", "company", "person")
    assert session.index is None, "the index was made for the old tags: searches wait for the new one"
    editor.add(0, 3, "person")
    assert session.save(editor, *editor.snapshot()).result.written
    open_index(session)
    assert found(session, "tag:person") == [FIRST]


def test_the_same_tags_again_change_nothing(session: Session) -> None:
    assert session.reload_tag_set() is None
    assert session.index is not None


def test_a_new_key_or_colour_keeps_the_index(session: Session, workspace: Workspace) -> None:
    tagedits.add_tag(workspace, "person", "e")
    session.reload_tag_set()
    open_index(session)
    config = workspace.root / "glossator.toml"
    config.write_text(config.read_text("utf-8").replace('key = "e"', 'key = "y"'), "utf-8")
    changed = session.reload_tag_set()
    assert changed is not None and not changed.reopen_index
    tag = changed.tag_set.get("person")
    assert tag is not None and tag.key == "y"
    assert session.index is not None


def test_a_broken_tag_set_keeps_the_tags_in_use(session: Session, workspace: Workspace) -> None:
    (workspace.root / "glossator.toml").write_text('[[tag]]\nname = "person"\nkey = "x"\n', "utf-8")
    with pytest.raises(TagSetError, match="already bound"):
        session.reload_tag_set()
    assert session.tag_set.names == ("policy", "funding", "company")
    assert session.store.tag_set is session.tag_set
