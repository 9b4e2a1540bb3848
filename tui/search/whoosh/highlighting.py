"""Snippet fragments from Whoosh: where an article's text matches a query's body words.

Pinpoint highlighting: the matched words' character positions come from the index (the
body field stores them), so an article is never re-tokenised for its snippet and a match
20 MB into an article is found (Whoosh's default looks at the first 32 KB only).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterator
from typing import Any

from whoosh import highlight, query
from whoosh.analysis import Token
from whoosh.fields import Schema

from tui.search.backend import Fragment
from tui.search.snippets import begin_after, between_characters, edges, end_at
from tui.search.wanted import Wanted, joined, leaf_wanted
from tui.search.whoosh.chinese import characters, is_pair
from tui.text.chinese import has_han

SNIPPET_CHARS = 220
SNIPPET_FRAGMENTS = 2
#: How much of an article is analysed again for the snippet of a wildcard query.
PATTERN_SNIPPET_CHARS = 100_000


class _RangeFormatter(highlight.Formatter):
    """Returns fragments as offsets (data, not markup): the UI decides how to show them."""

    def format(self, fragments: Any, replace: bool = False) -> Any:
        return [
            (
                fragment.startchar,
                fragment.endchar,
                [(t.startchar, t.endchar) for t in fragment.matches],
            )
            for fragment in fragments
        ]


#: Where a fragment may begin or end: a space (as Whoosh's autotrim) or Chinese punctuation.
_EDGE, _LAST_EDGE = edges(" ")


class _Fragmenter(highlight.PinpointFragmenter):
    """Whoosh's pinpoint fragmenter, whose autotrim also cuts at Chinese punctuation, and
    between two characters of Chinese rather than lose the text before or after a match."""

    @staticmethod
    def _autotrim(fragment: Any) -> None:
        text, start, end = fragment.text, fragment.startchar, fragment.endchar
        matches = fragment.matches
        first = _EDGE.search(text, start, end)
        # Cutting at the edge would lose all the text before the first match: Chinese is
        # cut between two characters instead.
        keep = bool(matches) and first is not None and first.end() > matches[0].startchar
        if first is not None and first.start() > 0 and not (keep and between_characters(text, start)):
            start = begin_after(first)
        last = _LAST_EDGE.search(text, start, end)
        keep = bool(matches) and last is not None and last.start() < matches[-1].endchar
        if last is not None and last.start() > 0 and not (keep and between_characters(text, end)):
            end = end_at(last)
        if matches:
            start = min(start, fragment.matches[0].startchar)
            end = max(end, fragment.matches[-1].endchar)
        fragment.startchar, fragment.endchar = start, end


_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=_Fragmenter(maxchars=SNIPPET_CHARS, surround=70, autotrim=True, charlimit=None),
    formatter=_RangeFormatter(),
    order=highlight.FIRST,
)


def body_fragments(hit: Any, text: str, parsed: Any, schema: Schema) -> list[Fragment]:
    """The best ``SNIPPET_FRAGMENTS`` excerpts of ``text`` around the query's body words."""
    if not text:
        return []
    if any(_analysed_again(node) for node in _walk(parsed)):
        return _analysed_fragments(text, _positive_terms(parsed).get("body", Wanted()), schema)
    return list(_HIGHLIGHTER.highlight_hit(hit, "body", text=text, top=SNIPPET_FRAGMENTS))


def _analysed_again(node: Any) -> bool:
    """Whether the snippet of a query with ``node`` needs the text analysed again: what a
    wildcard matched is not recorded (see ``_DocSet``), and a Chinese phrase is marked only
    where its pairs of characters stand together, which the index's places do not say."""
    if isinstance(node, query.Prefix | query.Wildcard):
        return bool(node.fieldname == "body")
    return isinstance(node, query.Phrase) and node.fieldname == "body" and has_han("".join(node.words))


def _analysed_fragments(text: str, wanted: Wanted, schema: Schema) -> list[Fragment]:
    """Snippet fragments found by analysing the first ``PATTERN_SNIPPET_CHARS`` of the text."""
    words = [
        (token.startchar, token.endchar, token.text)
        for token in schema["body"].analyzer(
            text[:PATTERN_SNIPPET_CHARS], chars=True, mode="index", removestops=False
        )
        if not is_pair(token.text)
    ]
    tokens = [Token(text=word, startchar=start, endchar=end) for start, end, word in wanted.find(words)]
    if not tokens:
        return []
    fragments = _HIGHLIGHTER.fragmenter.fragment_matches(text, tokens)
    fragments = highlight.top_fragments(
        fragments, SNIPPET_FRAGMENTS, _HIGHLIGHTER.scorer, _HIGHLIGHTER.order, minscore=1
    )
    return list(_HIGHLIGHTER.formatter.format(fragments))


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if not node.is_leaf():
        for child in node.children():
            yield from _walk(child)


def _positive_terms(node: Any) -> dict[str, Wanted]:
    """Per field, what a query looks for (NOT parts left out), as analysed words."""
    found: dict[str, list[Wanted]] = {}

    def add(field: str, wanted: Wanted) -> None:
        found.setdefault(field, []).append(wanted)

    def visit(current: Any) -> None:
        if isinstance(current, query.Not):
            return
        if isinstance(current, query.Phrase):
            add(current.fieldname, leaf_wanted("".join(current.words), characters(current.words)))
        elif isinstance(current, query.Prefix):
            add(current.fieldname, Wanted(tests=(_prefix_test(current.text),)))
        elif isinstance(current, query.Wildcard):
            add(current.fieldname, Wanted(tests=(_wildcard_test(current.text),)))
        elif isinstance(current, query.Term):
            add(current.fieldname, Wanted(tests=(current.text.__eq__,)))
        elif not current.is_leaf():
            for child in current.children():
                visit(child)

    visit(node)
    return {field: joined(parts) for field, parts in found.items()}


def _prefix_test(prefix: str) -> Callable[[str], bool]:
    def test(word: str) -> bool:
        return word.startswith(prefix)

    return test


def _wildcard_test(pattern: str) -> Callable[[str], bool]:
    def test(word: str) -> bool:
        return fnmatch.fnmatchcase(word, pattern)

    return test
