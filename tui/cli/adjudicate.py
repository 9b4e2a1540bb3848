"""The ``glossator adjudicate`` command: where two authors differ on one article, and settling it.

Without ``--take`` it lists the disagreements, numbered, with what the adjudicator took of
each earlier; with ``--take`` (one choice per disagreement, in that order) it settles the
whole article in one write: every choice, and every span both made alike (taken as
agreed).  The app does the same through ``tui.agreement.comparison`` and ``tui.agreement.adjudication``.

``register`` adds the command through ``tui/cli.py``'s ``command`` helper, as
``tui.cli.interchange`` does; everything printed goes through ``say``.
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from tui.cli.parsing import Commands
from tui.errors import GlossatorError
from tui.text.safe import say
from tui.workspace.layout import Workspace

CHOICES = ("a", "b", "both", "none")


def register(commands: Commands) -> None:
    adjudicate = commands.command(
        "adjudicate",
        run_adjudicate,
        "list where two annotators differ on an article, or settle it",
        topic="sharing",
    )
    adjudicate.add_argument("article", metavar="ARTICLE", help="the article id")
    adjudicate.add_argument("--a", dest="first", required=True, metavar="AUTHOR", help="one annotator")
    adjudicate.add_argument("--b", dest="second", required=True, metavar="AUTHOR", help="the other")
    adjudicate.add_argument(
        "--as", dest="adjudicator", metavar="AUTHOR",
        help="whose annotations are the agreed version (default: git config user.name)",
    )  # fmt: skip
    adjudicate.add_argument(
        "--take", action="extend", nargs="*", choices=CHOICES,
        help="settle the article: a, b, both or none for each disagreement, in the listed order "
        "(after ARTICLE)",
    )  # fmt: skip
    adjudicate.add_argument(
        "--include-suggested", action="store_true", help="compare suggested annotations too"
    )


def run_adjudicate(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.agreement.adjudication import Take, settle, settled_take
    from tui.agreement.comparison import Kind, compare_article
    from tui.annotations.model import SUGGESTED
    from tui.annotations.store import AnnotationStore
    from tui.text.english import possessive
    from tui.workspace.articles import load_article
    from tui.workspace.authors import default_author

    adjudicator = args.adjudicator or default_author(workspace.root)
    text = load_article(workspace, args.article).text
    store = AnnotationStore(workspace)
    loaded = store.load(args.article, text)
    by_author = defaultdict(list)
    for annotation in loaded.annotations:
        if args.include_suggested or annotation.status != SUGGESTED:
            by_author[annotation.author].append(annotation)
    for name in (args.first, args.second):
        if name not in by_author:
            known = ", ".join(sorted(by_author)) or "nobody"
            raise GlossatorError(f"{name!r} has no annotations in {args.article} (annotated by: {known})")
    comparison = compare_article(args.article, by_author[args.first], by_author[args.second])
    agreed = [(pair, Take.A) for pair in comparison.pairs if pair.kind is Kind.SAME]
    disagreements = comparison.disagreements
    if args.take is None:
        say(
            f"{args.first} (a) and {args.second} (b) on {args.article}: {len(agreed)} the same, "
            f"{len(disagreements)} to settle; the agreed version is {possessive(adjudicator)} annotations"
        )
        for number, pair in enumerate(disagreements, start=1):
            took = settled_take(pair, loaded.annotations, adjudicator)
            state = f"took {took}" if took else "not settled"
            say(f"{number}. {pair.start}-{pair.end} {pair.kind.label}: {state}")
            for side, spans in (("a", pair.a), ("b", pair.b)):
                if spans is not None:
                    say(f"   {side}: {spans.tag} {spans.start}-{spans.end} “{spans.quote}”")
        say("Settle it with --take and one of a, b, both, none for each, in this order")
        return 0
    if len(args.take) != len(disagreements):
        wanted, given = len(disagreements), len(args.take)
        raise GlossatorError(f"{wanted} to settle but {given} given: one --take for each, in order")
    decisions = agreed + [(pair, Take(choice)) for pair, choice in zip(disagreements, args.take, strict=True)]
    done = settle(store, args.article, text, adjudicator, decisions)
    say(
        f"Settled {args.article} as {adjudicator}: {done.added} added, {done.removed} removed, "
        f"{done.unchanged} already so ({workspace.relative(done.loaded.path)})"
    )
    return 0
