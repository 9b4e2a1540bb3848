"""The examples of the help topics work as written: the three-line offset check, the
annotation file format's example, the settings and commands the topics show."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.annotations.fileformat import parse_annotation_file
from tui.cli import main
from tui.workspace.articles import load_article
from tui.workspace.gitsetup import DRIVER_COMMAND
from tui.workspace.layout import Workspace
from tui.workspace.tagset import load_tag_set

from ..conftest import FIRST, FUNDING_QUOTE, REPO
from .examples import code_blocks, indented_blocks


def test_the_three_line_offset_check_runs_as_written_in_the_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (check,) = [block for block in code_blocks("workspaces", "python") if "tomllib" in block]
    assert len(check.splitlines()) == 3
    monkeypatch.chdir(REPO)
    exec(check, {})  # its last line asserts that the quote is where the offsets say


def test_the_three_line_check_fails_when_the_offsets_are_wrong(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check can fail: with an annotation one character off, its assert stops it."""
    (check,) = [block for block in code_blocks("workspaces", "python") if "tomllib" in block]
    text = load_article(workspace, FIRST).text
    start = text.index(FUNDING_QUOTE) + 1
    workspace.annotation_path(FIRST).write_text(
        f'[[annotation]]\nstart = {start}\nend = {start + len(FUNDING_QUOTE)}\nquote = "{FUNDING_QUOTE}"\n',
        "utf-8",
    )
    monkeypatch.chdir(workspace.root)
    with pytest.raises(AssertionError):
        exec(check, {})


def test_the_file_format_example_is_a_valid_file_for_the_bundled_article(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    (example,) = code_blocks("file-format", "toml")
    data = tomllib.loads(example)
    article = load_article(workspace, data["article"])
    parsed, problems = parse_annotation_file(
        example.encode("utf-8"),
        display_path="example.toml",
        expected_article=data["article"],
        text=article.text,
    )
    assert problems == [] and parsed is not None
    assert parsed.text_sha256 == article.sha256
    (annotation,) = parsed.annotations
    assert article.text[annotation.start : annotation.end] == annotation.quote == FUNDING_QUOTE
    assert [mark.state for mark in parsed.progress] == ["done"]
    # And `glossator check` says so, as it would for a user who copied it.
    workspace.annotation_path(FIRST).write_text(example, "utf-8")
    assert main(["--workspace", str(workspace.root), "check"]) == 0
    assert capsys.readouterr().out.startswith("OK: 1 annotation")


def test_the_tag_example_is_a_valid_glossator_toml(workspace: Workspace) -> None:
    (example,) = [block for block in indented_blocks("workspaces") if block.startswith("[[tag]]")]
    (workspace.root / "glossator.toml").write_text(example, "utf-8")
    tag_set = load_tag_set(workspace.root)
    person = next(tag for tag in tag_set if tag.name == "person")
    assert (person.key, person.description) == ("e", "People named in the article")


def test_the_front_matter_example_sets_the_metadata(workspace: Workspace) -> None:
    (block,) = [block for block in indented_blocks("workspaces") if block.startswith("+++")]
    path = workspace.corpus_dir / "rust-belt.txt"
    path.write_text(block + "Start-ups in the rust belt.\n", "utf-8")
    article = load_article(workspace, "rust-belt")
    assert (article.metadata.title, article.metadata.source, article.metadata.byline) == (
        "Rust belt start-ups",
        "China Daily",
        "Fan Feifei",
    )
    assert article.metadata.date.startswith("2016-03-25")


@pytest.mark.parametrize("topic", ["sharing"])
def test_the_merge_driver_line_is_the_one_glossator_registers(topic: str) -> None:
    line = f'git config merge.glossator.driver "{DRIVER_COMMAND}"'
    assert line + "\n" in indented_blocks(topic)
    assert line in (REPO / "README.md").read_text("utf-8")


def test_the_engine_setting_is_read_as_shown(workspace: Workspace) -> None:
    (setting,) = code_blocks("engines", "toml")
    assert tomllib.loads(setting) == {"search": {"engine": "tantivy"}}


def test_every_benchmark_command_the_topics_show_exists() -> None:
    """Figures stay with the command that measures them: each command names a real module."""
    shown = [
        line.split()[2]
        for topic in ("performance", "projects", "sharing", "engines")
        for block in indented_blocks(topic)
        for line in block.splitlines()
        if line.startswith(".venv/bin/python -m tests.benchmarks.")
    ]
    assert len(shown) >= 7
    for module in shown:
        assert Path(REPO, *module.split(".")).with_suffix(".py").is_file(), module
