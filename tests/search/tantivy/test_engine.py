"""The tantivy engine's own parts: its analysis against its index, the writer lock, damaged
indexes, builds, saves and merges, the order of the empty query, snippets, the config."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import tantivy

from tests.workspace.test_tagset import FIVE
from tui.search import CorpusIndex
from tui.search.backend import Token
from tui.search.engines import engine_named
from tui.search.errors import BuildStoppedError, DamagedIndexError, IndexBusyError
from tui.search.manifest import stat_stamp
from tui.search.memory import MemoryEngine
from tui.search.tantivy import TantivyEngine
from tui.search.tantivy.engine import TantivyIndex
from tui.search.tantivy.highlighting import PART_CHARS
from tui.search.tantivy.schema import TEXT_FIELDS
from tui.search.tantivy.writing import WRITER_IDLE_S
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ...conftest import CHINA_DAILY, FIRST, FUNDING_QUOTE, REPO, TAIYUAN, XINHUA, run_cli
from ..test_coordinator import add, ids

TANTIVY = engine_named("tantivy")


@pytest.fixture
def index(workspace: Workspace) -> Iterator[CorpusIndex]:
    corpus_index = CorpusIndex.open(workspace, engine=TANTIVY)
    yield corpus_index
    corpus_index.close()


def tantivy_index(index: CorpusIndex) -> TantivyIndex:
    engine_index = index.engine_index
    assert isinstance(engine_index, TantivyIndex)
    return engine_index


def indexed_words(index: CorpusIndex, field: str, article_id: str) -> set[str]:
    """The terms the index holds in ``field`` for one article, read from its term dictionary."""
    engine_index = tantivy_index(index)
    only = tantivy.Query.term_query(engine_index.schema, "article", article_id)
    searcher = tantivy.Index.open(str(index.folder)).searcher()
    return {word for word, _ in searcher.terms_with_prefix(field, "", filter_query=only)}


# --- analysis: the words of ``analyse`` are the index's words -----------------------------------

ODD_TEXT = (
    "Café GÉNÉREUX investments, U.S. 16.5 million yuan ($2.53 million) — 中国 worked running; "
    "Ελληνικά ÖKONOMIE naïve co-operation O'Brien's e-mail x² ½ 🎉 "
    "Pneumonoultramicroscopicsilicovolcanoconiosis-and-more-words superlongwordthatgoesonandonandonandonforever "
    "and a word of 39 letters: abcdefghijabcdefghijabcdefghijabcdefghi, of 40: "
    "abcdefghijabcdefghijabcdefghijabcdefghij, and of 22 letters but 44 bytes: éééééééééééééééééééééé.\n"
)


def test_analyse_gives_the_words_the_index_holds_for_real_articles(
    workspace: Workspace, index: CorpusIndex
) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding", note="Seed rounds, incubators’ help", author="Wei Zhang")
    (workspace.corpus_dir / "odd.txt").write_text(f"Odd title\n\n{ODD_TEXT * 3}", "utf-8")
    add(workspace, "odd", "GÉNÉREUX investments", "policy", note=ODD_TEXT, author="Zoë O'Brien-Ågren")
    index.sync()
    engine = index.engine
    fields = ["body", "title", "source", "byline", "note", "author", "funding", "policy", "tag"]
    for article_id in workspace.article_ids():
        document = _document(workspace, article_id)
        for field in fields:
            analysed = engine.analyse(field, document[field])
            assert {token.word for token in analysed} == indexed_words(index, field, article_id), (
                article_id,
                field,
            )
    text = load_article(workspace, "odd").text
    for token in engine.analyse("body", text):  # offsets: each token alone analyses to itself
        assert engine.analyse("body", text[token.start : token.end]) == [
            Token(token.word, 0, token.end - token.start)
        ]
    words = {token.word for token in engine.analyse("body", ODD_TEXT)}
    assert {
        "invest",
        "café",
        "généreux",
        "中",
        "国",
        "run",
        "abcdefghijabcdefghijabcdefghijabcdefghi",
    } <= words
    assert not any(len(word.encode()) >= 40 for word in words)  # tokens of 40 bytes or more: dropped
    assert ids(index, "title:odd AND investment AND 中国") == ["odd"]
    assert ids(index, 'policy:généreux AND author:zoë AND note:"16.5 million"') == ["odd"]


def _document(workspace: Workspace, article_id: str) -> dict[str, str]:
    """The text of each field as the index was given it (``article_document``)."""
    from tui.annotations.store import AnnotationStore
    from tui.search.documents import prepare

    store = AnnotationStore(workspace)
    text_stamp = stat_stamp(workspace.article_path(article_id))
    assert text_stamp is not None
    document, _, _ = prepare(
        workspace, store, article_id, text_stamp, stat_stamp(workspace.annotation_path(article_id))
    )
    assert document is not None
    return {
        "body": document.body,
        "title": document.title,
        "source": document.source,
        "byline": document.byline,
        "note": document.note,
        "author": document.author,
        "tag": " ".join(document.tags),
        **document.tagged,
    }


def test_every_text_field_has_an_analyser_and_keys_are_whole_lowercased_values() -> None:
    engine = TantivyEngine(("policy",))
    assert set(TEXT_FIELDS) == {
        "title",
        "body",
        "note",
        "source",
        "byline",
        "author",
        "tag",
        "status",
        "band",
    }
    assert [t.word for t in engine.analyse("tag", "Funding  company")] == ["funding", "company"]
    assert [t.word for t in engine.analyse("policy", "Subsidies")] == ["subsidi"]  # a tag's spans: stemmed
    assert [t.word for t in engine.analyse("author", "Ada Lovelace's")] == ["ada", "lovelace", "s"]


# --- the writer lock, damaged indexes ----------------------------------------------------------

HOLD_WRITER = """
import sys, tantivy
writer = tantivy.Index.open(sys.argv[1]).writer(15_000_000, 1)
print("held", flush=True)
sys.stdin.read()
"""


def test_a_writer_lock_held_by_another_process_is_index_busy_after_a_bounded_wait(
    workspace: Workspace, index: CorpusIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.search.tantivy.writing.LOCK_TIMEOUT_S", 1.0)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER, str(index.folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        add(workspace, FIRST, "Harbin", "company")
        started = time.monotonic()
        with pytest.raises(IndexBusyError, match="being updated by another Glossator process") as raised:
            index.update_article(FIRST)
        assert 1.0 <= time.monotonic() - started < 5.0
        assert "\n" not in str(raised.value)
        assert ids(index, "venture investment")  # searches go on meanwhile
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    index.update_article(FIRST)  # the lock is free again
    assert ids(index, "tag:company") == [FIRST]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "segment-deleted", "segment-garbage", "no-meta"])
def test_a_damaged_index_is_damaged_when_opened_and_rebuilt_by_the_coordinator(
    workspace: Workspace, index: CorpusIndex, damage: str
) -> None:
    folder = index.folder
    index.close()
    for path in folder.iterdir():
        segment = path.suffix in (".idx", ".term", ".store", ".pos")
        if damage == "truncate":
            path.write_bytes(b"")
        elif damage == "garbage":
            path.write_bytes(os.urandom(200))
        elif damage == "segment-deleted" and path.suffix == ".idx":
            path.unlink()
        elif damage == "segment-garbage" and segment:
            path.write_bytes(os.urandom(300))
        elif damage == "no-meta" and path.name == "meta.json":
            path.unlink()
    with pytest.raises(DamagedIndexError):
        TantivyEngine(()).open(folder, ())
    reopened = CorpusIndex(workspace, TANTIVY)
    report = reopened.sync()
    assert report.rebuilt
    assert sorted(ids(reopened, "venture investment")) == sorted([FIRST, CHINA_DAILY])
    reopened.close()


# --- builds ------------------------------------------------------------------------------------


def test_a_build_reports_progress_and_stop_builds_stops_it_from_another_thread(
    workspace: Workspace, tmp_path: Path
) -> None:
    engine = TantivyEngine(())
    items = [(i, s, None) for i in workspace.article_ids() if (s := stat_stamp(workspace.article_path(i)))]
    progress: list[tuple[int, int]] = []
    (tmp_path / "whole").mkdir()
    built = engine.create(
        tmp_path / "whole", workspace, items, lambda d, t: progress.append((d, t)), lambda: False
    )
    assert progress == [(n, 5) for n in range(1, 6)] and sorted(built.manifest) == workspace.article_ids()

    (tmp_path / "stopped").mkdir()
    reached, stopped = threading.Event(), threading.Event()

    def slow(done: int, total: int) -> None:
        if done == 2:
            reached.set()
            assert stopped.wait(10)  # the other thread stops the build meanwhile

    def stop() -> None:
        reached.wait(10)
        engine.stop_builds()
        stopped.set()

    stopper = threading.Thread(target=stop)
    stopper.start()
    with pytest.raises(BuildStoppedError):
        engine.create(tmp_path / "stopped", workspace, items, slow, lambda: False)
    stopper.join()
    (tmp_path / "again").mkdir()
    assert engine.create(tmp_path / "again", workspace, items, None, lambda: False).manifest  # not stopped


def many_articles(count: int) -> dict[str, str]:
    return {f"a{n:05d}": f"Article {n}\n\nThe words of article number {n}: zq{n}." for n in range(count)}


def test_close_from_another_thread_stops_a_rebuild_while_searches_use_the_previous_build(
    make_workspace: Callable[[dict[str, str]], Workspace],
) -> None:
    workspace = make_workspace(many_articles(4000))
    index = CorpusIndex.open(workspace, engine=TANTIVY)
    previous = index.folder
    under_way = threading.Event()
    raised: list[BaseException] = []

    def rebuild() -> None:
        try:
            index.rebuild(lambda done, total: under_way.set() if done >= 500 else None)
        except BaseException as error:
            raised.append(error)

    thread = threading.Thread(target=rebuild)
    thread.start()
    assert under_way.wait(60)
    started = time.monotonic()
    assert ids(index, "zq7") == ["a00007"]  # from the previous build, without waiting
    assert time.monotonic() - started < 1
    started = time.monotonic()
    index.close()
    thread.join(5)
    assert not thread.is_alive() and time.monotonic() - started < 1.5
    assert len(raised) == 1 and isinstance(raised[0], BuildStoppedError), raised
    reopened = CorpusIndex(workspace, TANTIVY)
    assert not reopened.sync().rebuilt and reopened.folder == previous
    assert [path.name for path in workspace.cache_dir.glob("build-*")] == [previous.parent.name]
    reopened.close()


def test_close_during_the_first_build_leaves_no_build_behind(
    make_workspace: Callable[[dict[str, str]], Workspace],
) -> None:
    workspace = make_workspace(many_articles(4000))
    index = CorpusIndex(workspace, TANTIVY)
    under_way = threading.Event()
    raised: list[BaseException] = []

    def first_sync() -> None:
        try:
            index.sync(lambda done, total: under_way.set() if done >= 500 else None)
        except BaseException as error:
            raised.append(error)

    thread = threading.Thread(target=first_sync)
    thread.start()
    assert under_way.wait(60)
    index.close()
    thread.join(5)
    assert not thread.is_alive()
    assert len(raised) == 1 and isinstance(raised[0], BuildStoppedError), raised
    assert list(workspace.cache_dir.glob("build-*")) == []


# --- saves, commits of other processes, merges ---------------------------------------------------


def test_the_writer_is_kept_while_saves_come_merges_and_is_let_go_for_other_processes(
    workspace: Workspace, index: CorpusIndex
) -> None:
    engine_index = tantivy_index(index)
    assert not engine_index.refresh()
    for n in range(20):
        article_id = FIRST if n % 2 else XINHUA
        add(workspace, article_id, "Harbin", "company", note=f"save{n}")
        index.update_article(article_id)
        assert not engine_index.refresh()  # its own commits and merges are not news
    index.compact(everything=True)  # waits for the merges tantivy started
    assert engine_index.segments() < 8  # tantivy merges eight segments of a size
    assert len(index) == 5 and sorted(ids(index, "tag:company")) == sorted([FIRST, XINHUA])
    assert ids(index, "note:save19") == [FIRST] and ids(index, "note:save18") == [XINHUA]
    assert [h.tag_counts for h in index.search("note:save3").hits] == [{"company": 10}]

    add(workspace, XINHUA, "Kingdee", "funding")
    index.update_article(XINHUA)  # the writer is kept again: it holds the index's lock
    other = CorpusIndex.open(workspace, engine=TANTIVY)
    add(workspace, TAIYUAN, "Taiyuan", "policy", note="from the other process")
    started = time.monotonic()
    other.update_article(TAIYUAN)  # waits until the writer kept by the first is let go
    assert time.monotonic() - started < WRITER_IDLE_S + 5
    other.close()
    assert engine_index.refresh()  # another process committed
    assert not engine_index.refresh()
    assert ids(index, "note:other") == [TAIYUAN] and ids(index, "tag:funding") == [XINHUA]


SAVE_AND_EXIT = """
import sys
from tui.search import CorpusIndex
from tui.search.engines import engine_named
from tui.workspace.layout import Workspace
index = CorpusIndex.open(Workspace.open(sys.argv[1]), engine=engine_named("tantivy"))
index.update_article(sys.argv[2])
print("saved", flush=True)
"""


def test_a_process_that_exits_with_its_writer_kept_lets_it_go_cleanly(
    workspace: Workspace, index: CorpusIndex
) -> None:
    add(workspace, FIRST, "Harbin", "company", note="saved by a process that exits")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", SAVE_AND_EXIT, str(workspace.root), FIRST],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and result.stdout == "saved\n" and result.stderr == ""
    assert time.monotonic() - started < 10  # not held up by the idle wait
    tantivy.Index.open(str(index.folder)).writer(15_000_000, 1)  # the lock is free
    assert ids(index, "note:exits") == [FIRST]


def test_closing_lets_go_of_the_writer(workspace: Workspace, index: CorpusIndex) -> None:
    add(workspace, FIRST, "Harbin", "company")
    index.update_article(FIRST)
    folder = index.folder
    with pytest.raises(ValueError, match="LockBusy"):
        tantivy.Index.open(str(folder)).writer(15_000_000, 1)  # kept
    index.close()
    tantivy.Index.open(str(folder)).writer(15_000_000, 1)


def test_the_index_of_a_workspace_whose_folder_is_deleted_is_not_alive(
    workspace: Workspace, index: CorpusIndex
) -> None:
    engine_index = tantivy_index(index)
    assert engine_index.alive()
    (index.folder / "meta.json").unlink()
    assert not engine_index.alive() and not engine_index.refresh()
    assert index.sync().rebuilt


# --- the empty query: newest first, then by id ---------------------------------------------------


def test_the_empty_query_lists_newest_first_then_in_id_order_across_segments(
    make_workspace: Callable[[dict[str, str]], Workspace],
) -> None:
    articles = {f"u{n:02d}": f"Undated article {n}\n\nText {n}." for n in range(12)}
    articles |= {
        f"d{n}": f'+++\ntitle = "Dated {n}"\ndate = 2020-0{1 + n % 3}-01\n+++\nText.' for n in range(6)
    }
    workspace = make_workspace(articles)
    by_engine = {}
    for name, factory in (("tantivy", TANTIVY), ("memory", MemoryEngine)):
        corpus_index = CorpusIndex.open(workspace, engine=factory)
        for article_id in ("u07", "d4", "u00"):  # saved: their documents move to new segments
            (workspace.corpus_dir / f"{article_id}.txt").write_text(articles[article_id] + " Saved.", "utf-8")
            corpus_index.update_article(article_id)
        by_engine[name] = [
            [hit.article_id for hit in corpus_index.search("", limit).hits] for limit in (1, 4, 7, 30)
        ]
        assert corpus_index.search("", 4).total == 18
        corpus_index.close()
    assert by_engine["tantivy"] == by_engine["memory"]
    assert by_engine["tantivy"][-1][:6] == ["d2", "d5", "d1", "d4", "d0", "d3"]
    assert by_engine["tantivy"][-1][6:] == sorted(articles)[6:] and len(by_engine["tantivy"][1]) == 4


# --- snippets ------------------------------------------------------------------------------------


def test_snippets_mark_the_words_phrases_and_wildcards_matched(index: CorpusIndex) -> None:
    def marked(query: str) -> list[set[str]]:
        return [
            {hit.snippet.text[s:e].lower() for s, e in hit.snippet.highlights}
            for hit in index.search(query).hits
        ]

    assert all(words and words <= {"venture", "investment"} for words in marked("venture investment"))
    assert all(words and all(w.startswith("incub") for w in words) for words in marked("incub*"))
    assert all(words == {"harbin"} for words in marked("harb?n"))
    assert all(words and words <= {"rust", "belt"} for words in marked('"the rust belt"'))
    assert all(words == {"harbin"} for words in marked("harbin NOT kingdee"))
    assert all(not words for words in marked("title:taiyuan"))  # no body words: the opening


def test_a_snippet_finds_a_match_far_into_a_long_article(
    make_workspace: Callable[[dict[str, str]], Workspace],
) -> None:
    filler = "Nothing to see in this sentence of the report. " * (3 * PART_CHARS // 47)
    text = f"Long report\n\n{filler}The zeppelin landed here.\n{filler}"
    workspace = make_workspace({"long": text})
    corpus_index = CorpusIndex.open(workspace, engine=TANTIVY)
    [hit] = corpus_index.search("zeppelins").hits
    corpus_index.close()
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.highlights] == ["zeppelin"]
    assert "The zeppelin landed here." in hit.snippet.text and len(hit.snippet.text) < 240


# --- choosing the engine -----------------------------------------------------------------------


def test_glossator_toml_chooses_tantivy_and_the_cli_searches_with_it(workspace: Workspace) -> None:
    (workspace.root / "glossator.toml").write_text(FIVE.replace('"whoosh"', '"tantivy"'), "utf-8")
    assert CorpusIndex(workspace).engine.name == "tantivy"
    found = run_cli("search", "kingdee", cwd=workspace.root)
    assert found.returncode == 0, found.stderr
    assert XINHUA in found.stdout and "Traceback" not in found.stderr


NO_TANTIVY = """
import sys
sys.modules["tantivy"] = None  # as if it were not installed: importing it fails
from tui.cli import main
sys.argv = ["glossator", "search", "kingdee"]
sys.exit(main())
"""


def test_a_workspace_naming_tantivy_where_it_is_not_installed_says_how_to_install_it(
    workspace: Workspace,
) -> None:
    (workspace.root / "glossator.toml").write_text(FIVE.replace('"whoosh"', '"tantivy"'), "utf-8")
    result = subprocess.run(
        [sys.executable, "-c", NO_TANTIVY],
        cwd=workspace.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "the tantivy engine needs tantivy, which is not installed: pip install 'glossator[tantivy]'"
        in result.stderr
    )
