"""The README is what a new user needs: short, its two commands the ones CI runs, and every
pointer to the reference leads to a topic that exists."""

from __future__ import annotations

import re

from tui.docs import topics

from ..conftest import REPO

README = (REPO / "README.md").read_text("utf-8")


def test_the_readme_is_short() -> None:
    assert len(README.encode("utf-8")) <= 15_500


def test_the_two_commands_are_there_and_the_test_command_is_the_one_ci_runs() -> None:
    section = README.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in section.splitlines() if line.startswith("    ")]
    assert commands == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/glossator",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[dev]' && .venv/bin/python -m pytest",
    ]
    ci = (REPO / ".ci" / "run").read_text("utf-8").splitlines()
    assert commands[1] in ci


def test_the_readme_points_only_to_topics_that_exist() -> None:
    names = {topic.name for topic in topics()}
    linked = re.findall(r"\]\(tui/docs/([^)]*)\.md\)", README)
    named = re.findall(r"glossator help ([a-z0-9-]+)", README)
    assert linked and named
    assert set(linked) <= names
    assert set(named) <= names
    # Every link into the package is to a topic file, nothing else.
    assert re.findall(r"\]\(tui/[^)]*\)", README) == [f"](tui/docs/{name}.md)" for name in linked]


def test_the_readme_leads_to_the_query_language_early() -> None:
    """A new user needs the query language within five minutes: it is named in the tour."""
    tour = README.split("## A five-minute tour", 1)[1].split("\n## ", 1)[0]
    assert "tag:funding" in tour and "F1" in tour
    assert README.index("tui/docs/query.md") < README.index("## Development")


def test_the_performance_figures_come_with_the_machine_and_the_command() -> None:
    section = README.split("## Performance", 1)[1]
    assert "2-core x86_64" in section and "Python 3.11" in section
    commands = [
        line.split()[2] for line in section.splitlines() if line.startswith("    .venv/bin/python -m ")
    ]
    assert commands == ["tests.benchmarks.make_corpus", "tests.benchmarks.run"]
    for module in commands:
        assert (REPO / (module.replace(".", "/") + ".py")).is_file()
    assert section.index("tests.benchmarks.run") < section.index("| measure | result | target |")
