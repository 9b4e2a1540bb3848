"""glossator annotations: every annotation of the corpus, filtered, sorted, as text or JSON."""

from __future__ import annotations

import json
from dataclasses import replace

from tui.annotations.model import SUGGESTED
from tui.annotations.store import AnnotationStore
from tui.project.annotation_listing import ListingCache, ListingFilter, list_annotations
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import FIRST, FUNDING_QUOTE, TAIYUAN, XINHUA, run_cli
from .conftest import annotate


def seed(workspace: Workspace) -> None:
    annotate(workspace, FIRST, FUNDING_QUOTE, "funding", author="Ada")
    annotate(workspace, FIRST, "Harbin World Wide Welding Co Ltd", "company", author="Bob")
    annotate(workspace, XINHUA, "Kingdee", "company", author="Ada", status=SUGGESTED)
    annotate(workspace, TAIYUAN, "Taiyuan", "policy", author="Cy")


def test_lists_accepted_annotations_with_context_by_default(workspace: Workspace) -> None:
    seed(workspace)
    text = load_article(workspace, FIRST).text
    store = AnnotationStore(workspace)
    store.update(FIRST, text, lambda on_disk: [replace(a, note="seed\nround") if a.tag == "funding" else a
                                               for a in on_disk.annotations])  # fmt: skip
    result = run_cli("annotations", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    funding = next(a for a in store.load(FIRST, text).annotations if a.tag == "funding")
    assert lines[:3] == [
        f"[funding] {FIRST} · {funding.start}-{funding.end} · Ada · {funding.created:%Y-%m-%d %H:%M}",
        f"  … of 2015, the park had received “{FUNDING_QUOTE}” in venture investment, with tot…",
        "  note: seed round",
    ]
    assert lines[-1] == "3 annotations in 2 articles"
    assert "Kingdee" not in result.stdout


def test_filters_by_tag_author_status_and_query(workspace: Workspace) -> None:
    seed(workspace)

    def quotes(*args: str) -> list[str]:
        result = run_cli("annotations", *args, "--json", cwd=workspace.root)
        assert result.returncode == 0, result.stderr
        return [entry["quote"] for entry in json.loads(result.stdout)]

    assert quotes("--tag", "company") == ["Harbin World Wide Welding Co Ltd"]
    assert quotes("--tag", "company", "--status", "all") == ["Harbin World Wide Welding Co Ltd", "Kingdee"]
    assert quotes("--status", "suggested") == ["Kingdee"]
    assert quotes("--author", "Ada", "--author", "Cy") == [FUNDING_QUOTE, "Taiyuan"]
    assert quotes("Taiyuan") == ["Taiyuan"]  # only the articles the search finds
    assert quotes("title:nothingofthesort") == []
    unknown = run_cli("annotations", "--tag", "city", cwd=workspace.root)
    assert unknown.returncode == 2 and "--tag city: not a tag" in unknown.stderr


def test_json_carries_every_field_and_sorting_orders(workspace: Workspace) -> None:
    seed(workspace)
    result = run_cli("annotations", "--status", "all", "--sort", "tag", "--json", cwd=workspace.root)
    entries = json.loads(result.stdout)
    assert [e["tag"] for e in entries] == ["policy", "funding", "company", "company"]  # the tag set's order
    kingdee = entries[-1]
    assert set(kingdee) == {
        "article", "id", "tag", "start", "end", "quote", "prefix", "suffix", "note", "author", "created", "status",
    }  # fmt: skip
    assert (kingdee["article"], kingdee["status"], kingdee["author"]) == (XINHUA, "suggested", "Ada")
    text = load_article(workspace, XINHUA).text
    assert text[kingdee["start"] : kingdee["end"]] == "Kingdee"
    assert text[kingdee["start"] - len(kingdee["prefix"]) : kingdee["end"] + len(kingdee["suffix"])] == (
        kingdee["prefix"] + "Kingdee" + kingdee["suffix"]
    )
    by_author = run_cli("annotations", "--status", "all", "--sort", "author", "--json", cwd=workspace.root)
    assert [e["author"] for e in json.loads(by_author.stdout)] == ["Ada", "Ada", "Bob", "Cy"]
    by_quote = run_cli("annotations", "--sort", "quote", "--json", cwd=workspace.root)
    assert [e["quote"] for e in json.loads(by_quote.stdout)] == [
        FUNDING_QUOTE,
        "Harbin World Wide Welding Co Ltd",
        "Taiyuan",
    ]


def test_newest_first_and_a_file_that_cannot_be_read(workspace: Workspace) -> None:
    seed(workspace)
    store = AnnotationStore(workspace)
    text = load_article(workspace, TAIYUAN).text
    older = next(iter(store.load(TAIYUAN, text).annotations))
    store.update(TAIYUAN, text, lambda _: [replace(older, created=older.created.replace(year=2001))])
    listing = list_annotations(workspace, ListingFilter(), "newest")
    assert listing.entries[-1].annotation.quote == "Taiyuan"
    assert list_annotations(workspace, ListingFilter(), "oldest").entries[0].annotation.quote == "Taiyuan"
    broken = workspace.annotation_path(XINHUA)
    broken.write_text("format = 1\n[[annotation]\n", "utf-8")
    result = run_cli("annotations", cwd=workspace.root)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"glossator: not listed (see glossator check): annotations/{XINHUA}.toml:2: -: invalid TOML"
    )
    assert result.stdout.splitlines()[-1] == "3 annotations in 2 articles"


def test_a_cache_reads_again_only_the_files_that_changed(workspace: Workspace) -> None:
    seed(workspace)
    cache = ListingCache()
    first = list_annotations(workspace, ListingFilter(status="all"), cache=cache)
    assert first == list_annotations(workspace, ListingFilter(status="all"))
    again = list_annotations(workspace, ListingFilter(status="all"), cache=cache)
    assert [e.annotation for e in again.entries] == [e.annotation for e in first.entries]
    changed = annotate(workspace, TAIYUAN, "Yingze", "company", author="Dee")
    assert changed in [
        e.annotation for e in list_annotations(workspace, ListingFilter(), cache=cache).entries
    ]
