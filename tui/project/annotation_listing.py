"""Every annotation of the corpus in one list, filtered and sorted: ``glossator annotations``.

Read from the annotation files (the truth), not the index, with the context each
annotation stores (its prefix and suffix), so no article text is read: most of the time
goes to parsing TOML.  Suggested annotations are listed only when asked for, as
everywhere else.  The app can show the same list on a screen of its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any

from tui.annotations.model import SUGGESTED, Annotation, LoadedAnnotations, Problem, as_utc
from tui.annotations.store import AnnotationStore
from tui.project.titles import TitleCache
from tui.workspace.layout import Workspace

ACCEPTED, ALL = "accepted", "all"
#: Which annotations by status: accepted ones (the default), suggested ones, or both.
STATUS_CHOICES = (ACCEPTED, SUGGESTED, ALL)
SORT_CHOICES = ("article", "tag", "author", "newest", "oldest", "quote")


@dataclass(frozen=True)
class ListedAnnotation:
    article_id: str
    annotation: Annotation


@dataclass(frozen=True)
class Listing:
    entries: tuple[ListedAnnotation, ...]
    #: Annotation files that could not be read (so nothing of them is listed), one problem each.
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class ListingFilter:
    """Which annotations to list; empty collections keep every tag and author."""

    tags: Collection[str] = ()
    authors: Collection[str] = ()
    status: str = ACCEPTED
    #: Only these articles (e.g. those a search found); None: every annotated article.
    article_ids: Collection[str] | None = None

    def keeps(self, annotation: Annotation) -> bool:
        if self.tags and annotation.tag not in self.tags:
            return False
        if self.authors and annotation.author not in self.authors:
            return False
        return self.status == ALL or (annotation.status == SUGGESTED) == (self.status == SUGGESTED)


class ListingCache:
    """Parsed annotation files kept between listings; a file is read again only when it changed.

    The app's annotation browser lists again after every change and every filter; parsing
    TOML is most of a listing's time (0.7 s for 2,000 files), and most files have not
    changed since the last listing.  A file is known by its device, inode, size and
    modification time (an atomic rewrite changes them), taken before it is read, so a
    change made while it is read is seen the next time.  Safe to share between threads.
    """

    def __init__(self) -> None:
        self._files: dict[str, tuple[tuple[int, int, int, int], LoadedAnnotations]] = {}
        self._lock = threading.Lock()
        #: The titles of the articles listed, kept the same way (a list names articles by title).
        self.titles = TitleCache()

    def load(self, store: AnnotationStore, article_id: str) -> LoadedAnnotations:
        try:
            info = os.stat(store.workspace.annotation_path(article_id))
        except OSError:
            return store.load(article_id, None)
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        with self._lock:
            cached = self._files.get(article_id)
        if cached is not None and cached[0] == key:
            return cached[1]
        loaded = store.load(article_id, None)
        with self._lock:
            self._files[article_id] = (key, loaded)
        return loaded


def list_annotations(
    workspace: Workspace, chosen: ListingFilter, sort: str = "article", cache: ListingCache | None = None
) -> Listing:
    """The annotations ``chosen`` keeps, sorted by ``sort`` (one of ``SORT_CHOICES``); ties by place.

    With a ``cache``, files unchanged since an earlier listing with it are not parsed again.
    """
    store = AnnotationStore(workspace)
    wanted = None if chosen.article_ids is None else set(chosen.article_ids)
    entries: list[ListedAnnotation] = []
    problems: list[Problem] = []
    for article_id in workspace.annotated_ids():
        if wanted is not None and article_id not in wanted:
            continue
        loaded = store.load(article_id, None) if cache is None else cache.load(store, article_id)
        if loaded.document is None:
            problems += loaded.problems
            continue
        entries += (ListedAnnotation(article_id, a) for a in loaded.annotations if chosen.keeps(a))
    return Listing(sort_entries(entries, sort, store.tag_set.names), tuple(problems))


def sort_entries(
    entries: Iterable[ListedAnnotation], sort: str, tags: tuple[str, ...]
) -> tuple[ListedAnnotation, ...]:
    """``entries`` sorted by ``sort`` (one of ``SORT_CHOICES``), ties by article and place.

    Public so a viewer of a listing (the app's annotation browser) can sort it again
    without reading the files again.
    """
    ordered = sorted(entries, key=_place)
    if sort != "article":
        ordered.sort(key=_sort_key(sort, tags), reverse=sort == "newest")
    return tuple(ordered)


def _place(entry: ListedAnnotation) -> tuple[str, int, int, str, str]:
    return (entry.article_id, *entry.annotation.sort_key)


def _sort_key(sort: str, tags: tuple[str, ...]) -> Callable[[ListedAnnotation], Any]:
    """The key of a stable sort on top of the article order (so ties stay in place order)."""
    order = {tag: number for number, tag in enumerate(tags)}
    keys: dict[str, Callable[[ListedAnnotation], Any]] = {
        "tag": lambda entry: (order.get(entry.annotation.tag, len(order)), entry.annotation.tag),
        "author": lambda entry: entry.annotation.author,
        "newest": lambda entry: as_utc(entry.annotation.created),
        "oldest": lambda entry: as_utc(entry.annotation.created),
        "quote": lambda entry: entry.annotation.quote.casefold(),
    }
    return keys[sort]
