"""Hostile and broken input: each gets a specific message, nothing crashes, nothing is lost."""

from __future__ import annotations

import json
import os

import pytest

from tui.annotations.store import AnnotationStore
from tui.search import CorpusIndex, QueryError
from tui.workspace.articles import load_article, text_sha256
from tui.workspace.layout import Workspace

from ..app.conftest import make_app, opened, settle
from ..conftest import FIRST, run_cli


def huge_annotation_file(workspace: Workspace) -> str:
    """Adds the article ``huge`` with a 100,000-annotation file to ``workspace``; its text.

    ``tests/benchmarks/bench_limits`` times loading it (well under 30 s).
    """
    text = "".join(f"Word{n:06d} " for n in range(100_000))
    workspace.article_path("huge").write_text(text, "utf-8")
    lines = [f'format = 1\narticle = "huge"\ntext_sha256 = "{text_sha256(text)}"\n']
    for n in range(100_000):
        start = n * 11
        lines.append(
            f'\n[[annotation]]\nid = "{n:016x}"\ntag = "company"\nstart = {start}\nend = {start + 10}\n'
            f'quote = "Word{n:06d}"\nauthor = "bulk"\ncreated = 2026-11-22T10:15:00Z\n'
        )
    workspace.annotation_path("huge").write_text("".join(lines), "utf-8")
    return text


@pytest.mark.slow
def test_a_100000_annotation_file_loads_checks_and_opens(make_workspace) -> None:
    workspace = make_workspace({})
    text = huge_annotation_file(workspace)
    loaded = AnnotationStore(workspace).load("huge", text)
    assert len(loaded.annotations) == 100_000 and loaded.problems == ()
    checked = run_cli("check", cwd=workspace.root)
    assert checked.returncode == 0, checked.stdout
    assert "100000 annotations" in checked.stdout


@pytest.mark.slow
async def test_the_app_opens_an_article_with_tens_of_thousands_of_annotations(make_workspace) -> None:
    # 20,000 rather than 100,000 keeps the suite quick: tomllib alone reads 100,000 in ~7 s
    # (that size is loaded and checked by the test above).
    text = "".join(f"Word{n:06d} " for n in range(20_000))
    workspace = make_workspace({"huge": text})
    from tui.annotations.model import new_annotation

    store = AnnotationStore(workspace)
    spans = [new_annotation(text, n * 11, n * 11 + 10, "policy", author="bulk") for n in range(20_000)]
    store.update("huge", text, lambda _: spans)
    async with opened(workspace, "huge", size=(100, 30)) as (app, _):
        from tui.app.annotation_list import AnnotationList

        listing = app.query_one(AnnotationList)
        assert listing.border_title == "Annotations (20000)"
        assert listing.option_count == 1001  # the first thousand and a line saying how many more


def test_deeply_nested_toml_is_a_message_not_a_crash(workspace: Workspace) -> None:
    path = workspace.annotation_path(FIRST)
    path.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n", "utf-8")
    loaded = AnnotationStore(workspace).load(FIRST, None)
    assert not loaded.writable
    assert "invalid TOML" in loaded.problems[0].reason
    checked = run_cli("check", cwd=workspace.root)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty", b""),
        ("binary", bytes(range(256)) * 40),
        ("latin1", "Caf\xe9 in Harbin".encode("latin-1")),
        ("crlf and tabs", b"Title\r\n\tIndented\rline\r\n"),
        ("données 北京 report", "CJK 中国 emoji 🚀 e\u0301 test".encode()),
    ],
)
def test_odd_corpus_files_are_indexed_searched_and_annotated(
    make_workspace, name: str, content: bytes
) -> None:
    workspace = make_workspace({name: content, "plain": "A plain article about quokkas."})
    index = CorpusIndex.open(workspace)
    assert len(index) == 2
    assert [hit.article_id for hit in index.search("quokkas").hits] == ["plain"]
    listed = run_cli("search", "", "--json", cwd=workspace.root)
    assert listed.returncode == 0, listed.stderr
    assert name in {hit["article"] for hit in json.loads(listed.stdout)["results"]}
    article = load_article(workspace, name)
    assert "\r" not in article.text
    if article.text.strip():
        from tui.annotations.model import new_annotation

        store = AnnotationStore(workspace)
        end = min(len(article.text), 6)
        start = next((i for i in range(end) if not article.text[i].isspace()), 0)
        store.update(
            name,
            article.text,
            lambda _: [new_annotation(article.text, start, end, "company", author="t")],
        )
        assert store.load(name, article.text).problems == ()
    assert run_cli("check", cwd=workspace.root).returncode in (0, 1)  # bad UTF-8 is reported, not fatal


@pytest.mark.slow
def test_a_20_mb_article_is_indexed_and_found(make_workspace) -> None:
    paragraph = "The provincial government funded startups in Harbin with subsidies. " * 20 + "\n"
    text = paragraph * (20_000_000 // len(paragraph)) + "A unique zebracorn closes it.\n"
    workspace = make_workspace({"big": text, "small": "Nothing here."})
    index = CorpusIndex.open(workspace)
    hits = index.search("zebracorn").hits
    assert [hit.article_id for hit in hits] == ["big"]
    assert "zebracorn" in hits[0].snippet.text


def test_invalid_utf8_article_is_reported_by_check(make_workspace) -> None:
    workspace = make_workspace({"bad": b"Caf\xe9 latte"})
    store = AnnotationStore(workspace)
    text = load_article(workspace, "bad").text
    from tui.annotations.model import new_annotation

    store.update("bad", text, lambda _: [new_annotation(text, 0, 4, "company", author="t")])
    checked = run_cli("check", cwd=workspace.root)
    assert checked.returncode == 1
    assert "corpus/bad.txt: -: not valid UTF-8 (first bad byte at offset 3)" in checked.stdout


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 10_000, "too long"),
        ("*e*", "would match nearly every word"),
        ("body:?", "would match nearly every word"),
        ('"unbalanced', "without a closing one"),
        ("((a)", "without a matching"),
        ("nofield:x", "unknown field"),
    ],
)
def test_hostile_queries_get_a_message(workspace: Workspace, query: str, message: str) -> None:
    index = CorpusIndex.open(workspace)
    with pytest.raises(QueryError, match=message):
        index.search(query)
    assert len(index.search("*").hits) == 5  # a lone * lists everything


async def test_the_app_stays_responsive_with_hostile_queries(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        from textual.widgets import Input, Static

        query = app.query_one(Input)
        query.value = "x" * 10_000
        await pilot.press("enter")
        await settle(pilot)
        status = app.search_panel.query_one("#status", Static).render().plain
        assert "too long" in status
        await pilot.press("slash")  # Enter went on to the results: back to the search box, as a user would
        query.value = "harbin"
        await pilot.press("enter")
        await settle(pilot)
        assert app.search_panel.query_one("#status", Static).render().plain.endswith("results")


def test_hostile_quotes_and_notes_in_cli_output(workspace: Workspace) -> None:
    from tui.annotations.model import new_annotation

    text = load_article(workspace, FIRST).text
    store = AnnotationStore(workspace)
    annotation = new_annotation(
        text, 0, 20, "policy", author="\x1b]8;;http://evil\x07Mallory", note="[bold]\x1b[2J\x08"
    )
    store.update(FIRST, text, lambda _: [annotation])
    for args in (["search", "tag:policy"], ["stats"]):
        result = run_cli(*args, cwd=workspace.root)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x08" not in result.stdout and "\x07" not in result.stdout
    assert "[bold]" in run_cli("search", "tag:policy", cwd=workspace.root).stdout


def test_a_read_only_annotation_file_is_reported_and_kept(workspace: Workspace) -> None:
    path = workspace.annotation_path(FIRST)
    path.write_text("not = [valid", "utf-8")
    os.utime(path, (1, 1))
    before = path.read_bytes()
    result = run_cli("reanchor", cwd=workspace.root)
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
