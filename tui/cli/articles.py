"""``glossator add``: files, folders, tables and web pages brought into the corpus, then indexed once."""

from __future__ import annotations

import argparse
import os
import sys

from tui.cli.output import EXIT_OK, EXIT_PROBLEMS, counted, progress_bar, say_error
from tui.cli.parsing import Commands
from tui.text.safe import say
from tui.workspace.layout import Workspace

#: Exit status after Ctrl-C, as shells report it.
EXIT_INTERRUPTED = 130
#: Each added article is named when a run adds at most this many; a bigger one gives the count.
LISTED = 20


def register(commands: Commands) -> None:
    add = commands.command(
        "add",
        _add,
        "bring articles into the corpus: text files, saved web pages, tables, folders or web addresses",
        topic="workspaces",
    )
    add.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a file (.txt in any common encoding, .html, .csv, .tsv, .jsonl, .json), a folder "
        "(searched recursively) or an http(s) address",
    )
    add.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=NAME",
        type=_column,
        help="in tables: the column NAME holds FIELD (title, text, date, source, author, url or id)",
    )


def _column(value: str) -> tuple[str, str]:
    from tui.intake.tables import MAPPABLE

    field, _, name = value.partition("=")
    field, name = field.strip().lower(), name.strip()
    if field not in MAPPABLE or not name:
        raise argparse.ArgumentTypeError(
            f"expected FIELD=NAME with FIELD one of {', '.join(MAPPABLE)} (got {value!r})"
        )
    return field, name


def _add(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.intake.run import Intake
    from tui.search import CorpusIndex

    summary = Intake(workspace, dict(args.column)).run(args.sources, progress_bar("Adding"))
    for article_id, origin in summary.added[:LISTED] if len(summary.added) <= LISTED else []:
        shown = workspace.relative(workspace.article_path(article_id))
        same_name = os.path.basename(origin) == os.path.basename(shown)
        say(f"Added {shown}" if same_name else f"Added {origin} as {shown}")
    if len(summary.added) > LISTED:
        first, last = summary.added[0][1], summary.added[-1][1]
        say(f"Added {counted(len(summary.added), 'article')}, from {first} to {last}")
    _listed([f"{origin}: converted from {encoding} to UTF-8" for origin, encoding in summary.converted])
    _listed([f"{origin}: already there as {article_id}" for origin, article_id in summary.already])
    for article_id, twin in summary.same_story:
        say(f"{article_id}: the same story as {twin} (added; search results show the pair)")
    for problem in summary.refused:
        say_error(f"{problem.origin}: refused: {problem.reason}")
    parts = [
        f"added {len(summary.added)}",
        f"already there {len(summary.already)}",
        f"same story as another {len(summary.same_story)}",
        f"refused {len(summary.refused)}",
    ]
    if summary.passed_over:
        parts.append(f"{counted(summary.passed_over, 'file')} of other kinds passed over")
    if summary.interrupted and sys.stderr.isatty():
        say("", stream=sys.stderr)  # past the progress bar's line
    say(("Interrupted: " if summary.interrupted else "") + "; ".join(parts).capitalize() + ".")
    if summary.interrupted:
        say("Run the same command again to add the rest.", stream=sys.stderr)
        return EXIT_INTERRUPTED
    if summary.added:
        CorpusIndex.open(workspace, progress_bar("Indexing"), watched=True)
    return EXIT_PROBLEMS if summary.refused else EXIT_OK


def _listed(lines: list[str]) -> None:
    """The first ``LISTED`` lines, then how many more (a 100,000-row resume is one screen)."""
    for line in lines[:LISTED]:
        say(line)
    if len(lines) > LISTED:
        say(f"... and {len(lines) - LISTED} more")
