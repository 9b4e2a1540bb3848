"""The coordinator on every engine: Whoosh, tantivy, and the in-memory engine.

The same behaviours, the same queries, the same answers: what the coordinator does (sync,
saves, journal, rebuilds when the tag set changes, hits with their annotations) does not
depend on the engine, and the query language users type is parsed once, for all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest

from tests.workspace.test_tagset import FIVE
from tui.search import CorpusIndex, QueryError
from tui.search.engines import EngineFactory, engine_named
from tui.search.memory import MemoryEngine
from tui.workspace.layout import Workspace

from ..conftest import CHINA_DAILY, FIRST, FUNDING_QUOTE, SCMP, TAIYUAN, XINHUA
from .test_coordinator import add

ENGINES: dict[str, EngineFactory] = {
    "whoosh": engine_named("whoosh"),
    "tantivy": engine_named("tantivy"),
    "memory": MemoryEngine,
}


@pytest.fixture(params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest) -> EngineFactory:
    return ENGINES[request.param]


@pytest.fixture
def index(workspace: Workspace, engine: EngineFactory) -> Iterator[CorpusIndex]:
    corpus_index = CorpusIndex.open(workspace, engine=engine)
    yield corpus_index
    corpus_index.close()


def ids(index: CorpusIndex, query: str) -> list[str]:
    return sorted(hit.article_id for hit in index.search(query, limit=50).hits)


def test_the_default_engine_is_whoosh_and_tantivy_and_the_memory_engine_are_others(
    index: CorpusIndex,
) -> None:
    assert index.engine.name in ("whoosh", "tantivy", "memory")
    assert index.fingerprint.startswith(index.engine.name + "-")
    assert len(index) == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("venture investment", [FIRST, CHINA_DAILY]),
        ('"venture investment"', [FIRST, CHINA_DAILY]),
        ('"investment venture"', []),
        ("kingdee", [XINHUA]),
        ("kingdee OR taiyuan", [TAIYUAN, XINHUA]),
        ("venture NOT investment", []),
        ("date:2016-03", [CHINA_DAILY]),
        ("date:[2016 TO 2020] AND venture", [CHINA_DAILY]),
        ("kingd*", [XINHUA]),
        ("title:taiyuan", [TAIYUAN]),
    ],
)
def test_the_same_query_finds_the_same_articles_on_every_engine(
    index: CorpusIndex, query: str, expected: list[str]
) -> None:
    assert ids(index, query) == sorted(expected)


def test_saves_syncs_and_annotation_fields_on_every_engine(workspace: Workspace, index: CorpusIndex) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding", note="seed round", author="Wei Zhang")
    assert not index.update_article(FIRST)
    assert ids(index, "tag:funding") == [FIRST]
    assert ids(index, "funding:yuan") == [FIRST]
    assert ids(index, "note:seed") == [FIRST]
    assert ids(index, "author:wei") == [FIRST]
    hit = index.search("funding:yuan").hits[0]
    assert [a.quote for a in hit.annotations] == [FUNDING_QUOTE]
    assert hit.tag_counts == {"funding": 1}
    os.remove(workspace.article_path(SCMP))
    report = index.sync()
    assert report.removed == [SCMP] and SCMP not in ids(index, "")
    restarted = CorpusIndex(workspace, type(index.engine))
    assert restarted.sync().total_changes == 0  # the journal recorded the save
    assert ids(restarted, "tag:funding") == [FIRST]
    restarted.close()


def test_a_fourth_and_fifth_tag_are_fields_and_changing_the_set_rebuilds_the_index(
    workspace: Workspace, engine: EngineFactory
) -> None:
    first = CorpusIndex.open(workspace, engine=engine)
    with pytest.raises(QueryError, match="unknown field 'person'"):
        first.search("person:wei")
    first.close()
    (workspace.root / "glossator.toml").write_text(FIVE, "utf-8")
    add(workspace, FIRST, "Harbin", "place")
    add(workspace, XINHUA, "Kingdee", "person", note="not a person, a test")
    index = CorpusIndex(workspace, engine)
    report = index.sync()
    assert report.rebuilt and report.reason == "the tag set or the index format changed"
    assert ids(index, "tag:person") == [XINHUA]
    assert ids(index, "person:kingdee") == [XINHUA]
    assert ids(index, "place:harbin OR person:kingdee") == [FIRST, XINHUA]
    assert index.search("tag:place").hits[0].tag_counts == {"place": 1}
    with pytest.raises(
        QueryError, match="unknown tag 'people'; tags are policy, funding, company, person, place"
    ):
        index.search("tag:people")
    index.close()


def test_suggestions_are_found_by_status_and_left_out_of_tag_searches(
    workspace: Workspace, index: CorpusIndex
) -> None:
    from dataclasses import replace

    from tui.annotations.model import SUGGESTED, new_annotation
    from tui.annotations.store import AnnotationStore
    from tui.workspace.articles import load_article

    text = load_article(workspace, XINHUA).text
    start = text.index("Kingdee")
    suggestion = replace(
        new_annotation(text, start, start + 7, "company", author="lexicon"), status=SUGGESTED
    )
    AnnotationStore(workspace).update(XINHUA, text, lambda on_disk: [*on_disk.annotations, suggestion])
    add(workspace, FIRST, "Harbin", "company")
    index.update_article(XINHUA)
    index.update_article(FIRST)
    assert ids(index, "tag:company") == [FIRST]
    assert ids(index, "company:kingdee") == []
    assert ids(index, "status:suggested") == [XINHUA]
    assert [a.quote for a in index.search("status:suggested").hits[0].annotations] == ["Kingdee"]
    with pytest.raises(QueryError, match="unknown status 'maybe'"):
        index.search("status:maybe")


def test_the_engine_is_the_one_glossator_toml_names(workspace: Workspace) -> None:
    from ..conftest import run_cli

    config = workspace.root / "glossator.toml"
    config.write_text(FIVE.replace('engine = "whoosh"', 'engine = "lucene"'), "utf-8")
    refused = run_cli("search", "harbin", cwd=workspace.root)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert (
        "glossator.toml: [search] engine = 'lucene' is not an engine; engines are tantivy, whoosh"
        in refused.stderr
    )
    config.write_text(FIVE, "utf-8")
    assert CorpusIndex(workspace).engine.name == "whoosh"


def test_progress_marks_are_found_by_status(workspace: Workspace, index: CorpusIndex) -> None:
    from tui.annotations.store import AnnotationStore
    from tui.project.progress import set_mark
    from tui.workspace.articles import load_article

    store = AnnotationStore(workspace)
    set_mark(store, FIRST, load_article(workspace, FIRST).text, "Ada", "done")
    set_mark(store, XINHUA, load_article(workspace, XINHUA).text, "Bob", "skipped")
    index.update_article(FIRST)
    index.update_article(XINHUA)
    assert ids(index, "status:done") == [FIRST]
    assert ids(index, "status:skipped") == [XINHUA]
    assert ids(index, "NOT status:done") == sorted([CHINA_DAILY, TAIYUAN, SCMP, XINHUA])


@pytest.mark.parametrize("query", ["", "venture", "venture OR kingdee", "NOT venture", "the", "kingd*"])
def test_matching_ids_are_every_article_a_search_finds(index: CorpusIndex, query: str) -> None:
    assert index.matching_ids(query) == ids(index, query)


def test_plain_words_find_notes_and_tagged_text_ranked_below_the_article_text(
    make_workspace: Callable[[dict[str, str | bytes]], Workspace], engine: EngineFactory
) -> None:
    workspace = make_workspace(
        {
            "in_text": "An angel investor backed the welding startup in Harbin last spring.",
            "in_note": "The welding startup in Harbin raised its first round last spring.",
            "tagged": "Kingdee opened an office in Harbin, where the angel fund is based.",
            **{f"other_{n}": f"A report on steel output number {n} in the northeast." for n in range(6)},
        }
    )
    add(workspace, "in_note", "first round", "funding", note="an angel round, says the founder")
    add(workspace, "tagged", "angel fund", "funding")
    index = CorpusIndex.open(workspace, engine=engine)
    try:
        ranked = [hit.article_id for hit in index.search("angel", limit=10).hits]
        # The note is found (before, only note:angel found it), after the texts that say it.
        assert sorted(ranked[:2]) == ["in_text", "tagged"] and ranked[2:] == ["in_note"]
        assert ids(index, '"angel round"') == ["in_note"]
        assert ids(index, "angel*") == ["in_note", "in_text", "tagged"]
        # A field named in the query is that field only.
        assert ids(index, "note:angel") == ["in_note"]
        assert ids(index, "funding:angel") == ["tagged"]
    finally:
        index.close()
