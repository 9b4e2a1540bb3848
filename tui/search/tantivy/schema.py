"""The tantivy schema, derived from the workspace's tag set, its fingerprint, and documents.

Text fields are of three kinds, analysed as on Whoosh: prose (English stemming: tantivy's
built-in ``en_stem``), names (lowercased words: ``default``) and keys (one term per value:
``raw``, lowercased here).  The analysers are tantivy's built-in ones, so an index needs
nothing registered to be opened; ``tui.search.tantivy.analysis`` builds the same ones.
Text is indexed ``spaced`` (``tui.search.chinese``): each Han character a word.
What a hit shows is stored once, as JSON in one bytes field: tantivy loads a document's
stored fields together anyway, and none of them is searched as stored.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from functools import lru_cache

import tantivy

from tui.search.backend import Stored
from tui.search.chinese import ANALYSIS, spaced
from tui.search.documents import DOCUMENT_FORMAT, ArticleDocument

PROSE = "en_stem"
NAMES = "default"
KEYS = "raw"
#: The text fields of every index and their analysers; the tag set's fields are prose.
TEXT_FIELDS: dict[str, str] = {
    "title": PROSE,
    "body": PROSE,
    "note": PROSE,
    "source": NAMES,
    "byline": NAMES,
    "author": NAMES,
    "tag": KEYS,
    "status": KEYS,
    "band": KEYS,
}
#: The analyser of a field not in ``TEXT_FIELDS``: the tag set's fields of tagged spans.
SPAN_FIELDS = PROSE
_EPOCH = datetime(1970, 1, 1)


def kind_of(field: str) -> str:
    """The analyser (``PROSE``, ``NAMES`` or ``KEYS``) of a text field."""
    return TEXT_FIELDS.get(field, SPAN_FIELDS)


def _fields(tags: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, analyser) of every text field of the schema, in schema order."""
    return [*TEXT_FIELDS.items(), *((tag, SPAN_FIELDS) for tag in tags)]


@lru_cache(maxsize=8)
def schema_for(tags: tuple[str, ...]) -> tantivy.Schema:
    """The schema of an index for this tag set: one prose field of tagged spans per tag.

    ``article`` is a fast field so that hits with the same date can be listed in id order;
    ``date`` (``microseconds``, dated articles only) answers date spans, ``recency`` (0 when
    undated) orders the empty query; keys need no positions, prose and names do (phrases).
    """
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("article", fast=True, tokenizer_name=KEYS, index_option="basic")
    for name, analyser in _fields(tags):
        builder.add_text_field(
            name, tokenizer_name=analyser, index_option="basic" if analyser == KEYS else "position"
        )
    builder.add_integer_field("date", indexed=True, fast=True)
    builder.add_integer_field("recency", fast=True)
    builder.add_bytes_field("shown", stored=True)
    return builder.build()


def fingerprint(tags: tuple[str, ...]) -> str:
    """Names this schema, document format and tantivy release: any change rebuilds the index.

    The release is part of it because its stemmer analyses the queries: a stemmer that
    changed would look for words the old index does not hold.
    """
    description = "\n".join(f"{name}:{analyser}" for name, analyser in _fields(tags))
    fields = f"article,date,recency,shown\n{description}"
    text = f"tantivy {tantivy.__version__}\n{DOCUMENT_FORMAT}\n{ANALYSIS}\n{fields}"
    return f"tantivy-{hashlib.sha256(text.encode()).hexdigest()[:16]}"


def microseconds(when: datetime) -> int:
    """A date (naive, as articles' dates are) as the ``date`` field holds it: exact to the
    microsecond, as Whoosh compares dates, where whole seconds would not be."""
    return (when - _EPOCH) // timedelta(microseconds=1)


def tantivy_document(document: ArticleDocument) -> tantivy.Document:
    """The document as tantivy's ``add_document`` takes it."""
    fields = tantivy.Document()
    fields.add_text("article", document.article)
    for name, text in (
        ("title", document.title),
        ("body", document.body),
        ("note", document.note),
        ("source", document.source),
        ("byline", document.byline),
        ("author", document.author),
        *document.tagged.items(),
    ):
        fields.add_text(name, spaced(text))
    for name, values in (("tag", document.tags), ("status", document.status)):
        for value in values:
            fields.add_text(name, value.lower())
    for key in document.band:
        fields.add_text("band", key)
    if document.date is not None:
        fields.add_integer("date", microseconds(document.date))
    fields.add_integer("recency", document.recency)
    shown = {
        "article": document.article,
        "title": document.title,
        "source": document.source,
        "byline": document.byline,
        "date_text": document.date_text,
        "tag_counts": document.tag_counts,
        "listing": document.listing,
        "minhash": document.minhash,
    }
    fields.add_bytes("shown", json.dumps(shown, ensure_ascii=False).encode())
    return fields


def stored_of(fields: tantivy.Document) -> Stored:
    """What a hit shows, from the stored fields of its document."""
    shown = fields.get_first("shown")
    if not isinstance(shown, bytes):
        raise ValueError("a document of the index has no stored fields")
    return Stored(**json.loads(shown))
