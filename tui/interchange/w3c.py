"""W3C Web Annotation: an ``AnnotationCollection`` in JSON-LD, as Hypothesis, Recogito and
annotation servers speak it.

Each annotation: ``motivation: "tagging"``; a ``TextualBody`` with ``purpose: "tagging"``
holding the tag and, when there is a note, one with ``purpose: "commenting"``; a
``creator`` (a ``Person`` with a ``name``) and ``created``; a target whose ``source`` names
the article and whose selectors are a ``TextQuoteSelector`` (exact, prefix, suffix) and a
``TextPositionSelector`` (start, end in code points, as the model counts).  The collection
embeds its one page; the page and every annotation carry ``@context`` too, so each can be
served or validated on its own.

IRIs: an article is ``urn:glossator:article:<id>`` and an annotation
``urn:glossator:article:<id>#<annotation id>`` (percent-encoded), so the ids come back on
import.  The collection's id is made from its content, so the same export gives the same
bytes.  The article text is not carried: importing W3C needs the articles in the corpus.

Import also takes an ``AnnotationPage``, a single ``Annotation`` or a JSON array of them;
a target with only a ``TextQuoteSelector`` is placed where its quote (with prefix and
suffix) occurs exactly once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from tui.annotations.model import Annotation
from tui.interchange.jsonl import LINE_BREAK_ESCAPES, dumps
from tui.interchange.model import (
    ExportDocument,
    IncomingDocument,
    IncomingSpan,
    Origin,
    Report,
    format_created,
    parse_created,
    report_unread_created,
)
from tui.interchange.sources import MAX_IMPORT_BYTES, JsonInputError, load_json, read_source

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ARTICLE_IRI = "urn:glossator:article:"
COLLECTION_IRI = "urn:glossator:collection:"


def article_iri(article_id: str) -> str:
    return ARTICLE_IRI + quote(article_id, safe="/")


def annotation_iri(article_id: str, annotation_id: str) -> str:
    return f"{article_iri(article_id)}#{quote(annotation_id, safe='')}"


def parse_iri(iri: str) -> tuple[str, str | None] | None:
    """(article id, annotation id or None) of one of our IRIs, or None for anyone else's."""
    if not iri.startswith(ARTICLE_IRI):
        return None
    article, _, fragment = iri[len(ARTICLE_IRI) :].partition("#")
    if not article:
        return None
    return unquote(article), (unquote(fragment) or None)


# --- export --------------------------------------------------------------------------------------


def annotation_json(document: ExportDocument, a: Annotation) -> dict[str, Any]:
    bodies: list[dict[str, str]] = [{"type": "TextualBody", "purpose": "tagging", "value": a.tag}]
    if a.note:
        bodies.append(
            {"type": "TextualBody", "purpose": "commenting", "value": a.note, "format": "text/plain"}
        )
    quote_selector = {"type": "TextQuoteSelector", "exact": a.quote}
    if a.prefix:
        quote_selector["prefix"] = a.prefix
    if a.suffix:
        quote_selector["suffix"] = a.suffix
    return {
        "@context": CONTEXT,
        "id": annotation_iri(document.article_id, a.id),
        "type": "Annotation",
        "motivation": "tagging",
        "creator": {"type": "Person", "name": a.author},
        "created": format_created(a.created),
        "body": bodies,
        "target": {
            "source": article_iri(document.article_id),
            "selector": [quote_selector, {"type": "TextPositionSelector", "start": a.start, "end": a.end}],
        },
    }


def collection_json(documents: Iterable[ExportDocument]) -> dict[str, Any]:
    items = [annotation_json(document, a) for document in documents for a in document.annotations]
    digest = hashlib.sha256("\n".join(item["id"] for item in items).encode("utf-8")).hexdigest()[:16]
    collection_id = COLLECTION_IRI + digest
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Glossator annotations",
        "total": len(items),
    }
    if items:
        page_id = f"{collection_id}:page:1"
        collection["first"] = {
            "@context": CONTEXT,
            "id": page_id,
            "type": "AnnotationPage",
            # As the model's own example: the collection described (a bare IRI fails the
            # test suite's page MUSTs, which read total, label... through partOf).
            "partOf": {"id": collection_id, "label": collection["label"], "total": len(items)},
            "startIndex": 0,
            "items": items,
        }
        collection["last"] = page_id
    return collection


def write_w3c(documents: Iterable[ExportDocument]) -> bytes:
    text = json.dumps(collection_json(documents), ensure_ascii=False, indent=2)
    return (text.translate(LINE_BREAK_ESCAPES) + "\n").encode("utf-8")


# --- import --------------------------------------------------------------------------------------


def read_w3c(path: Path, display: str, report: Report) -> Iterator[IncomingDocument]:
    """The annotations of a W3C JSON-LD file, grouped by article (texts come from the corpus)."""
    content = read_source(path, display, report, MAX_IMPORT_BYTES)
    if content is None:
        return
    try:
        source = content.decode("utf-8-sig")
        data = load_json(source)
    except UnicodeDecodeError as error:
        report.left_out(display, f"not taken: not valid UTF-8 (byte {error.start})")
        return
    except JsonInputError as error:
        report.left_out(Origin(display, error.line), f"not taken: {error}")
        return
    by_article: dict[str, list[IncomingSpan]] = {}
    for index, item in enumerate(_annotations(data, display, report), start=1):
        iri = item.get("id") if isinstance(item, dict) else None
        origin = Origin(
            display, _line_of(source, iri), iri if isinstance(iri, str) else f"annotation {index}"
        )
        found = _spans(item, origin, report)
        if found is not None:
            article_id, spans = found
            by_article.setdefault(article_id, []).extend(spans)
    for article_id, spans in by_article.items():
        yield IncomingDocument(article_id, None, tuple(spans), Origin(display))


def _types(value: Any) -> list[Any]:
    types = value.get("type", []) if isinstance(value, dict) else []
    return types if isinstance(types, list) else [types]


def _annotations(data: Any, display: str, report: Report) -> Iterator[Any]:
    """The annotations of a collection, a page, one annotation, or an array of them."""
    if isinstance(data, list):
        yield from data
        return
    if "Annotation" in _types(data):
        yield data
        return
    if "AnnotationCollection" in _types(data):
        page = data.get("first")
    elif "AnnotationPage" in _types(data):
        page = data
    else:
        report.left_out(display, "not taken: not a W3C AnnotationCollection, AnnotationPage or Annotation")
        return
    while page is not None:
        if not isinstance(page, dict) or "AnnotationPage" not in _types(page):
            what = page if isinstance(page, str) else "something that is not an AnnotationPage"
            report.left_out(display, f"not taken: the page {dumps(what)} is not in this file")
            return
        items = page.get("items", [])
        yield from items if isinstance(items, list) else []
        page = page.get("next")


def _line_of(source: str, iri: object) -> int | None:
    if not isinstance(iri, str):
        return None
    position = source.find(json.dumps(iri, ensure_ascii=False))
    return source.count("\n", 0, position) + 1 if position >= 0 else None


def _spans(item: Any, origin: Origin, report: Report) -> tuple[str, list[IncomingSpan]] | None:
    if "Annotation" not in _types(item):
        report.left_out(origin, 'not taken: not an object of type "Annotation"')
        return None
    target = item.get("target")
    if isinstance(target, list):
        if len(target) != 1:
            report.left_out(origin, "not taken: a Glossator annotation has exactly one target")
            return None
        target = target[0]
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        report.left_out(origin, "not taken: the target has no source and selector (a part of an article)")
        return None
    parsed = parse_iri(target["source"])
    if parsed is None:
        report.left_out(
            origin,
            f"not taken: the target source {target['source']!r} is not a Glossator article "
            f"({ARTICLE_IRI}<id>)",
        )
        return None
    article_id = parsed[0]
    start, end, exact, prefix, suffix = _selectors(target.get("selector"))
    if start is None and exact is None:
        report.left_out(origin, "not taken: no TextPositionSelector or TextQuoteSelector in the target")
        return None
    labels, note = _bodies(item)
    if not labels:
        report.left_out(origin, 'not taken: no tag (a TextualBody with "purpose": "tagging")')
        return None
    own = parse_iri(item["id"]) if isinstance(item.get("id"), str) else None
    annotation_id = own[1] if own is not None and own[0] == article_id else None
    author = _creator(item.get("creator"))
    created = parse_created(item.get("created"))
    report_unread_created(item.get("created"), created, origin, report)
    spans = [
        IncomingSpan(
            start,
            end,
            label,
            origin,
            id=annotation_id if number == 0 else None,
            note=note,
            author=author,
            created=created,
            quote=exact,
            prefix=prefix or "",
            suffix=suffix or "",
        )
        for number, label in enumerate(labels)
    ]
    return article_id, spans


def _selectors(value: Any) -> tuple[int | None, int | None, str | None, str | None, str | None]:
    selectors = value if isinstance(value, list) else [value]
    start = end = None
    exact = prefix = suffix = None
    for selector in selectors:
        kinds = _types(selector)
        if "TextPositionSelector" in kinds:
            s, e = selector.get("start"), selector.get("end")
            if (
                isinstance(s, int)
                and isinstance(e, int)
                and not isinstance(s, bool)
                and not isinstance(e, bool)
            ):
                start, end = s, e
        elif "TextQuoteSelector" in kinds and isinstance(selector.get("exact"), str):
            exact = selector["exact"]
            prefix = selector.get("prefix") if isinstance(selector.get("prefix"), str) else None
            suffix = selector.get("suffix") if isinstance(selector.get("suffix"), str) else None
    return start, end, exact, prefix, suffix


def _bodies(item: dict[str, Any]) -> tuple[list[str], str | None]:
    """The tags (tagging bodies) and the note (the first commenting body) of an annotation."""
    motivations = item.get("motivation", [])
    tagging = "tagging" in (motivations if isinstance(motivations, list) else [motivations])
    body = item.get("body", [])
    bodies = body if isinstance(body, list) else [body]
    if isinstance(item.get("bodyValue"), str):
        bodies = [*bodies, {"type": "TextualBody", "value": item["bodyValue"]}]
    labels: list[str] = []
    notes: list[str] = []
    for entry in bodies:
        if not isinstance(entry, dict) or not isinstance(entry.get("value"), str):
            continue
        purposes = entry.get("purpose", [])
        purposes = purposes if isinstance(purposes, list) else [purposes]
        if "tagging" in purposes or (not purposes and tagging):
            labels.append(entry["value"])
        elif "commenting" in purposes or "describing" in purposes or not purposes:
            notes.append(entry["value"])
    return labels, (notes[0] if notes else None)


def _creator(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("name", "nickname", "id"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return None
