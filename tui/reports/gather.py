"""What a report counts, taken from the search index: the query's articles and their annotations.

The index stores, per article, its source, date and a listing of its annotations (see
``tui.search.documents``), so nothing is parsed but that listing, and only the articles
with annotations are read from it (a tag of the set, or a suggestion: an article whose
only annotations have tags outside the set, which ``glossator check`` reports, is left
out); the others are only counted.  Which annotations count:
accepted ones (suggestions only when asked for, as ``glossator stats``), and of those only
the ones the query is about when it names tags, tagged texts, authors or notes
(``tag:funding`` counts funding annotations, as a search lists them); plain words, which
search the notes too, only choose the articles.  Progress marks are
read from the files of the articles someone marked, so that cost follows the marks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from tui.annotations.model import SUGGESTED, Annotation
from tui.reports.tables import narrowed
from tui.search import CorpusIndex
from tui.search.documents import listed_annotations
from tui.search.matching import AnnotationMatcher


@dataclass(frozen=True)
class ReportArticle:
    article_id: str
    source: str
    date: datetime | None
    #: The annotations counted, in the listing's order.
    annotations: tuple[Annotation, ...]


@dataclass
class Gathered:
    query: str
    #: The tag set's tags in order, then any other tag found.
    tags: tuple[str, ...]
    #: How many articles the query finds.
    found: int = 0
    #: The articles the query finds that have annotations (counted ones or not).
    articles: list[ReportArticle] = field(default_factory=list)
    #: author -> progress state ("done", "skipped") -> articles of the query.
    marks: dict[str, Counter[str]] = field(default_factory=dict)
    suggestions_left_out: int = 0


def gather(index: CorpusIndex, query: str, *, include_suggested: bool = False) -> Gathered:
    """The articles ``query`` finds and the annotations a report counts; ``QueryError`` if malformed."""
    matcher = AnnotationMatcher(index.engine, index.parse(query), index.tag_set.names, named_only=True)
    gathered = Gathered(query, index.tag_set.names, index.count_matching(query))
    found: set[str] = set()
    annotated = " OR ".join([*(f"tag:{tag}" for tag in index.tag_set.names), f"status:{SUGGESTED}"])
    for stored in index.stored_matching(narrowed(query, f"({annotated})")):
        kept: list[Annotation] = []
        for annotation in listed_annotations(stored.listing):
            if annotation.status == SUGGESTED and not include_suggested:
                gathered.suggestions_left_out += 1
            elif not matcher or matcher.matches(annotation):
                kept.append(annotation)
                found.add(annotation.tag)
        gathered.articles.append(
            ReportArticle(stored.article, stored.source, _date(stored.date_text), tuple(kept))
        )
    gathered.tags = (*gathered.tags, *sorted(found - set(gathered.tags)))
    gathered.marks = _marks(index, query)
    return gathered


def _marks(index: CorpusIndex, query: str) -> dict[str, Counter[str]]:
    marks: dict[str, Counter[str]] = {}
    for article_id in index.matching_ids(narrowed(query, "(status:done OR status:skipped)")):
        if not index.workspace.annotation_path(article_id).is_file():
            continue
        for mark in index.store.load(article_id, None).progress:
            marks.setdefault(mark.author, Counter())[mark.state] += 1
    return marks


def _date(text: str) -> datetime | None:
    """The article's date as its metadata gives it (ISO 8601), or None: undated."""
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
