"""Settled copies (the agreed version an adjudicator took) are told from the adjudicator's own reading."""

from __future__ import annotations

from typing import Any

from tests.agreement.test_adjudication import annotate
from tests.conftest import FIRST
from tui.agreement.adjudication import Take, settle, settled_sources
from tui.agreement.comparison import compare_article
from tui.annotations.store import AnnotationStore
from tui.cli import main
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


def test_a_settled_copy_names_whom_it_was_taken_from(workspace: Workspace) -> None:
    wei = annotate(workspace, FIRST, "Heilongjiang", "company", "wei")
    lin = annotate(workspace, FIRST, "Heilongjiang", "company", "lin")
    only = annotate(workspace, FIRST, "Jilin", "policy", "lin")
    own = annotate(workspace, FIRST, "Liaoning", "policy", "maintainers")
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    pairs = compare_article(FIRST, [wei], [lin, only]).pairs
    settle(store, FIRST, text, "maintainers", [(pair, Take.A if pair.a else Take.B) for pair in pairs])
    annotations = store.load(FIRST, text).annotations
    copies = {a.quote: settled_sources(a, annotations) for a in annotations if a.author == "maintainers"}
    assert copies == {"Heilongjiang": ("wei", "lin"), "Jilin": ("lin",), "Liaoning": None}
    assert settled_sources(own, annotations) is None
    # A source deleted since: the copy is still settled, from nobody known.
    left = tuple(a for a in annotations if a.author != "lin")
    jilin = next(a for a in left if a.quote == "Jilin")
    assert settled_sources(jilin, left) == ()


def test_the_adjudicate_command_says_maintainers_not_maintainerss(workspace: Workspace, capsys: Any) -> None:
    annotate(workspace, FIRST, "Heilongjiang", "company", "wei")
    annotate(workspace, FIRST, "Jilin", "company", "lin")
    argv = ["--workspace", str(workspace.root), "adjudicate", FIRST, "--a", "wei", "--b", "lin"]
    assert main([*argv, "--as", "maintainers"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("the agreed version is maintainers' annotations")
