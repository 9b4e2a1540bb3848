"""The ``glossator`` command line: a thin layer over the core, and the app's launcher.

The app (and so Textual) is imported only when it is opened, which keeps ``glossator
search`` fast to start.  Every expected failure is a one-line message on stderr and a
non-zero exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui import __version__
from tui.errors import GlossatorError
from tui.safetext import visible
from tui.store import TAGS
from tui.workspace import Workspace

if TYPE_CHECKING:
    from tui.index import SearchResults

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DRIVER_USAGE = "glossator merge-driver %O %A %B"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "standalone", None):
            standalone: Callable[[argparse.Namespace], int] = args.standalone
            return standalone(args)
        workspace = _workspace(args.workspace)
        command: Callable[[Workspace, argparse.Namespace], int] = args.run
        return command(workspace, args)
    except GlossatorError as error:
        print(f"glossator: {visible(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _workspace(folder: str | None) -> Workspace:
    return Workspace.open(folder) if folder else Workspace.find(Path.cwd())


def _parser() -> argparse.ArgumentParser:
    workspace_help = "the workspace folder (default: this folder or the nearest parent with corpus/)"
    parser = argparse.ArgumentParser(
        prog="glossator",
        description="Read, search and annotate a news corpus. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"glossator {__version__}")
    parser.add_argument("--workspace", "-w", metavar="DIR", help=workspace_help)
    parser.set_defaults(run=_open_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str, run: Callable[[Workspace, argparse.Namespace], int], help: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.add_argument("--workspace", "-w", metavar="DIR", help=workspace_help, default=argparse.SUPPRESS)
        sub.set_defaults(run=run)
        return sub

    search = command("search", _search, "search the corpus and the annotations")
    search.add_argument("query", help="a query, e.g. 'venture investment' or 'tag:funding'")
    search.add_argument("--limit", "-n", type=_positive, default=10, help="results to show (default 10)")
    search.add_argument("--json", action="store_true", help="print the results as JSON")

    index = command("index", _index, "bring the search index up to date with the files")
    index.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")

    command("stats", _stats, "count articles and annotations, by tag and by author")
    agreement = command("agreement", _agreement, "compare annotators: span P/R/F1 per tag and Cohen's kappa")
    agreement.add_argument("--tag", choices=TAGS, help="compare only this tag")
    agreement.add_argument(
        "--ref",
        action="append",
        metavar="REF",
        help="a git branch or commit as one annotator (give two or more)",
    )
    agreement.add_argument("--json", action="store_true", help="print the figures as JSON")
    command("check", _check, "validate every annotation file against its article")
    command("reanchor", _reanchor, "move annotations whose article text changed to where their quote is now")

    add = command("add", _add, "copy article files into the corpus and index them")
    add.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")

    init = commands.add_parser(
        "init", help="make a workspace shareable through git", description="make a workspace "
        "(corpus/, annotations/, .gitignore, .gitattributes) and register the merge driver in git"
    )  # fmt: skip
    init.add_argument("folder", nargs="?", default=".", metavar="DIR", help="the folder (default: here)")
    init.set_defaults(standalone=_init)

    driver = commands.add_parser(
        "merge-driver", help="git merge driver for annotation files (see glossator init)",
        description="merge annotation files by annotation id; git runs it as: " + DRIVER_USAGE,
    )  # fmt: skip
    for name in ("base", "ours", "theirs"):
        driver.add_argument(name, type=Path, help=f"the {name} version (%{name[0].upper()})")
    driver.set_defaults(standalone=_merge_driver)
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


# --- commands ------------------------------------------------------------------------------------


def _open_app(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.app import run_app

    return run_app(workspace)


def _search(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.index import CorpusIndex

    corpus_index = CorpusIndex.open(workspace, _progress_bar("Indexing"))
    results = corpus_index.search(args.query, limit=args.limit)
    if args.json:
        print(json.dumps(_results_json(results), ensure_ascii=False, indent=2))
        return EXIT_OK
    emphasis = _use_color(sys.stdout)
    for rank, hit in enumerate(results.hits, start=1):
        print(f"{rank}. {visible(hit.title or hit.article_id)}")
        details = [
            hit.article_id,
            hit.source,
            hit.date,
            f"score {hit.score:.2f}" if hit.score else "",
        ]
        details += [f"{tag} {count}" for tag, count in hit.tag_counts.items()]
        if hit.same_story_as:
            details.append("same story as " + ", ".join(hit.same_story_as))
        print("   " + visible(" · ".join(part for part in details if part)))
        print("   " + _marked(hit.snippet.text, hit.snippet.highlights, emphasis))
        for annotation in hit.annotations:
            note = f" — {annotation.note}" if annotation.note else ""
            print(visible(f"   [{annotation.tag}] “{annotation.quote}”{note} ({annotation.author})"))
    shown = f", showing {len(results.hits)}" if len(results.hits) < results.total else ""
    print(f"{_count(results.total, 'result')}{shown} ({results.seconds * 1000:.0f} ms)")
    return EXIT_OK


def _results_json(results: SearchResults) -> dict[str, object]:
    return {
        "query": results.query,
        "total": results.total,
        "seconds": round(results.seconds, 4),
        "results": [
            {
                "article": hit.article_id,
                "title": hit.title,
                "source": hit.source,
                "date": hit.date,
                "byline": hit.byline,
                "score": round(hit.score, 4),
                "snippet": {
                    "text": hit.snippet.text,
                    "highlights": [list(r) for r in hit.snippet.highlights],
                },
                "tag_counts": hit.tag_counts,
                "same_story_as": list(hit.same_story_as),
                "annotations": [
                    {
                        "id": a.id,
                        "tag": a.tag,
                        "start": a.start,
                        "end": a.end,
                        "quote": a.quote,
                        "note": a.note,
                        "author": a.author,
                    }
                    for a in hit.annotations
                ],
            }
            for hit in results.hits
        ],
    }


def _marked(text: str, highlights: Sequence[tuple[int, int]], emphasis: bool) -> str:
    """A snippet with its matches in reverse video on a terminal, plain when piped."""
    if not emphasis:
        return visible(text)
    out, position = [], 0
    for start, end in highlights:
        out.append(visible(text[position:start]))
        out.append(f"\x1b[1;7m{visible(text[start:end])}\x1b[0m")
        position = end
    out.append(visible(text[position:]))
    return "".join(out)


def _index(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.index import CorpusIndex

    corpus_index = CorpusIndex(workspace)
    progress = _progress_bar("Indexing")
    report = corpus_index.rebuild(progress) if args.rebuild else corpus_index.sync(progress)
    corpus_index.compact(everything=True)
    count = len(corpus_index)
    if report.rebuilt:
        why = f" ({report.reason})" if report.reason else ""
        print(f"Built the index: {count} articles in {report.seconds:.2f} s{why}")
    else:
        print(
            f"Index up to date: {count} articles ({len(report.added)} added, "
            f"{len(report.changed)} changed, {len(report.removed)} removed) in {report.seconds:.2f} s"
        )
    return EXIT_OK


def _stats(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.stats import collect_stats

    stats = collect_stats(workspace)
    print(f"Articles:            {stats.articles}")
    print(f"Annotated articles:  {stats.annotated_articles}")
    print(f"Annotations:         {stats.annotations}")
    for tag in TAGS:
        print(f"  {tag:<9}{stats.by_tag[tag]:>11}")
    if stats.by_author:
        width = max(len("author"), *(len(visible(name)) for name in stats.by_author))
        print()
        print(f"{'author':<{width}}  " + "  ".join(f"{tag:>7}" for tag in TAGS) + f"  {'total':>7}")
        for name, counts in sorted(stats.by_author.items()):
            cells = "  ".join(f"{counts[tag]:>7}" for tag in TAGS)
            print(f"{visible(name):<{width}}  {cells}  {sum(counts.values()):>7}")
    for path in stats.unreadable_files:
        print(f"not counted (has problems, see glossator check): {visible(path)}", file=sys.stderr)
    return EXIT_OK


def _agreement(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.agreement import by_author, by_ref, compare

    if args.ref is not None and len(args.ref) < 2:
        raise GlossatorError("give at least two --ref options to compare versions")
    annotators = by_ref(workspace, args.ref) if args.ref else by_author(workspace)
    pairs = compare(workspace, annotators, args.tag)
    if args.json:
        payload = [
            {
                "annotators": [pair.first, pair.second],
                "articles": pair.articles,
                "tokens": pair.tokens,
                "kappa": round(pair.kappa, 4),
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
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not pairs:
        print("Nothing to compare: agreement needs two annotators (authors, or --ref versions)")
        return EXIT_OK
    for pair in pairs:
        print(
            visible(f"{pair.first} vs {pair.second}: {_count(pair.articles, 'article')} annotated by both, "
                    f"Cohen's kappa {pair.kappa:.3f} over {pair.tokens:,} tokens")
        )  # fmt: skip
        print(f"  {'tag':<9}{'exact P':>9}{'R':>7}{'F1':>7}{'overlap P':>12}{'R':>7}{'F1':>7}{'spans':>12}")
        for tag in pair.exact:
            exact, overlap = pair.exact[tag], pair.overlap[tag]
            spans = f"{exact.reference}/{exact.predicted}"
            print(
                f"  {tag:<9}{exact.precision:>9.2f}{exact.recall:>7.2f}{exact.f1:>7.2f}"
                f"{overlap.precision:>12.2f}{overlap.recall:>7.2f}{overlap.f1:>7.2f}{spans:>12}"
            )
    return EXIT_OK


def _check(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.checks import check_workspace

    report = check_workspace(workspace)
    for problem in report.problems:
        print(visible(str(problem)))
    if report.problems:
        print(f"{_count(len(report.problems), 'problem')} found", file=sys.stderr)
        return EXIT_PROBLEMS
    print(
        f"OK: {_count(report.files, 'annotation file')} with {_count(report.annotations, 'annotation')} "
        f"checked against {_count(report.articles, 'article')}; no problems"
    )
    return EXIT_OK


def _reanchor(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.checks import reanchor_workspace

    report = reanchor_workspace(workspace)
    for path in report.files_written:
        print(f"Rewrote {visible(path)}")
    for problem in report.orphans + report.skipped:
        print(visible(str(problem)))
    print(
        f"{_count(report.moved, 'annotation')} re-anchored in {_count(len(report.files_written), 'file')}; "
        f"{_count(len(report.orphans), 'orphan')} left as they were"
    )
    return EXIT_PROBLEMS if report.orphans or report.skipped else EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from tui.gitsetup import DRIVER_COMMAND, init_workspace

    report = init_workspace(Path(args.folder))
    for name in report.created:
        print(f"Created {name}")
    if report.git_initialised:
        print("Initialised a git repository")
    print(f"Registered the merge driver for annotations/**/*.toml in {report.root / '.git' / 'config'}")
    print("Each collaborator runs this once in their clone:")
    print(f'  git config merge.glossator.driver "{DRIVER_COMMAND}"')
    return EXIT_OK


def _merge_driver(args: argparse.Namespace) -> int:
    from tui.merging import run_merge_driver

    return run_merge_driver(args.base, args.ours, args.theirs)


def _add(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.corpus import decode_article
    from tui.fileio import write_atomic
    from tui.index import CorpusIndex

    status = EXIT_OK
    added = []
    for name in args.files:
        source = Path(name)
        target = (
            workspace.article_path(source.stem) if source.stem and not source.stem.startswith(".") else None
        )
        if target is None:
            print(
                f"glossator: {visible(name)}: refused: hidden or nameless files are skipped",
                file=sys.stderr,
            )
            status = EXIT_PROBLEMS
            continue
        if target.exists():
            print(
                f"glossator: {visible(name)}: refused: {workspace.relative(target)} already exists "
                "(rename the file to add it)",
                file=sys.stderr,
            )
            status = EXIT_PROBLEMS
            continue
        try:
            data = source.read_bytes()
        except OSError as error:
            print(f"glossator: {visible(name)}: cannot be read: {error.strerror}", file=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        for problem in decode_article(data).problems:
            print(f"glossator: {visible(name)}: warning: {problem}", file=sys.stderr)
        write_atomic(target, data)
        added.append(target)
        print(f"Added {workspace.relative(target)}")
    if added:
        CorpusIndex.open(workspace, _progress_bar("Indexing"))
    return status


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- terminal helpers ----------------------------------------------------------------------------


def _use_color(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _progress_bar(label: str) -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr for runs long enough to need one (only on a terminal)."""
    if not sys.stderr.isatty():
        return None
    started = time.monotonic()
    last = [0.0]

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and (now - started < 0.5 or now - last[0] < 0.1):
            return
        last[0] = now
        width = 30
        filled = width * done // max(total, 1)
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{label} {bar} {done}/{total}{end}")
        sys.stderr.flush()

    return show
