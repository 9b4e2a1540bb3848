"""``glossator agreement``: annotators compared, span P/R/F1 per tag, kappa, optionally gamma."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tui.cli.output import EXIT_OK, counted
from tui.cli.parsing import Commands
from tui.errors import GlossatorError
from tui.text.safe import json_text, say
from tui.workspace.layout import Workspace

if TYPE_CHECKING:
    from tui.agreement.gamma import Gamma


def register(commands: Commands) -> None:
    agreement = commands.command(
        "agreement",
        _agreement,
        "compare annotators: span P/R/F1 per tag, Cohen's kappa, optionally gamma",
        topic="sharing",
    )
    agreement.add_argument("--tag", metavar="TAG", help="compare only this tag")
    agreement.add_argument(
        "--against", metavar="AUTHOR", help="compare each annotator only with this one (the agreed version)"
    )
    agreement.add_argument("--gamma", action="store_true", help="also gamma (needs glossator[gamma])")
    agreement.add_argument("--include-suggested", action="store_true", help="count suggested annotations too")
    agreement.add_argument(
        "--ref",
        action="append",
        metavar="REF",
        help="a git branch or commit as one annotator (give two or more)",
    )
    agreement.add_argument("--json", action="store_true", help="print the figures as JSON")


def _agreement(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.agreement.scores import by_author, by_ref, compare

    if args.ref is not None and len(args.ref) < 2:
        raise GlossatorError("give at least two --ref options to compare versions")
    problems: list[str] = []
    suggested = args.include_suggested
    if args.ref:
        annotators = by_ref(workspace, args.ref, problems, suggested)
    else:
        annotators = by_author(workspace, problems, suggested)
    if args.tag is not None:
        from tui.workspace.tagset import load_tag_set

        tag_set = load_tag_set(workspace.root)
        if args.tag not in tag_set:
            raise GlossatorError(f"--tag {args.tag!r} is not a tag (tags are {tag_set.listed()})")
    pairs = compare(workspace, annotators, args.tag, against=args.against, gamma=args.gamma)
    for problem in problems:
        say(f"glossator: warning: {problem}", stream=sys.stderr)
    if args.json:
        payload = [
            {
                "annotators": [pair.first, pair.second],
                "articles": pair.articles,
                "tokens": pair.tokens,
                "kappa": round(pair.kappa, 4),
                **({"gamma": _gamma_json(pair.gamma)} if args.gamma else {}),
                "tags": {
                    tag: {
                        kind: {
                            "precision": round(s.precision, 4),
                            "recall": round(s.recall, 4),
                            "f1": round(s.f1, 4),
                            "matched": s.matched,
                            "first": s.reference,
                            "second": s.predicted,
                        }
                        for kind, s in (("exact", pair.exact[tag]), ("overlap", pair.overlap[tag]))
                    }
                    for tag in pair.exact
                },
            }
            for pair in pairs
        ]
        say(json_text(payload), layout=True)
        return EXIT_OK
    if not pairs:
        say("Nothing to compare: agreement needs two annotators (authors, or --ref versions)")
        return EXIT_OK
    for pair in pairs:
        names = f"{pair.second} against {pair.first}" if args.against else f"{pair.first} vs {pair.second}"
        say(
            f"{names}: {counted(pair.articles, 'article')} annotated by both, "
            f"Cohen's kappa {pair.kappa:.3f} over {pair.tokens:,} tokens"
        )
        if args.gamma:
            say(f"  {_gamma_text(pair.gamma)}")
        say(f"  {'tag':<9}{'exact P':>9}{'R':>7}{'F1':>7}{'overlap P':>12}{'R':>7}{'F1':>7}{'spans':>12}")
        for tag in pair.exact:
            exact, overlap = pair.exact[tag], pair.overlap[tag]
            spans = f"{exact.reference}/{exact.predicted}"
            say(
                f"  {tag:<9}{exact.precision:>9.2f}{exact.recall:>7.2f}{exact.f1:>7.2f}"
                f"{overlap.precision:>12.2f}{overlap.recall:>7.2f}{overlap.f1:>7.2f}{spans:>12}"
            )
    return EXIT_OK


def _gamma_json(gamma: Gamma | None) -> dict[str, object] | None:
    if gamma is None:
        return None
    return {
        "value": round(gamma.value, 4),
        "observed_disorder": round(gamma.observed, 4),
        "expected_disorder": round(gamma.expected, 4),
        "spans": gamma.spans,
        "articles": gamma.articles,
        "samples": gamma.samples,
        "seed": gamma.seed,
    }


def _gamma_text(gamma: Gamma | None) -> str:
    if gamma is None:
        return "gamma: no spans to align"
    return (
        f"gamma {gamma.value:.3f} (disorder observed {gamma.observed:.3f}, expected {gamma.expected:.3f}; "
        f"{counted(gamma.spans, 'span')}, {gamma.samples} random samples per article, seed {gamma.seed})"
    )
