"""Gamma agreement (pygamma-agreement, the ``gamma`` extra) against figures worked out by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import numpy
import pytest

from tests.agreement.test_adjudication import annotate
from tests.conftest import FIRST, FUNDING_QUOTE
from tests.extras import needs_extra
from tui.agreement.gamma import gamma_agreement
from tui.annotations.model import Annotation
from tui.cli import main
from tui.workspace.layout import Workspace

needs_extra("gamma")


def spans(*triples: tuple[int, int, str]) -> list[Annotation]:
    created = datetime(2026, 1, 1, tzinfo=UTC)
    return [Annotation(f"{i:016x}", tag, s, e, "q", "x", created) for i, (s, e, tag) in enumerate(triples)]


#: Three spans each: one alike, one with other boundaries and tag, one each alone.
ALIGNMENT_A = spans((0, 10, "funding"), (20, 30, "company"), (50, 60, "policy"))
ALIGNMENT_B = spans((0, 10, "funding"), (22, 30, "policy"), (80, 90, "company"))
#: Four spans each, tiling 0-40 in tens; only the last tag differs.
CHANCE_A = spans((0, 10, "funding"), (10, 20, "company"), (20, 30, "policy"), (30, 40, "policy"))
CHANCE_B = spans((0, 10, "funding"), (10, 20, "company"), (20, 30, "policy"), (30, 40, "company"))


def test_observed_disorder_is_the_hand_computed_best_alignment() -> None:
    """The dissimilarity of two spans is ((|Δstart| + |Δend|) / (len₁ + len₂))² + (1 if the tags
    differ); a span aligned with nothing costs 1.  The best alignment of ALIGNMENT_A/B:

    - 0-10 funding with 0-10 funding: 0;
    - 20-30 company with 22-30 policy: ((2 + 0) / (10 + 8))² + 1 = 1/81 + 1 = 82/81, less than
      leaving both alone (1 + 1 = 2);
    - 50-60 policy and 80-90 company alone: 1 each (together: ((30 + 30) / 20)² + 1 = 10).

    Total 82/81 + 2 = 244/81; divided by the mean number of spans per annotator (3), the
    observed disorder is 244/243 ≈ 1.004115.  pygamma computes in float32: tolerance 1e-6.
    """
    result = gamma_agreement([("article", ALIGNMENT_A, ALIGNMENT_B)])
    assert result is not None
    assert result.observed == pytest.approx(244 / 243, rel=1e-6)
    assert (result.spans, result.articles, result.samples, result.seed) == (6, 1, 30, 0)


def test_gamma_matches_the_hand_computed_chance_disorder_within_the_sampling_error() -> None:
    """CHANCE_A/B differ only in the last tag: observed disorder 1/4 (one tag costs 1, over 4 spans).

    Expected disorder: pygamma's statistical sampler draws each annotator's number of spans,
    lengths and gaps from normal distributions with this article's means and deviations, and
    tags with their frequencies.  Here every annotator has 4 spans, every span is 10 long and
    every gap 0 (deviations 0), so every random continuum is both annotators with spans at
    0-10, 10-20, 20-30, 30-40, each tag drawn independently with p(funding) = 2/8,
    p(company) = 3/8, p(policy) = 3/8.  Its best alignment pairs the spans at the same place
    (cost 0 or 1 each): pairing any others costs at least ((10 + 10) / 20)² = 1 a pair.  So a
    sample's disorder is the share of places whose tags differ, and its mean is
    P(tags differ) = 1 - (1/16 + 9/64 + 9/64) = 21/32 = 0.65625, giving
    gamma = 1 - (1/4) / (21/32) = 13/21 ≈ 0.619.

    pygamma estimates the expectation from N seeded samples: a sample's disorder is
    Binomial(4, 21/32) / 4, standard deviation √(21/32 · 11/32 / 4) ≈ 0.2375, so with N = 200
    the mean's standard error is 0.0168.  Tolerance: 3 standard errors (0.05) on the expected
    disorder, and so 0.05 · (1/4) / 0.65625² ≈ 0.03 on gamma.
    """
    result = gamma_agreement([("article", CHANCE_A, CHANCE_B)], samples=200)
    assert result is not None
    assert result.observed == pytest.approx(0.25, rel=1e-6)
    assert result.expected == pytest.approx(21 / 32, abs=0.05)
    assert result.value == pytest.approx(13 / 21, abs=0.03)


def test_gamma_is_seeded_per_article_pooled_by_spans_and_leaves_numpy_as_it_was() -> None:
    first = gamma_agreement([("one", ALIGNMENT_A, ALIGNMENT_B)])
    second = gamma_agreement([("two", CHANCE_A, CHANCE_B)])
    both = gamma_agreement([("one", ALIGNMENT_A, ALIGNMENT_B), ("two", CHANCE_A, CHANCE_B)])
    assert first is not None and second is not None and both is not None
    assert gamma_agreement([("one", ALIGNMENT_A, ALIGNMENT_B)]) == first  # the same figures again
    assert gamma_agreement([("one", ALIGNMENT_A, ALIGNMENT_B)], seed=1).expected != first.expected
    # Weighted by the mean spans per annotator (3 and 4): the observed disorder of the two
    # articles laid end to end is (3 · 244/243 + 4 · 1/4) / 7 = 325/567.
    assert both.observed == pytest.approx(325 / 567, rel=1e-6)
    assert both.expected == pytest.approx((3 * first.expected + 4 * second.expected) / 7, rel=1e-6)
    assert (both.spans, both.articles) == (14, 2)
    numpy.random.seed(7)
    untouched = numpy.random.random()
    numpy.random.seed(7)
    gamma_agreement([("one", ALIGNMENT_A, ALIGNMENT_B)])
    assert numpy.random.random() == untouched
    assert gamma_agreement([("empty", [], [])]) is None


def test_agreement_gamma_through_the_command(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    """In-process: the command's own run would spend 9 s compiling pygamma's numba code again."""
    for author in ("Ada", "Bob"):
        annotate(workspace, FIRST, FUNDING_QUOTE, "funding", author)
        annotate(workspace, FIRST, "Harbin", "company", author)
    annotate(workspace, FIRST, "student incubator park", "policy", "Cid")
    annotate(workspace, FIRST, "Harbin", "policy", "Cid")
    assert main(["--workspace", str(workspace.root), "agreement", "--gamma", "--json"]) == 0
    figures = {tuple(pair["annotators"]): pair["gamma"] for pair in json.loads(capsys.readouterr().out)}
    assert figures[("Ada", "Bob")] == {
        "value": 1.0, "observed_disorder": 0.0, "expected_disorder": figures[("Ada", "Bob")]["expected_disorder"],
        "spans": 4, "articles": 1, "samples": 30, "seed": 0,
    }  # fmt: skip
    assert figures[("Ada", "Cid")]["value"] < 0.5 and figures[("Ada", "Cid")]["observed_disorder"] > 0
    assert main(["--workspace", str(workspace.root), "agreement", "--gamma", "--against", "Ada"]) == 0
    shown = capsys.readouterr().out
    assert "Bob against Ada: 1 article annotated by both" in shown
    assert "  gamma 1.000 (disorder observed 0.000, expected " in shown
    assert "4 spans, 30 random samples per article, seed 0)" in shown


def test_gamma_without_pygamma_is_one_line_naming_the_extra(workspace: Workspace) -> None:
    """pygamma made unimportable (None in sys.modules), as on an install without the extra."""
    for author in ("Ada", "Bob"):
        annotate(workspace, FIRST, FUNDING_QUOTE, "funding", author)
    script = (
        "import sys; sys.modules['pygamma_agreement'] = None; from tui.cli import main; "
        "raise SystemExit(main(sys.argv[1:]))"
    )
    run = [sys.executable, "-c", script, "agreement"]
    result = subprocess.run(
        [*run, "--gamma"], cwd=workspace.root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("glossator: gamma needs pygamma-agreement (")
    assert line.endswith("): pip install 'glossator[gamma]'")
    without = subprocess.run(run, cwd=workspace.root, capture_output=True, text=True, check=False)
    assert without.returncode == 0 and "Ada vs Bob" in without.stdout
