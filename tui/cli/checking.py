"""``glossator stats``, ``check`` and ``reanchor``: the annotation files counted, validated, re-anchored."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.output import EXIT_OK, EXIT_PROBLEMS, counted
from tui.cli.parsing import Commands
from tui.text.safe import say
from tui.workspace.layout import Workspace

if TYPE_CHECKING:
    pass


def register(commands: Commands) -> None:
    stats = commands.command(
        "stats",
        _stats,
        "count articles and annotations, by tag and by author; progress marks",
        topic="projects",
    )
    stats.add_argument("--include-suggested", action="store_true", help="count suggested annotations too")
    check = commands.command(
        "check", _check, "validate every annotation file against its article", topic="file-format"
    )
    check.add_argument(
        "files", nargs="*", type=Path, metavar="FILE",
        help="only these annotation files or articles (as pre-commit passes them)",
    )  # fmt: skip
    reanchor = commands.command(
        "reanchor",
        _reanchor,
        "move annotations whose article text changed to where their quote is now",
        topic="sharing",
    )
    reanchor.add_argument(
        "--approximate", action="store_true",
        help="also move annotations whose quote itself was edited (listed with old and new quote)",
    )  # fmt: skip


def _stats(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.annotations.stats import collect_stats
    from tui.text.width import cell_width, pad_end

    stats = collect_stats(workspace, include_suggested=args.include_suggested)
    say(f"Articles:            {stats.articles}")
    say(f"Annotated articles:  {stats.annotated_articles}")
    say(f"Annotations:         {stats.annotations}")
    tags = (*stats.tags, *sorted(set(stats.by_tag) - set(stats.tags)))
    width = max(9, *(len(tag) + 1 for tag in tags))
    for tag in tags:
        say(f"  {tag:<{width}}{stats.by_tag[tag]:>11}")
    if stats.by_author:
        # Names are padded by cells, so that Chinese names (two cells a character) line up.
        width = max(len("author"), *(cell_width(name) for name in stats.by_author))
        say()
        say(f"{'author':<{width}}  " + "  ".join(f"{tag:>7}" for tag in tags) + f"  {'total':>7}")
        for name, counts in sorted(stats.by_author.items()):
            cells = "  ".join(f"{counts[tag]:>7}" for tag in tags)
            say(f"{pad_end(name, width)}  {cells}  {sum(counts.values()):>7}")
    if stats.suggestions_left_out:
        left_out = counted(stats.suggestions_left_out, "suggested annotation")
        say(f"Not counted: {left_out} (glossator stats --include-suggested counts them)")
    if stats.progress:
        width = max(cell_width(name) for name in stats.progress)
        say()
        say(f"Progress (of {counted(stats.articles, 'article')}):")
        for name, states in sorted(stats.progress.items()):
            say(f"  {pad_end(name, width)}  {states['done']:>7} done  {states['skipped']:>7} skipped")
    for path in stats.unreadable_files:
        say(f"not counted (has problems, see glossator check): {path}", stream=sys.stderr)
    return EXIT_OK


def _check(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.annotations.checks import check_workspace

    report = check_workspace(workspace, args.files)
    for problem in report.problems:
        say(str(problem))
    if report.problems:
        say(f"{counted(len(report.problems), 'problem')} found", stream=sys.stderr)
        return EXIT_PROBLEMS
    say(
        f"OK: {counted(report.files, 'annotation file')} with {counted(report.annotations, 'annotation')} "
        f"checked against {counted(report.articles, 'article')}; no problems"
    )
    return EXIT_OK


def _reanchor(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.annotations.checks import reanchor_workspace

    report = reanchor_workspace(workspace, approximate=args.approximate)
    for path in report.files_written:
        say(f"Rewrote {path}")
    for problem in report.approximate + report.orphans + report.skipped:
        say(str(problem))
    approximate = len(report.approximate)
    waiting = "" if args.approximate or not approximate else (
        f"; {counted(approximate, 'approximate match', 'approximate matches')} not moved (accept them in the "
        "app, or run glossator reanchor --approximate)"
    )  # fmt: skip
    say(
        f"{counted(report.moved, 'annotation')} re-anchored in {counted(len(report.files_written), 'file')}"
        f"{', approximate matches included' if args.approximate and approximate else ''}; "
        f"{counted(len(report.orphans), 'orphan')} left as they were{waiting}"
    )
    unsettled = report.orphans or report.skipped or (report.approximate and not args.approximate)
    return EXIT_PROBLEMS if unsettled else EXIT_OK
