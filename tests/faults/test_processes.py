"""Faults with real processes: SIGKILL in the middle of saves, two writers on one article."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import tomllib

import pytest

from tui.annotations.store import AnnotationStore
from tui.search import CorpusIndex
from tui.workspace.layout import Workspace

from ..conftest import FIRST, REPO, run_cli, run_process

#: Real processes, killed and racing: run by CI and with `-m slow`, not by default.
pytestmark = pytest.mark.slow


def saver(workspace: Workspace, mode: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.faults.saver", str(workspace.root), FIRST, mode, str(count)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_at_random_moments_never_leaves_a_broken_file(workspace: Workspace) -> None:
    rng = random.Random(20261122)
    path = workspace.annotation_path(FIRST)
    kills = 0
    for _ in range(12):
        process = saver(workspace, "cycle", 100_000)
        time.sleep(rng.uniform(0.6, 1.6))  # past start-up, somewhere in the save loop
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        kills += process.returncode == -signal.SIGKILL
        if not path.exists():
            continue
        # The file is one whole version: it parses, validates, and all its spans are from one save.
        data = tomllib.loads(path.read_text("utf-8"))
        notes = {a["note"] for a in data["annotation"]}
        assert len(notes) == 1
        version = int(notes.pop()[1:])
        assert len(data["annotation"]) == version % 7 + 1
        loaded = AnnotationStore(workspace).load(
            FIRST, path.parent.parent.joinpath("corpus", f"{FIRST}.txt").read_text()
        )
        assert loaded.problems == ()
    assert kills == 12
    # The index recovers on the next start and agrees with the file.
    index = CorpusIndex(workspace)
    index.sync()
    hit = index.search("tag:funding").hits[0]
    assert hit.tag_counts["funding"] == len(tomllib.loads(path.read_text("utf-8"))["annotation"])
    checked = run_cli("check", cwd=workspace.root)
    assert checked.returncode == 0, checked.stdout
    # Interrupted writes leave only hidden temporary files, which are never taken for annotations.
    assert workspace.annotated_ids() == [FIRST]


def test_two_processes_saving_one_article_lose_nothing(workspace: Workspace) -> None:
    CorpusIndex.open(workspace).close()  # build once, so both start from a ready index
    first, second = saver(workspace, "even", 80), saver(workspace, "odd", 80)
    for process in (first, second):
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert "Traceback" not in err
    data = tomllib.loads(workspace.annotation_path(FIRST).read_text("utf-8"))
    assert len(data["annotation"]) == 160
    assert {a["author"] for a in data["annotation"]} == {"even", "odd"}
    index = CorpusIndex.open(workspace)
    assert index.search("tag:company").hits[0].tag_counts == {"company": 160}
    assert run_cli("check", cwd=workspace.root).returncode == 0


async def test_the_app_keeps_working_while_commands_rebuild_the_index(workspace: Workspace) -> None:
    from ..app.conftest import opened, saved, settle

    async with opened(workspace, FIRST, size=(100, 30)) as (app, pilot):
        from tui.app.annotator import Annotator

        for args in (["index", "--rebuild"], ["index"], ["search", "harbin"]):
            result = run_process(*args, cwd=workspace.root)
            assert result.returncode == 0, result.stderr
        viewer = app.query_one(Annotator)
        start = viewer.source.index("Harbin")
        viewer.select_range(start, start + len("Harbin"))
        await pilot.press("c")
        await settle(pilot)
        assert [a["quote"] for a in saved(workspace, FIRST)] == ["Harbin"]
        await pilot.press("slash", *"tag:company", "enter")
        await settle(pilot)
        assert app.query_one("#results").option_count == 1
        assert not any(n.severity == "error" for n in app.message_log)
