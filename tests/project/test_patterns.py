"""A lexicon's patterns are bounded in time and size, and its phrases are found in one pass."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.cli import main
from tui.project.occurrences import find, phrase_matcher
from tui.workspace.layout import Workspace

from ..conftest import BUNDLED_CORPUS, FIRST

MakeWorkspace = Callable[[dict[str, str]], Workspace]


def test_a_backtracking_pattern_stops_with_its_file_and_line(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    # A real process: before the limit, this search never ended (the app runs the same code).
    workspace = make_workspace({"line": "a" * 60 + "b\n", "other": "Kingdee\n"})
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('company = [\n  "Kingdee",\n  "/(a|aa)+$/",\n  "/(a+)+$/",\n]\n', "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "suggest", "--lexicon", str(lexicon)],
        cwd=workspace.root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith(f"glossator: {lexicon}:3: /(a|aa)+$/ took more than 2 s on one article")
    assert "rewrite it" in result.stderr and "Traceback" not in result.stderr
    assert not any(workspace.annotations_dir.iterdir())  # nothing half-applied


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("/a{4294967296}/", "repeat count too big"),
        ("/" + "(" * 2000 + "a" + ")" * 2000 + "/", "nests groups 2000 deep (at most 100)"),
        ("/" + "a" * 3000 + "/", "is 3,000 characters long"),
    ],
    ids=["huge-repeat", "deep-groups", "long"],
)
def test_patterns_too_big_to_compile_are_messages(
    make_workspace: MakeWorkspace,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    pattern: str,
    reason: str,
) -> None:
    workspace = make_workspace({"a": "Kingdee\n"})
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text(f'company = [\n  "Kingdee",\n  "{pattern}",\n]\n', "utf-8")
    assert main(["--workspace", str(workspace.root), "suggest", "--lexicon", str(lexicon)]) == 1
    said = capsys.readouterr().err
    assert (
        said.startswith(f"glossator: {lexicon}:3: company: ") and "is not a valid regular expression" in said
    )
    assert reason in said and "internal error" not in said


def test_a_deeply_nested_lexicon_is_a_message(
    make_workspace: MakeWorkspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = make_workspace({"a": "Kingdee\n"})
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text("company = " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")
    assert main(["--workspace", str(workspace.root), "suggest", "--lexicon", str(lexicon)]) == 1
    assert capsys.readouterr().err == f"glossator: {lexicon}: invalid TOML: nested too deeply\n"


def test_the_one_pass_automaton_finds_what_each_phrase_expression_finds() -> None:
    # 20,000 phrases: the words of a real article (one, two and three at a time, in every
    # case) and phrases across line breaks, compared with each phrase's own expression.
    text = load_article_text() + "\nVenture\n  CAPITAL and İstanbul Kingdee's kingdee_x Straße"
    words = re.findall(r"\w+", text)
    phrases = {" ".join(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}
    phrases |= {"venture capital", "istanbul", "İstanbul", "straße", "kingdee"}
    phrases = sorted(phrases)
    phrases += [f"absent phrase {n}" for n in range(20_000 - len(phrases))]
    matchers = [phrase_matcher(p, "company", case_sensitive=n % 3 == 0) for n, p in enumerate(phrases)]
    expected: dict[tuple[int, int], str] = {}
    for matcher in matchers:  # each phrase's own expression, as find() searched before
        position = 0
        while (match := matcher.pattern.search(text, position)) is not None:
            start, end = match.span()
            inside = (start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")) or (
                end < len(text) and (text[end].isalnum() or text[end] == "_")
            )
            position = start + 1 if inside else end
            if not inside:
                expected.setdefault((start, end), matcher.source)
    found = {(place.start, place.end): place.matcher.source for place in find(text, matchers)}
    assert len(found) > 1000
    assert found == expected


def load_article_text() -> str:
    return (BUNDLED_CORPUS / f"{FIRST}.txt").read_text("utf-8")


def test_a_lexicon_that_is_a_link_or_a_fifo_is_refused(
    make_workspace: MakeWorkspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = make_workspace({"a": "Kingdee\n"})
    real = tmp_path / "real.toml"
    real.write_text('company = ["Kingdee"]\n', "utf-8")
    (tmp_path / "link.toml").symlink_to(real)
    os.mkfifo(tmp_path / "fifo.toml")
    for name, reason in (
        ("link.toml", "is a symbolic link"),
        ("fifo.toml", "is not a regular file (a named pipe)"),
    ):
        assert main(["--workspace", str(workspace.root), "suggest", "--lexicon", str(tmp_path / name)]) == 1
        assert f"{tmp_path / name}: cannot be read: {name} {reason}" in capsys.readouterr().err
