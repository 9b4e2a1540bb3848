"""The Whoosh engine's own parts: merges aside, the merge worker, bounded wildcards and costs."""

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.search import CorpusIndex, QueryError
from tui.search.whoosh.engine import WhooshIndex
from tui.search.whoosh.merges import MERGE_FANIN, merge_aside, merge_plan
from tui.workspace.layout import Workspace

from ...conftest import FIRST, XINHUA
from ..test_coordinator import add, ids


@pytest.fixture
def index(workspace: Workspace) -> CorpusIndex:
    corpus_index = CorpusIndex.open(workspace)
    yield corpus_index
    corpus_index.close()


def whoosh_index(index: CorpusIndex) -> WhooshIndex:
    engine_index = index.engine_index
    assert isinstance(engine_index, WhooshIndex)
    return engine_index


def test_saves_do_not_merge_and_compact_merges_small_segments_by_size_class(
    workspace: Workspace, index: CorpusIndex
) -> None:
    def segments() -> int:
        return len(whoosh_index(index).segments())

    # In this five-article workspace the build's one segment is small too: with the saves'
    # one-document segments it makes MERGE_FANIN segments of the smallest size class.
    assert segments() == 1
    for n in range(MERGE_FANIN - 2):
        add(workspace, FIRST, "Harbin", "company", note=f"n{n}")
        index.update_article(FIRST)
    assert segments() == MERGE_FANIN - 1  # one segment a save: no merge on the save path
    assert not index.compact()  # a size class is merged only once it has MERGE_FANIN segments
    add(workspace, XINHUA, "Harbin", "company")
    index.update_article(XINHUA)
    assert index.compact()
    assert segments() == 1
    assert sorted(ids(index, "tag:company")) == sorted([FIRST, XINHUA])
    assert ids(index, "note:n5") == [FIRST]
    assert index.search("note:n5").hits[0].tag_counts == {"company": MERGE_FANIN - 2}
    assert len(index) == 5
    add(workspace, XINHUA, "Kingdee", "policy")
    index.update_article(XINHUA)
    assert index.compact(everything=True)
    assert segments() == 1


class Counted:
    """What the merge plan reads of a Whoosh segment: its document counts."""

    def __init__(self, live: int, deleted: int = 0) -> None:
        self.live, self.deleted = live, deleted

    def doc_count(self) -> int:
        return self.live

    def doc_count_all(self) -> int:
        return self.live + self.deleted


def test_merge_plan_merges_a_size_class_once_it_is_full_and_never_the_big_segments() -> None:
    big = [Counted(7000, deleted=40), Counted(8000)]
    ones = [Counted(1) for _ in range(MERGE_FANIN - 1)]
    emptied = Counted(0, deleted=1)  # its one document was saved again since
    tens = [Counted(10 + n) for n in range(MERGE_FANIN)]
    kept, merged = merge_plan([*big, *ones, *tens])
    assert kept == [*big, *ones] and merged == tens
    kept, merged = merge_plan([*big, *ones, emptied, tens[0]])
    assert kept == [*big, tens[0]] and merged == [*ones, emptied]
    kept, merged = merge_plan([*big, ones[0], tens[0]], everything=True)
    assert kept == big and merged == [ones[0], tens[0]]
    assert merge_plan([*big, ones[0]], everything=True) == ([*big, ones[0]], [])


def merge_in_steps(index: CorpusIndex, between: Callable[[], object], tmp_path: Path) -> None:
    """compact()'s steps, with ``between`` run while the merge is being written aside."""
    engine_index = whoosh_index(index)
    _kept, chosen = merge_plan(engine_index.segments(), everything=True)
    assert chosen
    tmp_path.mkdir()
    merged = merge_aside(str(index.folder), chosen, str(tmp_path), engine_index.schema)
    between()
    engine_index.swap_in(chosen, merged, tmp_path)


def test_a_save_during_a_merge_is_kept_and_its_old_version_stays_deleted(
    workspace: Workspace, index: CorpusIndex, tmp_path: Path
) -> None:
    add(workspace, XINHUA, "Harbin", "policy")
    index.update_article(XINHUA)  # two small segments now: the build's and this save's

    def save_again() -> None:
        add(workspace, XINHUA, "Kingdee", "funding", note="during the merge")
        add(workspace, FIRST, "Harbin", "company")
        index.update_article(XINHUA)
        index.update_article(FIRST)

    merge_in_steps(index, save_again, tmp_path / "aside")
    assert len(index) == 5
    assert ids(index, "note:during") == [XINHUA]
    assert ids(index, "tag:policy") == [XINHUA]
    assert [h.tag_counts for h in index.search("tag:policy").hits] == [{"policy": 1, "funding": 1}]
    assert ids(index, "tag:company") == [FIRST]
    assert ids(index, "*").count(XINHUA) == 1
    assert sorted(ids(index, "*")) == workspace.article_ids()


def test_a_merge_another_process_finished_first_is_dropped(
    workspace: Workspace, index: CorpusIndex, tmp_path: Path
) -> None:
    add(workspace, XINHUA, "Harbin", "policy")
    index.update_article(XINHUA)
    other = CorpusIndex.open(workspace)
    merge_in_steps(index, lambda: other.compact(everything=True), tmp_path / "aside")
    other.close()
    assert len(whoosh_index(index).segments()) == 1
    assert len(index) == 5 and ids(index, "tag:policy") == [XINHUA]


def test_merges_run_in_a_worker_process_that_is_replaced_if_it_dies(
    workspace: Workspace, index: CorpusIndex
) -> None:
    def segments() -> int:
        return len(whoosh_index(index).segments())

    for quote, tag in [("Harbin", "policy"), ("Kingdee", "funding")]:
        add(workspace, XINHUA, quote, tag)
        index.update_article(XINHUA)
        assert segments() == 2
        assert index.compact(everything=True)
        assert segments() == 1
        worker = whoosh_index(index).merge_process._process
        assert worker is not None and worker.pid != os.getpid()
        worker.kill()
        worker.wait()
    assert [h.tag_counts for h in index.search("tag:policy").hits] == [{"policy": 1, "funding": 1}]


def test_wildcards_find_and_highlight_what_they_match_but_not_too_many_words(
    index: CorpusIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Wildcards are answered from the union of their words' posting lists (``_DocSet``);
    # the snippet still marks what they matched.
    hits = index.search("incub*").hits
    assert hits
    for hit in hits:
        marked = {hit.snippet.text[s:e].lower() for s, e in hit.snippet.highlights}
        assert marked and all(word.startswith("incub") for word in marked)
    assert set(ids(index, "incub*")) == set(ids(index, "incubator OR incubators OR incubation"))
    assert set(ids(index, "harb?n AND NOT title:harb*")) <= set(ids(index, "harbin"))
    monkeypatch.setattr("tui.search.whoosh.queries.MAX_WILDCARD_TERMS", 3)
    assert ids(index, "kingd*") == [XINHUA]
    with pytest.raises(QueryError, match="the wildcard 'in\\*' matches too many words"):
        index.search("in*")


def test_a_query_needing_too_much_work_is_refused(
    index: CorpusIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "tui.search.whoosh.queries.MAX_QUERY_COST", 3000
    )  # "kingdee" in title, text and notes: 2,400
    assert ids(index, "kingdee")
    with pytest.raises(QueryError, match="the query would take too long"):
        index.search("harbin OR china OR city OR the OR year OR new OR company")
