"""Which words of a text, and which annotations of a hit, a query is about.

Engine-neutral: words are compared as the engine indexes them (``Engine.analyse``), so
``funding:yuans`` lists the spans holding "yuan" whatever engine answered the search.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable

from tui.annotations.model import SUGGESTED, Annotation
from tui.search import query as q
from tui.search.backend import Engine
from tui.search.wanted import Wanted, Word, WordTest, joined, leaf_wanted


def word_tests(
    engine: Engine, node: q.Node, fields: Iterable[str], *, named_only: bool = False
) -> dict[str, Wanted]:
    """Per field of ``fields``, what a query looks for there (what is under a NOT left out)."""
    wanted = set(fields)
    parts: dict[str, list[Wanted]] = {}
    for leaf in q.leaves(node, positive=True):
        if isinstance(leaf, q.DateSpan) or (named_only and leaf.field is None):
            continue
        for field in q.fields_of(leaf):
            if field not in wanted:
                continue
            if isinstance(leaf, q.Pattern):
                parts.setdefault(field, []).append(Wanted(tests=(_pattern_test(engine, field, leaf),)))
            else:
                words = [token.word for token in engine.analyse(field, leaf.text)]
                parts.setdefault(field, []).append(leaf_wanted(leaf.text, words))
    return {field: joined(found) for field, found in parts.items() if any(found)}


def _pattern_test(engine: Engine, field: str, pattern: q.Pattern) -> WordTest:
    """A prefix is analysed as a word (its stem), as the engines look for it."""
    if pattern.is_prefix:
        stems = [token.word for token in engine.analyse(field, pattern.text[:-1])]
        prefix = stems[0] if len(stems) == 1 else pattern.text[:-1].lower()
        return lambda word: word.startswith(prefix)
    lowered = pattern.text.lower()
    return lambda word: fnmatch.fnmatchcase(word, lowered)


def words_of(engine: Engine, field: str, text: str) -> list[Word]:
    """The words of ``text`` as ``field`` is indexed, as (start, end, word)."""
    return [(token.start, token.end, token.word) for token in engine.analyse(field, text)]


def hit_spans(engine: Engine, node: q.Node | None, text: str) -> list[tuple[int, int]]:
    """Where the body words of a query occur in ``text``: (start, end) offsets, in order."""
    if node is None:
        return []
    wanted = word_tests(engine, node, ["body"]).get("body")
    if not wanted:
        return []
    return [(start, end) for start, end, _ in wanted.find(words_of(engine, "body", text))]


class AnnotationMatcher:
    """Which annotations of a hit a tag / tagged-text / note / author / status query is about.

    Suggested annotations are not tagged yet: ``tag:`` and tagged-text queries leave them
    out; ``status:suggested``, notes and authors find them.
    """

    def __init__(
        self, engine: Engine, node: q.Node | None, tags: Iterable[str], *, named_only: bool = False
    ) -> None:
        """``named_only``: only what the query names a field for (``note:seed``) narrows the
        annotations; plain words, which search notes too, choose articles only."""
        self.tags = tuple(tags)
        fields = ("tag", *self.tags, "note", "author", "status")
        self.tests = {} if node is None else word_tests(engine, node, fields, named_only=named_only)
        self.engine = engine

    def __bool__(self) -> bool:
        return bool(self.tests)

    def matches(self, annotation: Annotation) -> bool:
        if annotation.status == SUGGESTED and self._accepts("status", SUGGESTED):
            return True
        checks = [("note", annotation.note), ("author", annotation.author)]
        if annotation.status != SUGGESTED:
            if self._accepts("tag", annotation.tag):
                return True
            checks.insert(0, (annotation.tag, annotation.quote))
        for field, value in checks:
            wanted = self.tests.get(field)
            if wanted and value and wanted.find(words_of(self.engine, field, value)):
                return True
        return False

    def _accepts(self, field: str, key: str) -> bool:
        wanted = self.tests.get(field)
        return wanted is not None and wanted.accepts(key)
