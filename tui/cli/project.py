"""The annotation-project commands: ``tag-all``, ``suggest``, ``mark`` and ``annotations``.

``register`` adds them to the command line's sub-parsers through ``tui/cli.py``'s own
``command`` helper (which adds ``--workspace``); each ``run_*`` takes the workspace and the
parsed arguments and returns the exit status: 0 when everything was done, 1 when a file
or an article could not be (each said in one line on stderr), 2 for a usage mistake.

Everything printed goes through ``say`` (JSON through ``json_text``): article text,
quotes, notes, names and file names come from outside.  The core modules are imported
when a command runs, so every other ``glossator`` command starts as fast as before.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.annotations.model import CONTEXT_CHARS as STORED_CONTEXT_CHARS
from tui.annotations.model import DONE, SKIPPED
from tui.cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, counted, say_error
from tui.cli.parsing import Commands
from tui.text.safe import json_text, say
from tui.workspace.layout import Workspace

if TYPE_CHECKING:
    from tui.annotations.model import Problem
    from tui.project.annotation_listing import ListedAnnotation
    from tui.project.occurrences import Matcher, Occurrence


#: ``glossator mark STATE``: the two progress states, and taking one's mark back.
CLEAR = "clear"
MARK_STATES = (DONE, SKIPPED, CLEAR)


def register(commands: Commands) -> None:
    tag_all = commands.command(
        "tag-all", run_tag_all, "tag every whole-word occurrence of a phrase in the corpus", topic="projects"
    )
    tag_all.add_argument("phrase", metavar="PHRASE", help="the words to tag wherever they occur")
    tag_all.add_argument("--tag", "-t", required=True, metavar="TAG", help="the tag to give them")
    _add_query(tag_all)
    tag_all.add_argument("--case-sensitive", action="store_true", help="match the phrase's case exactly")
    tag_all.add_argument(
        "--suggest", action="store_true", help='add them as suggestions (status = "suggested") to review'
    )
    _add_writing(tag_all)

    suggest = commands.command(
        "suggest", run_suggest, "add suggested annotations for the phrases of a lexicon", topic="projects"
    )
    suggest.add_argument(
        "--lexicon", "-l", required=True, metavar="FILE",
        help='a TOML file of tag = ["phrase", "/regular expression/", ...]',
    )  # fmt: skip
    _add_query(suggest)
    _add_writing(suggest)

    mark = commands.command(
        "mark",
        run_mark,
        "mark articles done or skipped for you (progress), or clear your mark",
        topic="projects",
    )
    mark.add_argument("state", choices=MARK_STATES, metavar="done|skipped|clear")
    mark.add_argument("articles", nargs="+", metavar="ARTICLE", help="article ids, e.g. 2016/rust-belt")
    mark.add_argument("--author", "-a", metavar="A", help="whose mark (default: git config user.name)")

    listing = commands.command(
        "annotations", run_annotations, "list the annotations of the whole corpus", topic="projects"
    )
    listing.add_argument("query", nargs="?", metavar="QUERY", help="only in the articles this search finds")
    listing.add_argument("--tag", action="append", metavar="T", help="only this tag (repeat for more)")
    listing.add_argument("--author", action="append", metavar="A", help="only this author (repeat for more)")
    listing.defer(_listing_options)


def _listing_options(listing: argparse.ArgumentParser) -> None:
    """``--status``, ``--sort`` and ``--json``: the choices are the listing module's, imported only
    when the command is used."""
    from tui.project.annotation_listing import SORT_CHOICES, STATUS_CHOICES

    listing.add_argument(
        "--status", choices=STATUS_CHOICES, default="accepted",
        help="accepted annotations (default), suggested ones, or all",
    )  # fmt: skip
    listing.add_argument(
        "--sort", choices=SORT_CHOICES, default="article",
        help="by article and place (default), tag, author, newest or oldest first, or quote",
    )  # fmt: skip
    listing.add_argument("--json", action="store_true", help="print the annotations as JSON")


def _add_query(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--query",
        "-q",
        metavar="QUERY",
        help="only in the articles this search finds (default: every article)",
    )


def _add_writing(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run", "-n", action="store_true", help="print what would be added; write nothing"
    )
    parser.add_argument(
        "--author",
        "-a",
        metavar="A",
        help="the new annotations' author; only their own annotations make a place already tagged "
        "(default: git config)",
    )


def _author(workspace: Workspace, args: argparse.Namespace) -> str:
    from tui.errors import GlossatorError
    from tui.workspace.authors import default_author

    given: str | None = args.author
    if given is not None and not given.strip():
        raise GlossatorError("--author: give a name (or leave the option out for git config user.name)")
    return given if given is not None else default_author(workspace.root)


# --- tag-all and suggest ---------------------------------------------------------------------


def run_tag_all(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.annotations.model import SUGGESTED
    from tui.annotations.store import AnnotationStore
    from tui.errors import GlossatorError
    from tui.project.occurrences import phrase_matcher

    tag_set = AnnotationStore(workspace).tag_set
    if args.tag not in tag_set:
        say_error(f"--tag {args.tag}: not a tag (tags are {tag_set.listed()})")
        return EXIT_USAGE
    try:
        matcher = phrase_matcher(args.phrase, args.tag, case_sensitive=args.case_sensitive)
    except GlossatorError as error:
        say_error(f"PHRASE: {error}")
        return EXIT_USAGE
    return _plan_and_apply(workspace, args, [matcher], SUGGESTED if args.suggest else "")


def run_suggest(workspace: Workspace, args: argparse.Namespace) -> int:
    from pathlib import Path

    from tui.annotations.model import SUGGESTED
    from tui.annotations.store import AnnotationStore
    from tui.project.lexicon import load_lexicon

    matchers = load_lexicon(Path(args.lexicon), AnnotationStore(workspace).tag_set)
    return _plan_and_apply(workspace, args, matchers, SUGGESTED)


def _plan_and_apply(
    workspace: Workspace, args: argparse.Namespace, matchers: Sequence[Matcher], status: str
) -> int:
    """Plan, print each place, then (unless ``--dry-run``) apply the plan."""
    from tui.project.plan import apply, make_plan
    from tui.project.scope import searched_ids

    author = _author(workspace, args)
    ids = workspace.article_ids() if args.query is None else searched_ids(workspace, args.query)
    plan = make_plan(workspace, matchers, ids, author=author)
    show_source = len(matchers) > 1
    for place in plan.occurrences:
        say(_place_line(place, show_source))
    proposed = plan.proposed
    tagged = len(plan.occurrences) - len(proposed)
    already = f"; {counted(tagged, 'place')} already tagged" if tagged else ""
    searched = f"{counted(plan.articles, 'article')} searched"
    problems: list[Problem] = list(plan.problems)
    kind = "suggestion" if status else "annotation"
    if args.dry_run:
        articles = len({place.article_id for place in proposed})
        say(f"Would add {counted(len(proposed), kind)} in {counted(articles, 'article')} "
            f"({searched}{already}); nothing written (--dry-run)")  # fmt: skip
    else:
        applied = apply(plan, author=author, status=status)
        problems += applied.problems
        meanwhile = applied.already_tagged
        late = f"; {counted(meanwhile, 'place')} tagged meanwhile, not added again" if meanwhile else ""
        say(f"Added {counted(applied.added, kind)} in {counted(len(applied.files), 'file')} "
            f"({searched}{already}{late})")  # fmt: skip
    for problem in problems:
        say_error(str(problem))
    return EXIT_PROBLEMS if problems else EXIT_OK


def _place_line(place: Occurrence, show_source: bool) -> str:
    from tui.project.occurrences import CONTEXT_CHARS

    state = "  (already tagged)" if place.tagged else ""
    source = f" from {place.found_by}" if show_source else ""
    context = _in_context(place.before, place.quote, place.after, place.start, CONTEXT_CHARS)
    return f"{place.article_id}:{place.start}-{place.end} [{place.tag}]{source} {context}{state}"


_SPACES = re.compile(r"\s+")


def _in_context(before: str, quote: str, after: str, start: int, width: int) -> str:
    """``…before “quote” after…`` on one line (any run of whitespace, line breaks included, as one
    space); ``…`` where the text goes on (``start`` is the quote's offset, ``width`` the most
    context kept on each side)."""
    flat = [_SPACES.sub(" ", part) for part in (before, quote, after)]
    more_before = "…" if start > len(before) else ""
    more_after = "…" if len(after) >= width else ""
    return f"{more_before}{flat[0]}“{flat[1]}”{flat[2]}{more_after}"


# --- mark ----------------------------------------------------------------------------------------


def run_mark(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.project.progress import mark_articles
    from tui.text.english import possessive

    author = _author(workspace, args)
    state = None if args.state == CLEAR else args.state
    marked = mark_articles(workspace, args.articles, author, state)
    for article_id in marked.changed:
        cleared = f"Cleared {possessive(author)} mark on {article_id}"
        say(cleared if state is None else f"Marked {article_id} {state}")
    done = "cleared" if state is None else f"marked {state}"
    unchanged = f"; {counted(len(marked.unchanged), 'article')} already so" if marked.unchanged else ""
    say(f"{counted(len(marked.changed), 'article')} {done} for {author}{unchanged}")
    for problem in marked.problems:
        say_error(problem)
    return EXIT_PROBLEMS if marked.problems else EXIT_OK


# --- annotations ---------------------------------------------------------------------------------


def run_annotations(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.annotations.store import AnnotationStore
    from tui.project.annotation_listing import ListingFilter, list_annotations
    from tui.project.scope import searched_ids

    tag_set = AnnotationStore(workspace).tag_set
    unknown = [tag for tag in args.tag or () if tag not in tag_set]
    if unknown:
        say_error(f"--tag {unknown[0]}: not a tag (tags are {tag_set.listed()})")
        return EXIT_USAGE
    ids = None if args.query is None else searched_ids(workspace, args.query)
    chosen = ListingFilter(tuple(args.tag or ()), tuple(args.author or ()), args.status, ids)
    listing = list_annotations(workspace, chosen, args.sort)
    if args.json:
        say(json_text([_listed_json(entry) for entry in listing.entries]), layout=True)
    else:
        for entry in listing.entries:
            _say_listed(entry)
        articles = len({entry.article_id for entry in listing.entries})
        say(f"{counted(len(listing.entries), 'annotation')} in {counted(articles, 'article')}")
    for problem in listing.problems:
        say_error(f"not listed (see glossator check): {problem}")
    return EXIT_PROBLEMS if listing.problems else EXIT_OK


def _say_listed(entry: ListedAnnotation) -> None:
    a = entry.annotation
    details = [entry.article_id, f"{a.start}-{a.end}", a.author, f"{a.created:%Y-%m-%d %H:%M}"]
    if a.status:
        details.append(a.status)
    say(f"[{a.tag}] " + " · ".join(details))
    say("  " + _in_context(a.prefix, a.quote, a.suffix, a.start, STORED_CONTEXT_CHARS))
    if a.note:
        say("  note: " + _SPACES.sub(" ", a.note))


def _listed_json(entry: ListedAnnotation) -> dict[str, object]:
    a = entry.annotation
    return {
        "article": entry.article_id,
        "id": a.id,
        "tag": a.tag,
        "start": a.start,
        "end": a.end,
        "quote": a.quote,
        "prefix": a.prefix,
        "suffix": a.suffix,
        "note": a.note,
        "author": a.author,
        "created": a.created.isoformat(),
        "status": a.status or "accepted",
    }
