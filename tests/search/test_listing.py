"""Articles listed from the files, newest first, while the index is being built."""

from __future__ import annotations

import os
from typing import Any

from tui.search.listing import newest_articles


def test_the_newest_files_come_first_with_their_title_and_opening(make_workspace: Any) -> None:
    workspace = make_workspace(
        {
            "old": "An old story\nBy Jane Doe (Reuters)\nHarbin opened a park.\n",
            "new": "A new story\n\nThe incubator has 38 start-ups.\n",
            "mid": "A middle story\n\nText.\n",
        }
    )
    for number, article_id in enumerate(("old", "mid", "new")):
        path = workspace.article_path(article_id)
        os.utime(path, ns=(1_000_000_000 * (number + 1),) * 2)
    results = newest_articles(workspace, 2)
    assert results.total == 3
    assert [hit.article_id for hit in results.hits] == ["new", "mid"]
    first = results.hits[0]
    assert first.title == "A new story"
    assert first.snippet.text == "The incubator has 38 start-ups."
    assert newest_articles(workspace, 5).hits[2].source == "Reuters"


def test_an_unreadable_article_is_passed_over(make_workspace: Any) -> None:
    workspace = make_workspace({"good": "Good\n", "bad": "Bad\n"})
    path = workspace.article_path("bad")
    path.unlink()
    os.mkfifo(path)  # not a regular file: not read
    assert [hit.article_id for hit in newest_articles(workspace, 5).hits] == ["good"]
