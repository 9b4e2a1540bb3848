"""A field value typed with a colon (``title:x:y``) is a message on every engine, never an internal error."""

from __future__ import annotations

import pytest

from tui.cli import main
from tui.workspace.layout import Workspace


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_a_value_with_a_colon_is_explained_and_the_quoted_form_searches(
    workspace: Workspace, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    (workspace.root / "glossator.toml").write_text(f'[search]\nengine = "{engine}"\n', "utf-8")
    run = ["--workspace", str(workspace.root), "search"]
    for query, value in (
        ("title:x:y", "x:y"),
        ("body:a:b:c", "a:b:c"),
        ("(source:http://x.cn)", "http://x.cn"),
    ):
        capsys.readouterr()
        assert main([*run, query]) == 1
        field = query.strip("()").split(":")[0]
        assert capsys.readouterr().err == (
            f'glossator: {field}:{value}: a value with a colon must be quoted: {field}:"{value}"\n'
        )
    assert main([*run, "title:(x:y)"]) == 1
    assert "unknown field 'x'" in capsys.readouterr().err
    assert main([*run, 'body:"million:yuan"']) == 0
    assert "internal error" not in capsys.readouterr().err
