"""Full-text search over a workspace: the public names the app, the CLI and tools use.

The package's parts: ``query`` (the language users type, parsed into a tree), ``results``
(what searches and syncs give back), ``documents`` (what the index holds of an article),
``manifest`` and ``builds`` (what the index was built from, and where it lives),
``matching`` and ``snippets`` (hits as users see them), ``listing`` (the newest articles
listed from the files while the index is first built), ``coordinator`` (``CorpusIndex``),
``backend`` (the interface an engine implements), ``engines`` (the registry that finds
them), ``whoosh`` and ``tantivy`` (every call to each library is in its package) and
``memory`` (a minimal engine for tests).
"""

from tui.search.coordinator import CorpusIndex
from tui.search.errors import (
    BuildStoppedError,
    IndexBuildingError,
    IndexBusyError,
    IndexWriteError,
    QueryError,
)
from tui.search.listing import newest_articles
from tui.search.query import query_fields
from tui.search.results import Progress, SearchHit, SearchResults, Snippet, SyncReport
from tui.search.snippets import SNIPPET_CHARS

__all__ = [
    "SNIPPET_CHARS",
    "BuildStoppedError",
    "CorpusIndex",
    "IndexBuildingError",
    "IndexBusyError",
    "IndexWriteError",
    "Progress",
    "QueryError",
    "SearchHit",
    "SearchResults",
    "Snippet",
    "SyncReport",
    "newest_articles",
    "query_fields",
]
