"""``glossator search`` and ``glossator index``: the corpus searched, the index brought up to date."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tui.cli.output import EXIT_OK, counted, progress_bar, use_color
from tui.cli.parsing import Commands, positive
from tui.text.safe import json_text, say
from tui.workspace.layout import Workspace

if TYPE_CHECKING:
    from tui.search import SearchResults


def register(commands: Commands) -> None:
    search = commands.command("search", _search, "search the corpus and the annotations", topic="query")
    search.add_argument(
        "query", help="a query, e.g. 'venture investment' or 'tag:funding' (see: glossator help query)"
    )
    search.add_argument("--limit", "-n", type=positive, default=10, help="results to show (default 10)")
    search.add_argument("--json", action="store_true", help="print the results as JSON")

    index = commands.command(
        "index", _index, "bring the search index up to date with the files", topic="engines"
    )
    index.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")


def _search(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.search import CorpusIndex

    corpus_index = CorpusIndex.open(workspace, progress_bar("Indexing"), watched=True)
    results = corpus_index.search(args.query, limit=args.limit)
    if args.json:
        say(json_text(_results_json(results)), layout=True)
        return EXIT_OK
    emphasis = use_color(sys.stdout)
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
    say(f"{counted(results.total, 'result')}{shown} ({results.seconds * 1000:.0f} ms)")
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


#: Past this many articles Whoosh's searches take more than 60 ms (128 ms at p95 on 151,480
#: articles, see glossator help performance): ``glossator index`` suggests tantivy.
WHOOSH_INTERACTIVE_UP_TO = 100_000


def _index(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.search import CorpusIndex

    corpus_index = CorpusIndex(workspace)
    progress = progress_bar("Indexing")
    report = corpus_index.rebuild(progress) if args.rebuild else corpus_index.sync(progress, watched=True)
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
            + (", by the watcher's word" if report.watched else "")
        )
    if count > WHOOSH_INTERACTIVE_UP_TO and corpus_index.engine_name == "whoosh":
        say(
            f"Past {WHOOSH_INTERACTIVE_UP_TO:,} articles, searches with Whoosh take over 60 ms; tantivy "
            "answers in a few: see glossator help engines"
        )
    return EXIT_OK
