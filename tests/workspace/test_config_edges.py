"""glossator.toml and article front matter from a hostile clone: messages, never internal errors."""

from __future__ import annotations

import pytest

from tui.cli import main
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


def test_a_glossator_toml_nested_100000_deep_is_one_message(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace.root / "glossator.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    for command in (["search", "yuan"], ["tags"]):
        capsys.readouterr()
        assert main(["--workspace", str(workspace.root), *command]) == 1
        assert capsys.readouterr().err == "glossator: glossator.toml: invalid TOML: nested too deeply\n"


@pytest.mark.parametrize("key", ["\u0301", "\u20dd"])
def test_a_tag_key_that_is_a_combining_accent_is_refused(
    workspace: Workspace, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    (workspace.root / "glossator.toml").write_text(f'[[tag]]\nname = "place"\nkey = "{key}"\n', "utf-8")
    assert main(["--workspace", str(workspace.root), "tags"]) == 1
    assert capsys.readouterr().err == (
        "glossator: glossator.toml:1: tag 'place': a key is one printable character "
        "(not a space or a combining accent)\n"
    )


def test_front_matter_nested_100000_deep_is_an_article_problem(workspace: Workspace) -> None:
    path = workspace.corpus_dir / "deep.txt"
    path.write_text("+++\nx = " + "[" * 100_000 + "]" * 100_000 + "\n+++\nBody text.\n", "utf-8")
    article = load_article(workspace, "deep")
    assert "front matter is not valid TOML: nested too deeply" in article.problems
