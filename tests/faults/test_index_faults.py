"""Faults of the search index with real processes: kills, concurrent builds, quitting midway,
links out of the workspace, a cache of the wrong shape, unreadable files, hostile queries.

Builds here are of a generated corpus big enough to be caught midway (2,000 articles, a
few seconds, built by a worker process; the size from which Whoosh's multiprocessing writer
was used before, which hung when two builds overlapped); the checks use ``python -m tui`` as a user would.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.search import BuildStoppedError, CorpusIndex
from tui.workspace.layout import Workspace

from ..conftest import CHINA_DAILY, FIRST, FUNDING_QUOTE, REPO, XINHUA
from ..search.test_coordinator import add

#: Real processes, killed and racing: run by CI and with `-m slow`, not by default.
pytestmark = pytest.mark.slow

ARTICLES = 2000
UNIQUE = "zebracorn"


def generate(root: Path, count: int = ARTICLES) -> Workspace:
    """``count`` short articles from a small vocabulary; article a00007 alone holds UNIQUE."""
    rng = random.Random(7)
    letters, vowels = "bcdfghjklmnpqrstvwxz", "aeiou"
    vocabulary = [
        "".join(rng.choice(letters) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))
        for _ in range(1500)
    ]
    (root / "corpus").mkdir(parents=True)
    (root / "annotations").mkdir()
    for number in range(count):
        words = rng.choices(vocabulary, k=90)
        if number == 7:
            words[10] = UNIQUE
        (root / "corpus" / f"a{number:05d}.txt").write_text(
            f"Report {number} from Harbin\n\n" + " ".join(words) + ".\n", "utf-8"
        )
    return Workspace.open(root)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("generated") / "ws").root


@pytest.fixture
def big(generated: Path, tmp_path: Path) -> Workspace:
    """A fresh copy of the generated workspace, without an index."""
    shutil.copytree(generated, tmp_path / "big")
    return Workspace.open(tmp_path / "big")


def glossator(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 90) -> tuple[int, str, str]:
    """Exit status and output; a process still running after ``timeout`` is a hang: killed, failed."""
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        for pid in descendants(process.pid):
            os.kill(pid, signal.SIGKILL)
        process.kill()
        process.communicate()
        pytest.fail(f"{process.args} still running after {timeout} s: hung")
    return process.returncode, out, err


def run(*args: str, cwd: Path, timeout: float = 90) -> tuple[int, str, str]:
    return finish(glossator(*args, cwd=cwd), timeout)


def parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else int(fields[1])


def build_workers() -> set[int]:
    """This process's live build workers (``python -m tui.search.whoosh.worker build``)."""
    found = set()
    for pid in descendants(os.getpid()):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"tui.search.whoosh.worker" in command and b"build" in command:
            found.add(pid)
    return found


def descendants(pid: int) -> set[int]:
    """The live processes below ``pid``."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = parent_of(int(entry))
            if parent is not None:
                parents[int(entry)] = parent
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    return parent_of(pid) is not None


def gone_within(pids: set[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def builds(workspace: Workspace) -> list[Path]:
    return sorted(workspace.cache_dir.glob("build-*"))


def current(workspace: Workspace) -> str | None:
    try:
        return str(json.loads((workspace.cache_dir / "current").read_text())["build"])
    except (OSError, ValueError, KeyError):
        return None


def wait_for_build_in_progress(workspace: Workspace, process: subprocess.Popen[str] | None = None) -> None:
    """Until a new build folder has its worker's part folder (the build is well under way)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"the build ended before it could be interrupted: {process.communicate()}")
        if any((build / "parts").exists() for build in builds(workspace) if build.name != current(workspace)):
            time.sleep(0.5)
            return
        time.sleep(0.02)
    pytest.fail("no build started")


def results(workspace: Workspace, query: str) -> int:
    status, out, err = run("search", query, "--json", cwd=workspace.root)
    assert status == 0, err
    return int(json.loads(out)["total"])


# --- 1. a killed or running build never empties the index ------------------------------------


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_rebuild_killed_midway_leaves_the_previous_index_and_no_processes(big: Workspace, how: int) -> None:
    assert run("index", cwd=big.root)[0] == 0
    before = current(big)
    rebuild = glossator("index", "--rebuild", cwd=big.root)
    wait_for_build_in_progress(big, rebuild)
    children = descendants(rebuild.pid)
    assert children, "the build runs in worker processes"
    os.kill(rebuild.pid, how)
    status, _, err = finish(rebuild)
    assert status in (-how, 130)
    assert "Traceback" not in err
    assert gone_within(children, 3), "worker processes outlived the build"
    assert current(big) == before
    assert results(big, UNIQUE) == 1
    status, out, _ = run("index", cwd=big.root)
    assert status == 0 and f"Index up to date: {ARTICLES} articles" in out
    # The half-made build is removed by the next process that may (no build running).
    assert [build.name for build in builds(big)] == [before]


def test_searches_during_a_rebuild_use_the_previous_index(big: Workspace) -> None:
    assert run("index", cwd=big.root)[0] == 0
    rebuild = glossator("index", "--rebuild", cwd=big.root)
    wait_for_build_in_progress(big, rebuild)
    assert results(big, UNIQUE) == 1
    assert results(big, "harbin") == ARTICLES
    status, _, err = finish(rebuild)
    assert status == 0, err
    assert results(big, UNIQUE) == 1


def test_a_search_while_the_first_build_runs_says_so(big: Workspace) -> None:
    build = glossator("index", cwd=big.root)
    wait_for_build_in_progress(big, build)
    started = time.monotonic()
    status, out, err = run("search", UNIQUE, cwd=big.root)
    assert time.monotonic() - started < 30
    if build.poll() is None or status != 0:
        assert status == 1, out
        assert err.strip() == (
            "glossator: the index is being built by another Glossator process; try again in a moment"
        )
    assert finish(build)[0] == 0
    assert results(big, UNIQUE) == 1


# --- 2. two builds at once finish or say busy ---------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [(["index", "--rebuild"], ["index", "--rebuild"]), (["index"], ["search", "harbin"])],
)
def test_two_builds_at_once_finish_or_say_busy(big: Workspace, first: list[str], second: list[str]) -> None:
    one = glossator(*first, cwd=big.root)
    wait_for_build_in_progress(big, one)
    two = glossator(*second, cwd=big.root)
    status_two, _, err_two = finish(two, timeout=60)
    status_one, _, err_one = finish(one, timeout=60)
    assert status_one == 0 and "Traceback" not in err_one, err_one
    assert "Traceback" not in err_two
    if status_two != 0:
        assert status_two == 1 and "being built by another Glossator process" in err_two, err_two
    assert results(big, UNIQUE) == 1
    assert run("index", cwd=big.root)[1].startswith(f"Index up to date: {ARTICLES} articles")


# --- 3. quitting stops a build at once ----------------------------------------------------------


def test_close_from_another_thread_stops_a_rebuild_within_a_second(big: Workspace) -> None:
    index = CorpusIndex.open(big)
    before = current(big)
    raised: list[BaseException] = []

    def rebuild() -> None:
        try:
            index.rebuild()
        except BaseException as error:
            raised.append(error)

    thread = threading.Thread(target=rebuild)
    thread.start()
    wait_for_build_in_progress(big)
    workers = build_workers()
    assert workers
    # Searches meanwhile answer from the previous build, without waiting for the build.
    started = time.monotonic()
    assert [hit.article_id for hit in index.search(UNIQUE).hits] == ["a00007"]
    assert time.monotonic() - started < 1
    started = time.monotonic()
    index.close()
    thread.join(5)
    assert not thread.is_alive()
    assert time.monotonic() - started < 1.5
    assert len(raised) == 1 and isinstance(raised[0], BuildStoppedError), raised
    assert gone_within(workers, 1)
    assert current(big) == before and [build.name for build in builds(big)] == [before]
    reopened = CorpusIndex(big)
    assert not reopened.sync().rebuilt
    assert len(reopened) == ARTICLES
    reopened.close()


def test_close_during_the_first_build_leaves_nothing_behind(big: Workspace) -> None:
    index = CorpusIndex(big)
    raised: list[BaseException] = []

    def first_sync() -> None:
        try:
            index.sync()
        except BaseException as error:
            raised.append(error)

    thread = threading.Thread(target=first_sync)
    thread.start()
    wait_for_build_in_progress(big)
    workers = build_workers()
    index.close()
    thread.join(5)
    assert not thread.is_alive()
    assert len(raised) == 1 and isinstance(raised[0], BuildStoppedError), raised
    assert gone_within(workers, 1)
    assert builds(big) == [] and current(big) is None


# --- 4. nothing outside the workspace is read, written or deleted --------------------------


def test_a_linked_cache_folder_is_refused_and_what_it_points_to_is_kept(
    workspace: Workspace, tmp_path: Path
) -> None:
    precious = tmp_path / "precious"
    (precious / "index").mkdir(parents=True)
    (precious / "index" / "thesis.tex").write_text("years of work")
    (precious / "manifest.json").write_text("{}")
    workspace.cache_dir.symlink_to(precious)
    for args in (["search", "harbin"], ["index"], ["index", "--rebuild"]):
        status, _, err = run(*args, cwd=workspace.root)
        assert status == 1
        assert err.count("\n") == 1 and "move .glossator away" in err
    assert (precious / "index" / "thesis.tex").read_text() == "years of work"
    assert sorted(path.name for path in precious.rglob("*")) == ["index", "manifest.json", "thesis.tex"]


def test_links_out_of_the_workspace_are_not_indexed_and_are_reported(
    workspace: Workspace, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("Secret quokkasecret payroll.\n")
    (workspace.corpus_dir / "passwd.txt").symlink_to("/etc/passwd")
    (workspace.corpus_dir / "secret.txt").symlink_to(outside)
    report = CorpusIndex(workspace).sync()
    assert sorted(item.path for item in report.skipped) == ["corpus/passwd.txt", "corpus/secret.txt"]
    assert all("outside the workspace" in item.reason for item in report.skipped)
    assert results(workspace, "quokkasecret") == 0 and results(workspace, "nologin") == 0


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_an_annotation_file_that_is_dev_zero_or_a_fifo_neither_hangs_nor_fills_memory(
    workspace: Workspace, target: str
) -> None:
    path = workspace.annotation_path(FIRST)
    if target == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(target)
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from tui.search import CorpusIndex\n"
        "from tui.workspace.layout import Workspace\n"
        "index = CorpusIndex.open(Workspace.open(sys.argv[1]))\n"
        f"index.update_article({FIRST!r})\n"
        "print(index.search('venture').total, index.search('tag:funding').total)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(workspace.root)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "0"]
    status, _, err = run("search", "venture", cwd=workspace.root, timeout=30)
    assert status == 0, err


# --- 5. a cache of the wrong shape, unreadable files: one line or a silent rebuild ------------


def one_line_failure(workspace: Workspace, *args: str) -> str:
    status, _, err = run(*args, cwd=workspace.root)
    assert status == 1 and "Traceback" not in err, err
    assert err.count("\n") == 1
    return err


def test_a_cache_folder_that_is_a_file_is_one_line(workspace: Workspace) -> None:
    workspace.cache_dir.write_text("not a folder")
    for args in (["search", "harbin"], ["index"], ["index", "--rebuild"]):
        assert "move .glossator away" in one_line_failure(workspace, *args)
    assert workspace.cache_dir.read_text() == "not a folder"


@pytest.mark.parametrize("shape", ["file", "link", "folder"])
def test_other_things_in_the_cache_folder_are_left_alone(
    workspace: Workspace, tmp_path: Path, shape: str
) -> None:
    """``.glossator/index`` (the old layout's folder) as a file or a link: not used, not removed."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    workspace.cache_dir.mkdir()
    legacy = workspace.cache_dir / "index"
    if shape == "file":
        legacy.write_text("mine")
    elif shape == "link":
        legacy.symlink_to(elsewhere)
    else:
        legacy.mkdir()
        (legacy / "notes.txt").write_text("mine")  # not a Whoosh file: kept
    assert results(workspace, "venture") == 2
    assert run("index", "--rebuild", cwd=workspace.root)[0] == 0
    assert results(workspace, "venture") == 2
    assert (elsewhere / "keep.txt").read_text() == "mine"
    if shape == "link":
        assert legacy.is_symlink()
    else:
        assert (legacy / "notes.txt" if shape == "folder" else legacy).read_text() == "mine"


def test_a_folder_where_the_pointer_file_goes_is_one_line(workspace: Workspace) -> None:
    (workspace.cache_dir / "current").mkdir(parents=True)
    assert "move .glossator/current away" in one_line_failure(workspace, "search", "harbin")


@pytest.mark.parametrize("what", ["manifest", "journal"])
def test_a_folder_in_place_of_the_manifest_or_journal_means_a_silent_rebuild(
    workspace: Workspace, what: str
) -> None:
    index = CorpusIndex.open(workspace)
    path = index.manifest_path if what == "manifest" else index.journal_path
    index.close()
    path.unlink(missing_ok=True)
    path.mkdir()
    (path / "x").write_text("x")
    add(workspace, FIRST, FUNDING_QUOTE, "funding")
    reopened = CorpusIndex(workspace)
    reopened.sync()
    reopened.update_article(FIRST)  # writes the journal (or the manifest when it cannot)
    assert [hit.article_id for hit in reopened.search("tag:funding").hits] == [FIRST]
    reopened.close()
    for args in (["index"], ["search", "tag:funding"]):
        status, _, err = run(*args, cwd=workspace.root)
        assert status == 0 and "Traceback" not in err, err
    assert results(workspace, "tag:funding") == 1


def test_a_manifest_of_the_wrong_shape_means_a_silent_rebuild(workspace: Workspace) -> None:
    shapes: list[object] = [
        {"x": 5},
        {FIRST: {"text": [1, 2, "sha"], "notes": None}},
        [[FIRST, 1, 2]],
        [[1, 2, 3, 4, 5, 6, 7]],
        [{FIRST: "text"}],
        "rows",
    ]
    for articles in shapes:
        index = CorpusIndex.open(workspace)
        manifest = index.manifest_path
        index.close()
        manifest.write_text(json.dumps({"schema": index.fingerprint, "articles": articles}))
        reopened = CorpusIndex(workspace)
        assert reopened.sync().rebuilt, articles
        assert len(reopened) == 5
        manifest = reopened.manifest_path
        reopened.close()
        manifest.write_text(json.dumps({"schema": index.fingerprint, "articles": articles}))
        status, out, err = run("search", "venture", "--json", cwd=workspace.root)
        assert status == 0 and json.loads(out)["total"] == 2, (articles, err)


def test_odd_names_are_one_problem_each_and_searches_work(workspace: Workspace) -> None:
    for name in ("C:drive.txt", "back\\slash.txt"):
        (workspace.corpus_dir / name).write_text("A quokka story.\n")
    index = CorpusIndex(workspace)
    report = index.sync()
    assert sorted(item.path for item in report.skipped) == ["corpus/C:drive.txt", "corpus/back\\slash.txt"]
    assert len(index) == 5 and index.search("venture").total == 2
    index.close()
    assert results(workspace, "venture") == 2 and results(workspace, "quokka") == 0


def test_an_article_too_big_to_read_is_one_problem(workspace: Workspace) -> None:
    """A case root cannot read either: files over the size limit are not read."""
    with open(workspace.corpus_dir / "huge.txt", "wb") as huge:
        huge.truncate(65 * 1024 * 1024)  # sparse: no disk used
    index = CorpusIndex(workspace)
    report = index.sync()
    assert [(item.path, "too big" in item.reason) for item in report.skipped] == [("corpus/huge.txt", True)]
    assert "huge" not in report.added and len(index) == 5
    again = index.sync()
    assert again.total_changes == 0 and [item.path for item in again.skipped] == ["corpus/huge.txt"]
    index.close()


# Permissions: run as an unprivileged user when the tests run as root (root reads anything).

NOBODY = 65534


def unprivileged(*args: str) -> list[str]:
    if os.geteuid() != 0:
        return list(args)
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *args]


@pytest.fixture
def shared() -> Iterator[Workspace]:
    """A copy of the bundled corpus owned by the user ``unprivileged`` runs as."""
    folder = Path(tempfile.mkdtemp(prefix="glossator-perm-", dir="/tmp"))
    root = folder / "ws"
    shutil.copytree(REPO / "corpus", root / "corpus")
    (root / "annotations").mkdir()
    if os.geteuid() == 0:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)
    try:
        yield Workspace.open(root)
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


def as_owner(*args: str, cwd: Path) -> tuple[int, str, str]:
    result = subprocess.run(
        unprivileged(sys.executable, *args), cwd=cwd, capture_output=True, text=True, timeout=90, check=False
    )
    return result.returncode, result.stdout, result.stderr


def owned(workspace: Workspace) -> None:
    if os.geteuid() == 0:
        for path in [workspace.root, *workspace.root.rglob("*")]:
            os.chown(path, NOBODY, NOBODY, follow_symlinks=False)


SYNC = """
import json, sys
from tui.search import CorpusIndex
from tui.workspace.layout import Workspace
index = CorpusIndex(Workspace.open(sys.argv[1]))
report = index.sync()
print(json.dumps({
    "skipped": sorted([item.path, item.reason] for item in report.skipped),
    "articles": len(index),
    "venture": [hit.article_id for hit in index.search("venture").hits],
    "funding": [hit.article_id for hit in index.search("tag:funding").hits],
}))
"""


def test_a_read_only_cache_folder_is_one_line_and_an_existing_index_still_answers(shared: Workspace) -> None:
    shared.cache_dir.mkdir()
    owned(shared)
    shared.cache_dir.chmod(0o555)
    for args in (["search", "harbin"], ["index"]):
        status, _, err = as_owner("-m", "tui", *args, cwd=shared.root)
        assert status == 1 and "Traceback" not in err, err
        assert err.count("\n") == 1 and "Permission denied" in err and ".glossator" in err
    shared.cache_dir.chmod(0o755)
    assert as_owner("-m", "tui", "index", cwd=shared.root)[0] == 0
    shared.cache_dir.chmod(0o555)
    status, out, err = as_owner("-m", "tui", "search", "venture", cwd=shared.root)
    assert status == 0 and "2 results" in out, err
    status, _, err = as_owner("-m", "tui", "index", "--rebuild", cwd=shared.root)
    assert status == 1 and err.count("\n") == 1 and "Permission denied" in err, err


def test_unreadable_articles_and_annotation_files_are_one_problem_each(shared: Workspace) -> None:
    add(shared, FIRST, FUNDING_QUOTE, "funding")
    add(shared, XINHUA, "Kingdee", "funding")
    owned(shared)
    shared.article_path(CHINA_DAILY).chmod(0o000)
    shared.annotation_path(XINHUA).chmod(0o000)
    status, out, err = as_owner("-c", SYNC, str(shared.root), cwd=REPO)
    assert status == 0, err
    found = json.loads(out)
    assert found["skipped"] == [
        [f"annotations/{XINHUA}.toml", "cannot be read: Permission denied"],
        [f"corpus/{CHINA_DAILY}.txt", "cannot be read: Permission denied"],
    ]
    assert found["articles"] == 4 and found["venture"] == [FIRST] and found["funding"] == [FIRST]
    # Readable again: indexed at the next sync, annotations and all.
    shared.article_path(CHINA_DAILY).chmod(0o644)
    shared.annotation_path(XINHUA).chmod(0o644)
    status, out, err = as_owner("-c", SYNC, str(shared.root), cwd=REPO)
    found = json.loads(out)
    assert found["skipped"] == [] and found["articles"] == 5
    assert sorted(found["funding"]) == sorted([FIRST, XINHUA])
    # A whole folder that cannot be read.
    shared.annotations_dir.chmod(0o000)
    status, out, err = as_owner("-c", SYNC, str(shared.root), cwd=REPO)
    assert status == 0, err
    found = json.loads(out)
    assert found["skipped"] == [["annotations", "cannot be read: Permission denied"]]
    assert found["articles"] == 5
    for args in (["index"], ["search", "venture"]):
        status, _, err = as_owner("-m", "tui", *args, cwd=shared.root)
        assert status == 0 and "Traceback" not in err, err
