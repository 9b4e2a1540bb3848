"""Settling two annotators' disagreements into an agreed version.

The agreed version is not another kind of file: it is the adjudicator's own annotations
(``author`` = the adjudicator) in the articles' annotation files, so it is shared, merged,
searched and exported like any annotator's, and ``glossator agreement --against`` compares
each annotator with it.  Settling a pair (see ``tui.agreement.comparison``) takes A's span, B's,
both or neither into it; each annotation taken is a copy with a new id (ids are unique in
a file, and A's and B's stay as they are), marked with two keys the store keeps verbatim:

- ``settled_by``: who settled it (the adjudicator);
- ``settled_from``: the ids of the annotations it was taken from (both ids for a span A
  and B made alike).

Lists (the app's annotation list and browser) show such a copy as settled, from whom
(``settled_sources``), so it is not taken for the adjudicator's own reading.

Those marks make settling idempotent and revisable: settling a pair again first finds the
adjudicator's annotations taken from that pair's annotations, keeps those still wanted as
they are (same id, same bytes) and removes the rest, so a second run changes nothing and
a changed mind replaces the earlier choice.  "Neither" leaves nothing, and so nothing
records it.  Every write is one ``AnnotationStore.update`` per article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from tui.agreement.comparison import Kind, SpanPair
from tui.annotations.model import Annotation, LoadedAnnotations, new_id, now
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError

SETTLED_BY = "settled_by"
SETTLED_FROM = "settled_from"


class Take(StrEnum):
    A = "a"
    B = "b"
    BOTH = "both"
    NONE = "none"


@dataclass(frozen=True)
class Settlement:
    """What settling one article changed in the adjudicator's annotations."""

    loaded: LoadedAnnotations
    added: int
    removed: int
    unchanged: int


def settle(
    store: AnnotationStore,
    article_id: str,
    text: str,
    adjudicator: str,
    decisions: Sequence[tuple[SpanPair, Take]],
) -> Settlement:
    """Write the adjudicator's annotations for ``decisions`` (pairs of one article) in one update.

    Pairs not in ``decisions`` are left as they are.  ``AnnotationFileLockedError`` if the
    file has a problem that keeps it from being rewritten.
    """
    for pair, take in decisions:
        _check(article_id, adjudicator, pair, take)
    counts = {"added": 0, "removed": 0, "unchanged": 0}

    def change(on_disk: LoadedAnnotations) -> list[Annotation] | None:
        current = list(on_disk.annotations)
        for pair, take in decisions:
            sources = {x.id for x in pair.annotations}
            earlier = [x for x in current if x.author == adjudicator and sources & set(settled_from(x))]
            for source, origin in _wanted(pair, take):
                kept = next((x for x in earlier if _settles(x, source, origin)), None)
                if kept is not None:
                    earlier.remove(kept)
                    counts["unchanged"] += 1
                else:
                    current.append(_copy(source, origin, adjudicator))
                    counts["added"] += 1
            gone = {x.id for x in earlier}
            current = [x for x in current if x.id not in gone]
            counts["removed"] += len(gone)
        return current if counts["added"] or counts["removed"] else None

    loaded = store.update(article_id, text, change)
    return Settlement(loaded, counts["added"], counts["removed"], counts["unchanged"])


def _check(article_id: str, adjudicator: str, pair: SpanPair, take: Take) -> None:
    if pair.article_id != article_id:
        raise GlossatorError(f"a pair of article {pair.article_id!r} cannot be settled in {article_id!r}")
    if any(x.author == adjudicator for x in pair.annotations):
        raise GlossatorError(
            f"{adjudicator!r} made one of the annotations compared; the agreed version must be kept apart "
            "from them: settle under another name"
        )
    missing = {Take.A: pair.a is None, Take.B: pair.b is None, Take.BOTH: pair.a is None or pair.b is None}
    if missing.get(take, False):
        where = f"{article_id} {pair.start}-{pair.end}"
        raise GlossatorError(f"cannot take {take.value!r} at {where}: {pair.kind.label} there")


def _wanted(pair: SpanPair, take: Take) -> list[tuple[Annotation, list[str]]]:
    """The annotations to copy for ``take``, each with the ids it is taken from."""
    if take is Take.NONE:
        return []
    if pair.kind is Kind.SAME and pair.a is not None and pair.b is not None:
        # One span, whichever side is named; the two ids are one when the sides are git refs.
        return [(pair.a, list(dict.fromkeys([pair.a.id, pair.b.id])))]
    chosen = {Take.A: [pair.a], Take.B: [pair.b], Take.BOTH: [pair.a, pair.b]}[take]
    return [(x, [x.id]) for x in chosen if x is not None]


def _settles(annotation: Annotation, source: Annotation, origin: list[str]) -> bool:
    """Whether ``annotation`` is already ``source`` taken into the agreed version."""
    same_span = (annotation.start, annotation.end, annotation.tag) == (source.start, source.end, source.tag)
    return same_span and annotation.note == source.note and settled_from(annotation) == origin


def _copy(source: Annotation, origin: list[str], adjudicator: str) -> Annotation:
    return replace(
        source,
        id=new_id(),
        author=adjudicator,
        created=now(),
        status="",
        extra={SETTLED_BY: adjudicator, SETTLED_FROM: origin},
    )


def settled_from(annotation: Annotation) -> list[str]:
    """The ids an annotation was settled from ([] if it was not, or the key is not a list of ids)."""
    value = annotation.extra.get(SETTLED_FROM)
    return [x for x in value if isinstance(x, str)] if isinstance(value, list) else []


def settled_take(pair: SpanPair, annotations: Sequence[Annotation], adjudicator: str) -> Take | None:
    """What the adjudicator took of ``pair`` earlier, or None (not settled, or settled as neither).

    A side counts as taken when one of the adjudicator's annotations was settled from its id
    and has its span and tag (ids alone cannot tell the sides apart when they are git refs).
    """
    settled = [x for x in annotations if x.author == adjudicator]

    def took(side: Annotation | None) -> bool:
        return side is not None and any(
            side.id in settled_from(x) and (x.start, x.end, x.tag) == (side.start, side.end, side.tag)
            for x in settled
        )

    took_a, took_b = took(pair.a), took(pair.b)
    if took_a and took_b and pair.kind is not Kind.SAME:
        return Take.BOTH
    return Take.A if took_a else Take.B if took_b else None


def settled_sources(annotation: Annotation, annotations: Sequence[Annotation]) -> tuple[str, ...] | None:
    """Whose annotations a settled copy was taken from (their authors, in order); None if it is no copy.

    A settled copy is the adjudicator's by ``author``, yet not their own reading: lists show
    it as settled, from whom.  Sources no longer in ``annotations`` (deleted since) are left
    out, so the tuple may be empty.
    """
    if SETTLED_BY not in annotation.extra:
        return None
    authors = {x.id: x.author for x in annotations}
    return tuple(dict.fromkeys(authors[x] for x in settled_from(annotation) if x in authors))
