"""``glossator help``: every topic file is listed and shown, mistakes get a close match,
and each command's ``--help`` names the topic that tells more."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

import tui.docs
from tui.cli import main
from tui.docs import plain, read, title_of, topics

FOLDER = Path(tui.docs.__file__).parent
FILES = sorted(FOLDER.glob("*.md"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_every_markdown_file_in_the_folder_is_a_listed_topic(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "help")
    assert status == 0 and err == ""
    listed = dict(
        line.split(None, 1) for line in out.splitlines() if line and not line.startswith("glossator")
    )
    assert sorted(listed) == sorted(path.stem for path in FILES)
    for path in FILES:
        # The title is the file's first heading, whatever the file.
        first = next(line for line in path.read_text("utf-8").splitlines() if line.startswith("#"))
        assert listed[path.stem].strip() == first.lstrip("#").strip()
    assert "query" in listed and listed["query"].strip() == "The query language"


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_every_topic_is_printed_by_glossator_help(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "help", path.stem)
    assert status == 0 and err == ""
    text = path.read_text("utf-8")
    assert out.rstrip("\n") == plain(text).rstrip("\n")


def test_a_new_file_is_a_new_topic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing lists the topics but the folder: a file dropped in is listed and read."""
    for path in FILES:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "zz-new.md").write_text("Intro line\n\n## Chinese reading\n\nText.\n", "utf-8")
    (tmp_path / "notes.txt").write_text("# Not a topic\n", "utf-8")
    monkeypatch.setattr(tui.docs, "files", lambda _: tmp_path)
    assert topics()[-1] == tui.docs.Topic("zz-new", "Chinese reading")
    assert "notes" not in {topic.name for topic in topics()}
    assert read("zz-new").endswith("Text.\n")


def test_links_between_topics_name_the_command_in_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "help", "query")
    assert "see Search engines (glossator help engines)" in out.replace("\n", " ")
    assert "](engines.md)" not in out


def test_every_link_between_topics_leads_to_a_topic() -> None:
    names = {topic.name for topic in topics()}
    for path in FILES:
        for _, target in tui.docs.TOPIC_LINK.findall(path.read_text("utf-8")):
            assert target in names, f"{path.name} links to {target}.md"
        # A relative link the terminal form would not turn into a command is a mistake too.
        assert not re.findall(r"\]\((?!https?://)(?![a-z0-9-]+\.md\))[^)]*\)", path.read_text("utf-8")), path


def test_a_title_is_the_first_heading_outside_code() -> None:
    assert title_of("```\n# a comment\n```\n## Real title\n# Later\n") == "Real title"
    assert title_of("no heading\n") == "no heading"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("quer", "no help topic 'quer'; did you mean query?"),
        ("qeury", "no help topic 'qeury'; did you mean query?"),
        ("perfomance", "did you mean performance?"),
        ("../README", "no help topic '../README' (glossator help lists the topics)"),
        ("zzzz", "no help topic 'zzzz' (glossator help lists the topics)"),
    ],
)
def test_an_unknown_topic_is_a_usage_mistake_with_the_closest_names(
    typed: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "help", typed)
    assert status == 2 and out == ""
    assert said in err and err.startswith("glossator: ") and err.count("\n") == 1


def test_glossator_search_help_names_the_query_language_topic(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "search", "--help")
    assert status == 0
    assert "glossator help query" in out
    _, overview, _ = run(capsys, "--help")
    assert "glossator help query" in overview and "glossator help TOPIC" in overview
    _, topic, _ = run(capsys, "help", "query")
    assert "| `tag:funding` |" in topic


def _commands(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The commands ``glossator --help`` lists."""
    _, out, _ = run(capsys, "--help")
    return re.findall(r"^    ([a-z-]+) ", out.split("commands:", 1)[1], re.MULTILINE)


def test_every_command_names_a_topic_that_exists(capsys: pytest.CaptureFixture[str]) -> None:
    names = {topic.name for topic in topics()}
    commands = _commands(capsys)
    assert {"search", "tag-all", "merge-driver", "help"} <= set(commands)
    for command in commands:
        status, out, _ = run(capsys, command, "--help")
        assert status == 0
        named = re.findall(r"glossator help ([a-z0-9-]+)", out)
        if command == "help":
            continue
        assert named, f"glossator {command} --help names no topic"
        assert set(named) <= names, f"glossator {command} --help names {named}"


#: What a user's reference must not hold: module paths and names only a developer knows
#: (those belong in the development topics), and the project's history.
INTERNAL = re.compile(
    r"\btui[./][a-z_]|\b(RowList|make_plan|AnnotationStore|CorpusIndex|set_mark|list_annotations)\b"
)
HISTORY = re.compile(
    r"\b(this round|last round|before the optimisations|first round|before this)\b", re.IGNORECASE
)


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_a_users_topic_holds_no_internal_names_and_no_history(path: Path) -> None:
    text = path.read_text("utf-8")
    assert HISTORY.findall(text) == []
    if not path.stem.startswith("development"):
        assert INTERNAL.findall(text) == []


def test_only_a_link_to_a_topic_file_is_a_topic() -> None:
    assert tui.docs.linked_topic("engines.md") == "engines"
    for other in ("https://example.com/engines.md", "../engines.md", "engines.md#x", "README.md"):
        assert tui.docs.linked_topic(other) is None


def test_the_topics_are_package_data() -> None:
    """An installed Glossator (not only a clone) has its help: the files ship in the package."""
    project = tomllib.loads((FOLDER.parent.parent / "pyproject.toml").read_text("utf-8"))
    assert project["tool"]["setuptools"]["package-data"]["tui.docs"] == ["*.md"]
