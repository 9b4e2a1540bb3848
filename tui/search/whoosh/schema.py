"""The Whoosh schema, derived from the workspace's tag set, and its fingerprint."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

from whoosh.analysis import STOP_WORDS
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from tui.search.chinese import ANALYSIS
from tui.search.documents import DOCUMENT_FORMAT, ArticleDocument
from tui.search.whoosh.chinese import stemming_analyser, word_analyser


@lru_cache(maxsize=8)
def schema_for(tags: tuple[str, ...]) -> Schema:
    """The schema of an index for this tag set: one text field of tagged spans per tag.

    Prose is stemmed English with stop words left out; names are lowercased words; in
    both, each Han character is a word (``tui.search.whoosh.chinese``).
    """
    stem = stemming_analyser(STOP_WORDS)
    words = word_analyser()
    span_fields = {tag: TEXT(analyzer=stem, phrase=True) for tag in tags}
    return Schema(
        article=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=stem, stored=True, field_boost=2.0),
        source=TEXT(analyzer=words, stored=True),
        byline=TEXT(analyzer=words, stored=True),
        date=DATETIME(),
        recency=NUMERIC(sortable=True, bits=64),
        date_text=STORED(),
        body=TEXT(analyzer=stem, phrase=True, chars=True),
        tag=KEYWORD(lowercase=True),
        note=TEXT(analyzer=stem),
        author=TEXT(analyzer=words),
        status=KEYWORD(lowercase=True),
        tag_counts=STORED(),
        listing=STORED(),
        minhash=STORED(),
        band=KEYWORD(),
        **span_fields,
    )


def fingerprint(tags: Sequence[str]) -> str:
    """Names this schema and document format: any change to either rebuilds the index."""
    schema = schema_for(tuple(tags))
    description = "\n".join(
        f"{name}:{type(field).__name__}:{_analyser_parts(field)}:{field.stored}"
        for name, field in sorted(schema.items())
    )
    digest = hashlib.sha256(f"whoosh\n{DOCUMENT_FORMAT}\n{ANALYSIS}\n{description}".encode()).hexdigest()
    return f"whoosh-{digest[:16]}"


def whoosh_fields(document: ArticleDocument) -> dict[str, object]:
    """The document as Whoosh's ``add_document`` takes it."""
    fields: dict[str, object] = {
        "article": document.article,
        "title": document.title,
        "source": document.source,
        "byline": document.byline,
        "date_text": document.date_text,
        "recency": document.recency,
        "body": document.body,
        "tag": " ".join(document.tags),
        "note": document.note,
        "author": document.author,
        "status": " ".join(document.status),
        "tag_counts": document.tag_counts,
        "listing": document.listing,
        "minhash": document.minhash,
        "band": " ".join(document.band),
        **document.tagged,
    }
    if document.date is not None:
        fields["date"] = document.date
    return fields


def _analyser_parts(field: object) -> str:
    """The analyser's parts by name (its repr holds sets, ordered differently in each process)."""
    analyser = getattr(field, "analyzer", None)
    parts = getattr(analyser, "items", [analyser])
    return "+".join(type(part).__name__ for part in parts)
