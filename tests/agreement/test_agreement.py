"""Agreement between annotators, by author and by git ref, through the real command."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.agreement.test_adjudication import annotate
from tests.conftest import FIRST, FUNDING_QUOTE, XINHUA, run_cli
from tests.search.test_coordinator import add
from tui.agreement.scores import _overlap_matches, _token_labels, cohen_kappa, compare
from tui.annotations.model import SUGGESTED, TAGS, Annotation
from tui.workspace.layout import Workspace


def test_cohen_kappa_known_values() -> None:
    assert cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    # 20 items: 10 agreed yes, 5 agreed no, 5 disagreements -> po 0.75, pe 0.5, kappa 0.5
    first = ["y"] * 10 + ["n"] * 5 + ["y"] * 5
    second = ["y"] * 10 + ["n"] * 5 + ["n"] * 5
    assert cohen_kappa(first, second) == pytest.approx((0.75 - 0.5) / (1 - 0.5))


def test_agreement_by_author(workspace: Workspace) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="Ada")
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="Bob")  # exact match
    add(workspace, FIRST, "Harbin World Wide Welding Co Ltd", "company", author="Ada")
    add(workspace, FIRST, "Harbin World Wide Welding", "company", author="Bob")  # overlap only
    add(workspace, FIRST, "student incubator park", "policy", author="Bob")  # Bob only
    add(workspace, XINHUA, "Kingdee", "company", author="Ada")  # Bob did not annotate this article
    result = run_cli("agreement", "--json", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    [pair] = json.loads(result.stdout)
    assert pair["annotators"] == ["Ada", "Bob"]
    assert pair["articles"] == 1
    tags = pair["tags"]
    assert tags["funding"]["exact"]["f1"] == 1.0
    assert tags["company"]["exact"]["matched"] == 0
    assert tags["company"]["overlap"]["f1"] == 1.0
    assert tags["policy"]["overlap"]["recall"] == 0.0 and tags["policy"]["overlap"]["second"] == 1
    assert 0 < pair["kappa"] < 1
    table = run_cli("agreement", "--tag", "company", cwd=workspace.root)
    assert "Ada vs Bob: 1 article annotated by both" in table.stdout
    assert table.stdout.count("company") == 1 and "funding" not in table.stdout


def test_agreement_between_git_branches(workspace: Workspace) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=workspace.root, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.name", "T")
    git("config", "user.email", "t@example.org")
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="same")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    add(workspace, FIRST, "Harbin", "company", author="same")
    git("commit", "-qam", "other")
    result = run_cli("agreement", "--ref", "main", "--ref", "other", "--json", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    [pair] = json.loads(result.stdout)
    assert pair["annotators"] == ["main", "other"]
    assert pair["tags"]["funding"]["exact"]["f1"] == 1.0
    assert pair["tags"]["company"]["exact"]["precision"] == 0.0
    bad = run_cli("agreement", "--ref", "main", cwd=workspace.root)
    assert bad.returncode == 1 and "at least two --ref" in bad.stderr


def git_repo(workspace: Workspace) -> Callable[..., None]:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=workspace.root, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.name", "T")
    git("config", "user.email", "t@example.org")
    return git


def test_agreement_between_refs_reads_non_ascii_file_names(workspace: Workspace) -> None:
    (workspace.corpus_dir / "café-story.txt").write_text("The Harbin café raised seed funding.\n")
    git = git_repo(workspace)
    add(workspace, "café-story", "Harbin café", "company", author="same")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    add(workspace, "café-story", "seed funding", "funding", author="same")
    git("commit", "-qam", "other")
    result = run_cli("agreement", "--ref", "main", "--ref", "other", "--json", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    [pair] = json.loads(result.stdout)
    assert pair["articles"] == 1
    assert pair["tags"]["company"]["exact"]["f1"] == 1.0
    assert pair["tags"]["funding"]["exact"]["second"] == 1


def test_agreement_between_refs_skips_a_file_that_is_not_utf8_in_one_line(workspace: Workspace) -> None:
    git = git_repo(workspace)
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="same")
    (workspace.annotations_dir / f"{XINHUA}.toml").write_bytes(b'format = 1\narticle = "caf\xe9"\n')
    git("add", "-A")
    git("commit", "-qm", "base")
    git("branch", "other")
    result = run_cli("agreement", "--ref", "main", "--ref", "other", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = result.stderr.splitlines()  # one per ref
    assert [w.split(":annotations/")[0] for w in warnings] == [
        "glossator: warning: main",
        "glossator: warning: other",
    ]
    assert (
        warnings[0]
        == f"glossator: warning: main:annotations/{XINHUA}.toml:2: -: not valid UTF-8 (byte 25); not compared"
    )
    assert "main vs other: 1 article annotated by both" in result.stdout


def test_agreement_with_an_unknown_ref_is_one_line(workspace: Workspace) -> None:
    git = git_repo(workspace)
    add(workspace, FIRST, FUNDING_QUOTE, "funding")
    git("add", "-A")
    git("commit", "-qm", "base")
    for bad in ("nope\x1b[2J", "--output=/tmp/x"):
        result = run_cli("agreement", f"--ref={bad}", "--ref", "main", cwd=workspace.root)
        assert result.returncode == 1
        [line] = result.stderr.splitlines()
        assert line.startswith("glossator: --ref ") and "no such branch, tag or commit" in line
        assert "\x1b" not in line


# --- the sweeps give what comparing every pair gives -------------------------------------------------


def brute_labels(tokens: list[tuple[int, int]], annotations: list[Annotation]) -> list[str]:
    by_length = sorted(annotations, key=lambda a: a.end - a.start)
    return [next((a.tag for a in by_length if a.start <= s and e <= a.end), "none") for s, e in tokens]


def brute_overlaps(first: list[Annotation], second: list[Annotation]) -> int:
    candidates = sorted(
        (
            (min(a.end, b.end) - max(a.start, b.start), i, j)
            for i, a in enumerate(first)
            for j, b in enumerate(second)
            if a.start < b.end and b.start < a.end
        ),
        reverse=True,
    )
    used_first: set[int] = set()
    used_second: set[int] = set()
    for _, i, j in candidates:
        if i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
    return len(used_first)


SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20), st.sampled_from(TAGS)), max_size=25).map(
    lambda spans: [
        Annotation(f"{i:016x}", tag, start, start + length, "q", "a", datetime(2026, 1, 1, tzinfo=UTC))
        for i, (start, length, tag) in enumerate(spans)
    ]
)


@settings(max_examples=300, deadline=None)
@given(SPANS, SPANS, st.lists(st.integers(1, 5), min_size=1, max_size=30))
def test_sweeps_agree_with_comparing_every_pair(first, second, gaps) -> None:
    tokens, position = [], 0
    for gap in gaps:
        tokens.append((position, position + gap))
        position += gap + 1
    assert _token_labels(tokens, first) == brute_labels(tokens, first)
    assert _overlap_matches(first, second) == brute_overlaps(first, second)


def thousands_of_spans() -> tuple[dict[str, str | bytes], dict[str, dict[str, list[Annotation]]]]:
    """8,000 spans on an 80,000-word article (its articles, and the spans by annotator).

    Comparing every span with every token took minutes; ``tests/benchmarks/bench_limits``
    times it (a moment).
    """
    text = "".join(f"word{i % 97} " for i in range(80_000))
    created = datetime(2026, 1, 1, tzinfo=UTC)
    annotators = {}
    for name, shift in (("Ada", 0), ("Bob", 3)):
        spans = []
        for i in range(4_000):
            start = (i * 97) % (len(text) - 100) + shift
            spans.append(Annotation(f"{name}{i:012x}", TAGS[i % 3], start, start + 40, "q", name, created))
        annotators[name] = {"long": spans}
    return {"long": text}, annotators


def test_agreement_on_thousands_of_spans(make_workspace) -> None:
    articles, annotators = thousands_of_spans()
    [pair] = compare(make_workspace(articles), annotators)
    assert pair.tokens == 80_000 and pair.overlap["funding"].matched > 1_000


def test_agreement_between_refs_in_a_workspace_below_the_repository_root(
    tmp_path, workspace: Workspace
) -> None:
    repo = tmp_path / "repo"
    (repo / "team").mkdir(parents=True)
    workspace.root.rename(repo / "team" / "ws")
    moved = Workspace.open(repo / "team" / "ws")
    git = git_repo(Workspace(repo))
    add(moved, FIRST, FUNDING_QUOTE, "funding", author="same")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "other")
    add(moved, FIRST, "Harbin", "company", author="same")
    git("commit", "-qam", "other")
    result = run_cli("agreement", "--ref", "main", "--ref", "other", "--json", cwd=moved.root)
    assert result.returncode == 0, result.stderr
    [pair] = json.loads(result.stdout)
    assert pair["articles"] == 1 and pair["tags"]["funding"]["exact"]["f1"] == 1.0


# --- the agreed version, and suggestions -----------------------------------------------------------


def test_agreement_against_the_agreed_version(workspace: Workspace) -> None:
    """Ada and Bob agree on the funding span; the adjudicator keeps Ada's company span, not Bob's policy."""
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="Ada")
    add(workspace, FIRST, "Harbin", "company", author="Ada")
    add(workspace, FIRST, FUNDING_QUOTE, "funding", author="Bob")
    add(workspace, FIRST, "student incubator park", "policy", author="Bob")
    settled = run_cli(
        "adjudicate",
        FIRST,
        "--a",
        "Ada",
        "--b",
        "Bob",
        "--as",
        "judge",
        "--take",
        "a",
        "none",
        cwd=workspace.root,
    )
    assert settled.returncode == 0, settled.stderr
    result = run_cli("agreement", "--against", "judge", "--json", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    ada, bob = json.loads(result.stdout)
    assert (ada["annotators"], bob["annotators"]) == (["judge", "Ada"], ["judge", "Bob"])
    assert all(ada["tags"][tag]["exact"]["f1"] == 1.0 for tag in ("funding", "company"))
    assert ada["kappa"] == 1.0
    assert bob["tags"]["funding"]["exact"]["f1"] == 1.0
    assert bob["tags"]["company"]["exact"] | {"precision": 0.0, "f1": 0.0} == {
        "precision": 0.0, "recall": 0.0, "f1": 0.0, "matched": 0, "first": 1, "second": 0,
    }  # fmt: skip
    assert bob["tags"]["policy"]["exact"]["first"] == 0 and bob["tags"]["policy"]["exact"]["second"] == 1
    table = run_cli("agreement", "--against", "judge", cwd=workspace.root).stdout
    assert "Ada against judge: 1 article annotated by both, Cohen's kappa 1.000" in table
    assert "Bob against judge: 1 article annotated by both" in table and "Ada vs Bob" not in table
    unknown = run_cli("agreement", "--against", "nobody", cwd=workspace.root)
    assert unknown.returncode == 1
    assert unknown.stderr == "glossator: no annotations by 'nobody' (annotators: Ada, Bob, judge)\n"


def test_suggested_annotations_are_left_out_unless_asked(workspace: Workspace) -> None:
    """Bob made a policy span and suggested a funding span (Ada's) and a company span."""
    annotate(workspace, FIRST, FUNDING_QUOTE, "funding", "Ada")
    annotate(workspace, FIRST, "student incubator park", "policy", "Bob")
    annotate(workspace, FIRST, FUNDING_QUOTE, "funding", "Bob", status=SUGGESTED)
    annotate(workspace, FIRST, "Harbin", "company", "Bob", status=SUGGESTED)
    git = git_repo(workspace)
    git("add", "-A")
    git("commit", "-qm", "base")
    git("branch", "other")

    def funding_and_company(*args: str) -> list[tuple[int, int]]:
        """(first's spans, second's spans) of funding and of company."""
        [pair] = json.loads(run_cli("agreement", "--json", *args, cwd=workspace.root).stdout)
        return [
            (pair["tags"][t]["exact"]["first"], pair["tags"][t]["exact"]["second"])
            for t in ("funding", "company")
        ]

    assert funding_and_company() == [(1, 0), (0, 0)]
    assert funding_and_company("--include-suggested") == [(1, 1), (0, 1)]
    # Two refs of one tree: each side has every span, Bob's suggestions only when asked.
    refs = ("--ref", "main", "--ref", "other")
    assert funding_and_company(*refs) == [(1, 1), (0, 0)]
    assert funding_and_company(*refs, "--include-suggested") == [(2, 2), (1, 1)]
