"""glossator tag-all: whole-word places found, printed with context, added through the one write path."""

from __future__ import annotations

import tomllib
from collections.abc import Callable

from tui.annotations.model import SUGGESTED
from tui.annotations.store import AnnotationStore
from tui.project.occurrences import find, phrase_matcher, regex_matcher
from tui.project.plan import apply, make_plan
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import run_cli
from .conftest import annotate, saved

MakeWorkspace = Callable[[dict[str, str]], Workspace]

ARTICLES = {
    "north": "Harbin grew. The Harbinger of spring came to harbin.\nHARBIN, Sept. 4 -- snow in Harbin",
    "south": "Shenzhen has no snow.",
    "east": "A Harbin company and\nHarbin   Electric staff met.",
}


def quotes(workspace: Workspace, article_id: str) -> list[str]:
    return [a.quote for a in saved(workspace, article_id)]


def test_dry_run_lists_each_place_with_context_and_writes_nothing(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    result = run_cli("tag-all", "Harbin", "--tag", "company", "--dry-run", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2:4] == [
        "north:0-6 [company] “Harbin” grew. The Harbinger of spring came to h…",
        "north:45-51 [company] …n grew. The Harbinger of spring came to “harbin”. HARBIN, Sept. 4 -- snow in Harbin",
    ]
    assert sum(line.startswith("north:") for line in lines) == 4
    assert sum(line.startswith("east:") for line in lines) == 2
    assert (
        lines[-1]
        == "Would add 6 annotations in 2 articles (3 articles searched); nothing written (--dry-run)"
    )
    assert list(workspace.annotations_dir.iterdir()) == []


def test_adds_whole_words_only_case_ignored(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    result = run_cli("tag-all", "harbin", "--tag", "company", "--author", "Bo", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Added 6 annotations in 2 files (3 articles searched)"
    assert quotes(workspace, "north") == ["Harbin", "harbin", "HARBIN", "Harbin"]  # not "Harbinger"
    assert {a.author for a in saved(workspace, "north")} == {"Bo"}
    assert all(a.status == "" for a in saved(workspace, "north"))
    assert not workspace.annotation_path("south").exists()
    assert run_cli("check", cwd=workspace.root).returncode == 0


def test_case_sensitive_and_a_phrase_across_a_line_break(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    result = run_cli("tag-all", "HARBIN", "--tag", "company", "--case-sensitive", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    assert quotes(workspace, "north") == ["HARBIN"]
    phrase = run_cli("tag-all", "company and Harbin Electric", "--tag", "policy", cwd=workspace.root)
    assert phrase.returncode == 0, phrase.stderr
    assert "company and\nHarbin   Electric" in quotes(workspace, "east")


def test_query_restricts_the_articles_searched(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    result = run_cli("tag-all", "Harbin", "--tag", "company", "--query", "electric", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    assert "(1 article searched)" in result.stdout
    assert len(saved(workspace, "east")) == 2
    assert not workspace.annotation_path("north").exists()


def test_places_already_tagged_are_marked_and_not_added_again(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    annotate(workspace, "east", "Harbin   Electric", "company")  # covers the second Harbin of east
    annotate(workspace, "east", "A Harbin company", "policy")  # another tag: covers nothing
    result = run_cli("tag-all", "Harbin", "--tag", "company", "--author", "Ada", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "east:21-27 [company] A Harbin company and “Harbin” Electric staff met.  (already tagged)" in lines
    assert "1 place already tagged" in result.stdout
    assert sorted((a.quote, a.tag) for a in saved(workspace, "east")) == [
        ("A Harbin company", "policy"),
        ("Harbin", "company"),
        ("Harbin   Electric", "company"),
    ]
    again = run_cli("tag-all", "Harbin", "--tag", "company", "--author", "Ada", cwd=workspace.root)
    assert again.stdout.splitlines()[-1].startswith("Added 0 annotations in 0 files")


def test_a_file_with_a_problem_is_named_and_the_others_are_written(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    annotate(workspace, "north", "grew", "policy")
    broken = workspace.annotation_path("north")
    broken.write_text(broken.read_text("utf-8") + "\nnot toml\n", "utf-8")
    before = broken.read_bytes()
    result = run_cli("tag-all", "Harbin", "--tag", "company", cwd=workspace.root)
    assert result.returncode == 1
    assert result.stderr.startswith("glossator: annotations/north.toml:16: -: not changed, it has a problem")
    assert "invalid TOML" in result.stderr and len(result.stderr.splitlines()) == 1
    assert broken.read_bytes() == before
    assert quotes(workspace, "east") == ["Harbin", "Harbin"]


def test_suggest_flag_and_unknown_tag(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    unknown = run_cli("tag-all", "Harbin", "--tag", "city", cwd=workspace.root)
    assert unknown.returncode == 2
    assert unknown.stderr == "glossator: --tag city: not a tag (tags are policy, funding, company)\n"
    result = run_cli("tag-all", "snow", "--tag", "policy", "--suggest", cwd=workspace.root)
    assert result.stdout.splitlines()[-1] == "Added 2 suggestions in 2 files (3 articles searched)"
    data = tomllib.loads(workspace.annotation_path("south").read_text("utf-8"))
    assert data["annotation"][0]["status"] == "suggested"


def test_apply_takes_the_accepted_places_and_checks_them_again(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    plan = make_plan(workspace, [phrase_matcher("Harbin", "company")], workspace.article_ids(), author="Ada")
    assert [(p.article_id, p.start) for p in plan.proposed] == [
        ("east", 2), ("east", 21), ("north", 0), ("north", 45), ("north", 53), ("north", 80),
    ]  # fmt: skip
    east_first, east_second, north_first, *_ = plan.proposed
    annotate(workspace, "east", "A Harbin", "company")  # tagged meanwhile: covers east_first
    north = workspace.article_path("north")
    north.write_text("Two words. " + north.read_text("utf-8"), "utf-8")  # every north offset moves
    applied = apply(plan, [east_first, east_second, north_first], author="Ada", status=SUGGESTED)
    assert applied.added == 1 and applied.already_tagged == 1 and applied.files == ["annotations/east.toml"]
    assert [str(problem) for problem in applied.problems] == [
        "annotations/north.toml: -: not added: 0-6 no longer reads 'Harbin' "
        "(the article changed since the plan; plan again)"
    ]
    added = next(a for a in saved(workspace, "east") if a.start == 21)
    assert (added.quote, added.status, added.author) == ("Harbin", SUGGESTED, "Ada")
    assert not workspace.annotation_path("north").exists()


def test_a_match_inside_a_word_does_not_hide_an_overlapping_whole_word_match() -> None:
    text = "xa a a"
    assert [(f.start, f.end) for f in find(text, [phrase_matcher("a a", "policy")])] == [(3, 6)]
    assert [(f.start, f.end) for f in find("café cafés", [phrase_matcher("CAFÉ", "policy")])] == [(0, 4)]
    empty_and_blank = regex_matcher(r"x*| +", "policy")
    assert [(f.start, f.end) for f in find("ab  xx", [empty_and_blank])] == [(4, 6)]


def test_the_plan_keeps_a_files_progress_marks_and_other_writers_changes(workspace: Workspace) -> None:
    from tui.project.progress import set_mark

    text = load_article(workspace, "004_e1f2e3aa8f255f23").text
    store = AnnotationStore(workspace)
    set_mark(store, "004_e1f2e3aa8f255f23", text, "Bob", "done")
    plan = make_plan(workspace, [phrase_matcher("Harbin", "company")], ["004_e1f2e3aa8f255f23"], author="Ada")
    applied = apply(plan, author="Ada")
    assert applied.added == 4
    loaded = store.load("004_e1f2e3aa8f255f23", text)
    assert [(m.author, m.state) for m in loaded.progress] == [("Bob", "done")]
    assert loaded.problems == ()


def test_a_file_broken_after_the_plan_is_named_and_left_as_it_is(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    plan = make_plan(workspace, [phrase_matcher("Harbin", "company")], workspace.article_ids(), author="Ada")
    broken = workspace.annotation_path("north")
    broken.write_text('format = 1\narticle = "north"\n', "utf-8")
    applied = apply(plan, author="Ada")
    assert [str(problem) for problem in applied.problems] == [
        "annotations/north.toml: -: not changed, it has a problem (see glossator check): "
        "'text_sha256' must be 64 lowercase hex digits"
    ]
    assert broken.read_text("utf-8") == 'format = 1\narticle = "north"\n'
    assert applied.files == ["annotations/east.toml"] and applied.added == 2
