"""Documents prepared by worker processes are the ones one process prepares, in the same order."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui.search.backend import BuildItem
from tui.search.errors import BuildStoppedError
from tui.search.manifest import stat_stamp
from tui.search.tantivy import preparing
from tui.workspace.layout import Workspace


def items_of(workspace: Workspace) -> list[BuildItem]:
    items = []
    for article_id in workspace.article_ids():
        text = stat_stamp(workspace.article_path(article_id))
        assert text is not None
        items.append((article_id, text, stat_stamp(workspace.annotation_path(article_id))))
    return items


def test_workers_prepare_what_one_process_prepares_in_order(
    make_workspace: Callable[[dict[str, str | bytes]], Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = make_workspace({f"a{n:02}": f"Article {n} about Harbin and 哈尔滨.\n" for n in range(11)})
    items = items_of(workspace)
    monkeypatch.setattr(preparing, "CHUNK", 2)  # six chunks over two workers
    alone = list(preparing.prepared(workspace, items, 1, lambda: False))
    together = list(preparing.prepared(workspace, items, 2, lambda: False))
    assert [prepared[0] for prepared in together] == [item[0] for item in items]
    assert together == alone
    assert all(document is not None and "Harbin" in document.body for _i, document, _e, _p in together)


def test_a_stopped_build_stops_between_chunks(
    make_workspace: Callable[[dict[str, str | bytes]], Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = make_workspace({f"a{n:02}": f"Article {n}.\n" for n in range(8)})
    monkeypatch.setattr(preparing, "CHUNK", 2)
    seen: list[str] = []
    with pytest.raises(BuildStoppedError):
        for prepared in preparing.prepared(workspace, items_of(workspace), 2, lambda: len(seen) >= 2):
            seen.append(prepared[0])
    assert seen == ["a00", "a01"]
