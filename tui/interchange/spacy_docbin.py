"""spaCy: a ``DocBin`` (``.spacy`` file) to train a span categorizer on.

Each article is one ``Doc`` of ``spacy.blank("en")`` (a tokenizer only: no model to
download), or of ``spacy.blank("zh")`` for an article written mostly in Chinese: its
default tokenizer makes each character a token, so every span of Chinese words lies on
token boundaries (the English tokenizer would make a whole clause one token).  The tokens
are stored in the file, so a consumer loads every ``Doc`` with any pipeline's vocabulary.
Its annotations are in ``doc.spans["sc"]`` (a span group, so overlapping and
identical spans are all kept, unlike ``doc.ents``), each with the tag as label and the
annotation id as ``id_``.  ``doc.user_data["glossator"]`` holds the article id, its
metadata, and each annotation's note, author and created time by annotation id.

spaCy spans are made of whole tokens.  A span whose ends do not fall on token boundaries
(``fund`` inside ``funding``, or a span the tokenizer does not split off) cannot be one:
it is left out and reported, never widened or moved to the nearest tokens.

spaCy is an optional dependency: ``pip install 'glossator[spacy]'``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tui.errors import GlossatorError
from tui.interchange.model import ExportDocument, Report, format_created
from tui.text.words import mostly_chinese

SPAN_KEY = "sc"


def write_docbin(documents: Iterable[ExportDocument], report: Report) -> bytes:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError as error:
        raise GlossatorError(
            "the spacy format needs spaCy: pip install 'glossator[spacy]' (no model download needed)"
        ) from error
    pipelines = {language: spacy.blank(language) for language in ("en", "zh")}
    docbin = DocBin(store_user_data=True)
    for document in documents:
        doc = pipelines["zh" if mostly_chinese(document.text) else "en"].make_doc(document.text)
        spans = []
        extra: dict[str, dict[str, str]] = {}
        for a in document.annotations:
            span = doc.char_span(a.start, a.end, label=a.tag, alignment_mode="strict", span_id=a.id)
            if span is None:
                report.left_out(
                    f"{document.article_id}: {a.id}",
                    f"not exported: {a.start}-{a.end} {a.quote!r} does not start and end on spaCy "
                    "token boundaries",
                )
                continue
            spans.append(span)
            extra[a.id] = {"note": a.note, "author": a.author, "created": format_created(a.created)}
        doc.spans[SPAN_KEY] = spans
        user_data: dict[str, Any] = {
            "article": document.article_id,
            "meta": document.meta,
            "annotations": extra,
        }
        doc.user_data["glossator"] = user_data
        docbin.add(doc)
    data: bytes = docbin.to_bytes()
    return data
