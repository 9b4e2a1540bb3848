"""The command line, run for real as a subprocess: exit codes, stdout and stderr."""

import json
from pathlib import Path

from tui.workspace import Workspace

from .conftest import FIRST, FUNDING_QUOTE, XINHUA, run_cli
from .test_index import add


def test_search_prints_ranked_results_with_metadata(workspace: Workspace) -> None:
    result = run_cli("search", "venture investment", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    assert "1. " in result.stdout and "2. " in result.stdout
    assert "China Daily · 2016-03-25T08:55" in result.stdout
    assert f"same story as {FIRST}" in result.stdout
    assert "venture investment" in result.stdout
    assert result.stdout.strip().endswith("ms)")
    assert "2 results" in result.stdout


def test_search_json_carries_highlight_ranges_and_annotations(workspace: Workspace) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding", note="seed")
    result = run_cli("search", "funding:yuan", "--json", "--limit", "5", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == 1
    hit = data["results"][0]
    assert hit["article"] == FIRST
    assert hit["tag_counts"] == {"funding": 1}
    assert hit["annotations"][0]["quote"] == FUNDING_QUOTE
    assert hit["annotations"][0]["note"] == "seed"
    start, end = hit["snippet"]["highlights"][0]
    assert hit["snippet"]["text"][start:end] == FUNDING_QUOTE


def test_limit_and_workspace_option_after_the_command(workspace: Workspace, tmp_path: Path) -> None:
    result = run_cli("search", "", "--limit", "1", "--workspace", str(workspace.root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert XINHUA in result.stdout
    assert "5 results, showing 1" in result.stdout


def test_malformed_query_is_one_line_on_stderr(workspace: Workspace) -> None:
    result = run_cli("search", "(harbin", cwd=workspace.root)
    assert result.returncode == 1
    assert result.stderr.strip() == "glossator: the query has a '(' without a matching ')'"
    assert "Traceback" not in result.stderr


def test_outside_a_workspace_is_one_line(tmp_path: Path) -> None:
    for args in (["stats"], ["search", "x"], ["check"], []):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 1
        assert "not inside a Glossator workspace" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_usage_mistakes_exit_2_without_traceback(workspace: Workspace) -> None:
    result = run_cli("search", "x", "--limit", "0", cwd=workspace.root)
    assert result.returncode == 2
    assert "must be 1 or more" in result.stderr
    assert "Traceback" not in result.stderr


def test_index_reports_build_then_incremental_sync(workspace: Workspace) -> None:
    first = run_cli("index", cwd=workspace.root)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Built the index: 5 articles")
    add(workspace, FIRST, "Harbin", "company")
    second = run_cli("index", cwd=workspace.root)
    assert "(0 added, 1 changed, 0 removed)" in second.stdout
    rebuilt = run_cli("index", "--rebuild", cwd=workspace.root)
    assert rebuilt.stdout.startswith("Built the index: 5 articles")


def test_stats_counts_by_tag_and_author(workspace: Workspace) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="Ada")
    add(workspace, FIRST, "Harbin", "company", author="Bob")
    add(workspace, XINHUA, "Kingdee", "company", author="Bob")
    result = run_cli("stats", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Articles:            5" in lines
    assert "Annotated articles:  2" in lines
    assert "Annotations:         3" in lines
    assert any(line.split() == ["company", "2"] for line in lines)
    assert any(line.split() == ["Bob", "0", "0", "2", "2"] for line in lines)
    assert any(line.split() == ["Ada", "0", "1", "0", "1"] for line in lines)


def test_check_is_clean_then_lists_each_problem(workspace: Workspace) -> None:
    annotation = add(workspace, FIRST, FUNDING_QUOTE, "funding")
    clean = run_cli("check", cwd=workspace.root)
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout.startswith("OK: 1 annotation file with 1 annotation checked against 5 articles")
    path = workspace.annotation_path(FIRST)
    path.write_text(path.read_text().replace('tag = "funding"', 'tag = "money"'))
    (workspace.annotations_dir / "ghost.toml").write_text("format = 1\n")
    broken = run_cli("check", cwd=workspace.root)
    assert broken.returncode == 1
    lines = broken.stdout.splitlines()
    assert (
        f"annotations/{FIRST}.toml:7: {annotation.id}: unknown tag 'money' (tags are policy, funding, company)"
        in lines
    )
    assert "annotations/ghost.toml: -: there is no article corpus/ghost.txt for this file" in lines
    assert "problems found" in broken.stderr


def test_add_copies_articles_refuses_clashes_and_indexes(workspace: Workspace, tmp_path: Path) -> None:
    new = tmp_path / "quokka story.txt"
    new.write_bytes(b"Quokkas in Jilin\r\nA quokka opened a bakery.\r\n")
    clash = tmp_path / f"{XINHUA}.txt"
    clash.write_text("other")
    result = run_cli("add", str(new), str(clash), cwd=workspace.root)
    assert result.returncode == 1
    assert "Added corpus/quokka story.txt" in result.stdout
    assert f"refused: corpus/{XINHUA}.txt already exists" in result.stderr
    assert (workspace.corpus_dir / "quokka story.txt").read_bytes() == new.read_bytes()
    assert "other" not in workspace.article_path(XINHUA).read_text()
    found = run_cli("search", "quokka", "--json", cwd=workspace.root)
    assert [hit["article"] for hit in json.loads(found.stdout)["results"]] == ["quokka story"]


def test_control_characters_in_articles_never_reach_the_terminal(make_workspace) -> None:
    workspace = make_workspace({"evil": "Evil \x1b]52;c;aGk=\x07 title\nThe \x1b[31mred\x1b[0m zebra.\n"})
    result = run_cli("search", "zebra", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\u241b[31mred" in result.stdout  # ESC shown as a visible symbol


def test_no_command_opens_the_app_or_says_what_to_run(workspace: Workspace) -> None:
    result = run_cli("--version", cwd=workspace.root)
    assert result.returncode == 0
    assert result.stdout.startswith("glossator ")
