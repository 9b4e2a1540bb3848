"""The file watcher: real files, folders, links and git checkouts, reported by the operating system."""

from __future__ import annotations

import contextlib
import json
import queue
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHINA_DAILY, FIRST, FUNDING_QUOTE, REPO, SCMP
from tests.search.test_coordinator import add
from tui.workspace.layout import Workspace
from tui.workspace.watching import Changes, watch_workspace, watched_folders

#: Generous: the watcher answers within a second and a half; a loaded machine may be slower.
DEADLINE_S = 20.0
#: Files written only to learn that the watch is in place; left out of what tests compare.
PROBE = "ready-"


class Watcher:
    """``watch_workspace`` running in a thread, as the app runs it, and what it reported."""

    def __init__(self, workspace: Workspace, **options: Any) -> None:
        self.workspace = workspace
        self.stop = threading.Event()
        self.seen: list[Changes] = []
        self._reported: queue.Queue[Changes] = queue.Queue()
        self._thread = threading.Thread(target=self._run, args=(options,), daemon=True)
        self._thread.start()

    def _run(self, options: dict[str, Any]) -> None:
        for changes in watch_workspace(self.workspace, self.stop, **options):
            self._reported.put(changes)

    def until(self, condition: Callable[[Watcher], bool], seconds: float = DEADLINE_S) -> None:
        """Collect what is reported until ``condition`` holds; fail after ``seconds``."""
        deadline = time.monotonic() + seconds
        while not condition(self):
            assert time.monotonic() < deadline, f"not reported in time; reported: {self.seen}"
            with contextlib.suppress(queue.Empty):
                self.seen.append(self._reported.get(timeout=0.1))

    @property
    def ids(self) -> set[str]:
        return {i for changes in self.seen for i in changes.article_ids if not i.startswith(PROBE)}

    @property
    def full_syncs(self) -> list[str]:
        return [changes.full_sync for changes in self.seen if changes.full_sync]

    def in_place(self) -> None:
        """Wait until the watch is in place: write probe articles until one is reported."""
        deadline = time.monotonic() + DEADLINE_S
        for number in range(1000):
            probe = self.workspace.article_path(f"{PROBE}{number}")
            probe.write_text("probe", "utf-8")
            with contextlib.suppress(AssertionError):
                self.until(lambda w: any(i.startswith(PROBE) for c in w.seen for i in c.article_ids), 0.5)
                break
            assert time.monotonic() < deadline, "the watch never reported a probe"
        self.seen.clear()

    def close(self) -> float:
        """Stop the watcher; how long it took to stop."""
        started = time.monotonic()
        self.stop.set()
        self._thread.join(DEADLINE_S)
        assert not self._thread.is_alive()
        return time.monotonic() - started


@contextlib.contextmanager
def watching(workspace: Workspace, **options: Any) -> Iterator[Watcher]:
    watcher = Watcher(workspace, **options)
    try:
        watcher.in_place()
        yield watcher
    finally:
        assert watcher.close() < 2.0  # stop_event is looked at every 50 ms


def reported(*ids: str) -> Callable[[Watcher], bool]:
    return lambda watcher: set(ids) <= watcher.ids


def test_articles_and_annotations_written_are_reported_by_id(workspace: Workspace) -> None:
    with watching(workspace) as watcher:
        add(workspace, FIRST, FUNDING_QUOTE, "funding")  # the store's own write: temporary file, rename
        workspace.article_path(CHINA_DAILY).unlink()
        (workspace.corpus_dir / "new.txt").write_text("A new article.", "utf-8")
        with workspace.article_path(SCMP).open("a", encoding="utf-8") as text:
            text.write("\nA correction.")
        watcher.until(reported(FIRST, CHINA_DAILY, "new", SCMP))
        assert watcher.ids == {FIRST, CHINA_DAILY, "new", SCMP}
        assert watcher.full_syncs == []


def test_files_that_cannot_be_articles_and_glossators_own_files_are_passed_over(
    workspace: Workspace,
) -> None:
    with watching(workspace) as watcher:
        (workspace.corpus_dir / "notes.md").write_text("not an article", "utf-8")
        (workspace.annotations_dir / "misplaced.txt").write_text("not annotations", "utf-8")
        (workspace.corpus_dir / "back\\slash.txt").write_text("cannot be an id", "utf-8")
        (workspace.corpus_dir / ".hidden.txt").write_text("hidden", "utf-8")
        (workspace.corpus_dir / ".git").mkdir()  # a hidden folder: no new folder to watch
        (workspace.corpus_dir / ".git" / "x.txt").write_text("hidden", "utf-8")
        temporary = workspace.annotations_dir / ".glossator-0123456789abcdef.tmp"
        temporary.write_text("half-written", "utf-8")
        temporary.unlink()
        workspace.usable_cache_dir()  # .glossator/: the index, written at every save
        (workspace.cache_dir / "segment.seg").write_bytes(b"index")
        (workspace.root / "README.md").write_text("about", "utf-8")
        (workspace.corpus_dir / "sentinel.txt").write_text("written last", "utf-8")
        watcher.until(reported("sentinel"))
        assert watcher.ids == {"sentinel"}
        assert watcher.full_syncs == []
        assert not any(changes.tag_set for changes in watcher.seen)


def test_a_changed_tag_set_is_reported(workspace: Workspace) -> None:
    with watching(workspace) as watcher:
        (workspace.root / "glossator.toml").write_text('[[tag]]\nname = "person"\nkey = "e"\n', "utf-8")
        watcher.until(lambda w: any(changes.tag_set for changes in w.seen))
        assert watcher.ids == set()


def test_a_folder_moved_in_is_watched_from_then_on_and_asks_for_a_full_sync(
    workspace: Workspace, tmp_path: Path
) -> None:
    incoming = tmp_path / "incoming"
    (incoming / "2016").mkdir(parents=True)
    (incoming / "2016" / "first.txt").write_text("Moved in with its folder.", "utf-8")
    with watching(workspace) as watcher:
        incoming.rename(workspace.corpus_dir / "incoming")
        watcher.until(lambda w: bool(w.full_syncs))
        assert watcher.full_syncs == ["corpus/incoming/ appeared"]
        (workspace.corpus_dir / "incoming" / "2016" / "second.txt").write_text("Written after.", "utf-8")
        watcher.until(reported("incoming/2016/second"))
        shutil.rmtree(workspace.corpus_dir / "incoming")
        watcher.until(lambda w: len(w.full_syncs) == 2)
        assert watcher.full_syncs[1] in ("corpus/incoming/ went away", "corpus/incoming/2016/ went away")


def test_the_annotations_folder_replaced_asks_for_a_full_sync(workspace: Workspace) -> None:
    with watching(workspace) as watcher:
        shutil.rmtree(workspace.annotations_dir)
        workspace.annotations_dir.mkdir()
        watcher.until(lambda w: bool(w.full_syncs))
        (workspace.annotations_dir / "after.toml").write_text("format = 1\n", "utf-8")
        watcher.until(reported("after"))


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Tester", "-c", "user.email=tester@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_a_git_checkout_of_another_branch_is_noticed(workspace: Workspace) -> None:
    root = workspace.root
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "corpus")
    git(root, "checkout", "-qb", "edited")
    workspace.article_path(SCMP).write_text("The story, rewritten.", "utf-8")
    git(root, "commit", "-qam", "an article edited")
    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-qb", "grown")
    (workspace.corpus_dir / "2017").mkdir()
    (workspace.corpus_dir / "2017" / "later.txt").write_text("A later article.", "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "a folder of articles")
    git(root, "checkout", "-q", "main")
    with watching(workspace) as watcher:
        git(root, "checkout", "-q", "edited")  # files only: their ids, nothing from .git/
        watcher.until(reported(SCMP))
        assert watcher.ids == {SCMP}
        assert watcher.full_syncs == []
        git(root, "checkout", "-q", "grown")  # a new folder: the watch restarts, everything is looked at
        watcher.until(lambda w: "corpus/2017/ appeared" in w.full_syncs)
        (workspace.corpus_dir / "2017" / "later.txt").write_text("Edited after the checkout.", "utf-8")
        watcher.until(reported("2017/later"))


def test_links_are_not_followed_out_of_the_workspace(workspace: Workspace, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace.corpus_dir / "elsewhere").symlink_to(elsewhere)
    (workspace.annotations_dir / "again").symlink_to(workspace.corpus_dir)  # inside, but a second copy
    folders = watched_folders(workspace)
    assert str(workspace.corpus_dir / "elsewhere") not in folders
    assert str(workspace.annotations_dir / "again") not in folders
    assert not any(folder.startswith(str(elsewhere)) for folder in folders)
    with watching(workspace) as watcher:
        (elsewhere / "outside.txt").write_text("not in the workspace", "utf-8")
        (workspace.corpus_dir / "sentinel.txt").write_text("written last", "utf-8")
        watcher.until(reported("sentinel"))
        assert watcher.ids == {"sentinel"}


def test_a_corpus_that_links_out_of_the_workspace_is_not_watched(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "corpus").symlink_to(tmp_path / "elsewhere")
    workspace = Workspace.open(tmp_path / "ws")
    assert watched_folders(workspace) == [str(workspace.root)]


def test_a_huge_batch_asks_for_a_full_sync(workspace: Workspace) -> None:
    with watching(workspace, huge_batch=3) as watcher:
        for number in range(40):
            (workspace.corpus_dir / f"bulk-{number}.txt").write_text("bulk", "utf-8")
        watcher.until(lambda w: any("files changed at once" in reason for reason in w.full_syncs))
        huge = next(changes for changes in watcher.seen if changes.full_sync)
        assert huge.article_ids == frozenset()


def test_polling_notices_changes_where_there_are_no_notifications(workspace: Workspace) -> None:
    with watching(workspace, force_polling=True, poll_delay_ms=100) as watcher:
        (workspace.corpus_dir / "polled.txt").write_text("seen by looking", "utf-8")
        watcher.until(reported("polled"))
        assert watcher.seen[0].problem == ""  # polling was asked for: nothing to warn about


# -- when the system refuses: a real process whose file descriptors run out --

CHILD = """
import json, os, resource, sys, threading
from tui.workspace.watching import watch_workspace
from tui.workspace.layout import Workspace

workspace, free = Workspace.open(sys.argv[1]), int(sys.argv[2])
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
spare = [os.open(os.devnull, os.O_RDONLY) for _ in range(free)]
limit = os.open(os.devnull, os.O_RDONLY)  # the lowest descriptor above the spare ones
for fd in [*spare, limit]:
    os.close(fd)
resource.setrlimit(resource.RLIMIT_NOFILE, (limit, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
print(json.dumps({"limited": limit}), flush=True)
for changes in watch_workspace(workspace, stop, poll_delay_ms=100, retry_s=0.2):
    print(json.dumps({"ids": sorted(changes.article_ids), "full_sync": changes.full_sync,
                      "problem": changes.problem}), flush=True)
"""


class Child:
    """The watcher in its own process, with ``free`` file descriptors left: what it prints."""

    def __init__(self, workspace: Workspace, free: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(workspace.root), str(free)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(json.loads(line))

    def next_line(self) -> dict[str, Any]:
        return self.lines.get(timeout=DEADLINE_S)

    def until_reported(self, article_id: str) -> None:
        deadline = time.monotonic() + DEADLINE_S
        while article_id not in self.next_line().get("ids", []):
            assert time.monotonic() < deadline

    def stop(self) -> int:
        """Close its input (it stops watching then) and wait for it: its exit code."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        return self.process.wait(DEADLINE_S)


@pytest.fixture
def child(workspace: Workspace) -> Iterator[Callable[[int], Child]]:
    started: list[Child] = []

    def start(free: int) -> Child:
        started.append(Child(workspace, free))
        assert "limited" in started[-1].next_line()
        return started[-1]

    yield start
    for process in started:
        assert process.stop() == 0


def test_refused_notifications_fall_back_to_polling(
    workspace: Workspace, child: Callable[[int], Child]
) -> None:
    watcher = child(1)  # one descriptor: no room for inotify and its event loop, room to list a folder
    first = watcher.next_line()
    assert "Too many open files" in first["problem"]
    assert "looks at the folders every 0.1 s instead" in first["problem"]
    assert first["full_sync"]
    (workspace.corpus_dir / "polled.txt").write_text("seen by looking", "utf-8")
    watcher.until_reported("polled")


def test_when_even_polling_fails_a_full_sync_is_asked_for_until_watching_works(
    workspace: Workspace, child: Callable[[int], Child]
) -> None:
    watcher = child(0)
    first = watcher.next_line()
    assert "Too many open files" in first["problem"]
    assert "trying again every 0.2 s" in first["problem"]
    assert first["full_sync"]
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.prlimit(watcher.process.pid, resource.RLIMIT_NOFILE, (hard, hard))  # descriptors are back
    while (line := watcher.next_line())["full_sync"] != "watching again after a failure":
        assert line["problem"] == ""  # the same problem is told once, not at every try
    (workspace.corpus_dir / "found.txt").write_text("seen again", "utf-8")
    watcher.until_reported("found")
