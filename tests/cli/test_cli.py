"""The command line, run for real as a subprocess: exit codes, stdout and stderr."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIRST, FUNDING_QUOTE, XINHUA, run_cli
from tests.search.test_coordinator import add
from tui.workspace.layout import Workspace


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


# --- nothing untrusted reaches the terminal raw ---------------------------------------------------

#: Characters a terminal acts on, or that reorder or hide text: none may reach stdout or stderr.
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
HOSTILE_NAMES = [
    "clear\x1b[2Jscreen",
    "clip\x1b]52;c;aGVsbG8=\x07board",
    "bell\x07",
    "over\rwrite",
    "evil\u202etxt.exe",
    "zero\u200bwidth",
]


def assert_nothing_raw(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        assert not RAW.search(stream), repr(stream)
        assert "Traceback" not in stream


def test_add_shows_hostile_file_names_as_visible_symbols(workspace: Workspace, tmp_path: Path) -> None:
    files = []
    for number, name in enumerate(HOSTILE_NAMES):
        path = tmp_path / f"{name}.txt"
        path.write_text(f"Story number {number} of a short series.\n")
        files.append(str(path))
    result = run_cli("add", *files, cwd=workspace.root)
    assert_nothing_raw(result)
    # A name with a control character cannot be an article id (it could not be typed back):
    # refused, the name shown with visible symbols; the invisible ones are added, shown too.
    assert result.returncode == 1
    assert result.stderr.count("holds a control character") == 4
    assert "clear\u241b[2Jscreen.txt: refused" in result.stderr
    assert result.stdout.count("Added corpus/") == 2
    assert "Added corpus/evil\u21c4txt.exe.txt" in result.stdout
    again = run_cli("add", *files, cwd=workspace.root)  # already there: the names are in the summary now
    assert again.stdout.count("already there as") == 2
    assert "already there as zero\u2b1awidth" in again.stdout
    assert_nothing_raw(again)


def test_argparse_messages_are_one_visible_line(workspace: Workspace) -> None:
    unknown = run_cli("search", "x", "--bogus\x1b]52;c;aGk=\x07", "\u202eevil", cwd=workspace.root)
    assert unknown.returncode == 2
    assert_nothing_raw(unknown)
    [line] = unknown.stderr.splitlines()
    assert line.startswith("glossator: unrecognized arguments: --bogus\u241b]52;c;aGk=\u2407")
    choice = run_cli("frobnicate\x1b[31m\u202e", cwd=workspace.root)
    assert choice.returncode == 2
    assert_nothing_raw(choice)
    assert "invalid choice: 'frobnicate" in choice.stderr
    assert len(choice.stderr.splitlines()) == 1


def test_init_shows_its_folder_visibly(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "ws\x1b[2J\u202e"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_nothing_raw(result)
    assert "ws\u241b[2J\u21c4" in result.stdout


def test_json_escapes_c1_bidi_and_invisible_characters(make_workspace) -> None:
    title = "CSI\x9b31m title \u202eflipped\u202c zero\u200bwidth del\x7f bom\ufeff sep\u2028"
    workspace = make_workspace({"hostile": f"{title}\nThe zebra story.\n"})
    result = run_cli("search", "zebra", "--json", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    assert_nothing_raw(result)
    assert "\u2028" not in result.stdout
    [hit] = json.loads(result.stdout)["results"]
    assert hit["title"] == title.strip()  # the very same string once decoded
    assert "\\u009b" in result.stdout and "\\u202e" in result.stdout


def test_search_shows_bidi_and_zero_width_characters_visibly(make_workspace) -> None:
    workspace = make_workspace({"trojan": "Budget \u202eevil\u202c and \u200bhidden zebra\n"})
    result = run_cli("search", "zebra", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    assert_nothing_raw(result)
    assert "\u21c4evil\u21c4" in result.stdout and "\u2b1ahidden" in result.stdout


# --- add: every file is reported, and the others still added --------------------------------------


def test_add_reports_a_name_that_cannot_be_an_id_and_adds_the_rest(
    workspace: Workspace, tmp_path: Path
) -> None:
    names = ["back\\slash.txt", "C:drive.txt", "fine.txt", "also fine.txt"]
    for name in names:
        (tmp_path / name).write_text(f"The story of {name}.\n")
    result = run_cli("add", *(str(tmp_path / name) for name in names), cwd=workspace.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0].startswith(
        f"glossator: {tmp_path / 'back'}\\slash.txt: refused: the name cannot be an article id"
    )
    assert errors[1].startswith(f"glossator: {tmp_path / 'C:drive.txt'}: refused:") and "drive" in errors[1]
    assert "Added corpus/fine.txt" in result.stdout and "Added corpus/also fine.txt" in result.stdout
    assert not (workspace.corpus_dir / "back\\slash.txt").exists()


def test_add_refuses_a_fifo_without_waiting_for_a_writer(workspace: Workspace, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = tmp_path / "good.txt"
    good.write_text("A story.\n")
    result = run_cli("add", str(fifo), str(good), str(tmp_path), cwd=workspace.root)  # timeout: 120 s
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2  # the pipe, named and then found in the folder (which is searched)
    for line in lines:
        assert line.startswith(f"glossator: {fifo}: refused:") and "named pipe" in line
    assert "Added corpus/good.txt" in result.stdout
    assert f"{good}: already there as good" in result.stdout
    assert not (workspace.corpus_dir / "pipe.txt").exists()


def test_add_says_when_the_stored_name_differs(workspace: Workspace, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes on funding\n")
    result = run_cli("add", str(notes), cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"Added {notes} as corpus/notes.txt"
    assert (workspace.corpus_dir / "notes.txt").read_bytes() == notes.read_bytes()


def test_add_refuses_names_too_long_to_annotate(workspace: Workspace, tmp_path: Path) -> None:
    long_name = "x" * 251 + ".txt"  # 255 bytes: the article fits, its annotation file would not
    (tmp_path / long_name).write_text("A story with a long name.\n")
    result = run_cli("add", str(tmp_path / long_name), cwd=workspace.root)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert "refused: the name is too long" in line
    assert not (workspace.corpus_dir / long_name).exists()


def test_add_refuses_file_names_that_are_not_utf8(workspace: Workspace, tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(name, "wb") as handle:
        handle.write(b"A story.\n")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "add", name], cwd=workspace.root, capture_output=True, check=False
    )
    assert result.returncode == 1
    stderr = result.stderr.decode("utf-8")  # valid UTF-8: the bad byte is shown as U+FFFD
    assert "caf\ufffd.txt: refused: the file name is not valid UTF-8" in stderr
    assert "Traceback" not in stderr
    assert workspace.article_ids() == sorted(workspace.article_ids()) and len(workspace.article_ids()) == 5


# --- the last resort --------------------------------------------------------------------------------

CRASH = """
import inspect, sys
from tui.cli import main
# A real, unexpected failure: the stack runs out inside the command (no code is replaced).
sys.setrecursionlimit(len(inspect.stack()) + 15)
raise SystemExit(main(sys.argv[1:]))
"""


def test_an_unexpected_exception_is_one_line_and_its_traceback_is_logged(workspace: Workspace) -> None:
    (workspace.root / ".glossator").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", CRASH, "stats"],
        cwd=workspace.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("glossator: internal error: RecursionError: ")
    assert line.endswith("(details in .glossator/error.log)")
    log = (workspace.root / ".glossator" / "error.log").read_text()
    assert "Traceback (most recent call last)" in log and "RecursionError" in log and "'stats'" in log


def test_the_error_log_is_not_written_through_a_linked_cache_folder(
    workspace: Workspace, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace.root / ".glossator").symlink_to(elsewhere)
    result = subprocess.run(
        [sys.executable, "-c", CRASH, "stats"],
        cwd=workspace.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("glossator: internal error: RecursionError: ") and "error.log" not in line
    assert list(elsewhere.iterdir()) == []


def test_an_os_error_names_the_path_and_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    result = run_cli("init", str(blocker / "ws\x1b[2J"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"glossator: {blocker}/ws\u241b[2J: Not a directory\n"


def test_every_command_has_help(tmp_path: Path) -> None:
    for command in (
        "search",
        "index",
        "stats",
        "agreement",
        "check",
        "reanchor",
        "add",
        "init",
        "merge-driver",
    ):
        result = run_cli(command, "--help", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"usage: glossator {command}")
    driver = run_cli("merge-driver", "--help", cwd=tmp_path).stdout
    assert "base version (git's %O)" in driver and "theirs version (git's %B)" in driver
