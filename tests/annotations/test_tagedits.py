"""glossator tags: a workspace's own tags, changed with every annotation file that uses them."""

import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIRST, FUNDING_QUOTE, TAIYUAN
from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.annotations.tagedits import add_tag, merge_tags, remove_tag, rename_tag, tag_counts
from tui.errors import GlossatorError
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace
from tui.workspace.tagset import load_tag_set


def add(workspace: Workspace, article_id: str, quote: str, tag: str) -> None:
    """An annotation added as the app adds one, with the workspace's own tag set."""
    store = AnnotationStore(workspace)
    text = load_article(workspace, article_id).text
    start = text.index(quote)
    made = new_annotation(text, start, start + len(quote), tag, author="Ada", tags=store.tag_set.names)
    store.update(article_id, text, lambda on_disk: [*on_disk.annotations, made])


@pytest.fixture
def annotated(workspace: Workspace) -> Workspace:
    add(workspace, FIRST, FUNDING_QUOTE, "funding")
    add(workspace, FIRST, "Harbin", "company")
    add(workspace, TAIYUAN, "Taiyuan", "policy")
    return workspace


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def test_add_a_tag_and_annotate_with_it(annotated: Workspace) -> None:
    tag_set = add_tag(annotated, "person", "e", description="People named")
    assert tag_set.names == ("policy", "funding", "company", "person")
    assert tag_set.get("person").colour == "warning"  # type: ignore[union-attr]  # the first unused theme colour
    assert (annotated.root / "glossator.toml").exists()
    add(annotated, TAIYUAN, "Shanxi", "person")
    assert tag_counts(annotated) == {"funding": 1, "company": 1, "policy": 1, "person": 1}
    with pytest.raises(GlossatorError, match="the key 'j' is already bound"):
        add_tag(annotated, "place", "j")


def test_rename_rewrites_every_file_as_a_plain_diff(annotated: Workspace) -> None:
    git(annotated.root, "init", "-q")
    git(annotated.root, "add", "-A")
    git(annotated.root, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "base")
    change = rename_tag(annotated, "funding", "money")
    assert change.files == [f"annotations/{FIRST}.toml"] and change.annotations == 1
    diff = git(annotated.root, "diff", "-U0", "--", "annotations")
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ['-tag = "funding"', '+tag = "money"']
    assert load_tag_set(annotated.root).get("money").key == "f"  # type: ignore[union-attr]
    loaded = AnnotationStore(annotated).load(FIRST, None)
    assert loaded.writable and sorted(a.tag for a in loaded.annotations) == ["company", "money"]


def test_merge_and_remove(annotated: Workspace) -> None:
    with pytest.raises(
        GlossatorError, match="1 annotation\\(s\\) use 'policy': merge it into another tag first"
    ):
        remove_tag(annotated, "policy")
    change = merge_tags(annotated, "policy", "company")
    assert change.annotations == 1
    assert load_tag_set(annotated.root).names == ("funding", "company")
    assert tag_counts(annotated) == {"funding": 1, "company": 2}
    add_tag(annotated, "person", "e")
    assert remove_tag(annotated, "person").names == ("funding", "company")


def test_a_file_that_cannot_be_rewritten_leaves_the_config_unchanged(annotated: Workspace) -> None:
    broken = annotated.annotation_path(TAIYUAN)
    broken.write_text(broken.read_text() + "\nthis is not toml\n")
    with pytest.raises(
        GlossatorError, match=r"cannot be rewritten .*no file was rewritten and glossator.toml is unchanged"
    ):
        rename_tag(annotated, "policy", "rule")
    assert load_tag_set(annotated.root).names == ("policy", "funding", "company")
