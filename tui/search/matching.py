"""Which words of a text, and which annotations of a hit, a query is about.

Engine-neutral: words are compared as the engine indexes them (``Engine.analyse``), so
``funding:yuans`` lists the spans holding "yuan" whatever engine answered the search.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable

from tui.annotations.model import SUGGESTED, Annotation
from tui.search import query as q
from tui.search.backend import Engine

WordTest = Callable[[str], bool]


def word_tests(engine: Engine, node: q.Node, fields: Iterable[str]) -> dict[str, list[WordTest]]:
    """Per field of ``fields``, tests of an analysed word for the words a query asks for
    there (what is under a NOT left out)."""
    wanted = set(fields)
    tests: dict[str, list[WordTest]] = {}
    for leaf in q.leaves(node, positive=True):
        if isinstance(leaf, q.DateSpan):
            continue
        for field in q.fields_of(leaf):
            if field not in wanted:
                continue
            if isinstance(leaf, q.Pattern):
                tests.setdefault(field, []).append(_pattern_test(engine, field, leaf))
            else:
                words = {token.word for token in engine.analyse(field, leaf.text)}
                if words:
                    tests.setdefault(field, []).append(words.__contains__)
    return tests


def _pattern_test(engine: Engine, field: str, pattern: q.Pattern) -> WordTest:
    """A prefix is analysed as a word (its stem), as the engines look for it."""
    if pattern.is_prefix:
        stems = [token.word for token in engine.analyse(field, pattern.text[:-1])]
        prefix = stems[0] if len(stems) == 1 else pattern.text[:-1].lower()
        return lambda word: word.startswith(prefix)
    lowered = pattern.text.lower()
    return lambda word: fnmatch.fnmatchcase(word, lowered)


def hit_spans(engine: Engine, node: q.Node | None, text: str) -> list[tuple[int, int]]:
    """Where the body words of a query occur in ``text``: (start, end) offsets, in order."""
    if node is None:
        return []
    tests = word_tests(engine, node, ["body"]).get("body", [])
    if not tests:
        return []
    return [
        (token.start, token.end)
        for token in engine.analyse("body", text)
        if any(test(token.word) for test in tests)
    ]


class AnnotationMatcher:
    """Which annotations of a hit a tag / tagged-text / note / author / status query is about.

    Suggested annotations are not tagged yet: ``tag:`` and tagged-text queries leave them
    out; ``status:suggested``, notes and authors find them.
    """

    def __init__(self, engine: Engine, node: q.Node | None, tags: Iterable[str]) -> None:
        self.tags = tuple(tags)
        fields = ("tag", *self.tags, "note", "author", "status")
        self.tests = {} if node is None else word_tests(engine, node, fields)
        self.engine = engine

    def __bool__(self) -> bool:
        return bool(self.tests)

    def matches(self, annotation: Annotation) -> bool:
        if annotation.status == SUGGESTED and any(test(SUGGESTED) for test in self.tests.get("status", [])):
            return True
        checks = [("note", annotation.note), ("author", annotation.author)]
        if annotation.status != SUGGESTED:
            if any(test(annotation.tag) for test in self.tests.get("tag", [])):
                return True
            checks.insert(0, (annotation.tag, annotation.quote))
        for field, value in checks:
            tests = self.tests.get(field)
            if tests and value:
                words = [token.word for token in self.engine.analyse(field, value)]
                if any(test(word) for word in words for test in tests):
                    return True
        return False
