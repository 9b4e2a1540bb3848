from pathlib import Path

import pytest

from tui.workspace import InvalidArticleIdError, NotAWorkspaceError, Workspace, validate_article_id

from .conftest import FIRST, REPO


def test_the_repo_is_a_workspace_with_the_five_bundled_articles() -> None:
    workspace = Workspace.open(REPO)
    assert len(workspace.article_ids()) == 5
    assert FIRST in workspace.article_ids()
    assert workspace.article_path(FIRST) == REPO / "corpus" / f"{FIRST}.txt"
    assert workspace.annotation_path(FIRST) == REPO / "annotations" / f"{FIRST}.toml"


def test_articles_in_subfolders_have_slash_ids_and_mirrored_annotation_paths(make_workspace) -> None:
    workspace = make_workspace({"2016/march/rust-belt": "text", "top": "text"})
    assert workspace.article_ids() == ["2016/march/rust-belt", "top"]
    assert workspace.annotation_path("2016/march/rust-belt") == (
        workspace.root / "annotations" / "2016" / "march" / "rust-belt.toml"
    )


def test_hidden_files_and_other_extensions_are_not_articles(make_workspace) -> None:
    workspace = make_workspace({"real": "text"})
    (workspace.corpus_dir / ".hidden.txt").write_text("x")
    (workspace.corpus_dir / "notes.md").write_text("x")
    (workspace.corpus_dir / ".git").mkdir()
    (workspace.corpus_dir / ".git" / "inside.txt").write_text("x")
    assert workspace.article_ids() == ["real"]


@pytest.mark.parametrize(
    "bad", ["", "../../etc/passwd", "/etc/passwd", "a/../../b", "a//b", "./a", "a\\b", "C:/x", "a\x00b"]
)
def test_ids_that_would_escape_the_corpus_are_refused(bad: str) -> None:
    with pytest.raises(InvalidArticleIdError):
        validate_article_id(bad)
    with pytest.raises(InvalidArticleIdError):
        Workspace(Path("/ws")).article_path(bad)


def test_a_workspace_is_found_from_a_subfolder(workspace: Workspace) -> None:
    assert Workspace.find(workspace.corpus_dir).root == workspace.root


def test_outside_a_workspace_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotAWorkspaceError, match="not a Glossator workspace"):
        Workspace.open(tmp_path)
