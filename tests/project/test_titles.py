"""Article titles for lists, read once and again only when the file changed."""

from __future__ import annotations

from collections.abc import Callable

from tui.project.titles import TitleCache
from tui.workspace.layout import Workspace

MakeWorkspace = Callable[[dict[str, str]], Workspace]


def test_titles_come_from_the_articles_and_follow_changes(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace({"a": "Harbin opens a park\n\nBody text.", "b": "哈尔滨的新公司\n\n正文。"})
    cache = TitleCache()
    assert cache.titles(workspace, ["a", "b", "a"]) == {"a": "Harbin opens a park", "b": "哈尔滨的新公司"}
    workspace.article_path("a").write_text("Harbin closes the park for good\n\nBody.", "utf-8")
    assert cache.title(workspace, "a") == "Harbin closes the park for good"
    workspace.article_path("b").unlink()
    assert cache.title(workspace, "b") == "b"  # removed: its id
