"""The views of a report, each one ``Table``: over time, by source, by annotator, top texts, pairs.

Counts are of annotations (a row's ``articles`` column counts articles).  Tagged texts are
compared normalised (``normal``: case, spacing, traditional and simplified Chinese folded)
and shown as their most frequent spelling.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache

from tui.annotations.model import DONE, SKIPPED
from tui.reports.gather import Gathered
from tui.reports.tables import Cell, Table, narrowed, phrase
from tui.text.chinese import fold

PERIODS = ("month", "quarter", "year")
UNDATED = "undated"
NO_SOURCE = "(no source)"


@dataclass(frozen=True)
class ReportOptions:
    by: str = "month"
    #: How many texts per tag, and pairs, are listed.
    top: int = 10
    #: The two tags whose texts are paired (None: no pair view).
    pair: tuple[str, str] | None = None


@dataclass(frozen=True)
class Report:
    query: str
    options: ReportOptions
    articles: int
    annotations: int
    #: Counted annotations in articles without a date (the time view's last row).
    undated: int
    suggestions_left_out: int
    tables: tuple[Table, ...]

    def table(self, name: str) -> Table:
        return next(table for table in self.tables if table.name == name)


def make_report(gathered: Gathered, options: ReportOptions) -> Report:
    articles = gathered.articles
    texts = tagged_texts(gathered)
    tables = [
        over_time(gathered, options.by),
        by_source(gathered),
        by_annotator(gathered),
        top_texts(gathered, texts, options.top),
    ]
    if options.pair:
        tables.append(pairs(gathered, texts, *options.pair, top=options.top))
    return Report(
        query=gathered.query,
        options=options,
        articles=gathered.found,
        annotations=sum(len(article.annotations) for article in articles),
        undated=sum(len(article.annotations) for article in articles if article.date is None),
        suggestions_left_out=gathered.suggestions_left_out,
        tables=tuple(tables),
    )


def over_time(gathered: Gathered, by: str) -> Table:
    """Annotations per period and tag, every period from the first to the last (empty ones too)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    dated: list[datetime] = []
    for article in gathered.articles:
        if article.date is not None and article.annotations:
            dated.append(article.date)
        period = UNDATED if article.date is None else period_of(article.date, by)
        counts[period].update(annotation.tag for annotation in article.annotations)
    periods = _periods(min(dated), max(dated), by) if dated else []
    if counts.get(UNDATED):
        periods.append(UNDATED)
    tags = gathered.tags
    rows: list[tuple[Cell, ...]] = [(period, *_tag_cells(counts[period], tags)) for period in periods]
    queries = [narrowed(gathered.query, _date_query(period, by)) for period in periods]
    return Table(
        "time", f"Annotations by {by}", (by, *tags, "total"), tuple(rows), tuple(queries),
        (None, *tags, None),
    )  # fmt: skip


def by_source(gathered: Gathered) -> Table:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    articles: Counter[str] = Counter()
    for article in gathered.articles:
        if article.annotations:
            source = article.source.strip() or NO_SOURCE
            counts[source].update(annotation.tag for annotation in article.annotations)
            articles[source] += 1
    order = sorted(counts, key=lambda source: (-counts[source].total(), source.casefold()))
    tags = gathered.tags
    rows: list[tuple[Cell, ...]] = [
        (source, *_tag_cells(counts[source], tags), articles[source]) for source in order
    ]
    queries = [narrowed(gathered.query, "" if s == NO_SOURCE else phrase("source", s)) for s in order]
    return Table(
        "sources", "Annotations by source", ("source", *tags, "total", "articles"), tuple(rows),
        tuple(queries), (None, *tags, None, None),
    )  # fmt: skip


def by_annotator(gathered: Gathered) -> Table:
    """Annotations per author and tag, with the articles of the query each marked done or skipped."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for article in gathered.articles:
        for annotation in article.annotations:
            counts[annotation.author][annotation.tag] += 1
    authors = sorted({*counts, *gathered.marks}, key=str.casefold)
    tags = gathered.tags
    rows: list[tuple[Cell, ...]] = []
    for author in authors:
        marks = gathered.marks.get(author, Counter())
        rows.append((author, *_tag_cells(counts[author], tags), marks[DONE], marks[SKIPPED]))
    queries = [narrowed(gathered.query, phrase("author", author)) for author in authors]
    return Table(
        "annotators", "Annotations by annotator, and articles marked", ("annotator", *tags, "total", DONE,
        SKIPPED), tuple(rows), tuple(queries), (None, *tags, None, None, None),
    )  # fmt: skip


def top_texts(gathered: Gathered, texts: dict[str, _Texts], top: int) -> Table:
    """Per tag, its ``top`` most tagged texts: annotations and articles each."""
    rows: list[tuple[Cell, ...]] = []
    queries: list[str] = []
    for tag in gathered.tags:
        for text, tagged, articles in texts[tag].most(top):
            rows.append((tag, text, tagged, articles))
            queries.append(narrowed(gathered.query, phrase(tag, text)))
    return Table(
        "top", f"The most tagged texts (top {top} per tag)", ("tag", "text", "annotations", "articles"),
        tuple(rows), tuple(queries), (None, None, None, None),
    )  # fmt: skip


def pairs(gathered: Gathered, texts: dict[str, _Texts], first: str, second: str, top: int) -> Table:
    """Pairs of a ``first`` text and a ``second`` text tagged in the same article: articles each."""
    together: Counter[tuple[str, str]] = Counter()
    firsts, seconds = texts[first].by_article, texts[second].by_article
    for article_id in firsts.keys() & seconds.keys():
        together.update((a, b) for a in firsts[article_id] for b in seconds[article_id])
    order = sorted(together, key=lambda pair: (-together[pair], pair))[:top]
    rows = [(texts[first].shown(a), texts[second].shown(b), together[a, b]) for a, b in order]
    queries = [
        narrowed(gathered.query, f"{phrase(first, str(a))} AND {phrase(second, str(b))}") for a, b, _ in rows
    ]
    return Table(
        "pairs", f"{first} and {second} tagged in the same article", (first, second, "articles"),
        tuple(rows), tuple(queries), (None, None, None),
    )  # fmt: skip


def tagged_texts(gathered: Gathered) -> dict[str, _Texts]:
    """The counted annotations' texts, normalised, per tag (what top texts and pairs count)."""
    texts = {tag: _Texts() for tag in gathered.tags}
    for article in gathered.articles:
        for annotation in article.annotations:
            texts[annotation.tag].add(article.article_id, annotation.quote)
    return texts


@lru_cache(maxsize=65536)
def normal(text: str) -> str:
    """What two tagged texts are compared by: case, spacing and Chinese script set aside."""
    return " ".join(fold(text).casefold().split())


class _Texts:
    """The tagged texts of one tag, normalised: annotations, articles and spellings of each."""

    def __init__(self) -> None:
        self.annotations: Counter[str] = Counter()
        self.spellings: dict[str, Counter[str]] = defaultdict(Counter)
        #: The texts of each article, normalised.
        self.by_article: dict[str, set[str]] = defaultdict(set)

    def add(self, article_id: str, quote: str) -> None:
        key = normal(quote)
        if key:
            self.annotations[key] += 1
            self.spellings[key][" ".join(quote.split())] += 1
            self.by_article[article_id].add(key)

    @cached_property
    def articles(self) -> Counter[str]:
        """In how many articles each text is tagged (asked once all are added)."""
        return Counter(key for keys in self.by_article.values() for key in keys)

    def shown(self, key: str) -> str:
        """The most frequent spelling (the first of equals in sorted order)."""
        spellings = self.spellings[key]
        return min(spellings, key=lambda spelling: (-spellings[spelling], spelling))

    def most(self, top: int) -> list[tuple[str, int, int]]:
        order = sorted(self.annotations, key=lambda key: (-self.annotations[key], -self.articles[key], key))
        return [(self.shown(key), self.annotations[key], self.articles[key]) for key in order[:top]]


def period_of(moment: datetime, by: str) -> str:
    if by == "year":
        return f"{moment.year:04d}"
    if by == "quarter":
        return f"{moment.year:04d}-Q{(moment.month - 1) // 3 + 1}"
    return f"{moment.year:04d}-{moment.month:02d}"


def _periods(first: datetime, last: datetime, by: str) -> list[str]:
    step = {"year": 12, "quarter": 3, "month": 1}[by]
    month = first.year * 12 + (first.month - 1) // step * step
    end = last.year * 12 + last.month - 1
    periods = []
    while month <= end:
        periods.append(period_of(datetime(month // 12, month % 12 + 1, 1), by))
        month += step
    return periods


def _date_query(period: str, by: str) -> str:
    """The articles of one period (an undated row: those with no date)."""
    if period == UNDATED:
        return "NOT date:[0001 to]"
    if by == "quarter":
        year, quarter = period.split("-Q")
        first = (int(quarter) - 1) * 3 + 1
        return f"date:[{year}-{first:02d} to {year}-{first + 2:02d}]"
    return f"date:{period}"


def _tag_cells(counts: Counter[str], tags: tuple[str, ...]) -> tuple[int, ...]:
    return (*(counts[tag] for tag in tags), counts.total())
