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
from whoosh.fields import Schema

from tui.search.backend import Fragment

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


_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.PinpointFragmenter(
        maxchars=SNIPPET_CHARS, surround=70, autotrim=True, charlimit=None
    ),
    formatter=_RangeFormatter(),
    order=highlight.FIRST,
)


def body_fragments(hit: Any, text: str, parsed: Any, schema: Schema) -> list[Fragment]:
    """The best ``SNIPPET_FRAGMENTS`` excerpts of ``text`` around the query's body words."""
    if not text:
        return []
    if any(
        isinstance(node, query.Prefix | query.Wildcard) and node.fieldname == "body" for node in _walk(parsed)
    ):
        return _pattern_fragments(text, _positive_terms(parsed).get("body", []), schema)
    return list(_HIGHLIGHTER.highlight_hit(hit, "body", text=text, top=SNIPPET_FRAGMENTS))


def _pattern_fragments(text: str, tests: list[Callable[[str], bool]], schema: Schema) -> list[Fragment]:
    """Snippet fragments found by analysing the first ``PATTERN_SNIPPET_CHARS`` of the text:
    what a wildcard matched in a document is not recorded (see ``_DocSet``)."""
    tokens = [
        token.copy()
        for token in schema["body"].analyzer(
            text[:PATTERN_SNIPPET_CHARS], chars=True, mode="index", removestops=False
        )
        if any(test(token.text) for test in tests)
    ]
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


def _positive_terms(node: Any) -> dict[str, list[Callable[[str], bool]]]:
    """Per field, predicates for the analysed words a query asks for (NOT parts left out)."""
    found: dict[str, list[Callable[[str], bool]]] = {}

    def visit(current: Any) -> None:
        if isinstance(current, query.Not):
            return
        if isinstance(current, query.Phrase):
            for word in current.words:
                found.setdefault(current.fieldname, []).append(word.__eq__)
        elif isinstance(current, query.Prefix):
            found.setdefault(current.fieldname, []).append(_prefix_test(current.text))
        elif isinstance(current, query.Wildcard):
            found.setdefault(current.fieldname, []).append(_wildcard_test(current.text))
        elif isinstance(current, query.Term):
            found.setdefault(current.fieldname, []).append(current.text.__eq__)
        elif not current.is_leaf():
            for child in current.children():
                visit(child)

    visit(node)
    return found


def _prefix_test(prefix: str) -> Callable[[str], bool]:
    def test(word: str) -> bool:
        return word.startswith(prefix)

    return test


def _wildcard_test(pattern: str) -> Callable[[str], bool]:
    def test(word: str) -> bool:
        return fnmatch.fnmatchcase(word, pattern)

    return test
