"""Saved news pages: the article's own text and metadata, without the site around it.

Trafilatura finds the main text of news pages (navigation, ads, "related stories" and
comment threads left out) and reads the metadata a page declares (Open Graph, JSON-LD,
``<meta name="author">``).  The page's bytes are decoded here, by its declared charset or
the detector, so a GBK page is read as GBK and an undecidable one is refused.
"""

from __future__ import annotations

import re

import trafilatura

from tui.intake.encodings import decode
from tui.intake.incoming import Incoming, Problem

#: A page declares its charset and language near its top.
HEAD_BYTES = 4096
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
LANG = re.compile(r"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)""", re.IGNORECASE)
#: The address a page says it has (``<link rel="canonical">``, ``og:url``), either attribute order.
PAGE_URL = (
    re.compile(rb"""<link\s[^>]*rel=["']?canonical["']?[^>]*\shref=["']([^"'>\s]+)""", re.IGNORECASE),
    re.compile(rb"""<link\s[^>]*href=["']([^"'>\s]+)["'][^>]*\srel=["']?canonical""", re.IGNORECASE),
    re.compile(rb"""<meta\s[^>]*property=["']og:url["'][^>]*\scontent=["']([^"'>\s]+)""", re.IGNORECASE),
)
#: How a file shows it is a page whatever its extension.
PAGE_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def looks_like_page(data: bytes) -> bool:
    return bool(PAGE_START.match(data[:HEAD_BYTES]))


def read_page(data: bytes, origin: str, *, url: str = "", charset: str = "", id_hint: str = "") -> Incoming:
    """The article in a saved or fetched page; ``Problem`` if it has no article text.

    ``charset`` is what a server declared (it wins over the page's own ``<meta>``).
    """
    declared = charset or _declared_charset(data)
    decoded = decode(data, declared)
    document = trafilatura.bare_extraction(
        decoded.text,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    text = (getattr(document, "text", "") or "").strip() if document is not None else ""
    if not text:
        raise Problem(origin, "no article text was found in the page")
    metadata = {
        "title": _field(document, "title"),
        "date": _field(document, "date"),
        "byline": _field(document, "author"),
        "source": _field(document, "sitename"),
        "url": _field(document, "url") or url,
        "language": _language(decoded.text),
    }
    return Incoming(origin, text + "\n", metadata, id_hint=id_hint, converted_from=decoded.converted_from)


def declared_url(data: bytes) -> str:
    """The address a page declares for itself in its head, or '' (to know it without reading it)."""
    head = data[: HEAD_BYTES * 4]
    for pattern in PAGE_URL:
        if match := pattern.search(head):
            return match.group(1).decode("utf-8", "replace")
    return ""


def _declared_charset(data: bytes) -> str:
    match = CHARSET.search(data[:HEAD_BYTES])
    return match.group(1).decode("ascii", "replace") if match else ""


def _language(page: str) -> str:
    match = LANG.search(page[:HEAD_BYTES])
    return match.group(1) if match else ""


def _field(document: object, name: str) -> str:
    value = getattr(document, name, None)
    return " ".join(value.split()) if isinstance(value, str) else ""
