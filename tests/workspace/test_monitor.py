"""The workspace watcher, a real background process: commands that trust it are never stale.

Each way a change can reach the files is made while a watcher runs, then ``glossator
index`` or ``glossator search`` runs in this process: the change is always seen, by the
watcher's word when it can vouch for it, by looking at every file when it cannot (a new
folder, too many files at once, a watcher killed or restarted, changes while it starts).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIRST, SCMP
from tui.cli import main
from tui.search import CorpusIndex
from tui.session import Session
from tui.workspace.layout import Workspace
from tui.workspace.monitor.client import SETTING_ENV, ask, start
from tui.workspace.monitor.daemon import IDLE_ENV

#: Generous: a watcher starts in a fraction of a second; a loaded machine may be slower.
DEADLINE_S = 30.0
WATCHED = ", by the watcher's word"


def status(workspace: Workspace) -> dict[str, Any] | None:
    try:
        return ask(workspace, {"status": True})
    except (OSError, ValueError):
        return None


def wait_for_watcher(workspace: Workspace, other_than: int | None = None) -> int:
    """The pid of the workspace's watcher once it answers (another one than ``other_than``)."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        found = status(workspace)
        if found is not None and found["pid"] != other_than:
            return int(found["pid"])
        time.sleep(0.05)
    raise AssertionError("no watcher answered")


def gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1].startswith("Z")  # a zombie no one has reaped yet
    except FileNotFoundError:
        return True


def kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + DEADLINE_S
    while not gone(pid) and time.monotonic() < deadline:
        time.sleep(0.02)


@pytest.fixture
def watched(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """The bundled corpus indexed, its watcher running, and the index holding its token."""
    monkeypatch.setenv(SETTING_ENV, "on")
    monkeypatch.setenv(IDLE_ENV, "120")  # a watcher a failed test leaves behind goes soon
    CorpusIndex.open(workspace, watched=True).close()  # builds, and starts the watcher
    pids = [wait_for_watcher(workspace)]
    assert not index(workspace).endswith(WATCHED)  # the index has no token of it yet: all looked at
    yield workspace
    found = status(workspace)
    for pid in [*pids, *([found["pid"]] if found else [])]:
        kill(pid)


def index(workspace: Workspace) -> str:
    """What ``glossator index`` says (one line)."""
    return run(workspace, "index").strip()


def run(workspace: Workspace, *args: str) -> str:
    """What a ``glossator`` command prints, run in this process."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status_code = main(["--workspace", str(workspace.root), *args])
    assert status_code == 0, out.getvalue()
    return out.getvalue()


def article(workspace: Workspace, article_id: str) -> Path:
    return workspace.article_path(article_id)


def test_nothing_changed_is_answered_by_the_watcher(watched: Workspace) -> None:
    said = index(watched)
    assert said.startswith("Index up to date: 5 articles (0 added, 0 changed, 0 removed)")
    assert said.endswith(WATCHED)


def test_a_file_written_in_place_is_searchable_at_once(watched: Workspace) -> None:
    path = article(watched, FIRST)
    with open(path, "a", encoding="utf-8") as file:  # the same file, rewritten in place
        file.write("\nThe zanzibarite deposits were sold.\n")
    assert "1 result" in run(watched, "search", "zanzibarite")
    assert "(0 added, 0 changed, 0 removed)" in index(watched)  # the search took it in, by the watcher


def test_the_apps_sync_after_opening_asks_the_watcher_and_misses_nothing(watched: Workspace) -> None:
    """The app opens the index on the watcher's word too, and its full sync owed after
    opening costs what changed, not the corpus: a file rewritten in place is taken in."""
    index(watched)  # the index now holds the watcher's token
    session = Session(watched, author="Tester")
    try:
        opened = session.open_index(lambda done, total: None, lambda results: None)
        session.index_ready(opened)
        with open(article(watched, FIRST), "a", encoding="utf-8") as file:
            file.write("\nThe quillwort grant was renewed.\n")
        owed = session.owed_sync()
        assert owed is not None
        report = session.take_in(owed)
        assert report is not None and report.watched and report.changed == [FIRST]
        assert [hit.article_id for hit in opened.search("quillwort").hits] == [FIRST]
    finally:
        session.close()


def test_a_file_renamed_over_an_article_is_seen(watched: Workspace) -> None:
    path = article(watched, SCMP)
    replacement = path.with_name(".new.tmp")
    replacement.write_text("Quokkaville: a new story entirely.\n", "utf-8")
    os.replace(replacement, path)  # as editors and git save
    said = index(watched)
    assert said.startswith("Index up to date: 5 articles (0 added, 1 changed, 0 removed)") and said.endswith(
        WATCHED
    )
    assert "1 result" in run(watched, "search", "quokkaville")


def test_a_deleted_article_is_no_longer_found(watched: Workspace) -> None:
    article(watched, FIRST).unlink()
    said = index(watched)
    assert said.startswith("Index up to date: 4 articles (0 added, 0 changed, 1 removed)") and said.endswith(
        WATCHED
    )
    assert FIRST not in run(watched, "search", "entrepreneurship")


def test_a_new_folder_is_looked_at_then_watched(watched: Workspace) -> None:
    folder = watched.corpus_dir / "2017"
    folder.mkdir()
    (folder / "harbin.txt").write_text("Ice festival in Harbin draws xylophonists.\n", "utf-8")
    said = index(watched)
    assert "(1 added, 0 changed, 0 removed)" in said and not said.endswith(WATCHED)
    (folder / "harbin.txt").write_text("Ice festival in Harbin draws yodelists.\n", "utf-8")
    said = index(watched)  # the new folder is watched now
    assert "(0 added, 1 changed, 0 removed)" in said and said.endswith(WATCHED)
    assert "1 result" in run(watched, "search", "yodelists")


def test_more_files_at_once_than_the_watcher_lists_are_all_looked_at(watched: Workspace) -> None:
    for n in range(1100):  # more than a batch names (the kernel's queue may overflow too)
        (watched.corpus_dir / f"burst-{n}.txt").write_text(f"Burst article {n} about walruses.\n", "utf-8")
    said = index(watched)
    assert said.startswith("Index up to date: 1105 articles (1100 added") and not said.endswith(WATCHED)
    assert "1100 results" in run(watched, "search", "walruses")


def test_a_killed_watcher_means_looking_at_everything_and_a_new_watcher(watched: Workspace) -> None:
    first = wait_for_watcher(watched)
    kill(first)
    article(watched, FIRST).write_text("Killed watcher: the narwhal story.\n", "utf-8")
    said = index(watched)
    assert "(0 added, 1 changed, 0 removed)" in said and not said.endswith(WATCHED)
    second = wait_for_watcher(watched, other_than=first)
    article(watched, FIRST).write_text("Restarted watcher: the ocelot story.\n", "utf-8")
    said = index(watched)  # the new watcher's first answer: the index has no token of it
    assert "(0 added, 1 changed, 0 removed)" in said and not said.endswith(WATCHED)
    assert "1 result" in run(watched, "search", "ocelot")
    article(watched, FIRST).write_text("Trusted again: the pangolin story.\n", "utf-8")
    assert index(watched).endswith(WATCHED)
    assert "1 result" in run(watched, "search", "pangolin")
    kill(second)


def test_a_watcher_stopped_and_started_again_is_not_trusted_for_what_happened_between(
    watched: Workspace,
) -> None:
    first = wait_for_watcher(watched)
    assert ask(watched, {"stop": True})["stopped"] == first
    while status(watched) is not None:
        time.sleep(0.02)
    article(watched, FIRST).write_text("Between two watchers: the axolotl story.\n", "utf-8")
    start(watched)
    wait_for_watcher(watched, other_than=first)
    said = index(watched)
    assert "(0 added, 1 changed, 0 removed)" in said and not said.endswith(WATCHED)
    assert "1 result" in run(watched, "search", "axolotl")


def test_changes_made_while_the_watcher_starts_are_all_seen(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SETTING_ENV, "on")
    monkeypatch.setenv(IDLE_ENV, "120")
    CorpusIndex.open(workspace).close()
    stop = threading.Event()
    written: list[str] = []

    def write() -> None:
        n = 0
        while not stop.is_set():
            (workspace.corpus_dir / f"early-{n}.txt").write_text(f"Early article {n}: capybaras.\n", "utf-8")
            written.append(f"early-{n}")
            n += 1
            time.sleep(0.005)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        start(workspace)
        pid = wait_for_watcher(workspace)
        index(workspace)  # the first answer: everything looked at, and the token kept
        index(workspace)
    finally:
        stop.set()
        writer.join()
    try:
        assert index(workspace).endswith(WATCHED)  # trusted from the token kept
        opened = CorpusIndex.open(workspace, watched=True)
        assert len(opened) == 5 + len(written)
        assert opened.search("capybaras", limit=1).total == len(written)
        opened.close()
    finally:
        kill(pid)


def test_glossator_watcher_says_starts_and_stops_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(IDLE_ENV, "120")
    assert run(workspace, "watcher").startswith("No watcher runs for this workspace")
    started = run(workspace, "watcher", "start")
    pid = wait_for_watcher(workspace)
    try:
        assert started.startswith(f"A watcher runs for this workspace (process {pid}, since ")
        assert "it stops after 2 minutes without a command" in started
        assert run(workspace, "watcher", "stop").strip() == f"Stopped the watcher (process {pid})"
        deadline = time.monotonic() + DEADLINE_S
        while status(workspace) is not None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert run(workspace, "watcher", "status").startswith("No watcher runs for this workspace")
    finally:
        kill(pid)
