"""Progress marks: kept in the annotation files, written the one way, untouched by other writers."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tui.annotations.model import DONE, SKIPPED, ProgressMark
from tui.annotations.store import AnnotationStore
from tui.annotations.tagedits import rename_tag
from tui.workspace.articles import load_article, text_sha256
from tui.workspace.layout import Workspace

from ..conftest import CHINA_DAILY, FIRST, FUNDING_QUOTE, TAIYUAN, run_cli
from .conftest import annotate

WHEN = datetime(2026, 11, 22, 10, 15, tzinfo=UTC)


def marks(workspace: Workspace, article_id: str) -> list[tuple[str, str]]:
    loaded = AnnotationStore(workspace).load(article_id, None)
    assert loaded.problems == ()
    return [(mark.author, mark.state) for mark in loaded.progress]


def test_a_mark_round_trips_in_the_documented_form(workspace: Workspace) -> None:
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    saved = store.update_progress(
        FIRST, text, lambda _: [ProgressMark("Bob", SKIPPED, WHEN), ProgressMark("Ada", DONE, WHEN)]
    )
    content = saved.path.read_text("utf-8")
    assert content == (
        f'format = 1\narticle = "{FIRST}"\ntext_sha256 = "{text_sha256(text)}"\n\n'
        '[[progress]]\nauthor = "Ada"\nstate = "done"\nat = 2026-11-22T10:15:00Z\n\n'
        '[[progress]]\nauthor = "Bob"\nstate = "skipped"\nat = 2026-11-22T10:15:00Z\n'
    )
    assert store.load(FIRST, text).progress == (
        ProgressMark("Ada", DONE, WHEN),
        ProgressMark("Bob", SKIPPED, WHEN),
    )
    store.update_progress(FIRST, text, lambda on_disk: on_disk.progress)
    assert saved.path.read_text("utf-8") == content  # an unchanged set: identical bytes
    with_extra = content.replace('state = "done"\n', 'state = "done"\nminutes = 12\n')
    saved.path.write_text(with_extra, "utf-8")
    annotate(workspace, FIRST, FUNDING_QUOTE, "funding")
    data = tomllib.loads(saved.path.read_text("utf-8"))
    assert list(data) == ["format", "article", "text_sha256", "annotation", "progress"]
    assert data["progress"][0] == {"author": "Ada", "state": "done", "at": WHEN, "minutes": 12}


def test_marks_survive_every_other_writer(workspace: Workspace) -> None:
    annotate(workspace, FIRST, FUNDING_QUOTE, "funding")
    assert run_cli("mark", "done", FIRST, "--author", "Ada", cwd=workspace.root).returncode == 0
    annotate(workspace, FIRST, "Harbin", "company")  # a save of the app or a command
    rename_tag(workspace, "company", "firm")  # glossator tags rename rewrites the file
    path = workspace.article_path(FIRST)
    path.write_text("A new first line.\n" + path.read_text("utf-8"), "utf-8")
    reanchored = run_cli("reanchor", cwd=workspace.root)  # moves every span
    assert reanchored.returncode == 0, reanchored.stdout + reanchored.stderr
    assert marks(workspace, FIRST) == [("Ada", DONE)]
    text = load_article(workspace, FIRST).text
    AnnotationStore(workspace).update(FIRST, text, lambda _: [])  # the last annotation removed
    assert workspace.annotation_path(FIRST).exists()  # the mark keeps the file
    assert marks(workspace, FIRST) == [("Ada", DONE)]
    cleared = run_cli("mark", "clear", FIRST, "--author", "Ada", cwd=workspace.root)
    assert cleared.stdout.splitlines() == [f"Cleared Ada's mark on {FIRST}", "1 article cleared for Ada"]
    assert not workspace.annotation_path(FIRST).exists()  # nothing left in it


def test_mark_command_marks_each_article_once_and_names_what_it_cannot(workspace: Workspace) -> None:
    result = run_cli("mark", "done", FIRST, CHINA_DAILY, "nowhere", "--author", "Ada", cwd=workspace.root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"Marked {FIRST} done",
        f"Marked {CHINA_DAILY} done",
        "2 articles marked done for Ada",
    ]
    assert result.stderr == "glossator: nowhere: not marked: there is no article corpus/nowhere.txt\n"
    first_time = tomllib.loads(workspace.annotation_path(FIRST).read_text("utf-8"))["progress"][0]["at"]
    again = run_cli("mark", "done", FIRST, "--author", "Ada", cwd=workspace.root)
    assert again.stdout.splitlines() == ["0 articles marked done for Ada; 1 article already so"]
    assert (
        tomllib.loads(workspace.annotation_path(FIRST).read_text("utf-8"))["progress"][0]["at"] == first_time
    )
    assert run_cli("mark", "skipped", FIRST, "--author", "Ada", cwd=workspace.root).returncode == 0
    assert marks(workspace, FIRST) == [("Ada", SKIPPED)]
    broken = workspace.annotation_path(TAIYUAN)
    broken.write_text("format = 1\nnot toml\n", "utf-8")
    locked = run_cli("mark", "done", TAIYUAN, CHINA_DAILY, "--author", "Bob", cwd=workspace.root)
    assert locked.returncode == 1
    assert locked.stderr.startswith(
        f"glossator: {TAIYUAN}: not marked: annotations/{TAIYUAN}.toml is not rewritten"
    )
    assert broken.read_text("utf-8") == "format = 1\nnot toml\n"
    assert marks(workspace, CHINA_DAILY) == [("Ada", DONE), ("Bob", DONE)]
    usage = run_cli("mark", "finished", FIRST, cwd=workspace.root)
    assert usage.returncode == 2


def test_stats_shows_progress_per_annotator(workspace: Workspace) -> None:
    annotate(workspace, FIRST, FUNDING_QUOTE, "funding", author="Ada")
    run_cli("mark", "done", FIRST, CHINA_DAILY, "--author", "Ada", cwd=workspace.root)
    run_cli("mark", "skipped", TAIYUAN, "--author", "Ada", cwd=workspace.root)
    run_cli("mark", "done", TAIYUAN, "--author", "Bob", cwd=workspace.root)
    result = run_cli("stats", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Annotated articles:  1" in lines  # marks alone do not make an article annotated
    start = lines.index("Progress (of 5 articles):")
    assert [line.split() for line in lines[start + 1 :]] == [
        ["Ada", "2", "done", "1", "skipped"],
        ["Bob", "1", "done", "0", "skipped"],
    ]


@pytest.mark.parametrize(
    ("mark", "reason", "line"),
    [
        ('author = "Ada"\nstate = "finished"\nat = 2026-11-22T10:15:00Z\n',
         "progress mark of 'Ada': unknown state 'finished' (states are done, skipped)", 5),
        ('author = "Ada"\nstate = "done"\n', "progress mark of 'Ada': missing key 'at'", 5),
        ('author = 7\nstate = "done"\nat = 2026-11-22T10:15:00Z\n', "progress mark: 'author' must be a string, not int", 5),
        ('author = "Ada"\nstate = "done"\nat = 2026-11-22T10:15:00Z\n\n[[progress]]\n'
         'author = "Ada"\nstate = "skipped"\nat = 2026-11-23T10:15:00Z\n',
         "progress mark of 'Ada': a second mark for this author (keep one)", 10),
    ],
)  # fmt: skip
def test_a_bad_mark_is_a_problem_with_file_and_line_and_blocks_rewriting(
    workspace: Workspace, mark: str, reason: str, line: int
) -> None:
    text = load_article(workspace, FIRST).text
    path = workspace.annotation_path(FIRST)
    path.write_text(
        f'format = 1\narticle = "{FIRST}"\ntext_sha256 = "{text_sha256(text)}"\n\n[[progress]]\n{mark}'
    )
    result = run_cli("check", cwd=workspace.root)
    assert result.returncode == 1
    assert f"annotations/{FIRST}.toml:{line}: -: {reason}" in result.stdout.splitlines()
    loaded = AnnotationStore(workspace).load(FIRST, text)
    assert not loaded.writable
    refused = run_cli("mark", "done", FIRST, "--author", "Cy", cwd=workspace.root)
    assert refused.returncode == 1 and "is not rewritten" in refused.stderr


def test_a_mark_not_in_utc_is_reported_but_kept(workspace: Workspace) -> None:
    text = load_article(workspace, FIRST).text
    path = workspace.annotation_path(FIRST)
    path.write_text(
        f'format = 1\narticle = "{FIRST}"\ntext_sha256 = "{text_sha256(text)}"\n\n'
        '[[progress]]\nauthor = "Ada"\nstate = "done"\nat = 2026-11-22T10:15:00+08:00\n'
    )
    loaded = AnnotationStore(workspace).load(FIRST, text)
    assert loaded.writable
    assert [str(p) for p in loaded.problems] == [
        f"annotations/{FIRST}.toml:8: -: progress mark of 'Ada': 'at' has the offset +0800; "
        "write it in UTC with a Z, e.g. 2026-11-22T10:15:00Z"
    ]
    assert run_cli("mark", "done", FIRST, "--author", "Bob", cwd=workspace.root).returncode == 0
    assert [replace(m, at=WHEN) for m in AnnotationStore(workspace).load(FIRST, text).progress] == [
        ProgressMark("Ada", DONE, WHEN),
        ProgressMark("Bob", DONE, WHEN),
    ]
