"""Knowing what the corpus already holds: the same URL, the same text, or the same story.

An article comes in again when an import is run twice (to resume it) or two exports
overlap.  The same URL or the same text (ignoring spacing and front matter) is "already
there" and not added.  A near-duplicate, the same story republished with small changes,
is added (it is a different text someone may study) and reported with its twin, found by
the MinHash signatures of ``tui.workspace.nearduplicates``.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.errors import GlossatorError
from tui.intake.incoming import Incoming
from tui.workspace import nearduplicates
from tui.workspace.articles import decode_article
from tui.workspace.layout import ARTICLE_SUFFIX, Workspace
from tui.workspace.metadata import FRONT_MATTER


@dataclass(frozen=True)
class Twin:
    """An article already in the corpus that an incoming one matches, and how."""

    article_id: str
    how: str  # "url", "text" or "story"


def body(text: str) -> str:
    """An article file's text without its front matter."""
    match = FRONT_MATTER.match(text)
    return text[match.end() :] if match else text


def body_hash(text: str) -> str:
    """The fingerprint of an article's text for "same text": front matter and spacing ignored."""
    return hashlib.sha256(" ".join(body(text).split()).encode("utf-8")).hexdigest()


def normal_url(url: str) -> str:
    return url.strip().split("#", 1)[0].rstrip("/")


def front_matter_url(text: str) -> str:
    match = FRONT_MATTER.match(text)
    if not match:
        return ""
    try:
        value = tomllib.loads(match.group(1)).get("url", "")
    except (tomllib.TOMLDecodeError, RecursionError):
        return ""
    return value if isinstance(value, str) else ""


class Known:
    """What the corpus holds, by URL, by text and by story; new articles are remembered too."""

    def __init__(self) -> None:
        self._urls: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        self._bands: dict[str, list[str]] = defaultdict(list)
        self._signatures: dict[str, nearduplicates.Signature] = {}

    @classmethod
    def read(cls, workspace: Workspace, progress: Callable[[int, int], None] | None = None) -> Known:
        """Everything the corpus holds now (unreadable articles are passed over: check reports them)."""
        known = cls()
        entries = list(workspace.scan(workspace.corpus_dir, ARTICLE_SUFFIX))
        for done, (article_id, entry) in enumerate(entries, start=1):
            try:
                text = decode_article(workspace.read(Path(entry.path))).text
            except (OSError, GlossatorError):
                continue
            known.remember(article_id, body(text), front_matter_url(text))
            if progress:
                progress(done, len(entries))
        return known

    def twin(self, incoming: Incoming, signature: nearduplicates.Signature) -> Twin | None:
        """The article ``incoming`` (whose text has ``signature``) is already in the corpus as,
        or is the same story as, if any."""
        url = normal_url(incoming.metadata.get("url", ""))
        if url and url in self._urls:
            return Twin(self._urls[url], "url")
        if found := self._texts.get(body_hash(incoming.text)):
            return Twin(found, "text")
        candidates = {
            article_id for key in nearduplicates.band_keys(signature) for article_id in self._bands[key]
        }
        best = max(
            ((nearduplicates.similarity(signature, self._signatures[other]), other) for other in candidates),
            default=(0.0, ""),
        )
        return Twin(best[1], "story") if best[0] >= nearduplicates.SAME_STORY else None

    def remember(
        self, article_id: str, text: str, url: str = "", signature: nearduplicates.Signature | None = None
    ) -> None:
        """Add an article (its text without front matter, its URL) to what is known."""
        if url := normal_url(url):
            self._urls.setdefault(url, article_id)
        self._texts.setdefault(body_hash(text), article_id)
        if signature is None:
            signature = nearduplicates.signature(text)
        self._signatures[article_id] = signature
        for key in nearduplicates.band_keys(signature):
            self._bands[key].append(article_id)
