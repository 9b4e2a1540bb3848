"""``glossator stats``: counts read from the annotation files themselves, not the index.

Suggested annotations (``status = "suggested"``) are proposals nobody accepted yet, so they
are counted only when asked for.  Progress marks are counted per annotator: how many
articles each marked done and how many skipped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tui.annotations.model import SUGGESTED
from tui.annotations.store import AnnotationStore
from tui.workspace.layout import Workspace


@dataclass
class Stats:
    #: The workspace's tags, in order (tags found in files but not in the set follow).
    tags: tuple[str, ...] = ()
    articles: int = 0
    annotated_articles: int = 0
    by_tag: Counter[str] = field(default_factory=Counter)
    #: author -> tag -> count
    by_author: dict[str, Counter[str]] = field(default_factory=dict)
    #: author -> progress state ("done", "skipped") -> articles
    progress: dict[str, Counter[str]] = field(default_factory=dict)
    #: Suggested annotations left out of the counts (0 when they are counted).
    suggestions_left_out: int = 0
    unreadable_files: list[str] = field(default_factory=list)

    @property
    def annotations(self) -> int:
        return sum(self.by_tag.values())


def collect_stats(workspace: Workspace, *, include_suggested: bool = False) -> Stats:
    store = AnnotationStore(workspace)
    stats = Stats(tags=store.tag_set.names, articles=len(workspace.article_ids()))
    for article_id in workspace.annotated_ids():
        loaded = store.load(article_id, None)
        if loaded.document is None:
            stats.unreadable_files.append(workspace.relative(loaded.path))
            continue
        for mark in loaded.progress:
            stats.progress.setdefault(mark.author, Counter())[mark.state] += 1
        counted = [a for a in loaded.annotations if include_suggested or a.status != SUGGESTED]
        stats.suggestions_left_out += len(loaded.annotations) - len(counted)
        if counted:
            stats.annotated_articles += 1
        for annotation in counted:
            stats.by_tag[annotation.tag] += 1
            stats.by_author.setdefault(annotation.author, Counter())[annotation.tag] += 1
    for tag in store.tag_set.names:
        stats.by_tag.setdefault(tag, 0)
    return stats
