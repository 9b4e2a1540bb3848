"""Queries in Whoosh: the query tree translated, made fast, bounded, and collected.

Whoosh pitfalls worked around here:

* range queries on text fields and wildcards that start with ``*`` walk the whole term
  dictionary (minutes at 15,000 articles): the query language refuses them;
* a wildcard is an OR of a matcher per word it stands for, and its ``TermsCollector``
  checks every word of a query at every matching document (``co*``: 2.8 s): wildcards are
  answered from the union of their posting lists (``_DocSet``), matched words are found for
  the top hits only, and a query whose estimated work (``_cost``) is too big is refused.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from typing import Any

from whoosh import collectors, matching, query
from whoosh.fields import Schema

from tui.search import query as q
from tui.search.errors import QueryError
from tui.search.whoosh.chinese import phrase_words
from tui.text.chinese import has_han

#: The wildcards of one query may stand for at most this many words in all (each is a posting list).
MAX_WILDCARD_TERMS = 5000
#: The most work (``_cost``) a query may need: about 0.6 s at 15,000 articles.
MAX_QUERY_COST = 400_000
#: A search still collecting after this long is stopped with a message.
SEARCH_DEADLINE_S = 1.0


def translate(node: q.Node, schema: Schema) -> Any:
    """The Whoosh query for a query tree; None when nothing is left (only stop words).

    Words are analysed as the field analyses documents: a word that is a stop word drops
    out, one that the analyser splits (``sha-256``) needs all its parts, in a row if it
    holds Chinese (a phrase of pairs of characters: ``tui.search.whoosh.chinese``).
    """
    if isinstance(node, q.And | q.Or):
        parts = [part for part in (translate(child, schema) for child in node.parts) if part is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else (query.And if isinstance(node, q.And) else query.Or)(parts)
    if isinstance(node, q.Not):
        inner = translate(node.part, schema)
        return None if inner is None else query.Not(inner)
    if isinstance(node, q.DateSpan):
        return query.DateRange("date", node.start, node.end)
    per_field = [
        part for part in (_leaf(node, name, schema) for name in q.fields_of(node)) if part is not None
    ]
    if not per_field:
        return None
    return per_field[0] if len(per_field) == 1 else query.Or(per_field)


def _leaf(leaf: q.Words | q.Phrase | q.Pattern, field: str, schema: Schema) -> Any:
    analysed = schema[field]
    if isinstance(leaf, q.Pattern):
        # A prefix is analysed as a word (``innovation*`` looks for the stem ``innov``, as
        # indexed); the other patterns only lowercased, as Whoosh's own parser did.
        text = leaf.text[:-1] if leaf.is_prefix else leaf.text
        [word] = list(analysed.process_text(text, mode="query", tokenize=False, removestops=False)) or [
            text.lower()
        ]
        weight = q.weight_of(leaf, field)
        return (query.Prefix if leaf.is_prefix else query.Wildcard)(field, word, boost=weight)
    if has_han(leaf.text) and analysed.format.supports("positions"):
        words = phrase_words(
            [(token.pos, token.text) for token in analysed.analyzer(leaf.text, positions=True, mode="query")]
        )
    else:
        words = list(analysed.process_text(leaf.text, mode="query"))
    boost = (leaf.boost if isinstance(leaf, q.Words) else 1.0) * q.weight_of(leaf, field)
    if not words:
        return None
    if len(words) == 1:
        return query.Term(field, words[0], boost=boost)
    if isinstance(leaf, q.Phrase) or has_han(leaf.text):
        return query.Phrase(field, words, boost=boost)
    return query.And([query.Term(field, word, boost=boost) for word in words])


def prepared(reader: Any, parsed: Any, schema: Schema) -> Any:
    """``parsed`` ready to run fast, or ``QueryError`` if it would take seconds.

    Wildcards become ``_DocSet``s (at most ``MAX_WILDCARD_TERMS`` words in all), and the
    work the query needs (``_cost``) must stay under ``MAX_QUERY_COST``: an OR of 60 common
    words took 3 s at 15,000 articles.
    """
    budget = [MAX_WILDCARD_TERMS]

    def fast(node: Any) -> Any:
        if isinstance(node, query.Prefix | query.Wildcard):
            shown = node.text + ("*" if isinstance(node, query.Prefix) else "")
            words: list[bytes] = []
            for word in node._btexts(reader):
                if len(words) == budget[0]:
                    raise QueryError(
                        f"the wildcard {shown!r} matches too many words (over {MAX_WILDCARD_TERMS:,} "
                        "in the query); give it more letters"
                    )
                words.append(word)
            budget[0] -= len(words)
            return _DocSet(node.fieldname, tuple(words), node.boost)
        if node.is_leaf():
            return node
        return node.apply(fast)

    prepared = fast(parsed)
    if _cost(reader, prepared, schema) > MAX_QUERY_COST:
        raise QueryError(
            "the query would take too long: it asks for too many common words at once; "
            "use fewer ORs or more specific words"
        )
    return prepared


def _cost(reader: Any, node: Any, schema: Schema) -> float:
    """About how many postings Whoosh will step through for ``node`` (2 µs each, 15,000 articles).

    A word costs its document frequency plus the opening of its posting list; an OR adds
    up its parts, times the depth of Whoosh's tree of union matchers; an AND skips through
    its rarest part.  Measured: ``market`` 2,800 (60 ms), an OR of 6 common words 150,000
    (0.47 s), of 60 words 1.6 million (3 s).
    """
    if isinstance(node, _DocSet):
        return float(node.estimate_size(reader) + 100 * len(node.words))
    if isinstance(node, query.Term):
        try:
            word = schema[node.fieldname].to_bytes(node.text)
        except Exception:  # a date or number term: small
            return 500
        return 500.0 + (
            int(reader.doc_frequency(node.fieldname, word)) if (node.fieldname, word) in reader else 0
        )
    if isinstance(node, query.Phrase):
        return sum(_cost(reader, query.Term(node.fieldname, word), schema) for word in node.words)
    if isinstance(node, query.Not):
        return int(reader.doc_count_all()) + _cost(reader, node.query, schema)
    if isinstance(node, query.AndNot):
        positive = _cost(reader, node.a, schema)
        return positive + min(positive, _cost(reader, node.b, schema))
    if node.is_leaf():
        try:
            return float(node.estimate_size(reader))
        except Exception:
            return float(reader.doc_count_all())
    costs = [_cost(reader, child, schema) for child in node.children()]
    if not costs:
        return 0
    if isinstance(node, query.And | query.Require):
        return min(costs) * len(costs)
    return sum(costs) * max(1.0, math.log2(len(costs)))


class _DocSet(query.Query):
    """The documents holding any of ``words`` in a field, all with the same score."""

    def __init__(self, fieldname: str, words: tuple[bytes, ...], boost: float = 1.0) -> None:
        self.fieldname = fieldname
        self.words = words
        self.boost = boost

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _DocSet) and (self.fieldname, self.words, self.boost) == (
            other.fieldname,
            other.words,
            other.boost,
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, self.words, self.boost))

    def __repr__(self) -> str:
        return f"_DocSet({self.fieldname!r}, {len(self.words)} words)"

    def is_leaf(self) -> bool:
        return True

    def field(self) -> str:
        return self.fieldname

    def estimate_size(self, reader: Any) -> int:
        return sum(reader.doc_frequency(self.fieldname, word) for word in self.words)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()  # one segment's: its own document numbers
        found: set[int] = set()
        for word in self.words:
            if (self.fieldname, word) in reader:
                found.update(reader.postings(self.fieldname, word).all_ids())
        if not found:
            return matching.NullMatcher()
        return matching.ListMatcher(sorted(found), all_weights=self.boost)


def collect(searcher: Any, parsed: Any, limit: int, schema: Schema) -> Any:
    """Top hits and the exact total in one pass, then the matched body terms of the top hits.

    Whoosh's default collector skips blocks that cannot reach the top N, then runs the
    whole query again to count the matches; and its matcher replacement drops parts of an
    OR that cannot raise the score any more, which undercounts (1,899 instead of 2,266
    for "market" on the benchmark corpus).  Without both, one pass gives the exact total
    and is faster on this corpus (phrase queries 51 -> 24 ms).  Whoosh's ``TermsCollector``
    would record the matched terms of every matching document, checking every term of the
    query at each (an OR of 120 common words: 4.6 s); pinpoint snippets need them for the
    top hits only, which ``_record_matched_terms`` finds in their posting lists.
    """
    collector = _TimedCollector(limit=limit, usequality=False, replace=0)
    collector.deadline = time.perf_counter() + SEARCH_DEADLINE_S
    searcher.search_with_collector(parsed, collector)
    results = collector.results()
    _record_matched_terms(searcher, parsed, results, schema)
    return results


class _TimedCollector(collectors.TopCollector):
    """Whoosh's top-N collector that gives up after ``deadline``: a query that ``_cost``
    misjudged is refused rather than left to look hung."""

    deadline = 0.0

    def matches(self) -> Iterator[int]:
        for count, docnum in enumerate(super().matches()):
            if not count & 255 and time.perf_counter() > self.deadline:
                raise QueryError("the query takes too long to answer; make it more specific")
            yield docnum


def _record_matched_terms(searcher: Any, parsed: Any, results: Any, schema: Schema) -> None:
    """Which body words of the query each top hit holds, as Whoosh's ``TermsCollector`` says."""
    top = sorted(docnum for _, docnum in results.top_n)
    termdocs: dict[tuple[str, bytes], list[int]] = {}
    docterms: dict[int, list[tuple[str, bytes]]] = {}
    for term in sorted(_body_terms(parsed, schema)):
        if top and term in searcher.reader():
            postings = searcher.postings(*term)
            for docnum in top:
                if postings.is_active() and postings.id() < docnum:
                    postings.skip_to(docnum)
                if not postings.is_active():
                    break
                if postings.id() == docnum:
                    termdocs.setdefault(term, []).append(docnum)
                    docterms.setdefault(docnum, []).append(term)
    results.termdocs = termdocs
    results.docterms = docterms


def _body_terms(node: Any, schema: Schema) -> set[tuple[str, bytes]]:
    """The body words a query asks for (NOT parts left out), as index terms."""
    if isinstance(node, query.Not):
        return set()
    if isinstance(node, query.Phrase):
        words = node.words if node.fieldname == "body" else []
        return {("body", schema["body"].to_bytes(word)) for word in words}
    if isinstance(node, query.Term):
        return {("body", schema["body"].to_bytes(node.text))} if node.fieldname == "body" else set()
    if node.is_leaf():
        return set()
    return set().union(*(_body_terms(child, schema) for child in node.children()))
