"""What the search package gives the app and the command line: results and sync reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tui.annotations.model import Annotation
from tui.workspace.layout import Skipped

#: Called with (done, total) as a build or sync goes on.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Snippet:
    """A short excerpt of the article; ``highlights`` are (start, end) ranges in ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    title: str
    source: str
    date: str
    byline: str
    score: float
    snippet: Snippet
    tag_counts: dict[str, int]
    same_story_as: tuple[str, ...]
    #: For tag, tagged-text, note and author queries: the annotations that match (at most
    #: ``MAX_LISTED_ANNOTATIONS``), as indexed: ``prefix`` and ``suffix`` are left empty.
    annotations: tuple[Annotation, ...] = ()
    #: Whether more annotations match than ``annotations`` lists.
    more_annotations: bool = False


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[SearchHit, ...]
    seconds: float


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rebuilt: bool = False
    reason: str = ""
    seconds: float = 0.0
    #: Only the articles the workspace's watcher named were looked at (no walk of the folders).
    watched: bool = False
    #: Files that are not indexed (or annotation files not read), and why: links out of the
    #: workspace, names that cannot be ids, files that cannot be read.
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def total_changes(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)
