"""tantivy finds the articles Whoosh finds: the same query language, the same matching.

Both engines index the bundled corpus with annotations (tags, tagged spans, notes,
authors, a suggestion, progress marks) and answer the same queries: stems, phrases,
prefixes and wildcards, dates, NOT, and every field.  The differences that remain are
the stemmers' (Snowball's English on tantivy, Porter's on Whoosh), asserted at the end.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from tui.annotations.model import SUGGESTED, ProgressMark, new_annotation
from tui.annotations.store import AnnotationStore
from tui.search import CorpusIndex
from tui.search.engines import engine_named
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ...conftest import BUNDLED_CORPUS, CHINA_DAILY, FIRST, FUNDING_QUOTE, SCMP, TAIYUAN, XINHUA

QUERIES = [
    # words and stems
    "venture investment",
    "investments",
    "investing",
    "incubators",
    "incubation",
    "graduates",
    "economic",
    "provincial",
    "China's",
    "'venture investment'",
    "U.S.",
    "2.53",
    "the",
    "harbin^3 taiyuan",
    # phrases
    '"venture investment"',
    '"investment venture"',
    '"rust belt"',
    '"the rust belt"',
    '"bank of china"',
    "'china's rust'",
    # AND, OR, NOT
    "kingdee OR taiyuan",
    "venture NOT investment",
    "NOT harbin",
    "harbin AND NOT kingdee",
    "(harbin OR taiyuan) startup",
    "NOT (kingdee OR taiyuan) economy",
    # prefixes and wildcards
    "startup*",
    "innovation*",
    "kingd*",
    "incub*",
    "million*",
    "econom*",
    "harb?n",
    "entrepren*ship",
    "comp*ny",
    "ind*tries",
    # fields of the article
    "title:taiyuan",
    "title:boom",
    'title:"rust belt"',
    "source:xinhua",
    "byline:feifei",
    # dates
    "date:2016-03",
    "date:2024",
    "date:2016-03-25T08:55",
    "date:[2016 to 2020]",
    "date:[2020 to]",
    "date:[to 2017]",
    "date:{2016-03-25 to 2024}",
    "date:[2016 TO 2020] AND venture",
    "NOT date:2024",
    # fields of the annotations
    "tag:funding",
    "tag:company AND NOT tag:policy",
    "funding:yuan",
    "funding:yuans",
    'funding:"16.5 million"',
    "company:kingdee",
    'company:"kingdee international"',
    "policy:innovations",
    "policy:innov*",
    "note:incubator",
    "note:policy",
    'note:"a city"',
    "author:wei",
    "author:hopper",
    "author:lex*",
    "status:suggested",
    "status:done",
    "status:skipped",
    "status:suggested OR status:done",
]


def annotated_workspace(root: Workspace) -> Workspace:
    store = AnnotationStore(root)

    def add(article_id: str, quote: str, tag: str, note: str = "", author: str = "Ada Lovelace") -> None:
        text = load_article(root, article_id).text
        start = text.index(quote)
        annotation = new_annotation(
            text, start, start + len(quote), tag, author=author, note=note, tags=store.tag_set.names
        )
        if author == "lexicon":
            annotation = replace(annotation, status=SUGGESTED)
        store.update(article_id, text, lambda on_disk: [*on_disk.annotations, annotation])

    add(FIRST, FUNDING_QUOTE, "funding", note="seed round of the incubators", author="Wei Zhang")
    add(FIRST, "Harbin", "company", note="a city, not a company")
    add(XINHUA, "Kingdee", "company", author="lexicon")
    add(XINHUA, "Kingdee International", "company", note="software maker")
    add(TAIYUAN, "innovation", "policy", note="technological innovations policies", author="Grace Hopper")
    add(SCMP, "rust belt", "policy", author="Grace Hopper")
    for article_id, state in ((CHINA_DAILY, "done"), (TAIYUAN, "skipped")):
        mark = ProgressMark("Ada Lovelace", state, datetime(2024, 1, 1, tzinfo=UTC))
        store.update_progress(article_id, load_article(root, article_id).text, lambda _, mark=mark: [mark])
    return root


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, CorpusIndex]]:
    root = tmp_path_factory.mktemp("same") / "ws"
    shutil.copytree(BUNDLED_CORPUS, root / "corpus")
    (root / "annotations").mkdir()
    workspace = annotated_workspace(Workspace.open(root))
    opened = {name: CorpusIndex.open(workspace, engine=engine_named(name)) for name in ("whoosh", "tantivy")}
    yield opened
    for corpus_index in opened.values():
        corpus_index.close()


def found(corpus_index: CorpusIndex, query: str) -> list[str]:
    results = corpus_index.search(query, limit=50)
    assert results.total == len(results.hits)
    return sorted(hit.article_id for hit in results.hits)


@pytest.mark.parametrize("query", QUERIES)
def test_tantivy_finds_the_articles_whoosh_finds(indexes: dict[str, CorpusIndex], query: str) -> None:
    assert found(indexes["tantivy"], query) == found(indexes["whoosh"], query)


def test_the_queries_are_not_trivial(indexes: dict[str, CorpusIndex]) -> None:
    """Most queries find some articles and not all: the agreement above means something."""
    sizes = [len(found(indexes["whoosh"], query)) for query in QUERIES]
    assert sum(0 < size < 5 for size in sizes) >= 45
    assert len(QUERIES) >= 60


def test_the_annotations_listed_for_a_hit_are_the_same(indexes: dict[str, CorpusIndex]) -> None:
    for query in ("tag:company", "company:kingdee", "note:policy", "author:hopper", "status:suggested"):
        listed = {
            name: sorted((hit.article_id, a.id) for hit in index.search(query).hits for a in hit.annotations)
            for name, index in indexes.items()
        }
        assert listed["tantivy"] == listed["whoosh"] and listed["tantivy"], query


@pytest.mark.parametrize(
    ("query", "whoosh", "tantivy"),
    [
        # Porter stems "news" to "new": Whoosh finds every "new"; Snowball keeps "news".
        ("news", [FIRST, CHINA_DAILY, TAIYUAN, SCMP, XINHUA], []),
        # Porter stems "generously" to "gener", as "general"; Snowball to "generous".
        ("generously", [XINHUA], []),
    ],
)
def test_where_the_stemmers_differ(
    indexes: dict[str, CorpusIndex], query: str, whoosh: list[str], tantivy: list[str]
) -> None:
    assert found(indexes["whoosh"], query) == sorted(whoosh)
    assert found(indexes["tantivy"], query) == sorted(tantivy)
