"""The interface between the coordinator and a search engine.

An engine makes, opens and searches the index of one build folder; everything else
(which build is in use, the manifest, syncing with the files, locks, hits as users see
them) is the coordinator's (``tui.search.coordinator``) and the same for every engine.
Queries reach an engine as the tree of ``tui.search.query``, so the language users type
is the same whatever answers it.  Whoosh (``tui.search.whoosh``) is the engine the program
uses; ``tui.search.memory`` is a second, minimal one that shows the seam is real.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tui.search.documents import ArticleDocument
from tui.search.manifest import Manifest, Stamp
from tui.search.query import Node
from tui.search.results import Progress
from tui.workspace.layout import Skipped, Workspace

#: What a build indexes of one article: its id, and the stamps of its text and annotation files.
BuildItem = tuple[str, Stamp, Stamp | None]


@dataclass(frozen=True)
class Token:
    """A word as the engine indexes it (stemmed, lowercased) and where it is in the text."""

    word: str
    start: int
    end: int


@dataclass
class Built:
    """What a build indexed: the manifest of the articles in it, and the files it could not read."""

    manifest: Manifest = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class Stored:
    """The fields of a document a hit shows, as stored in the index."""

    article: str
    title: str
    source: str
    byline: str
    date_text: str
    tag_counts: dict[str, int]
    listing: str
    minhash: str


#: A snippet fragment: (start, end) of the excerpt and the (start, end) of each match in it.
Fragment = tuple[int, int, list[tuple[int, int]]]


@dataclass(frozen=True)
class FoundHit:
    stored: Stored
    score: float
    #: Where the article text matches the query's body words: the best few excerpts.
    fragments: list[Fragment]


@dataclass(frozen=True)
class Found:
    total: int
    hits: list[FoundHit]


class IndexWriter(Protocol):
    """One commit being prepared: it is written when the ``writer()`` block ends."""

    def put(self, document: ArticleDocument) -> None:
        """Add the article's document, replacing the one it had."""

    def delete(self, article_id: str) -> None: ...


class EngineIndex(Protocol):
    """An open index of one build.  Thread-safe; ``close`` may come from another thread."""

    def count(self) -> int: ...

    def alive(self) -> bool:
        """Whether its folder still holds the index (a user may delete the cache)."""

    def refresh(self) -> bool:
        """Look at the latest commit; whether another process made commits since the last look."""

    def writer(self, *, single: bool = False) -> AbstractContextManager[IndexWriter]:
        """A commit; ``single``: it changes one article (a save), so keep it cheap.

        ``IndexBusyError`` if another process holds the index for too long.
        """

    def search(self, query: Node | None, limit: int, text_of: Callable[[str], str]) -> Found:
        """The best ``limit`` matches and the total; None: every article, newest first.

        ``text_of`` gives an article's text, for the fragments of the hits.  ``QueryError``
        for a query that would take too long.
        """

    def matching(self, query: Node | None) -> list[str]:
        """The ids of every article the query finds, in no order: no ranking, no snippets."""

    def sharing_bands(self, keys: Sequence[str]) -> list[tuple[str, str]]:
        """(article id, minhash) of every article with any of these near-duplicate band keys."""

    def compact(self, *, everything: bool = False) -> bool:
        """Merge what saves left behind, off the save path; whether it merged."""

    def close(self) -> None: ...


class Engine(Protocol):
    """A search engine: builds and opens the index of a build folder."""

    name: str

    def fingerprint(self, tags: Sequence[str]) -> str:
        """Names the engine's schema for these tags: an index with another one is rebuilt."""

    def analyse(self, field: str, text: str) -> list[Token]:
        """``text`` as ``field`` is indexed: to match annotations and mark words in the viewer."""

    def create(
        self,
        folder: Path,
        workspace: Workspace,
        items: Sequence[BuildItem],
        progress: Progress | None,
        stopped: Callable[[], bool],
    ) -> Built:
        """Index ``items`` into the empty ``folder``; ``BuildStoppedError`` once ``stopped()``."""

    def open(self, folder: Path, tags: Sequence[str]) -> EngineIndex:
        """The index in ``folder``; ``DamagedIndexError`` if it cannot be used."""

    def stop_builds(self) -> None:
        """Stop the builds under way at once (from another thread): their workers are killed."""
