"""The search index, on real Whoosh indexes in temporary workspaces."""

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.search import CorpusIndex, QueryError
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import CHINA_DAILY, FIRST, FUNDING_QUOTE, SCMP, XINHUA


def add(
    workspace: Workspace, article_id: str, quote: str, tag: str, note: str = "", author: str = "Ada Lovelace"
):
    text = load_article(workspace, article_id).text
    store = AnnotationStore(workspace)
    start = text.index(quote)
    annotation = new_annotation(
        text, start, start + len(quote), tag, author=author, note=note, tags=store.tag_set.names
    )
    store.update(article_id, text, lambda on_disk: [*on_disk.annotations, annotation])
    return annotation


def ids(index: CorpusIndex, query: str) -> list[str]:
    return [hit.article_id for hit in index.search(query, limit=50).hits]


@pytest.fixture
def index(workspace: Workspace) -> CorpusIndex:
    corpus_index = CorpusIndex.open(workspace)
    yield corpus_index
    corpus_index.close()


def test_first_open_builds_the_index_in_a_git_ignored_cache_folder(workspace: Workspace) -> None:
    progress: list[tuple[int, int]] = []
    corpus_index = CorpusIndex(workspace)
    report = corpus_index.sync(lambda done, total: progress.append((done, total)))
    assert report.rebuilt and report.reason == "no index yet"
    assert len(corpus_index) == 5
    assert progress[-1] == (5, 5)
    assert (workspace.root / ".glossator" / ".gitignore").read_text().strip().endswith("*")


def test_text_search_ranks_and_highlights(index: CorpusIndex) -> None:
    results = index.search("venture investment")
    assert results.total == 2
    hit = results.hits[0]
    assert hit.article_id in (FIRST, CHINA_DAILY)
    marked = [hit.snippet.text[s:e].lower() for s, e in hit.snippet.highlights]
    assert "venture" in marked and "investment" in marked
    assert hit.score > 0


def test_phrase_and_stemming(index: CorpusIndex) -> None:
    assert set(ids(index, '"makers\' space"')) == {FIRST, CHINA_DAILY}
    # English stemming: "investments" finds "investment".
    assert set(ids(index, "investments")) >= {FIRST, CHINA_DAILY}


def test_field_queries(index: CorpusIndex) -> None:
    assert ids(index, "title:entrepreneurs") == [XINHUA]
    assert ids(index, "source:xinhua") == [XINHUA]
    assert ids(index, "byline:feifei") == [CHINA_DAILY]
    assert ids(index, "date:[2016 to 2020]") == [CHINA_DAILY]
    assert ids(index, "date:2024") == [XINHUA]


def test_empty_query_lists_every_article_newest_first(index: CorpusIndex) -> None:
    listed = ids(index, "")
    assert listed[:2] == [XINHUA, CHINA_DAILY]
    assert len(listed) == 5


def test_results_carry_metadata_and_same_story(index: CorpusIndex) -> None:
    hit = next(h for h in index.search("venture investment").hits if h.article_id == CHINA_DAILY)
    assert hit.title.startswith("China's rust belt edges")
    assert (hit.source, hit.date) == ("China Daily", "2016-03-25T08:55")
    assert hit.same_story_as == (FIRST,)
    xinhua = index.search("Kingdee").hits[0]
    assert xinhua.same_story_as == ()


def same_story(index: CorpusIndex, article_id: str) -> tuple[str, ...]:
    return next(h for h in index.search("*", limit=50).hits if h.article_id == article_id).same_story_as


def test_same_story_follows_text_changes_not_annotation_saves(workspace: Workspace, index) -> None:
    assert same_story(index, CHINA_DAILY) == (FIRST,)
    add(workspace, FIRST, "Harbin", "company")
    index.update_article(FIRST)
    assert same_story(index, CHINA_DAILY) == (FIRST,)
    copy = workspace.corpus_dir / "005_copy.txt"
    shutil.copyfile(workspace.article_path(CHINA_DAILY), copy)
    index.update_article("005_copy")
    assert same_story(index, CHINA_DAILY) == (FIRST, "005_copy")
    workspace.article_path(FIRST).write_text("An unrelated note about weather in Dalian.\n", "utf-8")
    index.update_article(FIRST)
    assert same_story(index, CHINA_DAILY) == ("005_copy",)
    copy.unlink()
    index.update_article("005_copy")
    assert same_story(index, CHINA_DAILY) == ()


def test_same_story_sees_text_changes_indexed_by_another_process(workspace: Workspace, index) -> None:
    assert same_story(index, CHINA_DAILY) == (FIRST,)
    other = CorpusIndex.open(workspace)
    workspace.article_path(FIRST).write_text("An unrelated note about weather in Dalian.\n", "utf-8")
    other.update_article(FIRST)
    other.close()
    assert same_story(index, CHINA_DAILY) == ()


def test_annotations_are_searchable_by_tag_tagged_text_note_and_author(workspace: Workspace, index) -> None:
    funding = add(workspace, FIRST, FUNDING_QUOTE, "funding", note="seed round for the incubator")
    add(workspace, SCMP, "Woozoom", "company", author="Bob")
    index.update_article(FIRST)
    index.update_article(SCMP)
    assert ids(index, "tag:funding") == [FIRST]
    assert ids(index, "funding:yuan") == [FIRST]
    assert ids(index, "company:yuan") == []
    assert ids(index, "note:incubator") == [FIRST]
    assert ids(index, "author:ada") == [FIRST]
    assert ids(index, "author:bob") == [SCMP]
    assert ids(index, "tag:company AND NOT tag:funding") == [SCMP]
    hit = index.search("funding:yuan").hits[0]
    assert [a.id for a in hit.annotations] == [funding.id]
    assert hit.tag_counts == {"funding": 1}
    # With no body terms, the snippet shows the tagged span itself.
    start, end = hit.snippet.highlights[0]
    assert hit.snippet.text[start:end] == FUNDING_QUOTE
    # A text query lists no annotations.
    assert index.search("venture").hits[0].annotations == ()


def test_one_changed_annotation_file_reindexes_one_article(workspace: Workspace, index) -> None:
    add(workspace, XINHUA, "Kingdee International Software Group Co., Ltd.", "company")
    reopened = CorpusIndex(workspace)
    report = reopened.sync()
    assert not report.rebuilt
    assert (report.added, report.changed, report.removed) == ([], [XINHUA], [])
    assert ids(reopened, "tag:company") == [XINHUA]
    assert reopened.sync().total_changes == 0


def test_sync_sees_added_changed_and_removed_articles(workspace: Workspace, index) -> None:
    (workspace.corpus_dir / "extra").mkdir()
    (workspace.corpus_dir / "extra" / "new.txt").write_text("A quokka opened a bakery in Jilin.\n")
    os.remove(workspace.article_path(SCMP))
    path = workspace.article_path(XINHUA)
    path.write_text(path.read_text() + "\nPostscript about a platypus.\n")
    report = index.sync()
    assert report.added == ["extra/new"]
    assert report.changed == [XINHUA]
    assert report.removed == [SCMP]
    assert ids(index, "quokka") == ["extra/new"]
    assert ids(index, "platypus") == [XINHUA]
    assert SCMP not in ids(index, "")


def test_sync_articles_takes_in_only_the_articles_named(workspace: Workspace, index) -> None:
    """What a file watcher reports is taken in; other changes wait for a full sync."""
    (workspace.corpus_dir / "extra").mkdir()
    (workspace.corpus_dir / "extra" / "new.txt").write_text("A quokka opened a bakery in Jilin.\n")
    os.remove(workspace.article_path(SCMP))
    path = workspace.article_path(XINHUA)
    path.write_text(path.read_text() + "\nPostscript about a platypus.\n")
    add(workspace, FIRST, "Harbin", "funding")
    report = index.sync_articles(["extra/new", SCMP, FIRST, "../outside", "not/there"])
    assert (report.added, report.changed, report.removed) == (["extra/new"], [FIRST], [SCMP])
    assert ids(index, "quokka") == ["extra/new"]
    assert ids(index, "tag:funding") == [FIRST]
    assert ids(index, "platypus") == []  # not named: left for the next sync
    assert index.sync().changed == [XINHUA]


def test_touching_a_file_without_changing_it_reindexes_nothing(workspace: Workspace, index) -> None:
    path = workspace.article_path(FIRST)
    later = time.time() + 10
    os.utime(path, (later, later))
    report = index.sync()
    assert report.total_changes == 0
    assert not report.rebuilt


def test_updated_documents_are_never_returned_twice(workspace: Workspace, index) -> None:
    """Regression: Whoosh's searcher.refresh() can return stale copies of updated documents."""
    index.search("tag:funding")  # hold a searcher open across the update
    for n in range(3):
        add(workspace, FIRST, "Harbin", "funding", note=f"pass{n}")
        index.update_article(FIRST)
        hits = index.search("tag:funding OR Harbin", limit=50).hits
        assert [h.article_id for h in hits].count(FIRST) == 1
        assert hits and next(h for h in hits if h.article_id == FIRST).tag_counts == {"funding": n + 1}


def test_a_long_lived_index_answers_like_a_freshly_opened_one(workspace: Workspace, index) -> None:
    """Searchers reuse segment readers across commits: after saves, merges, deletions and
    another process's commits, every answer must equal that of an index opened from scratch."""
    other = CorpusIndex.open(workspace)  # a second Glossator on the same workspace
    queries = ["tag:funding", "tag:policy OR Harbin", "note:pass1", "startup", "*"]

    def answers(corpus_index: CorpusIndex) -> list[list[tuple[str, dict[str, int]]]]:
        return [
            [(hit.article_id, hit.tag_counts) for hit in corpus_index.search(query, limit=50).hits]
            for query in queries
        ]

    steps = [
        lambda: (add(workspace, FIRST, "Harbin", "funding", note="pass0"), index.update_article(FIRST)),
        lambda: (add(workspace, XINHUA, "Harbin", "policy", note="pass1"), other.update_article(XINHUA)),
        lambda: (add(workspace, FIRST, "Harbin", "policy", note="pass1"), index.update_article(FIRST)),
        lambda: other.compact(everything=True),
        lambda: (add(workspace, SCMP, "Shenyang", "funding"), other.update_article(SCMP)),
        lambda: (workspace.article_path(CHINA_DAILY).unlink(), index.update_article(CHINA_DAILY)),
        lambda: index.compact(everything=True),
    ]
    index.search("*")  # hold readers open from the start
    for step in steps:
        step()
        fresh = CorpusIndex(workspace)
        fresh.sync()
        try:
            assert answers(index) == answers(fresh)
            assert answers(other) == answers(fresh)
        finally:
            fresh.close()
    other.close()
    assert len(index) == 4
    assert set(ids(index, "note:pass1")) == {FIRST, XINHUA}


@pytest.mark.parametrize(
    "damage",
    ["delete", "truncate", "garbage", "old-schema"],
)
def test_a_missing_damaged_or_old_index_is_rebuilt(workspace: Workspace, index, damage: str) -> None:
    folder, manifest = index.folder, index.manifest_path
    index.close()
    if damage == "delete":
        shutil.rmtree(workspace.cache_dir)
    elif damage == "truncate":
        for path in folder.iterdir():
            path.write_bytes(b"")
    elif damage == "garbage":
        for path in folder.iterdir():
            path.write_bytes(os.urandom(200))
    else:
        manifest.write_text(manifest.read_text().replace(f'"schema":"{index.fingerprint}"', '"schema":0'))
    reopened = CorpusIndex(workspace)
    report = reopened.sync()
    assert report.rebuilt
    assert set(ids(reopened, "venture investment")) == {FIRST, CHINA_DAILY}


def test_a_manifest_damaged_after_its_header_is_found_when_first_read_and_rebuilt(
    workspace: Workspace, index: CorpusIndex
) -> None:
    """A command told "nothing changed" reads only the manifest's header; the rest is read
    by the first sync or save that needs it, and damage there means a rebuild, not a crash."""
    manifest = index.manifest_path
    index.close()
    header = manifest.read_bytes().split(b'"articles":[\n', 1)[0]
    manifest.write_bytes(header + b'"articles":[\n["cut short')
    reopened = CorpusIndex(workspace)
    nothing = reopened.sync_articles([])
    assert not nothing.rebuilt and reopened.opened_build()[1:] == (5, "")
    assert set(ids(reopened, "venture investment")) == {FIRST, CHINA_DAILY}
    report = reopened.sync()
    assert report.rebuilt and report.reason == "the index manifest is unreadable"
    reopened.close()
    for first_need in ("save", "sync_articles"):
        fresh = CorpusIndex.open(workspace)
        fresh.manifest_path.write_bytes(header + b'"articles":[\n7\n]}')
        fresh.close()
        again = CorpusIndex(workspace)
        assert not again.sync_articles([]).rebuilt  # opened on the header alone
        assert ids(again, f"tag:company author:{first_need}") == []
        add(workspace, FIRST, "Harbin", "company", author=first_need)
        if first_need == "save":
            again.update_article(FIRST)
        else:
            assert again.sync_articles([FIRST]).rebuilt
        assert ids(again, f"tag:company author:{first_need}") == [FIRST]
        again.close()


def test_a_save_looks_up_its_own_row_only(workspace: Workspace, index: CorpusIndex) -> None:
    """A save (or a watched sync) of one article reads that article's row of the manifest,
    not the others (a million of them take seconds): damage in another row is found by the
    next full sync, which rebuilds."""
    manifest = index.manifest_path
    index.close()
    lines = manifest.read_bytes().split(b"\n")
    other = next(n for n, line in enumerate(lines) if line.startswith(b'["' + XINHUA.encode()))
    lines[other] = b'["' + XINHUA.encode() + b'",garbage],'
    manifest.write_bytes(b"\n".join(lines))
    reopened = CorpusIndex(workspace)
    assert not reopened.sync_articles([]).rebuilt
    add(workspace, FIRST, "Harbin", "company")
    reopened.update_article(FIRST)
    assert ids(reopened, "tag:company") == [FIRST]
    assert not reopened.sync_articles([FIRST]).rebuilt
    report = reopened.sync()
    assert report.rebuilt and report.reason == "the index manifest is unreadable"
    assert ids(reopened, "tag:company") == [FIRST]
    reopened.close()


def test_a_quick_sync_reads_the_manifest_only_when_a_folder_changed(
    workspace: Workspace, index: CorpusIndex
) -> None:
    """The app opens with a quick sync: with no folder changed it needs no manifest (a
    million rows take seconds); when one changed, a damaged manifest means a rebuild."""
    index.sync(quick=True)  # records the folders
    manifest = index.manifest_path
    index.close()
    manifest.write_bytes(manifest.read_bytes().split(b'"articles":[\n', 1)[0] + b'"articles":[\n7\n]}')
    reopened = CorpusIndex(workspace)
    assert not reopened.sync(quick=True).rebuilt
    (workspace.corpus_dir / "quillwort.txt").write_text("The quillwort grant.\n", "utf-8")
    report = reopened.sync(quick=True)
    assert report.rebuilt and "quillwort" in report.added
    assert ids(reopened, "quillwort") == ["quillwort"]
    reopened.close()


def test_a_manifest_bigger_than_any_other_file_read_is_used_without_a_rebuild(
    workspace: Workspace, index: CorpusIndex
) -> None:
    """A million articles' manifest is 150 MB, past the 64 MiB limit on the files Glossator
    reads: it is its own cache, so it is read whole (here 65 MiB of JSON's white space)."""
    manifest = index.manifest_path
    index.close()
    body = manifest.read_bytes()
    manifest.write_bytes(body[:-2] + b" " * (65 << 20) + body[-2:])
    reopened = CorpusIndex(workspace)
    report = reopened.sync()
    assert not report.rebuilt and report.total_changes == 0
    reopened.close()


def test_a_manifest_written_before_it_had_a_header_is_used_without_a_rebuild(
    workspace: Workspace, index: CorpusIndex
) -> None:
    manifest = index.manifest_path
    index.close()
    payload = json.loads(manifest.read_text())
    del payload["count"]
    manifest.write_text(json.dumps({"schema": payload["schema"], "articles": payload["articles"]}))
    reopened = CorpusIndex(workspace)
    report = reopened.sync()
    assert not report.rebuilt and report.total_changes == 0
    assert reopened.opened_build()[1] == 5
    reopened.close()
    assert manifest.read_text().startswith(f'{{"schema":"{payload["schema"]}","count":5,"articles":[\n')


def test_an_open_index_whose_folder_was_deleted_is_rebuilt_at_the_next_sync(
    workspace: Workspace, index: CorpusIndex
) -> None:
    shutil.rmtree(workspace.cache_dir)
    report = index.sync()
    assert report.rebuilt
    assert set(ids(index, "venture investment")) == {FIRST, CHINA_DAILY}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"makers space', 'opening " without a closing one'),
        ("(harbin", "'(' without a matching ')'"),
        ("harbin)", "')' without a matching '('"),
        ("colour:red", "unknown field 'colour'"),
        ("tag:person", "unknown tag 'person'"),
        ("date:[yesterday to 2020]", "cannot read the query"),
        ("x" * 1001, "too long"),
    ],
)
def test_malformed_queries_give_one_line_messages(index: CorpusIndex, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")) as raised:
        index.search(query)
    assert "\n" not in str(raised.value)


def test_hit_spans_locate_body_terms_in_the_text(workspace: Workspace, index) -> None:
    text = load_article(workspace, FIRST).text
    spans = index.hit_spans("venture tag:funding", text)
    assert spans and all(text[s:e].lower() == "venture" for s, e in spans)
    assert index.hit_spans("", text) == []


def test_saves_are_journalled_and_a_restart_reindexes_nothing(
    workspace: Workspace, index: CorpusIndex
) -> None:
    add(workspace, FIRST, "Harbin", "company")
    index.update_article(FIRST)
    assert index.journal_path.exists()
    reopened = CorpusIndex(workspace)
    report = reopened.sync()
    assert report.total_changes == 0 and not report.rebuilt
    assert ids(reopened, "tag:company") == [FIRST]


def test_folders_of_merges_killed_long_ago_are_removed_when_the_index_opens(
    workspace: Workspace, index: CorpusIndex
) -> None:
    old, recent = workspace.cache_dir / "merging-old", workspace.cache_dir / "merging-recent"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "MAIN_x.pst").write_bytes(b"half a merge")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    CorpusIndex.open(workspace).close()
    assert not old.exists() and recent.exists()  # recent: maybe another process merging now


# --- builds made aside, and what is left of them -----------------------------------------------


def test_an_old_build_is_kept_while_a_process_searches_it_and_removed_after(workspace: Workspace) -> None:
    first = CorpusIndex.open(workspace)
    old = first.folder.parent
    second = CorpusIndex(workspace)
    second.rebuild()
    new = second.folder.parent
    assert new != old and old.exists()  # the first process still has it open
    assert first.search("venture").total == 2
    add(workspace, FIRST, FUNDING_QUOTE, "funding")
    second.update_article(FIRST)
    assert first.sync().total_changes == 0  # it moved to the new build, which has the save
    assert first.folder.parent == new and ids(first, "tag:funding") == [FIRST]
    CorpusIndex.open(workspace).close()  # the next process to open the index tidies up
    assert not old.exists()
    assert sorted(path.name for path in workspace.cache_dir.iterdir()) == sorted(
        [".gitignore", "current", new.name, "locks"]
    )
    first.close()
    second.close()


def test_the_index_of_the_previous_layout_is_replaced_and_removed_and_links_are_kept(
    workspace: Workspace, tmp_path: Path
) -> None:
    legacy = workspace.cache_dir / "index"
    legacy.mkdir(parents=True)
    for name in ("_MAIN_3.toc", "MAIN_0123abcd.seg", "MAIN_0123abcd._stored.col", "MAIN_WRITELOCK"):
        (legacy / name).write_bytes(b"old")
    (workspace.cache_dir / "manifest.json").write_text('{"schema": 1, "articles": {}}')
    index = CorpusIndex(workspace)
    report = index.sync()
    assert report.rebuilt and report.reason == "no index yet"
    assert not legacy.exists() and not (workspace.cache_dir / "manifest.json").exists()
    index.close()
    # A link named like a build folder (or named by the pointer) is neither followed nor removed.
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "index").mkdir(parents=True)
    (elsewhere / "index" / "thesis.tex").write_text("years of work")
    (elsewhere / "in-use").write_text("")
    link = workspace.cache_dir / "build-0123456789abcdef"
    link.symlink_to(elsewhere)
    (workspace.cache_dir / "current").write_text(
        json.dumps({"schema": index.fingerprint, "build": link.name})
    )
    index = CorpusIndex(workspace)
    assert index.sync().rebuilt
    assert index.folder.parent != link and ids(index, "venture")
    index.rebuild()
    index.close()
    CorpusIndex.open(workspace).close()
    assert link.is_symlink() and (elsewhere / "index" / "thesis.tex").read_text() == "years of work"
    assert sorted(path.name for path in elsewhere.rglob("*")) == ["in-use", "index", "thesis.tex"]


# --- queries that would take seconds, and mistakes said in a user's words ----------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("[a to z]", "ranges such as [a to b] work only on dates"),
        ("{a to z}", "ranges such as [a to b] work only on dates"),
        ("body:[a to zzzz]", "ranges such as [a to b] work only on dates"),
        ("title:{harbin to }", "ranges such as [a to b] work only on dates"),
        ("*ar*", "starts with *"),
        ("?arbin", "starts with ?"),
        ("NOT NOT NOT x", "NOT NOT cancels out"),
        ("harbin AND", "AND needs a word or a group after it"),
        ("OR harbin", "OR needs a word or a group before it"),
        ("harbin NOT", "NOT needs a word or a group after it"),
        ("date:2016-13", "'2016-13' is not a date"),
        ("date:[2016-01-01T25:00 to 2017]", "'2016-01-01T25:00' is not a date"),
        ("date:[2016 to 2017 to 2018]", "the date range [2016 to 2017 to 2018] should look like"),
        ("date:yesterday", "'yesterday' is not a date"),
    ],
)
def test_slow_or_mistaken_queries_get_a_message_a_user_understands(
    index: CorpusIndex, query: str, message: str
) -> None:
    # How fast they are refused is timed by the benchmarks (tests.benchmarks.run: slow queries).
    with pytest.raises(QueryError) as raised:
        index.search(query)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    for internal in ("list index", "invalid literal", "Traceback", "object"):
        assert internal not in str(raised.value)


def test_dates_with_a_time_and_ranges_of_them_find_the_right_articles(index: CorpusIndex) -> None:
    assert ids(index, "date:[2016-03-25T08:00 to 2016-03-25T09:00]") == [CHINA_DAILY]
    assert ids(index, "date:[2016-01-01T00:00 to 2016-02-01]") == []
    assert ids(index, "date:[2016-03-25T09:00 to 2016-03-26]") == []
    assert ids(index, "date:2016-03-25T08:55") == [CHINA_DAILY]
    assert ids(index, "date:2016-03") == [CHINA_DAILY]
    assert ids(index, "date:[2016 TO 2020] AND venture") == [CHINA_DAILY]


def test_hits_list_the_first_100_matching_annotations_from_the_index_not_the_file(
    workspace: Workspace, index: CorpusIndex
) -> None:
    text = load_article(workspace, FIRST).text
    store = AnnotationStore(workspace)
    words = [match.span() for match in re.finditer(r"[A-Za-z]{4,}", text)][:250]
    spans = [
        new_annotation(text, start, end, "funding" if n % 2 else "policy", author="Ada", note=f"n{n}")
        for n, (start, end) in enumerate(words)
    ]
    store.update(FIRST, text, lambda on_disk: spans)
    index.update_article(FIRST)
    # Searching reads no annotation file: what a hit lists is kept in the index.
    workspace.annotation_path(FIRST).write_text("not = [valid")
    hit = index.search("tag:funding").hits[0]
    assert len(hit.annotations) == 100 and hit.more_annotations
    assert all(a.tag == "funding" and text[a.start : a.end] == a.quote for a in hit.annotations)
    assert {a.id for a in hit.annotations} <= {a.id for a in spans}
    listed = index.search("note:n7").hits[0]
    assert [(a.note, a.author) for a in listed.annotations] == [("n7", "Ada")]
    assert not listed.more_annotations


def test_update_article_says_whether_the_text_indexed_before_changed(
    workspace: Workspace, index: CorpusIndex
) -> None:
    add(workspace, FIRST, "Harbin", "company")
    assert index.update_article(FIRST) is False
    path = workspace.article_path(FIRST)
    path.write_text(path.read_text("utf-8") + "\nA postscript about a platypus.\n", "utf-8")
    assert index.update_article(FIRST) is True
    assert index.update_article(FIRST) is False
    assert ids(index, "platypus") == [FIRST]
    path.unlink()
    assert index.update_article(FIRST) is True
    assert FIRST not in ids(index, "")


def test_sync_reports_the_files_it_does_not_index(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.txt").write_text("Far away.\n")
    (workspace.corpus_dir / "away.txt").symlink_to(tmp_path / "elsewhere.txt")
    index = CorpusIndex(workspace)
    report = index.sync()
    assert [item.path for item in report.skipped] == ["corpus/away.txt"]
    assert index.sync().skipped == report.skipped
    index.close()
