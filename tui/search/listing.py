"""Articles listed straight from the files, newest file first, without the index.

What the app shows while the index is first built (3,000 articles take a while), so that
an article can be opened, read and annotated meanwhile.  Only the listed articles are
read; the others are only looked at (their modification time).
"""

from __future__ import annotations

import time

from tui.errors import GlossatorError
from tui.search.results import SearchHit, SearchResults, Snippet
from tui.search.snippets import SNIPPET_CHARS
from tui.workspace.articles import load_article
from tui.workspace.layout import ARTICLE_SUFFIX, Workspace
from tui.workspace.metadata import body_start


def newest_articles(workspace: Workspace, limit: int) -> SearchResults:
    """The ``limit`` most recently modified articles, as results of an empty query."""
    started = time.perf_counter()
    stamps: list[tuple[int, str]] = []
    for article_id, entry in workspace.scan(workspace.corpus_dir, ARTICLE_SUFFIX):
        try:
            stamps.append((entry.stat().st_mtime_ns, article_id))
        except OSError:
            continue  # removed since the folder was listed
    stamps.sort(key=lambda stamp: (-stamp[0], stamp[1]))
    hits: list[SearchHit] = []
    for _, article_id in stamps:
        if len(hits) >= limit:
            break
        try:
            article = load_article(workspace, article_id)
        except (OSError, GlossatorError):
            continue
        text = article.text
        opening = text[body_start(text) :].strip()[:SNIPPET_CHARS].replace("\n", " ")
        metadata = article.metadata
        hits.append(
            SearchHit(
                article_id=article_id,
                title=metadata.title,
                source=metadata.source,
                date=metadata.date,
                byline=metadata.byline,
                score=0.0,
                snippet=Snippet(opening),
                tag_counts={},
                same_story_as=(),
            )
        )
    return SearchResults("", len(stamps), tuple(hits), time.perf_counter() - started)
