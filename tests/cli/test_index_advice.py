"""``glossator index`` suggests tantivy, in one line, once Whoosh stops being interactive."""

from __future__ import annotations

import pytest

from tui.cli import main, searching
from tui.workspace.layout import Workspace

ADVICE = "searches with Whoosh take over 60 ms; tantivy answers in a few: see glossator help engines"


@pytest.mark.parametrize(("engine", "limit", "advised"), [
    ("whoosh", 4, True), ("whoosh", 5, False), ("tantivy", 4, False),
])  # fmt: skip
def test_the_advice_comes_past_the_size_and_only_for_whoosh(
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    engine: str,
    limit: int,
    advised: bool,
) -> None:
    (workspace.root / "glossator.toml").write_text(f'[search]\nengine = "{engine}"\n', "utf-8")
    monkeypatch.setattr(searching, "WHOOSH_INTERACTIVE_UP_TO", limit)  # the bundled corpus: 5 articles
    assert main(["--workspace", str(workspace.root), "index"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Built the index: 5 articles")
    assert lines[1:] == ([f"Past {limit} articles, {ADVICE}"] if advised else [])
