"""Full-text search over a workspace: the public names the app, the CLI and tools use.

The package's parts: ``query`` (the language users type, parsed into a tree), ``results``
(what searches and syncs give back), ``documents`` (what the index holds of an article),
``manifest`` and ``builds`` (what the index was built from, and where it lives),
``matching`` and ``snippets`` (hits as users see them), ``coordinator`` (``CorpusIndex``),
``backend`` (the interface an engine implements), ``whoosh`` (the engine used; every Whoosh
call is there) and ``memory`` (a second, minimal engine).
"""

from tui.search.coordinator import CorpusIndex
from tui.search.errors import (
    BuildStoppedError,
    IndexBuildingError,
    IndexBusyError,
    IndexWriteError,
    QueryError,
)
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
    "query_fields",
]
