"""``glossator stats``: counts read from the annotation files themselves, not the index."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from tui.store import AnnotationStore
from tui.workspace import Workspace


@dataclass
class Stats:
    #: The workspace's tags, in order (tags found in files but not in the set follow).
    tags: tuple[str, ...] = ()
    articles: int = 0
    annotated_articles: int = 0
    by_tag: Counter[str] = field(default_factory=Counter)
    #: author -> tag -> count
    by_author: dict[str, Counter[str]] = field(default_factory=dict)
    unreadable_files: list[str] = field(default_factory=list)

    @property
    def annotations(self) -> int:
        return sum(self.by_tag.values())


def collect_stats(workspace: Workspace) -> Stats:
    store = AnnotationStore(workspace)
    stats = Stats(tags=store.tag_set.names, articles=len(workspace.article_ids()))
    for article_id in workspace.annotated_ids():
        loaded = store.load(article_id, None)
        if loaded.document is None:
            stats.unreadable_files.append(workspace.relative(loaded.path))
            continue
        if loaded.annotations:
            stats.annotated_articles += 1
        for annotation in loaded.annotations:
            stats.by_tag[annotation.tag] += 1
            stats.by_author.setdefault(annotation.author, Counter())[annotation.tag] += 1
    for tag in store.tag_set.names:
        stats.by_tag.setdefault(tag, 0)
    return stats
