"""Where a phrase or a pattern occurs in an article text, and whether that place is tagged already.

``tag-all`` and ``suggest`` look for words in many articles and propose to tag each place
found.  Whoever reviews the proposal (the command line's list, the app's review screen)
sees each place with the text around it; a place that an annotation of the same tag
already covers (the same span, or a longer one around it) is marked as such instead of
being proposed again.

Chinese has no spaces, so the whole-word rule applies only where a phrase meets letters
or digits of a word that is not Chinese: 哈尔滨 is found inside 哈尔滨新区, as search finds
it (each Han character is a word of the index), but "AI" is not found inside "AIGC".
Chinese phrases are matched with traditional and simplified characters folded together
(``tui.text.chinese.fold``), and may be split by white space (a line break) in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

import regex

from tui.annotations.model import Annotation, trim_span
from tui.errors import GlossatorError
from tui.project.patterns import (
    PATTERN_SECONDS,
    PatternTimeoutError,
    PhraseIndex,
    bounded_search,
    compile_pattern,
    deadline,
)
from tui.text.chinese import fold, has_han, is_han

#: How much text is shown on each side of a place.
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Matcher:
    """What to look for, and the tag a place found gets."""

    tag: str
    #: As the user wrote it (a phrase, or ``/regex/``): says which entry found a place.
    source: str
    #: A phrase's own expression (``re``), or a user's pattern (``regex``, run with a time limit).
    pattern: re.Pattern[str] | regex.Pattern[str]
    #: Phrases match whole words only; a regular expression matches as written.
    whole_words: bool
    #: Looked for in the folded text (a phrase with Chinese in it): 投资 finds 投資.
    folded: bool = False
    #: Where the entry is written (``lexicon.toml:3``), for a pattern that runs too long.
    where: str = ""


def phrase_matcher(phrase: str, tag: str, *, case_sensitive: bool = False) -> Matcher:
    """``phrase`` as whole words, case ignored unless ``case_sensitive``.

    Any run of whitespace in the phrase matches any run in the text, so a phrase is found
    across a line break too; between two Han characters, white space may be there or not.
    """
    words = phrase.split()
    if not words:
        raise GlossatorError("the phrase is empty")
    flags = 0 if case_sensitive else re.IGNORECASE
    if not has_han(phrase):
        return Matcher(tag, phrase, re.compile(r"\s+".join(re.escape(word) for word in words), flags), True)
    return Matcher(tag, phrase, re.compile(_chinese_expression(words), flags), True, folded=True)


def _chinese_expression(words: list[str]) -> str:
    """The expression of a phrase with Chinese in it, folded: white space between two Han
    characters (of the phrase or the text) may be there or not."""
    characters = fold(" ".join(words))
    parts: list[str] = []
    for index, char in enumerate(characters):
        before = characters[index - 1] if index else ""
        after = characters[index + 1] if index + 1 < len(characters) else ""
        if char == " ":
            parts.append(r"\s*" if is_han(before) and is_han(after) else r"\s+")
        else:
            parts.append(re.escape(char) + (r"\s*" if is_han(char) and is_han(after) else ""))
    return "".join(parts)


def regex_matcher(expression: str, tag: str, where: str = "") -> Matcher:
    """A regular expression (Python's syntax), matched as written; ``PatternError`` if it cannot be used."""
    return Matcher(tag, f"/{expression}/", compile_pattern(expression), False, where=where)


def phrase_index(matchers: Sequence[Matcher]) -> PhraseIndex:
    """The phrases of ``matchers`` in one automaton (build it once for a search of many articles)."""
    # A phrase with Chinese in it is matched by its own expression on the folded text
    # (traditional and simplified alike, white space optional between characters).
    phrases = [
        (m.source if m.whole_words and not m.folded else "", bool(m.pattern.flags & re.IGNORECASE))
        for m in matchers
    ]
    return PhraseIndex(phrases)


@dataclass(frozen=True)
class Found:
    """One place a matcher found (whitespace at either end trimmed)."""

    start: int
    end: int
    matcher: Matcher


def find(text: str, matchers: Sequence[Matcher], phrases: PhraseIndex | None = None) -> list[Found]:
    """Every place the matchers find in ``text``, in text order, one per span and tag.

    Empty matches (and matches of whitespace only) are passed over.  ``phrases`` is
    ``phrase_index(matchers)``, built once when many texts are searched.
    """
    phrases = phrases or phrase_index(matchers)
    literal = phrases.spans(text)
    found: dict[tuple[int, int, str], Found] = {}
    folded = fold(text) if any(matcher.folded for matcher in matchers) else text
    for index in sorted({*literal, *phrases.others}):  # in lexicon order: the first entry names a place
        matcher = matchers[index]
        searched = folded if matcher.folded else text
        for start, end in _spans(searched, matcher, literal.get(index, [])):
            found.setdefault((start, end, matcher.tag), Found(start, end, matcher))
    return [found[key] for key in sorted(found)]


def _matches(text: str, matcher: Matcher, places: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """A phrase's places (found in one pass), or a pattern's, searched within its time limit."""
    if matcher.whole_words and not matcher.folded:
        yield from places
        return
    if matcher.whole_words:
        yield from (match.span() for match in matcher.pattern.finditer(text))
        return
    pattern = matcher.pattern
    assert isinstance(pattern, regex.Pattern)  # only phrases are ``re`` expressions
    stop = deadline()
    position = 0
    while position <= len(text):
        try:
            match = bounded_search(pattern, text, position, stop)
        except TimeoutError:
            raise PatternTimeoutError(
                f"{matcher.where or matcher.source}: {matcher.source} took more than {PATTERN_SECONDS:g} s "
                "on one article and was stopped: it backtracks (a quantifier inside a repeated group, "
                "such as (a|aa)+); rewrite it"
            ) from None
        if match is None:
            return
        yield match.span()
        position = match.end() if match.end() > match.start() else match.end() + 1


def _spans(text: str, matcher: Matcher, places: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The matches of one matcher.

    Word boundaries are checked here rather than with look-behind in the pattern, which made
    the search three times slower (a look-behind is tried at every position).  A match inside
    a longer word is passed over, so it cannot hide an overlapping whole-word match; matches
    of one matcher do not overlap (the first one found wins).
    """
    position = 0
    for start, end in _matches(text, matcher, places):
        if start < position:
            continue
        if matcher.whole_words and not _whole_words(text, start, end):
            position = start + 1
            continue
        position = end if end > start else end + 1
        start, end = trim_span(text, start, end)
        if start < end:
            yield start, end


def _whole_words(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` neither starts nor ends inside a word (a Han character
    is a word of its own)."""
    inside_at_start = start > 0 and _word_character(text[start - 1]) and _word_character(text[start])
    inside_at_end = end < len(text) and _word_character(text[end - 1]) and _word_character(text[end])
    return not inside_at_start and not inside_at_end


def _word_character(character: str) -> bool:
    return (character.isalnum() or character == "_") and not is_han(character)


class Coverage:
    """Which spans the annotations of each tag cover: each question answered by one binary search."""

    def __init__(self, annotations: Iterable[Annotation]) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        for annotation in annotations:
            spans.setdefault(annotation.tag, []).append((annotation.start, annotation.end))
        self._starts: dict[str, list[int]] = {}
        #: The furthest end of the annotations up to each one (sorted by start).
        self._reach: dict[str, list[int]] = {}
        for tag, tag_spans in spans.items():
            tag_spans.sort()
            self._starts[tag] = [start for start, _ in tag_spans]
            self._reach[tag] = list(accumulate((end for _, end in tag_spans), max))

    def covers(self, tag: str, start: int, end: int) -> bool:
        """Whether an annotation of ``tag`` spans ``[start, end)`` (exactly, or more)."""
        before = bisect_right(self._starts.get(tag, []), start)
        return before > 0 and self._reach[tag][before - 1] >= end


@dataclass(frozen=True)
class Occurrence:
    """A place to tag, as a reviewer sees it."""

    article_id: str
    start: int
    end: int
    tag: str
    quote: str
    #: Up to ``CONTEXT_CHARS`` of the text on each side.
    before: str
    after: str
    #: An annotation of ``tag`` already covers the place: shown, not proposed again.
    tagged: bool
    #: Which phrase or pattern found it.
    found_by: str


def occurrences(
    article_id: str, text: str, found: Iterable[Found], annotations: Iterable[Annotation]
) -> list[Occurrence]:
    """``found`` in ``text`` as occurrences, each marked when ``annotations`` already tag it."""
    coverage = Coverage(annotations)
    return [
        Occurrence(
            article_id=article_id,
            start=place.start,
            end=place.end,
            tag=place.matcher.tag,
            quote=text[place.start : place.end],
            before=text[max(0, place.start - CONTEXT_CHARS) : place.start],
            after=text[place.end : place.end + CONTEXT_CHARS],
            tagged=coverage.covers(place.matcher.tag, place.start, place.end),
            found_by=place.matcher.source,
        )
        for place in found
    ]
