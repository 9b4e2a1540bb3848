"""Comparing two annotators span by span, and settling their disagreements into an agreed version."""

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest

from tests.conftest import CHINA_DAILY, FIRST, FUNDING_QUOTE, XINHUA, run_cli
from tui.agreement.adjudication import SETTLED_BY, SETTLED_FROM, Take, settle, settled_from, settled_take
from tui.agreement.comparison import Kind, SpanPair, compare_annotators, compare_article, disagreements
from tui.agreement.scores import by_author, by_ref
from tui.annotations.model import SUGGESTED, Annotation, AnnotationFileLockedError, new_annotation
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


def annotate(
    workspace: Workspace, article_id: str, quote: str, tag: str, author: str, *, status: str = ""
) -> Annotation:
    """Add an annotation on the first occurrence of ``quote``, through the store's one write path."""
    text = load_article(workspace, article_id).text
    start = text.index(quote)
    annotation = replace(new_annotation(text, start, start + len(quote), tag, author=author), status=status)
    AnnotationStore(workspace).update(article_id, text, lambda on_disk: [*on_disk.annotations, annotation])
    return annotation


#: (kind, wei's quote and tag, lin's quote and tag) on FIRST, one of each kind and a span of
#: lin's overlapping two of wei's: paired with the one of the same tag, though it overlaps
#: the other more ("Institute of Technology", 23 characters, against "Harbin Institute", 16).
CONSTRUCTED = [
    (Kind.SAME, ("Heilongjiang", "company"), ("Heilongjiang", "company")),
    (Kind.TAG, ("Jilin", "company"), ("Jilin", "policy")),
    (Kind.BOUNDARY, ("Low GDP growth", "policy"), ("Low GDP", "policy")),
    (Kind.BOTH, ("overcapacity of traditional industries", "policy"), ("overcapacity", "funding")),
    (Kind.ONLY_A, ("unprofitable companies", "company"), None),
    (Kind.ONLY_B, None, ("local governments", "policy")),
    (Kind.BOUNDARY, ("Harbin Institute", "company"), ("Harbin Institute of Technology", "company")),
    (Kind.ONLY_A, ("Institute of Technology's student incubator park", "policy"), None),
]


def constructed(workspace: Workspace) -> dict[str, list[Annotation | None]]:
    made: dict[str, list[Annotation | None]] = {"wei": [], "lin": []}
    for _, *sides in CONSTRUCTED:
        for author, side in zip(("wei", "lin"), sides, strict=True):
            made[author].append(annotate(workspace, FIRST, *side, author) if side else None)
    return made


def test_each_kind_of_difference_in_text_order_with_its_offsets(workspace: Workspace) -> None:
    made = constructed(workspace)
    annotate(workspace, CHINA_DAILY, "Liaoning", "company", "wei")
    annotate(workspace, CHINA_DAILY, "Liaoning", "policy", "lin")
    annotate(workspace, XINHUA, "Kingdee", "company", "wei")  # lin did not annotate XINHUA
    comparisons = compare_annotators(by_author(workspace), "wei", "lin")
    assert [c.article_id for c in comparisons] == [FIRST, CHINA_DAILY]  # ids in order; XINHUA not shared
    first = comparisons[0]
    expected = [
        SpanPair(FIRST, kind, a, b)
        for (kind, *_), a, b in zip(CONSTRUCTED, made["wei"], made["lin"], strict=True)
    ]
    assert list(first.pairs) == expected
    text = load_article(workspace, FIRST).text
    harbin = text.index("Harbin Institute")
    assert (first.pairs[6].start, first.pairs[6].end) == (
        harbin,
        harbin + len("Harbin Institute of Technology"),
    )
    assert {pair.kind for pair in first.pairs} == set(Kind)
    assert first.disagreements == first.pairs[1:]
    steps = disagreements(comparisons)
    assert steps[:-1] == list(first.pairs[1:])
    assert (steps[-1].article_id, steps[-1].kind) == (CHINA_DAILY, Kind.TAG)
    with pytest.raises(GlossatorError, match="no annotations by 'nobody'"):
        compare_annotators(by_author(workspace), "wei", "nobody")


def test_one_span_is_paired_once_and_identical_spans_one_to_one() -> None:
    text = "alpha beta gamma"
    a = [new_annotation(text, 0, 5, "funding", author="a"), new_annotation(text, 0, 5, "funding", author="a")]
    b = [new_annotation(text, 0, 10, "funding", author="b")]
    pairs = compare_article("x", a, b).pairs
    assert [pair.kind for pair in pairs] == [Kind.ONLY_A, Kind.BOUNDARY]  # text order: 0-5, then 0-10
    paired, alone = sorted(a, key=lambda x: x.id)  # ties go by id: the same pairing every time
    assert [pairs[0].a, pairs[1].a, pairs[1].b] == [alone, paired, b[0]]


def test_settling_writes_the_adjudicators_annotations_and_keeps_every_other(workspace: Workspace) -> None:
    made = constructed(workspace)
    annotate(workspace, FIRST, FUNDING_QUOTE, "funding", "Cid")
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    before = {a.id: a for a in store.load(FIRST, text).annotations}
    comparison = compare_annotators(by_author(workspace), "wei", "lin")[0]
    same, tag, boundary, both, only_a, only_b, harbin, _ = comparison.pairs
    decisions = [(same, Take.A), (tag, Take.B), (boundary, Take.BOTH), (both, Take.NONE)]
    decisions += [(only_a, Take.A), (only_b, Take.NONE), (harbin, Take.B)]
    done = settle(store, FIRST, text, "judge", decisions)
    assert (done.added, done.removed, done.unchanged) == (6, 0, 0)
    after = store.load(FIRST, text)
    assert after.problems == ()
    assert {a.id: a for a in after.annotations if a.id in before} == before  # nothing else touched
    judge = sorted((a for a in after.annotations if a.author == "judge"), key=lambda a: a.sort_key)
    wei, lin = made["wei"], made["lin"]
    assert [(a.start, a.end, a.tag, settled_from(a)) for a in judge] == [
        (wei[0].start, wei[0].end, "company", [wei[0].id, lin[0].id]),
        (lin[1].start, lin[1].end, "policy", [lin[1].id]),
        (lin[2].start, lin[2].end, "policy", [lin[2].id]),
        (wei[2].start, wei[2].end, "policy", [wei[2].id]),
        (wei[4].start, wei[4].end, "company", [wei[4].id]),
        (lin[6].start, lin[6].end, "company", [lin[6].id]),
    ]
    assert all(a.extra[SETTLED_BY] == "judge" and a.matches(text) and a.id not in before for a in judge)
    raw = workspace.annotation_path(FIRST).read_text()
    assert raw.count('settled_by = "judge"') == 6 and raw.count(f"{SETTLED_FROM} = [") == 6
    assert [settled_take(pair, after.annotations, "judge") for pair in comparison.pairs] == [
        Take.A, Take.B, Take.BOTH, None, Take.A, None, Take.B, None,
    ]  # fmt: skip


def test_settling_again_changes_nothing_and_a_changed_mind_replaces_the_choice(workspace: Workspace) -> None:
    constructed(workspace)
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    comparison = compare_annotators(by_author(workspace), "wei", "lin")[0]
    tag, boundary = comparison.pairs[1], comparison.pairs[2]
    settle(store, FIRST, text, "judge", [(tag, Take.A), (boundary, Take.BOTH)])
    path = workspace.annotation_path(FIRST)
    written, stamp = path.read_bytes(), path.stat().st_mtime_ns
    again = settle(store, FIRST, text, "judge", [(tag, Take.A), (boundary, Take.BOTH)])
    assert (again.added, again.removed, again.unchanged) == (0, 0, 3)
    assert path.read_bytes() == written and path.stat().st_mtime_ns == stamp  # not even rewritten
    changed = settle(store, FIRST, text, "judge", [(tag, Take.B), (boundary, Take.NONE)])
    assert (changed.added, changed.removed, changed.unchanged) == (1, 3, 0)
    judge = [a for a in store.load(FIRST, text).annotations if a.author == "judge"]
    assert [(a.tag, settled_from(a)) for a in judge] == [("policy", [tag.b.id])]


def test_settling_refuses_a_locked_file_and_mistaken_choices(workspace: Workspace) -> None:
    constructed(workspace)
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    comparison = compare_annotators(by_author(workspace), "wei", "lin")[0]
    only_a, only_b = comparison.pairs[4], comparison.pairs[5]
    with pytest.raises(
        GlossatorError, match=r"cannot take 'a' at 000_b922b23430582330 \d+-\d+: only b there"
    ):
        settle(store, FIRST, text, "judge", [(only_b, Take.A)])
    with pytest.raises(GlossatorError, match="'wei' made one of the annotations compared"):
        settle(store, FIRST, text, "wei", [(only_a, Take.A)])
    with pytest.raises(GlossatorError, match="cannot be settled in '001_eda16f4c4d9cc66d'"):
        settle(store, CHINA_DAILY, text, "judge", [(only_a, Take.A)])
    path = workspace.annotation_path(FIRST)
    path.write_text(path.read_text().replace('tag = "funding"', 'tag = "fundng"', 1))
    locked = path.read_bytes()
    with pytest.raises(
        AnnotationFileLockedError, match="is not rewritten because it has a problem: unknown tag"
    ):
        settle(store, FIRST, text, "judge", [(only_a, Take.A)])
    assert path.read_bytes() == locked
    takes = ["none"] * 7  # always a valid choice: the refusal is the file's
    result = run_cli("adjudicate", FIRST, "--a", "wei", "--b", "lin", "--as", "judge", "--take", *takes,
                     cwd=workspace.root)  # fmt: skip
    assert result.returncode == 1 and path.read_bytes() == locked
    [line] = result.stderr.splitlines()
    assert line.startswith(f"glossator: annotations/{FIRST}.toml is not rewritten because it has a problem: ")


def test_the_adjudicate_command_lists_then_settles_the_article(workspace: Workspace) -> None:
    constructed(workspace)
    annotate(workspace, FIRST, FUNDING_QUOTE, "funding", "lin", status=SUGGESTED)  # left out

    def adjudicate(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(
            "adjudicate", FIRST, "--a", "wei", "--b", "lin", "--as", "judge", *args, cwd=workspace.root
        )

    listed = adjudicate()
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert (
        lines[0]
        == f"wei (a) and lin (b) on {FIRST}: 1 the same, 7 to settle; the agreed version is judge's annotations"
    )
    assert lines[1].startswith("1. 44-49 tags differ: not settled")
    assert lines[2:4] == ["   a: company 44-49 “Jilin”", "   b: policy 44-49 “Jilin”"]
    assert "only a: not settled" in listed.stdout and FUNDING_QUOTE not in listed.stdout
    wrong = adjudicate("--take", "a", "b")
    assert wrong.returncode == 1
    assert wrong.stderr == "glossator: 7 to settle but 2 given: one --take for each, in order\n"
    settled = adjudicate("--take", "a", "b", "both", "a", "b", "a", "none")
    assert settled.returncode == 0, settled.stderr
    assert settled.stdout == (
        f"Settled {FIRST} as judge: 8 added, 0 removed, 0 already so (annotations/{FIRST}.toml)\n"
    )
    again = adjudicate("--take", "a", "b", "both", "a", "b", "a", "none")
    assert "0 added, 0 removed, 8 already so" in again.stdout
    relisted = adjudicate().stdout
    assert "1. 44-49 tags differ: took a" in relisted and ": took both" in relisted
    assert "only a: took a" in relisted
    unknown = adjudicate("--include-suggested", "--as", "judge", "--a", "nobody")
    assert unknown.returncode == 1
    assert unknown.stderr == (
        f"glossator: 'nobody' has no annotations in {FIRST} (annotated by: judge, lin, wei)\n"
    )


def test_comparison_and_settling_across_two_git_refs(workspace: Workspace) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=workspace.root, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.name", "T")
    git("config", "user.email", "t@example.org")
    funding = annotate(workspace, FIRST, FUNDING_QUOTE, "funding", "same")
    harbin = annotate(workspace, FIRST, "Harbin", "company", "same")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    retagged = replace(harbin, tag="policy")
    store.update(FIRST, text, lambda d: [retagged if a.id == harbin.id else a for a in d.annotations])
    park = annotate(workspace, FIRST, "student incubator park", "policy", "same")
    git("commit", "-qam", "other")
    [comparison] = compare_annotators(by_ref(workspace, ["main", "other"]), "main", "other")
    assert [(pair.kind, pair.a, pair.b) for pair in comparison.pairs] == [
        (Kind.TAG, harbin, retagged),
        (Kind.ONLY_B, None, park),
        (Kind.SAME, funding, funding),
    ]
    decisions = [(comparison.pairs[0], Take.A), (comparison.pairs[1], Take.B), (comparison.pairs[2], Take.A)]
    settle(store, FIRST, text, "judge", decisions)
    on_disk = store.load(FIRST, text).annotations
    judge = sorted((a for a in on_disk if a.author == "judge"), key=lambda a: a.sort_key)
    assert [(a.quote, a.tag, settled_from(a)) for a in judge] == [
        ("Harbin", "company", [harbin.id]),
        ("student incubator park", "policy", [park.id]),
        (FUNDING_QUOTE, "funding", [funding.id]),  # one id: both refs have the same annotation
    ]
    assert [settled_take(pair, on_disk, "judge") for pair in comparison.pairs] == [Take.A, Take.B, Take.A]
    again = settle(store, FIRST, text, "judge", decisions)
    assert (again.added, again.removed) == (0, 0)
