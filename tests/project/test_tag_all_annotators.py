"""tag-all for several annotators: only the acting annotator's own spans make a place "already tagged".

An agreement study has two people tag the same phrase independently: a span of Ada's at a
place must not keep Bob from tagging it.  The plan, its application, the review and the
command line all follow the one rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.cli import main
from tui.project.occurrences import phrase_matcher
from tui.project.plan import apply, make_plan
from tui.project.reviewing import ALREADY_TAGGED, review_places
from tui.workspace.layout import Workspace

from .conftest import annotate, saved

MakeWorkspace = Callable[[dict[str, str]], Workspace]
ARTICLES = {
    "north": "Harbin grew, and Harbin Electric too.",
    "east": "A Harbin company.",
}


def _spans(workspace: Workspace, author: str) -> set[tuple[str, int, int]]:
    return {
        (article_id, a.start, a.end)
        for article_id in workspace.article_ids()
        for a in saved(workspace, article_id)
        if a.author == author and a.tag == "company"
    }


def test_two_annotators_tag_the_same_places_independently(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    harbin = [phrase_matcher("Harbin", "company")]
    ada = make_plan(workspace, harbin, workspace.article_ids(), author="Ada")
    assert apply(ada, author="Ada").added == 3
    # Ada's spans lock nothing for Bob: every place is proposed to him, and he gets his own.
    bob = make_plan(workspace, harbin, workspace.article_ids(), author="Bob")
    assert [place.tagged for place in bob.occurrences] == [False, False, False]
    assert apply(bob, author="Bob").added == 3
    assert _spans(workspace, "Bob") == _spans(workspace, "Ada") and len(_spans(workspace, "Ada")) == 3
    # For Ada, her own spans do lock them: nothing is added twice.
    again = make_plan(workspace, harbin, workspace.article_ids(), author="Ada")
    assert [place.tagged for place in again.occurrences] == [True, True, True]
    assert apply(again, author="Ada").added == 0


def test_applying_checks_the_rule_again_against_the_file(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    plan = make_plan(workspace, [phrase_matcher("Harbin", "company")], ["east"], author="Bob")
    annotate(workspace, "east", "Harbin", "company", author="Ada")  # someone else, meanwhile: still added
    applied = apply(plan, author="Bob")
    assert (applied.added, applied.already_tagged) == (1, 0)
    plan = make_plan(workspace, [phrase_matcher("Harbin", "company")], ["north"], author="Cy")
    annotate(workspace, "north", "Harbin", "company", author="Cy")  # Cy's own, meanwhile: not again
    applied = apply(plan, author="Cy")
    assert (applied.added, applied.already_tagged) == (1, 1)


def test_the_review_locks_only_the_reviewers_own_places(make_workspace: MakeWorkspace) -> None:
    workspace = make_workspace(ARTICLES)
    annotate(workspace, "east", "Harbin", "company", author="Ada")
    for_ada = review_places(workspace, None, "", "Harbin", "company", author="Ada")
    for_bob = review_places(workspace, None, "", "Harbin", "company", author="Bob")
    assert [item.locked for item in for_ada.items if item.article_id == "east"] == [ALREADY_TAGGED]
    assert ALREADY_TAGGED == "already tagged by you"
    assert [item.locked for item in for_bob.items] == ["", "", ""]
    for_bob.write([0, 1, 2])
    assert len(_spans(workspace, "Bob")) == 3


def test_the_command_line_follows_the_same_rule(make_workspace: MakeWorkspace, capsys: Any) -> None:
    workspace = make_workspace(ARTICLES)
    root = str(workspace.root)
    tag_all = ["--workspace", root, "tag-all", "Harbin", "--tag", "company", "--author"]
    assert main([*tag_all, "Ada"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Added 3 annotations in 2 files (2 articles searched)"
    assert main([*tag_all, "Bob"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Added 3 annotations in 2 files (2 articles searched)"
    assert main([*tag_all, "Bob"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("Added 0 annotations in 0 files (2 articles searched; 3 places")
    assert "(already tagged)" in out
    assert main(["--workspace", root, "tag-all", "--help"]) == 0
    assert "only their own annotations make a place already tagged" in " ".join(
        capsys.readouterr().out.split()
    )
