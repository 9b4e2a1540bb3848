"""Re-anchoring after realistic edits of Chinese text: never a wrong occurrence.

The Chinese edit kinds of the generator: a character corrected (one character replaced, as
a typo or its fix), a clause inserted after a comma or full stop (often right before a
span), and the whole text converted to traditional characters, one character for one with
OpenCC's character table.  Spans are Chinese words and phrases as ``v`` selects them.  The
ground truth and the verdicts are those of ``tests/annotations/test_anchoring_edits.py``, and the
English edit kinds run on the Chinese texts too.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from tests.annotations.test_anchoring_edits import (
    EDITS,
    Case,
    Edit,
    Op,
    _near_a_span,
    check_case,
    make_edit,
    place_spans,
    true_places,
)
from tests.chinese_texts import TEXTS
from tui.annotations.anchoring import anchor
from tui.annotations.model import Annotation, new_annotation
from tui.text.chinese import is_han

#: Clauses a sub-editor adds: attributions and time phrases.
CLAUSES = ("据了解，", "记者从有关部门获悉，", "截至目前，", "与此同时，", "业内人士指出，")
#: Where a clause may go: after a comma, an enumeration comma, a semicolon or a full stop.
CLAUSE_END = re.compile("[，、；。]")


@cache
def _converter() -> OpenCC:
    return OpenCC("s2t")


def traditional(character: str) -> str:
    """The traditional form of one simplified character (itself when it has no other)."""
    converted: str = _converter().convert(character)
    return converted if len(converted) == 1 else character


def edit_character(text: str, rng: random.Random, spans: list[Annotation], pool: list[str]) -> Edit:
    """One Chinese character replaced by another of the text, half the time in or beside a span."""
    han = [index for index, character in enumerate(text) if is_han(character)]
    near = [i for a in spans for i in range(a.start - 2, a.end + 2) if 0 <= i < len(text) and is_han(text[i])]
    at = rng.choice(near if near and rng.random() < 0.5 else han)
    other = rng.choice([text[i] for i in han if text[i] != text[at]])
    return make_edit("character corrected", text, [Op(at, at + 1, other)])


def edit_clause(text: str, rng: random.Random, spans: list[Annotation], pool: list[str]) -> Edit:
    """A clause inserted after a comma or full stop, often right before a span; half the time
    one of the sub-editor's, else one taken from another article."""
    places = [(m.end(), m.end()) for m in CLAUSE_END.finditer(text)] or [(0, 0)]
    at = _near_a_span(rng, places, spans)[0]
    borrowed = [m.group() for t in pool for m in re.finditer("[^，。；\n]{4,20}[，。]", t)]
    clause = rng.choice(CLAUSES) if rng.random() < 0.5 or not borrowed else rng.choice(borrowed)
    return make_edit("clause inserted", text, [Op(at, at, clause)])


def edit_traditional(text: str, rng: random.Random, spans: list[Annotation], pool: list[str]) -> Edit:
    """The whole text in traditional characters (Xinhua publishes both forms of one story)."""
    ops = [Op(i, i + 1, t) for i, character in enumerate(text) if (t := traditional(character)) != character]
    return make_edit("traditional", text, ops or [Op(len(text), len(text), "\n")])


CHINESE_EDITS: dict[str, Callable[[str, random.Random, list[Annotation], list[str]], Edit]] = {
    "character corrected": edit_character,
    "clause inserted": edit_clause,
    "traditional": edit_traditional,
}
ALL_KINDS = sorted({**EDITS, **CHINESE_EDITS})
#: Share of the spans whose words survived recognizably that must be found again.  A whole
#: text converted to traditional characters rewrites the context on both sides of every
#: span too, and an approximate quote is only taken with its context nearly intact: about
#: half are found (the rest are orphans, never misplaced).
FOUND = {"traditional": 0.5}
POOL = list(TEXTS)


def make_chinese_case(text: str, rng: random.Random, kind: str, pool: list[str] = POOL) -> Case | None:
    """A case as ``make_case`` makes them, with the Chinese edit kinds as well."""
    annotations = place_spans(text, rng)
    if not annotations:
        return None
    edit = {**EDITS, **CHINESE_EDITS}[kind](text, rng, annotations, pool)
    truth = {a.id: true_places(text, edit, a.start, a.end) for a in annotations}
    return Case(text, tuple(annotations), edit, edit.apply(text), truth)


def test_the_conversion_is_one_character_for_one_and_changes_the_text() -> None:
    case = make_chinese_case(TEXTS[0], random.Random(1), "traditional")
    assert case is not None
    assert len(case.new_text) == len(case.text)
    assert "哈爾濱新區" in case.new_text and "融資" in case.new_text
    assert "哈尔滨" not in case.new_text


def test_spans_are_chinese_words_not_clauses() -> None:
    annotations = place_spans(TEXTS[1], random.Random(3))
    assert annotations
    assert all(len(a.quote) <= 40 and "，" not in a.quote[1:-1] for a in annotations[:3])


def test_a_corrected_character_in_a_repeated_name_stays_with_its_own_copy() -> None:
    text = TEXTS[1]
    second = text.index("长光卫星技术股份有限公司", text.index("成立于") - 20)
    annotation = new_annotation(text, second, second + len("长光卫星技术股份有限公司"), "company", author="t")
    new_text = text[:second] + "长光衛星技术股份有限公司" + text[second + len("长光卫星技术股份有限公司") :]
    found = anchor(annotation, new_text)
    assert not found.found or (found.start, found.status) == (second, "fuzzy")


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_seeded_sweep_never_places_a_chinese_span_wrongly(kind: str) -> None:
    counts: Counter[str] = Counter()
    for seed in range(30):
        rng = random.Random(f"zh-{kind}-{seed}")
        case = make_chinese_case(rng.choice(POOL), rng, kind)
        if case is not None:
            counts += check_case(case)
    assert counts["found"] >= FOUND.get(kind, 0.95) * counts["recognizable"], counts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(POOL))), st.sampled_from(ALL_KINDS), st.randoms(use_true_random=False))
def test_any_realistic_edit_of_chinese_never_places_a_span_wrongly(
    text: int, kind: str, rng: random.Random
) -> None:
    case = make_chinese_case(POOL[text], rng, kind)
    if case is not None:
        check_case(case)
