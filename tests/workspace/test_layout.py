from pathlib import Path

import pytest

from tests.conftest import FIRST, REPO
from tui.workspace.layout import (
    CacheFolderError,
    InvalidArticleIdError,
    NotAWorkspaceError,
    OutsideWorkspaceError,
    Skipped,
    Workspace,
    validate_article_id,
)


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


def test_links_are_followed_only_inside_the_workspace(make_workspace, tmp_path: Path) -> None:
    workspace = make_workspace({"kept": "A story."})
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    (workspace.corpus_dir / "passwd.txt").symlink_to(secret)
    (workspace.corpus_dir / "alias.txt").symlink_to(workspace.corpus_dir / "kept.txt")
    outside = tmp_path / "more"
    outside.mkdir()
    (outside / "hidden.txt").write_text("elsewhere")
    (workspace.corpus_dir / "more").symlink_to(outside)
    skipped: list[Skipped] = []
    assert workspace.article_ids(skipped) == ["alias", "kept"]
    assert sorted(map(str, skipped)) == [
        "corpus/more: is a symbolic link that leads outside the workspace; not followed",
        "corpus/passwd.txt: is a symbolic link that leads outside the workspace; not followed",
    ]
    with pytest.raises(OutsideWorkspaceError):
        workspace.read(workspace.corpus_dir / "passwd.txt")


def test_a_name_that_cannot_be_an_id_is_one_problem_about_that_file(make_workspace) -> None:
    workspace = make_workspace({"good": "A story.", "C:drive": "x", "back\\slash": "y"})
    skipped: list[Skipped] = []
    assert workspace.article_ids(skipped) == ["good"]
    assert sorted(item.path for item in skipped) == ["corpus/C:drive.txt", "corpus/back\\slash.txt"]
    assert all("the name cannot be an article id" in item.reason for item in skipped)


@pytest.mark.parametrize("shape", ["link", "file"])
def test_a_cache_folder_glossator_did_not_make_is_neither_used_nor_removed(
    workspace: Workspace, tmp_path: Path, shape: str
) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "index").mkdir()
    (precious / "index" / "thesis.tex").write_text("years of work")
    if shape == "link":
        workspace.cache_dir.symlink_to(precious)
    else:
        workspace.cache_dir.write_text("not a folder")
    with pytest.raises(CacheFolderError, match=r"\.glossator is .*move \.glossator away"):
        workspace.usable_cache_dir()
    with pytest.raises(CacheFolderError), workspace.lock("x"):
        pass
    assert (precious / "index" / "thesis.tex").read_text() == "years of work"
