"""Queries in tantivy: the query tree translated, its words analysed as the index's.

* A plain word is analysed as its field analyses documents: in prose fields a stop word
  drops out (as on Whoosh; a query of stop words only finds nothing), and a word the
  analyser splits (``sha-256``) needs all its parts.
* A phrase leaves out its stop words (as on Whoosh) but keeps their places: Whoosh leaves
  them out of the index, tantivy indexes them (``analysis.phrase_words``).
* A pattern is analysed as one word (lowercased, stemmed in prose, as Whoosh analyses it)
  and stands for the words of the index it matches (``innovation*``: the words starting
  with the stem ``innov``), found in the term dictionary from its first letters; in prose,
  not the stop words, which Whoosh does not index (``th*`` would find nearly everything).
* tantivy's boolean query matches nothing without a positive part: ``NOT x`` on its own
  is everything but x.
* A word in the title counts twice (Whoosh's field boost of the title).
* A word that holds Chinese is a phrase (each Han character is a word of the index), as
  on Whoosh: it finds exactly the texts that hold it.
"""

from __future__ import annotations

import re
from datetime import datetime

import tantivy

from tui.search import query as q
from tui.search.tantivy.analysis import STOP_WORDS, phrase_words, query_words, whole_word
from tui.search.tantivy.schema import KEYS, PROSE, kind_of, microseconds
from tui.search.wanted import Wanted, WordTest, joined, leaf_wanted
from tui.text.chinese import has_han

TITLE_BOOST = 2.0


def translate(node: q.Node, searcher: tantivy.Searcher, schema: tantivy.Schema) -> tantivy.Query | None:
    """The tantivy query for a query tree; None when nothing is left (only stop words).

    ``searcher``'s term dictionary gives the words that patterns stand for.
    """
    if isinstance(node, q.And):
        return _and([clause for part in node.parts if (clause := _clause(part, searcher, schema))])
    if isinstance(node, q.Or):
        return _or([either for part in node.parts if (either := translate(part, searcher, schema))])
    if isinstance(node, q.Not):
        return _and([negated] if (negated := _clause(node, searcher, schema)) else [])
    if isinstance(node, q.DateSpan):
        return _date_span(node, schema)
    per_field = [
        translated for field in q.fields_of(node) if (translated := _leaf(node, field, searcher, schema))
    ]
    return _or(per_field)


def _clause(
    node: q.Node, searcher: tantivy.Searcher, schema: tantivy.Schema
) -> tuple[tantivy.Occur, tantivy.Query] | None:
    """A part of an AND: what must match, or (a NOT) what must not."""
    if isinstance(node, q.Not):
        inner = translate(node.part, searcher, schema)
        return None if inner is None else (tantivy.Occur.MustNot, inner)
    translated = translate(node, searcher, schema)
    return None if translated is None else (tantivy.Occur.Must, translated)


def _and(clauses: list[tuple[tantivy.Occur, tantivy.Query]]) -> tantivy.Query | None:
    if not clauses:
        return None
    if len(clauses) == 1 and clauses[0][0] == tantivy.Occur.Must:
        return clauses[0][1]
    if all(occur == tantivy.Occur.MustNot for occur, _ in clauses):
        clauses = [(tantivy.Occur.Must, tantivy.Query.all_query()), *clauses]
    return tantivy.Query.boolean_query(clauses)


def _or(parts: list[tantivy.Query]) -> tantivy.Query | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, part) for part in parts])


def _date_span(span: q.DateSpan, schema: tantivy.Schema) -> tantivy.Query:
    def bound(when: datetime | None) -> int | None:
        return None if when is None else microseconds(when)

    return tantivy.Query.range_query(
        schema, "date", tantivy.FieldType.Integer, bound(span.start), bound(span.end)
    )


def _leaf(
    leaf: q.Words | q.Phrase | q.Pattern, field: str, searcher: tantivy.Searcher, schema: tantivy.Schema
) -> tantivy.Query | None:
    kind = kind_of(field)
    translated: tantivy.Query | None
    if isinstance(leaf, q.Pattern):
        words = pattern_words(searcher, field, kind, leaf)
        translated = (
            tantivy.Query.term_set_query(schema, field, words) if words else tantivy.Query.empty_query()
        )
    elif (isinstance(leaf, q.Phrase) or has_han(leaf.text)) and kind != KEYS:  # keys have no positions
        translated = _phrase(schema, field, kind, phrase_words(kind, leaf.text))
    else:
        words = (
            query_words(kind, leaf.text)
            if isinstance(leaf, q.Words)
            else [word for _, word in phrase_words(kind, leaf.text)]
        )
        translated = _and([(tantivy.Occur.Must, _term(schema, field, kind, word)) for word in words])
    if translated is not None and isinstance(leaf, q.Words) and leaf.boost != 1.0:
        translated = tantivy.Query.boost_query(translated, leaf.boost)
    if translated is not None and field == "title":
        translated = tantivy.Query.boost_query(translated, TITLE_BOOST)
    if translated is not None and (weight := q.weight_of(leaf, field)) != 1.0:
        translated = tantivy.Query.boost_query(translated, weight)
    return translated


def _phrase(
    schema: tantivy.Schema, field: str, kind: str, words: list[tuple[int, str]]
) -> tantivy.Query | None:
    if len(words) > 1:
        positions: list[str | tuple[int, str]] = [*words]
        return tantivy.Query.phrase_query(schema, field, positions)
    return _term(schema, field, kind, words[0][1]) if words else None


def _term(schema: tantivy.Schema, field: str, kind: str, word: str) -> tantivy.Query:
    return tantivy.Query.term_query(schema, field, word, index_option="basic" if kind == KEYS else "freq")


def pattern_words(searcher: tantivy.Searcher, field: str, kind: str, pattern: q.Pattern) -> list[str]:
    """The words of ``field`` in the index that a pattern stands for (not stop words, in prose)."""
    first_letters, regex = pattern_regex(kind, pattern)
    return [
        word
        for word, _ in searcher.terms_with_prefix(field, first_letters)
        if regex.fullmatch(word) and not (kind == PROSE and word in STOP_WORDS)
    ]


def pattern_regex(kind: str, pattern: q.Pattern) -> tuple[str, re.Pattern[str]]:
    """The first letters of the words a pattern stands for, and the regular expression of
    those words (``*`` any characters, ``?`` one)."""
    if pattern.is_prefix:
        stem = whole_word(kind, pattern.text[:-1])
        return stem, re.compile(re.escape(stem) + ".*")
    word = whole_word(kind, pattern.text)
    wildcards = "".join(".*" if char == "*" else "." if char == "?" else re.escape(char) for char in word)
    return re.split(r"[*?]", word, maxsplit=1)[0], re.compile(wildcards)


def body_wanted(node: q.Node) -> Wanted:
    """What the query looks for in the body (what is under a NOT left out): for the
    snippets' marked words."""
    words: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    parts: list[Wanted] = []
    for leaf in q.leaves(node, positive=True):
        if isinstance(leaf, q.DateSpan) or "body" not in q.fields_of(leaf):
            continue
        if isinstance(leaf, q.Pattern):
            patterns.append(pattern_regex(PROSE, leaf)[1])
        elif isinstance(leaf, q.Words) and not has_han(leaf.text):
            words.update(query_words(PROSE, leaf.text))
        else:
            parts.append(leaf_wanted(leaf.text, [word for _, word in phrase_words(PROSE, leaf.text)]))
    if words or patterns:
        parts.append(Wanted(tests=(_body_word(words, patterns),)))
    return joined(parts)


def _body_word(words: set[str], patterns: list[re.Pattern[str]]) -> WordTest:
    if not patterns:
        return words.__contains__
    return lambda word: (
        word in words or (word not in STOP_WORDS and any(pattern.fullmatch(word) for pattern in patterns))
    )
