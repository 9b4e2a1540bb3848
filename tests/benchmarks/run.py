"""The benchmark suite: prints a table of Glossator's speed on the benchmark workspace.

Usage: python -m tests.benchmarks.run WORKSPACE [--quick]
(make WORKSPACE first with ``python -m tests.benchmarks.make_corpus WORKSPACE``).
Not part of the default test run; see `glossator help performance`.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import platform
import pty
import random
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tui.annotations.editing import ArticleEditor
from tui.annotations.fileformat import render
from tui.annotations.model import AnnotationFile, new_annotation
from tui.annotations.store import AnnotationStore
from tui.search import CorpusIndex, QueryError
from tui.search.whoosh.engine import WhooshIndex
from tui.workspace.articles import load_article, text_sha256
from tui.workspace.layout import Workspace

ROWS: list[tuple[str, str, str]] = []


def row(name: str, value: str, target: str = "") -> None:
    ROWS.append((name, value, target))
    print(f"  {name:<58} {value:>22}  {target}", flush=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    return f"p50 {pct(values, 0.5) * 1000:.1f} / p95 {pct(values, 0.95) * 1000:.1f} ms"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def subset(source: Workspace, ids: list[str], target: Path) -> Workspace:
    for article_id in ids:
        for src, dst in (
            (source.article_path(article_id), target / "corpus" / f"{article_id}.txt"),
            (source.annotation_path(article_id), target / "annotations" / f"{article_id}.toml"),
        ):
            if src.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
    (target / "annotations").mkdir(parents=True, exist_ok=True)
    return Workspace.open(target)


def bench_build(workspace: Workspace, quick: bool) -> None:
    ids = workspace.article_ids()
    sizes = [1000] if quick else [1000, 10_000, len(ids)]
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            target = subset(workspace, ids[:size], Path(folder)) if size < len(ids) else workspace
            megabytes = sum(target.article_path(i).stat().st_size for i in ids[:size]) / 1e6
            index = CorpusIndex(target)
            started = time.perf_counter()
            index.rebuild()
            seconds = time.perf_counter() - started
            bytes_ = folder_size(index.folder)
            index.close()
            row(
                f"full build, {size:,} articles",
                f"{seconds:.1f} s ({size / seconds:,.0f} art/s, {megabytes / seconds:.2f} MB/s)",
                f"index {bytes_ / 1e6:.0f} MB" + ("; target ≤ 50 s" if size == len(ids) else ""),
            )


def bench_sync(workspace: Workspace) -> None:
    CorpusIndex.open(workspace).close()
    times = []
    for _ in range(5):
        started = time.perf_counter()
        CorpusIndex.open(workspace).close()
        times.append(time.perf_counter() - started)
    row("start-up sync, nothing changed", f"{statistics.median(times):.3f} s", "target ≤ 0.3 s")
    changed = workspace.annotation_path(workspace.annotated_ids()[0])
    times = []
    for n in range(5):
        changed.write_text(changed.read_text("utf-8").replace('author = "', f'author = "{n}', 1), "utf-8")
        started = time.perf_counter()
        index = CorpusIndex.open(workspace)
        times.append(time.perf_counter() - started)
        index.close()
    row("start-up sync, one annotation file changed", f"{statistics.median(times):.3f} s", "target ≤ 0.2 s")


def query_set(workspace: Workspace) -> dict[str, str]:
    store = AnnotationStore(workspace)
    words: Counter[str] = Counter()
    for article_id in workspace.annotated_ids()[:300]:
        for annotation in store.load(article_id, None).annotations:
            if annotation.tag == "funding":
                words.update(w.lower() for w in re.findall(r"[A-Za-z]{5,}", annotation.quote))
    funding_word = words.most_common(1)[0][0]
    return {
        "one term": "market",
        "two terms": "oil prices",
        "phrase": '"interest rates"',
        "tag:": "tag:funding",
        "tagged text": f"funding:{funding_word}",
        "combined": "tag:company AND NOT tag:policy AND market",
    }


def bench_search(index: CorpusIndex, queries: dict[str, str], label: str, runs: int = 30) -> list[float]:
    everything = []
    for name, query in queries.items():
        index.search(query)  # warm
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            index.search(query, limit=20)
            times.append(time.perf_counter() - started)
        everything += times
        row(f"search {label}: {name} ({query})", ms(times), "target p95 ≤ 40 ms")
    return everything


def slow_query_set(index: CorpusIndex) -> dict[str, str]:
    """Queries that used to take seconds (ranges, leading wildcards, big ORs) and mistakes."""
    counts: Counter[str] = Counter()
    for article_id in index.workspace.article_ids()[:500]:  # the commonest words, from a sample
        counts.update(set(re.findall(r"[a-z]{3,}", load_article(index.workspace, article_id).text.lower())))
    common = [(count, word) for word, count in counts.most_common()]
    words = [word for _, word in common if len(word) >= 3][:60]
    return {
        "range over words": "[a to z]",
        "exclusive range": "{a to z}",
        "body range": "body:[a to zzzz]",
        "leading wildcard": "*ar*",
        "wildcard ar*": "ar*",
        "wildcard th*": "th*",
        "wildcard co* (1,400 words)": "co*",
        "OR of 6 common words": " OR ".join(words[:6]),
        "OR of 60 common words": " OR ".join(words[:60]),
        "NOT NOT NOT x": "NOT NOT NOT x",
        "date range with times": "date:[2016-01-01T00:00 to 2016-02-01]",
    }


def bench_slow_queries(index: CorpusIndex, runs: int = 3) -> None:
    """Each answers within 1 s or is refused with a message."""
    for name, text in slow_query_set(index).items():
        times, outcome = [], ""
        for _ in range(runs):
            started = time.perf_counter()
            try:
                outcome = f"{index.search(text, limit=20).total:,} results"
            except QueryError as error:
                outcome = f"refused: {str(error)[:60]}"
            times.append(time.perf_counter() - started)
        row(f"query {name}", f"{max(times):.3f} s", f"target ≤ 1 s or refused; {outcome}")


def bench_big_annotation_file(workspace: Workspace, count: int = 50_000) -> None:
    """tag:funding with one article of ``count`` annotations among 1,000 articles."""
    with tempfile.TemporaryDirectory() as folder:
        target = subset(workspace, workspace.article_ids()[:1000], Path(folder))
        text = "".join(f"Word{n:06d} " for n in range(count))
        (target.corpus_dir / "huge.txt").write_text(text, "utf-8")
        tags = ("policy", "funding", "company")
        spans = tuple(
            new_annotation(
                text, n * 11, n * 11 + 10, tags[n % 3], author="bulk", note="bulk" if n % 7 else ""
            )
            for n in range(count)
        )
        target.annotation_path("huge").write_text(
            render(AnnotationFile("huge", text_sha256(text), spans)), "utf-8"
        )
        index = CorpusIndex(target)
        started = time.perf_counter()
        index.rebuild()
        row(
            f"full build, 1,000 articles + one of {count:,} annotations",
            f"{time.perf_counter() - started:.1f} s",
        )
        for query in ("tag:funding", "tag:funding AND word000004", "funding:word000004", "note:bulk"):
            index.search(query)
            times = []
            for _ in range(10):
                started = time.perf_counter()
                hits = index.search(query, limit=50).hits  # the app's RESULT_LIMIT
                times.append(time.perf_counter() - started)
            listed = next((len(hit.annotations) for hit in hits if hit.article_id == "huge"), 0)
            row(
                f"search with a {count:,}-annotation file: {query}",
                ms(times),
                f"target ≤ 1 s; {listed} annotations listed for it",
            )
        index.close()


def timed_compact(index: CorpusIndex) -> float | None:
    """One background merge as the app's worker runs it: its duration, None if nothing to merge."""
    started = time.perf_counter()
    return time.perf_counter() - started if index.compact() else None


def bench_saves(workspace: Workspace, index: CorpusIndex, count: int) -> None:
    """Back-to-back saves, each followed (like in the app) by a merge request to a worker thread."""
    rng = random.Random(3)
    store = AnnotationStore(workspace)
    ids = workspace.article_ids()
    times = []
    worker = ThreadPoolExecutor(max_workers=1)
    merges = []
    for n in range(count):
        article = load_article(workspace, rng.choice(ids))
        words = [m.span() for m in re.finditer(r"[A-Za-z]{4,}", article.text)]
        if not words:
            continue
        editor = ArticleEditor(store, article, "bench")
        start, end = rng.choice(words)
        started = time.perf_counter()
        editor.add(start, end, "policy", note=f"zq{n}x")
        editor.save(*editor.snapshot())
        index.update_article(article.id)
        while not index.search(f"tag:policy AND note:zq{n}x").hits:
            index.update_article(article.id)
        times.append(time.perf_counter() - started)
        merges.append(worker.submit(timed_compact, index))
    worker.shutdown(wait=True)
    row(f"save to searchable ({count} saves)", ms(times), "target p95 ≤ 80 ms")
    durations = [seconds for seconds in (merge.result() for merge in merges) if seconds is not None]
    engine_index = index.engine_index
    segments = len(engine_index.segments()) if isinstance(engine_index, WhooshIndex) else "-"
    row(
        "background merges during those saves",
        f"{len(durations)}"  # tantivy merges in its writer's threads: compact() merges nothing
        + (
            f", p50 {pct(durations, 0.5) * 1000:.0f} / max {max(durations) * 1000:.0f} ms"
            if durations
            else ""
        ),
        f"{segments} segments after",
    )


def bench_cli(workspace: Workspace) -> None:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tui", "search", "oil prices", "-w", str(workspace.root)],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
    row("glossator search, process start to output", f"{statistics.median(times):.2f} s", "target ≤ 0.5 s")


#: The app scripts' wait for their workers: all but the file watcher, which runs until quit.
SETTLE = r"""
async def settle(app, pilot):
    busy = [worker for worker in app.workers if worker.group != "watch"]
    if busy:
        await app.workers.wait_for_complete(busy)
    await pilot.pause()
"""

APP_SCRIPT = r"""
import asyncio, json, sys, time
started = time.perf_counter()
from tui.app.app import GlossatorApp
from tui.workspace.layout import Workspace
from textual.widgets import Static

async def main():
    app = GlossatorApp(Workspace.open(sys.argv[1]), author="bench")
    async with app.run_test(size=(120, 40)) as pilot:
        status = app.search_panel.query_one("#status", Static)
        while not status.render().plain.endswith(("results", "result")) and "showing" not in status.render().plain:
            await pilot.pause(0.01)
        first = time.perf_counter() - started
        await pilot.press(*"oil prices", "enter")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork and exec.
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({"first_results": first, "max_rss_mb": peak / 1024}))

asyncio.run(main())
"""

KEYS_SCRIPT = r"""
import asyncio, json, sys, time
from tui.app.app import GlossatorApp
from tui.app.annotator import Annotator
from tui.workspace.layout import Workspace

async def main():
    app = GlossatorApp(Workspace.open(sys.argv[1]), author="bench")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_article("big")
        for _ in range(3):
            await settle(app, pilot)
        viewer = app.query_one(Annotator)
        viewer.focus(); await pilot.pause()
        baseline, timings = [], {}
        for key in ["down", "pagedown", "j", "right_square_bracket", "pageup", "w"]:
            times = []
            for _ in range(60):
                before = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                times.append(time.process_time() - before)
            timings[key] = times
        # The same presses with nothing to do (an unbound key), to subtract Pilot's own cost.
        for _ in range(60):
            before = time.process_time()
            await pilot.press("f12")
            await pilot.pause()
            baseline.append(time.process_time() - before)
    print(json.dumps({"timings": timings, "baseline": baseline}))

asyncio.run(main())
"""


def bench_app(workspace: Workspace) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SETTLE + APP_SCRIPT, str(workspace.root)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    row("app launch to first results painted", f"{figures['first_results']:.2f} s", "target ≤ 1.2 s")
    row("peak RSS, full workspace open", f"{figures['max_rss_mb']:.0f} MB", "target ≤ 300 MB")


#: Terminal control sequences, taken out of what the app writes to find its text.
ANSI = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()#][0-9A-Za-z]|\x1b[=>78]"
)


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used, all its threads (user + system; Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench_idle(workspace: Workspace, seconds: float = 15.0) -> None:
    """The app left alone in a real terminal (a pty, 80 by 24) once it shows results: the CPU it uses.

    Changes on disk are reported by the operating system (tui/workspace/watching.py), so this should
    not grow with the corpus; the full sync every second it replaced did.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "-w", str(workspace.root)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(slave)
    shown = threading.Event()

    def read_screen() -> None:  # read all the app writes, or it blocks writing to the terminal
        tail = ""
        with contextlib.suppress(OSError):  # EIO once the app has quit
            while chunk := os.read(master, 65536):
                tail = (tail + chunk.decode("utf-8", "replace"))[-4096:]
                if re.search(r"\d results?\b", ANSI.sub("", tail)):
                    shown.set()

    threading.Thread(target=read_screen, daemon=True).start()
    try:
        if not shown.wait(900):
            raise RuntimeError("the app showed no results in 15 minutes")
        time.sleep(5)  # the first search's snippets, the last paint
        before = cpu_seconds(process.pid)
        time.sleep(seconds)
        used = cpu_seconds(process.pid) - before
    finally:
        os.write(master, b"\x11")  # ctrl+q
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        os.close(master)
    row(
        f"app idle, nothing changing (CPU over {seconds:.0f} s)",
        f"{100 * used / seconds:.1f}% of a core",
        "target ≤ 5%",
    )


def bench_keys() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "corpus").mkdir()
        paragraph = "The provincial government funded 38 startups in Harbin with subsidies worth millions. "
        text = ""
        while len(text) < 1_000_000:
            text += paragraph * random.Random(len(text)).randint(1, 6) + "\n"
        (root / "corpus" / "big.txt").write_text(text, "utf-8")
        rng = random.Random(11)
        spans = []
        for _ in range(2000):
            start = rng.randrange(len(text) - 80)
            spans.append(
                new_annotation(
                    text,
                    start,
                    start + rng.randint(5, 60),
                    rng.choice(("policy", "funding", "company")),
                    author="b",
                )
            )
        (root / "annotations").mkdir()
        (root / "annotations" / "big.toml").write_text(
            render(AnnotationFile("big", text_sha256(text), tuple(spans))), "utf-8"
        )
        result = subprocess.run(
            [sys.executable, "-c", SETTLE + KEYS_SCRIPT, folder], capture_output=True, text=True, check=True
        )
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    overhead = statistics.median(figures["baseline"])
    for key, times in figures["timings"].items():
        net = [max(0.0, t - overhead) for t in times]
        row(f"keypress in a 1 MB article, 2,000 annotations: {key}", ms(net), "target ≤ 30 ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--quick", action="store_true", help="build 1,000 articles only, 20 saves")
    args = parser.parse_args()
    workspace = Workspace.open(args.workspace)
    print(f"Glossator benchmarks on {workspace.root}: {len(workspace.article_ids()):,} articles")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    steps: list[Callable[[], None]] = [
        lambda: bench_build(workspace, args.quick),
        lambda: bench_sync(workspace),
    ]
    for step in steps:
        step()
    index = CorpusIndex.open(workspace)
    queries = query_set(workspace)
    bench_search(index, queries, "before saves")
    bench_slow_queries(index)
    bench_saves(workspace, index, 20 if args.quick else 100)
    bench_search(index, queries, "after the saves")
    index.close()
    bench_big_annotation_file(workspace, 5_000 if args.quick else 50_000)
    bench_cli(workspace)
    bench_app(workspace)
    bench_idle(workspace)
    bench_keys()
    print()
    print("| measure | result | target / note |")
    print("| --- | --- | --- |")
    for name, value, target in ROWS:
        print(f"| {name} | {value} | {target} |")


if __name__ == "__main__":
    main()
