"""The ``glossator`` command line: a thin layer over the core, and the app's launcher.

The app (and so Textual) is imported only when it is opened, which keeps ``glossator
search`` fast to start.  Every expected failure is a one-line message on stderr and a
non-zero exit status, never a traceback.

Everything printed goes through ``tui.safetext.say`` (JSON through ``json_text`` first):
results, file names, error messages and argparse's own usage and error messages, so no
control, bidi or invisible character from a file, a file name or the command line
reaches the terminal raw.  An unexpected exception is one line too ("internal error"),
its traceback appended to ``.glossator/error.log`` when that folder is a real one.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from tui import __version__
from tui.adjudication_command import register as register_adjudication
from tui.errors import GlossatorError
from tui.interchange.commands import register as register_interchange
from tui.project.commands import register as register_project
from tui.safetext import Writable, json_text, say
from tui.workspace import CACHE_DIR_NAME, Workspace

if TYPE_CHECKING:
    from tui.gamma import Gamma
    from tui.search import SearchResults

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DRIVER_USAGE = "glossator merge-driver %O %A %B"
#: Where an unexpected exception's traceback goes (inside the workspace's cache folder).
ERROR_LOG = "error.log"


@dataclass
class _Run:
    """What one run found out, for the last-resort error handler."""

    argv: Sequence[str]
    workspace: Workspace | None = None


def main(argv: Sequence[str] | None = None) -> int:
    run = _Run(list(sys.argv[1:] if argv is None else argv))
    try:
        return _main(run)
    except SystemExit as stop:  # argparse: --help, --version, usage mistakes
        return stop.code if isinstance(stop.code, int) else (EXIT_OK if stop.code is None else EXIT_PROBLEMS)
    except GlossatorError as error:
        say(f"glossator: {error}", stream=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly (and let the final flush at exit
        # go nowhere rather than fail again).
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        say(f"glossator: {_os_error(error, run.workspace)}", stream=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as error:
        return _internal_error(error, run)


def _main(run: _Run) -> int:
    parser = _parser()
    if "_ARGCOMPLETE" in os.environ:
        # The shell asks for completions (see glossator completion): answer and exit.
        # Imported only then, so every other run starts as fast as before.
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(run.argv)
    if getattr(args, "standalone", None):
        standalone: Callable[[argparse.Namespace], int] = args.standalone
        return standalone(args)
    run.workspace = _workspace(args.workspace)
    command: Callable[[Workspace, argparse.Namespace], int] = args.run
    return command(run.workspace, args)


def _os_error(error: OSError, workspace: Workspace | None) -> str:
    """``<path>: <reason>`` (the path relative to the workspace when inside it)."""
    reason = error.strerror or str(error) or type(error).__name__
    names = [name for name in (error.filename, error.filename2) if name is not None]
    if not names:
        return reason
    shown = []
    for name in names:
        path = Path(os.fsdecode(name)) if isinstance(name, str | bytes | os.PathLike) else Path(str(name))
        shown.append(workspace.relative(path) if workspace is not None and path.is_absolute() else str(path))
    return f"{' -> '.join(shown)}: {reason}"


def _internal_error(error: Exception, run: _Run) -> int:
    """The last resort: one line on stderr, the traceback in ``.glossator/error.log`` if possible."""
    # The stack has unwound to here; a RecursionError must not strike again while reporting.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    logged = _log_traceback(error, run)
    where = f" (details in {CACHE_DIR_NAME}/{ERROR_LOG})" if logged else ""
    say(f"glossator: internal error: {type(error).__name__}: {error}{where}", stream=sys.stderr)
    return EXIT_PROBLEMS


def _log_traceback(error: Exception, run: _Run) -> bool:
    """Append the traceback to ``.glossator/error.log`` when ``.glossator/`` is a real folder."""
    try:
        workspace = run.workspace or Workspace.find(Path.cwd())
        folder = workspace.cache_dir
        if not stat.S_ISDIR(os.lstat(folder).st_mode):
            return False  # a link or a file: not ours to write into
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        fd = os.open(folder / ERROR_LOG, flags, 0o644)
        with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as log:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
            log.write(f"--- {stamp} glossator {__version__}: {list(run.argv)!r}\n")
            log.write("".join(traceback.format_exception(error)))
        return True
    except Exception:
        return False


class _Parser(argparse.ArgumentParser):
    """argparse with its messages made visible and mistakes said in one line."""

    def _print_message(self, message: str, file: Writable | None = None) -> None:
        if message:
            say(message, stream=file or sys.stderr, end="", layout=True)

    def error(self, message: str) -> NoReturn:
        say(f"glossator: {message} (see: {self.prog} --help)", stream=sys.stderr)
        raise SystemExit(EXIT_USAGE)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            say(message.rstrip("\n"), stream=sys.stderr)
        raise SystemExit(status)


def _workspace(folder: str | None) -> Workspace:
    return Workspace.open(folder) if folder else Workspace.find(Path.cwd())


def _parser() -> argparse.ArgumentParser:
    workspace_help = "the workspace folder (default: this folder or the nearest parent with corpus/)"
    parser = _Parser(
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

    stats = command("stats", _stats, "count articles and annotations, by tag and by author; progress marks")
    stats.add_argument("--include-suggested", action="store_true", help="count suggested annotations too")
    agreement = command(
        "agreement", _agreement, "compare annotators: span P/R/F1 per tag, Cohen's kappa, optionally gamma"
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
    check = command("check", _check, "validate every annotation file against its article")
    check.add_argument(
        "files", nargs="*", type=Path, metavar="FILE",
        help="only these annotation files or articles (as pre-commit passes them)",
    )  # fmt: skip
    reanchor = command(
        "reanchor", _reanchor, "move annotations whose article text changed to where their quote is now"
    )
    reanchor.add_argument(
        "--approximate", action="store_true",
        help="also move annotations whose quote itself was edited (listed with old and new quote)",
    )  # fmt: skip

    tags = command("tags", _tags, "list the workspace's tags; add, rename, merge or remove one")
    tag_actions = tags.add_subparsers(dest="action", metavar="ACTION")
    tag_add = tag_actions.add_parser("add", help="add a tag (a key for the app, a colour)")
    tag_add.add_argument("name")
    tag_add.add_argument("--key", required=True, help="the one key that tags a selection in the app")
    tag_add.add_argument("--colour", "--color", default="", help="a theme colour or #rrggbb")
    tag_add.add_argument("--description", default="")
    tag_rename = tag_actions.add_parser("rename", help="rename a tag in glossator.toml and every annotation")
    tag_rename.add_argument("old")
    tag_rename.add_argument("new")
    tag_merge = tag_actions.add_parser("merge", help="give every FROM annotation the tag INTO; drop FROM")
    tag_merge.add_argument("source", metavar="FROM")
    tag_merge.add_argument("target", metavar="INTO")
    tag_remove = tag_actions.add_parser("remove", help="remove a tag no annotation uses")
    tag_remove.add_argument("name")

    add = command("add", _add, "copy article files into the corpus and index them")
    add.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")
    register_interchange(commands, command)  # export, import
    register_project(commands, command)  # tag-all, suggest, mark, annotations
    register_adjudication(commands, command)  # adjudicate

    completion = commands.add_parser(
        "completion", help="print the shell code that completes glossator's commands and options",
        description='the completion code for a shell; in ~/.bashrc: eval "$(glossator completion bash)"',
    )  # fmt: skip
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))
    completion.set_defaults(standalone=_completion)

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
    for name, placeholder in (("base", "O"), ("ours", "A"), ("theirs", "B")):
        # argparse %-formats help texts: %% is git's %.
        driver.add_argument(name, type=Path, help=f"the {name} version (git's %%{placeholder})")
    driver.set_defaults(standalone=_merge_driver)
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number, 1 or more") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


# --- commands ------------------------------------------------------------------------------------


def _open_app(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.app import run_app

    return run_app(workspace)


def _search(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.search import CorpusIndex

    corpus_index = CorpusIndex.open(workspace, _progress_bar("Indexing"))
    results = corpus_index.search(args.query, limit=args.limit)
    if args.json:
        say(json_text(_results_json(results)), layout=True)
        return EXIT_OK
    emphasis = _use_color(sys.stdout)
    for rank, hit in enumerate(results.hits, start=1):
        say(f"{rank}. {hit.title or hit.article_id}")
        details = [
            hit.article_id,
            hit.source,
            hit.date,
            f"score {hit.score:.2f}" if hit.score else "",
        ]
        details += [f"{tag} {count}" for tag, count in hit.tag_counts.items()]
        if hit.same_story_as:
            details.append("same story as " + ", ".join(hit.same_story_as))
        say("   " + " · ".join(part for part in details if part))
        marks = [(start + 3, end + 3) for start, end in hit.snippet.highlights] if emphasis else []
        say("   " + hit.snippet.text, highlights=marks)
        for annotation in hit.annotations:
            note = f" — {annotation.note}" if annotation.note else ""
            say(f"   [{annotation.tag}] “{annotation.quote}”{note} ({annotation.author})")
        if hit.more_annotations:
            say("   … and more matching annotations (open the article to see them all)")
    shown = f", showing {len(results.hits)}" if len(results.hits) < results.total else ""
    say(f"{_count(results.total, 'result')}{shown} ({results.seconds * 1000:.0f} ms)")
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


def _index(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.search import CorpusIndex

    corpus_index = CorpusIndex(workspace)
    progress = _progress_bar("Indexing")
    report = corpus_index.rebuild(progress) if args.rebuild else corpus_index.sync(progress)
    corpus_index.compact(everything=True)
    for item in report.skipped:
        say(f"glossator: not indexed: {item}", stream=sys.stderr)
    count = len(corpus_index)
    if report.rebuilt:
        why = f" ({report.reason})" if report.reason else ""
        say(f"Built the index: {count} articles in {report.seconds:.2f} s{why}")
    else:
        say(
            f"Index up to date: {count} articles ({len(report.added)} added, "
            f"{len(report.changed)} changed, {len(report.removed)} removed) in {report.seconds:.2f} s"
        )
    return EXIT_OK


def _stats(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.stats import collect_stats
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
        left_out = _count(stats.suggestions_left_out, "suggested annotation")
        say(f"Not counted: {left_out} (glossator stats --include-suggested counts them)")
    if stats.progress:
        width = max(cell_width(name) for name in stats.progress)
        say()
        say(f"Progress (of {_count(stats.articles, 'article')}):")
        for name, states in sorted(stats.progress.items()):
            say(f"  {pad_end(name, width)}  {states['done']:>7} done  {states['skipped']:>7} skipped")
    for path in stats.unreadable_files:
        say(f"not counted (has problems, see glossator check): {path}", stream=sys.stderr)
    return EXIT_OK


def _agreement(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.agreement import by_author, by_ref, compare

    if args.ref is not None and len(args.ref) < 2:
        raise GlossatorError("give at least two --ref options to compare versions")
    problems: list[str] = []
    suggested = args.include_suggested
    if args.ref:
        annotators = by_ref(workspace, args.ref, problems, suggested)
    else:
        annotators = by_author(workspace, problems, suggested)
    if args.tag is not None:
        from tui.tagset import load_tag_set

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
            f"{names}: {_count(pair.articles, 'article')} annotated by both, "
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
        f"{_count(gamma.spans, 'span')}, {gamma.samples} random samples per article, seed {gamma.seed})"
    )


def _check(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.checks import check_workspace

    report = check_workspace(workspace, args.files)
    for problem in report.problems:
        say(str(problem))
    if report.problems:
        say(f"{_count(len(report.problems), 'problem')} found", stream=sys.stderr)
        return EXIT_PROBLEMS
    say(
        f"OK: {_count(report.files, 'annotation file')} with {_count(report.annotations, 'annotation')} "
        f"checked against {_count(report.articles, 'article')}; no problems"
    )
    return EXIT_OK


def _reanchor(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.checks import reanchor_workspace

    report = reanchor_workspace(workspace, approximate=args.approximate)
    for path in report.files_written:
        say(f"Rewrote {path}")
    for problem in report.approximate + report.orphans + report.skipped:
        say(str(problem))
    approximate = len(report.approximate)
    waiting = "" if args.approximate or not approximate else (
        f"; {_count(approximate, 'approximate match', 'approximate matches')} not moved (accept them in the "
        "app, or run glossator reanchor --approximate)"
    )  # fmt: skip
    say(
        f"{_count(report.moved, 'annotation')} re-anchored in {_count(len(report.files_written), 'file')}"
        f"{', approximate matches included' if args.approximate and approximate else ''}; "
        f"{_count(len(report.orphans), 'orphan')} left as they were{waiting}"
    )
    unsettled = report.orphans or report.skipped or (report.approximate and not args.approximate)
    return EXIT_PROBLEMS if unsettled else EXIT_OK


def _tags(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui import tagedits

    if args.action == "add":
        tagedits.add_tag(workspace, args.name, args.key, args.colour, args.description)
        say(f"Added the tag {args.name} (key {args.key}) to glossator.toml")
    elif args.action in ("rename", "merge"):
        if args.action == "rename":
            change = tagedits.rename_tag(workspace, args.old, args.new)
            done = f"Renamed {args.old} to {args.new}"
        else:
            change = tagedits.merge_tags(workspace, args.source, args.target)
            done = f"Merged {args.source} into {args.target}"
        for path in change.files:
            say(f"Rewrote {path}")
        say(f"{done}: {_count(change.annotations, 'annotation')} in {_count(len(change.files), 'file')}")
    elif args.action == "remove":
        tagedits.remove_tag(workspace, args.name)
        say(f"Removed the tag {args.name} from glossator.toml")
    from tui.tagset import load_tag_set

    tag_set = load_tag_set(workspace.root)
    counts = tagedits.tag_counts(workspace)
    say(f"{'tag':<16}{'key':<5}{'colour':<11}{'annotations':>11}  description  ({tag_set.source})")
    for tag in tag_set:
        say(f"{tag.name:<16}{tag.key:<5}{tag.colour:<11}{counts[tag.name]:>11}  {tag.description}")
    for name in sorted(set(counts) - set(tag_set.names)):
        say(f"{name:<16}{'-':<5}{'-':<11}{counts[name]:>11}  not in the tag set: see glossator check")
    return EXIT_OK


def _completion(args: argparse.Namespace) -> int:
    from argcomplete.shell_integration import shellcode

    say(shellcode(["glossator"], shell=args.shell), layout=True, end="")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from tui.gitsetup import DRIVER_COMMAND, init_workspace

    report = init_workspace(Path(args.folder))
    for name in report.created:
        say(f"Created {name}")
    for name in report.updated:
        say(f"Added Glossator's lines to {name}")
    if report.git_initialised:
        say("Initialised a git repository")
    say(f"Registered the merge driver for annotations/**/*.toml in {report.config_path}")
    say("Each collaborator runs this once in their clone:")
    say(f'  git config merge.glossator.driver "{DRIVER_COMMAND}"')
    return EXIT_OK


def _merge_driver(args: argparse.Namespace) -> int:
    from tui.merging import run_merge_driver

    return run_merge_driver(args.base, args.ours, args.theirs)


class _Refused(GlossatorError):
    """A file ``add`` does not copy (said why, and the other files are still added)."""


def _add(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.search import CorpusIndex

    status = EXIT_OK
    added = []
    for name in args.files:
        try:
            source, target = _add_one(workspace, name)
        except _Refused as refused:
            say(f"glossator: {name}: refused: {refused}", stream=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        except GlossatorError as error:
            say(f"glossator: {name}: {error}", stream=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        except OSError as error:
            say(f"glossator: {name}: cannot be added: {error.strerror or error}", stream=sys.stderr)
            status = EXIT_PROBLEMS
            continue
        added.append(target)
        shown = workspace.relative(target)
        say(f"Added {shown}" if source.name == target.name else f"Added {source.name} as {shown}")
    if added:
        CorpusIndex.open(workspace, _progress_bar("Indexing"))
    return status


def _add_one(workspace: Workspace, name: str) -> tuple[Path, Path]:
    """Copy one file into ``corpus/``: (the source, the new article file); ``_Refused`` if not."""
    from tui.corpus import decode_article
    from tui.fileio import UnreadableFileError, read_regular, write_atomic
    from tui.workspace import MAX_FILE_BYTES, InvalidArticleIdError, validate_article_id

    source = Path(name)
    article_id = source.stem
    if not article_id or article_id.startswith("."):
        raise _Refused("hidden or nameless files are skipped")
    try:
        article_id.encode("utf-8")
    except UnicodeEncodeError:
        raise _Refused("the file name is not valid UTF-8, so it cannot be an article id") from None
    try:
        validate_article_id(article_id)
    except InvalidArticleIdError as error:
        raise _Refused(f"the name cannot be an article id: {error}") from None
    target = workspace.article_path(article_id)
    longest = max(len(os.fsencode(f"{article_id}{suffix}")) for suffix in (".txt", ".toml"))
    if longest > _name_max(workspace.corpus_dir):
        raise _Refused(
            f"the name is too long ({len(os.fsencode(article_id))} bytes; an article id may have at "
            f"most {_name_max(workspace.corpus_dir) - len('.toml')})"
        )
    if os.path.lexists(target):
        raise _Refused(f"{workspace.relative(target)} already exists (rename the file to add it)")
    try:
        data = read_regular(source, MAX_FILE_BYTES)
    except UnreadableFileError as error:
        raise _Refused(str(error)) from None
    except OSError as error:
        raise _Refused(f"cannot be read: {error.strerror or error}") from None
    for problem in decode_article(data).problems:
        say(f"glossator: {name}: warning: {problem}", stream=sys.stderr)
    workspace.check_inside(target.parent)
    try:
        write_atomic(target, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise _Refused(f"cannot be written to {workspace.relative(target)}: {reason}") from None
    return source, target


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _count(number: int, noun: str, plural: str = "") -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


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
        say(f"{label} {bar} {done}/{total}", stream=sys.stderr, end=end, redraw=True)
        sys.stderr.flush()

    return show
