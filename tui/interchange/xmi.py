"""UIMA CAS XMI with a type system: what INCEpTION (and WebAnno, DKPro, cassis) imports.

A folder: ``TypeSystem.xml`` and one ``<id>.xmi`` per article (ids with ``/`` become
subfolders).  Each span is a ``webanno.custom.Glossator`` annotation, INCEpTION's name for
a custom span layer called *Glossator*, with string features ``label`` (the tag),
``annotationId``, ``note``, ``author`` and ``created``; ``DocumentMetaData`` names the
document and ``webanno.custom.GlossatorDocument`` records what the sofa could not hold.

Two things differ from Glossator's own files, and are converted at this border:

- UIMA counts offsets in UTF-16 code units (Java strings): an emoji is one code point
  but two units, so every offset after it is one more in XMI.
- XML 1.0 cannot hold most C0 control characters (U+0000-U+0008, U+000B, U+000C,
  U+000E-U+001F) nor U+FFFE/U+FFFF, not even as ``&#7;``.  In the sofa each becomes
  U+FFFD (one UTF-16 unit, so no offset moves) and ``GlossatorDocument.controlCharacters``
  lists them (``offset:hex`` in code points) so import puts them back.  A note or an
  author holding them is written the same way: U+FFFD in the feature, and the span's
  ``controlCharacters`` lists ``feature:offset:hex``, so nothing is lost.

The writer is written here with the standard library (``dkpro-cassis``, which the tests
read it back with, is not needed to export); import reads XMI with expat, refusing
DOCTYPE and entity declarations (an XML file from outside could otherwise expand
entities without bound).  Import also takes INCEpTION's named entities
(``NamedEntity.value``).
"""

from __future__ import annotations

import itertools
import re
import xml.parsers.expat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

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
from tui.interchange.sources import read_source, source_files

TYPESYSTEM_NAME = "TypeSystem.xml"
SPAN_TYPE = "webanno.custom.Glossator"
DOCUMENT_TYPE = "webanno.custom.GlossatorDocument"
METADATA_TYPE = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
NAMED_ENTITY_TYPE = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
SPAN_FEATURES = ("label", "annotationId", "note", "author", "created")

XMI_NS = "http://www.omg.org/XMI"
#: Characters XML 1.0 cannot hold in any form.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REPLACEMENT = "\ufffd"
_SURROGATE = re.compile("[\ud800-\udfff]")


def utf16_offsets(text: str) -> list[int]:
    """``result[i]`` is the UTF-16 offset of code point ``i`` (``len(text) + 1`` entries)."""
    return [0, *itertools.accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]


def _listed(text: str) -> str:
    """The characters of ``text`` XML cannot hold, as ``offset:hex`` entries (space separated)."""
    return " ".join(f"{m.start()}:{ord(m.group()):x}" for m in NOT_IN_XML.finditer(text))


def xml_safe(text: str) -> str:
    """``text`` with every character XML cannot hold replaced by U+FFFD (same offsets)."""
    return NOT_IN_XML.sub(REPLACEMENT, text)


# --- export --------------------------------------------------------------------------------------


def _feature(name: str, description: str) -> str:
    return (
        f"        <featureDescription><name>{name}</name><description>{description}</description>"
        "<rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>\n"
    )


def _type(name: str, description: str, supertype: str, features: Iterable[tuple[str, str]]) -> str:
    listed = "".join(_feature(*feature) for feature in features)
    return (
        f"    <typeDescription>\n      <name>{name}</name>\n      <description>{description}</description>\n"
        f"      <supertypeName>{supertype}</supertypeName>\n      <features>\n{listed}      </features>\n"
        "    </typeDescription>\n"
    )


TYPESYSTEM = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier">\n'
    "  <name>Glossator</name>\n  <types>\n"
    + _type(SPAN_TYPE, "A Glossator annotation: a tagged span", "uima.tcas.Annotation", (
        ("label", "The tag"), ("annotationId", "Glossator's annotation id"), ("note", "The note"),
        ("author", "Who made it"), ("created", "When (ISO 8601)"),
        ("controlCharacters", "Characters XML cannot hold, replaced by U+FFFD in the features: "
                              "feature:code-point offset:hex code, space separated"),
    ))
    + _type(DOCUMENT_TYPE, "The Glossator article", "uima.tcas.Annotation", (
        ("articleId", "The article id"),
        ("controlCharacters", "Characters XML cannot hold, replaced by U+FFFD in the sofa: "
                              "code-point offset:hex code, space separated"),
    ))
    + _type(METADATA_TYPE, "Document metadata (DKPro Core)", "uima.tcas.DocumentAnnotation", (
        ("documentTitle", "The title"), ("documentId", "The id"), ("documentUri", "The URI"),
        ("collectionId", "The collection"), ("documentBaseUri", "The base URI"),
    ))
    + "  </types>\n</typeSystemDescription>\n"
)  # fmt: skip

_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)


def _attribute(value: str) -> str:
    """An attribute value: markup escaped, and tab and line breaks as references (XML would
    otherwise turn them into spaces when it reads the attribute)."""
    return '"' + value.translate(_ATTRIBUTE_ESCAPES) + '"'


def _element(name: str, attributes: dict[str, str]) -> str:
    return (
        f"  <{name} " + " ".join(f"{key}={_attribute(value)}" for key, value in attributes.items()) + "/>\n"
    )


def xmi_document(document: ExportDocument, report: Report, where: str) -> str:
    text = document.text
    units = utf16_offsets(text)
    replaced = _listed(text)
    if replaced:
        report.note(where, "control characters XML cannot hold are U+FFFD in the sofa, listed to be put back")
    length = str(units[-1])
    elements = [
        _element("type:DocumentMetaData", {
            "xmi:id": "2", "sofa": "1", "begin": "0", "end": length,
            "documentTitle": xml_safe(document.metadata.title), "documentId": xml_safe(document.article_id),
        }),
        _element("custom:GlossatorDocument", {
            "xmi:id": "3", "sofa": "1", "begin": "0", "end": length,
            "articleId": xml_safe(document.article_id), "controlCharacters": replaced,
        }),
    ]  # fmt: skip
    for number, a in enumerate(document.annotations, start=4):
        features = {"label": a.tag, "annotationId": a.id, "note": a.note, "author": a.author}
        escapes = " ".join(
            f"{name}:{entry}" for name, value in features.items() for entry in _listed(value).split()
        )
        features = {name: xml_safe(value) for name, value in features.items()}
        if escapes:
            features["controlCharacters"] = escapes
        attributes = {
            "xmi:id": str(number),
            "sofa": "1",
            "begin": str(units[a.start]),
            "end": str(units[a.end]),
        }
        attributes |= features | {"created": format_created(a.created)}
        elements.append(_element("custom:Glossator", attributes))
    members = " ".join(str(n) for n in range(2, len(document.annotations) + 4))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xmi:XMI xmlns:xmi="{XMI_NS}" xmlns:cas="http:///uima/cas.ecore" '
        'xmlns:type="http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore" '
        'xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">\n'
        '  <cas:NULL xmi:id="0"/>\n'
        + "".join(elements)
        + _element("cas:Sofa", {
            "xmi:id": "1", "sofaNum": "1", "sofaID": "_InitialView", "mimeType": "text",
            "sofaString": xml_safe(text),
        })
        + f'  <cas:View sofa="1" members="{members}"/>\n'
        "</xmi:XMI>\n"
    )  # fmt: skip


def xmi_files(documents: Iterable[ExportDocument], report: Report) -> dict[str, bytes]:
    """The files of the export, by path inside the output folder."""
    files = {TYPESYSTEM_NAME: TYPESYSTEM.encode("utf-8")}
    for document in documents:
        where = f"{document.article_id}.xmi"
        files[where] = xmi_document(document, report, where).encode("utf-8")
    return files


# --- import --------------------------------------------------------------------------------------


@dataclass
class _Element:
    type: str
    attributes: dict[str, str]
    line: int


class UnsafeXmlError(ValueError):
    """A DOCTYPE or an entity declaration: refused, never expanded."""


def _type_name(name: str) -> str:
    """``http:///webanno/custom.ecore Glossator`` as ``webanno.custom.Glossator``."""
    uri, _, local = name.rpartition(" ")
    package = uri.removeprefix("http:///").removesuffix(".ecore").replace("/", ".")
    return f"{package}.{local}" if package else local


def parse_xmi(content: bytes) -> list[_Element]:
    """The feature structures (children of ``xmi:XMI``) with their attributes and lines."""
    elements: list[_Element] = []
    depth = 0
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def refuse(*_: object) -> None:
        raise UnsafeXmlError("the file has a DOCTYPE or entity declaration, which XMI never needs")

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth == 2:
            plain = {
                key.rpartition(" ")[2] if key.startswith(XMI_NS) else key: v for key, v in attributes.items()
            }
            elements.append(_Element(_type_name(name), plain, parser.CurrentLineNumber))

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(content, True)
    return elements


def read_xmi(path: Path, display: str, report: Report) -> Iterator[IncomingDocument]:
    """Every ``.xmi`` at ``path`` (a file, or a folder searched recursively)."""
    if path.is_dir():
        files = [
            (source.path, source.item_id, source.shown)
            for source in source_files(path, ".xmi", display, report)
        ]
    else:
        files = [(path, path.stem, display)]
    for file, fallback_id, shown in files:
        document = _read_one(file, fallback_id, shown, report)
        if document is not None:
            yield document


def _read_one(path: Path, fallback_id: str, shown: str, report: Report) -> IncomingDocument | None:
    content = read_source(path, shown, report)
    if content is None:
        return None
    try:
        elements = parse_xmi(content)
    except (xml.parsers.expat.ExpatError, UnsafeXmlError) as error:
        report.left_out(shown, f"not taken: not valid XMI: {error}")
        return None
    sofas = [e for e in elements if e.type == "uima.cas.Sofa" and "sofaString" in e.attributes]
    sofa = next(
        (e for e in sofas if e.attributes.get("sofaID") == "_InitialView"), sofas[0] if sofas else None
    )
    if sofa is None:
        report.left_out(shown, "not taken: no text (no cas:Sofa with a sofaString)")
        return None
    sofa_id = sofa.attributes.get("id", "")
    views = [e for e in elements if e.type == "uima.cas.View" and e.attributes.get("sofa") == sofa_id]
    members = {m for view in views for m in view.attributes.get("members", "").split()} if views else None
    text = sofa.attributes["sofaString"]
    to_code_point = {unit: index for index, unit in enumerate(utf16_offsets(text))}
    article_id, restored = fallback_id, text
    spans: list[IncomingSpan] = []
    skipped: dict[str, int] = {}
    for element in elements:
        attrs = element.attributes
        if element.type in ("uima.cas.Sofa", "uima.cas.View", "uima.cas.NULL"):
            continue
        if attrs.get("sofa") != sofa_id or (members is not None and attrs.get("id") not in members):
            continue
        if element.type == DOCUMENT_TYPE:
            article_id = attrs.get("articleId") or article_id
            restored = _restore(text, attrs.get("controlCharacters", ""), Origin(shown, element.line), report)
        elif element.type == METADATA_TYPE:
            if article_id == fallback_id and attrs.get("documentId"):
                article_id = attrs["documentId"]
        elif element.type in (SPAN_TYPE, NAMED_ENTITY_TYPE):
            span = _span(element, to_code_point, Origin(shown, element.line), report)
            if span is not None:
                spans.append(span)
        else:
            short = element.type.rpartition(".")[2]
            skipped[short] = skipped.get(short, 0) + 1
    if skipped:
        listed = ", ".join(f"{count} {name}" for name, count in sorted(skipped.items()))
        report.note(shown, f"not imported (not Glossator or named-entity spans): {listed}")

    def stands_for(corpus_text: str) -> bool:
        return xml_safe(corpus_text) == text

    return IncomingDocument(article_id, restored, tuple(spans), Origin(shown), stands_for=stands_for)


def _restore(text: str, listed: str, origin: Origin, report: Report) -> str:
    """``text`` (a sofa, a note) with the control characters listed in ``controlCharacters`` put back."""
    characters = list(text)
    for entry in listed.split():
        offset, _, code = entry.partition(":")
        try:
            position, character = int(offset), chr(int(code, 16))
        except (ValueError, OverflowError):
            report.left_out(origin, f"controlCharacters entry {entry[:40]!r} is not offset:hex; ignored")
            continue
        if not NOT_IN_XML.fullmatch(character) or _SURROGATE.fullmatch(character):
            # Only characters XML cannot hold are ever listed; a surrogate is not text at all.
            report.left_out(
                origin, f"controlCharacters entry {entry[:40]!r} is not a character XML cannot hold; ignored"
            )
            continue
        if 0 <= position < len(characters) and characters[position] == REPLACEMENT:
            characters[position] = character
        else:
            report.note(origin, f"controlCharacters entry {entry!r} does not point at a U+FFFD; ignored")
    return "".join(characters)


def _span(
    element: _Element, to_code_point: dict[int, int], origin: Origin, report: Report
) -> IncomingSpan | None:
    attrs = element.attributes
    where = Origin(origin.file, origin.line, f"xmi:id {attrs.get('id', '?')}")
    try:
        begin, end = int(attrs.get("begin", "0")), int(attrs.get("end", "0"))
    except ValueError:
        report.left_out(where, "not taken: begin and end must be numbers")
        return None
    start, stop = to_code_point.get(begin), to_code_point.get(end)
    if start is None or stop is None:
        report.left_out(
            where,
            f"not taken: UTF-16 offsets {begin}-{end} are outside the text or inside a character",
        )
        return None
    features = {name: attrs[name] for name in ("note", "author") if name in attrs}
    for entry in attrs.get("controlCharacters", "").split():
        name, _, listed = entry.partition(":")
        if name in features:
            features[name] = _restore(features[name], listed, where, report)
        else:
            report.left_out(where, f"controlCharacters entry {entry[:40]!r} names no note or author; ignored")
    label = attrs.get("label") if element.type == SPAN_TYPE else attrs.get("value")
    if not label:
        report.left_out(where, "not taken: no label")
        return None
    created = parse_created(attrs.get("created"))
    report_unread_created(attrs.get("created"), created, where, report)
    return IncomingSpan(
        start, stop, label, where,
        id=attrs.get("annotationId") or None,
        note=features.get("note"),
        author=features.get("author") or None,
        created=created,
    )  # fmt: skip
