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
from array import array
from collections import defaultdict
from collections.abc import Iterator
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
    """What the corpus holds, by URL, by text and by story; new articles are remembered too.

    Stories (MinHash signatures) cost far more than URLs and fingerprints, so those of the
    articles already in the corpus are computed only when a new article first needs them:
    a run that finds everything already there (a resumed import) never does.
    """

    def __init__(self, workspace: Workspace | None = None) -> None:
        self._workspace = workspace
        self._urls: dict[str, str] = {}
        self._texts: dict[str, str] = {}
        # Compact forms for 100,000 articles: a signature as 64 machine words (not 64 Python
        # ints, 6 times bigger), a band by its key's hash (a collision only adds a candidate).
        self._bands: dict[int, list[str]] = defaultdict(list)
        self._signatures: dict[str, array[int]] = {}
        self._stories_pending = workspace is not None

    @classmethod
    def read(cls, workspace: Workspace) -> Known:
        """The URLs and texts the corpus holds now (unreadable articles are passed over: check
        reports them)."""
        known = cls(workspace)
        for article_id, text in _articles(workspace):
            if url := normal_url(front_matter_url(text)):
                known._urls.setdefault(url, article_id)
            known._texts.setdefault(body_hash(text), article_id)
        return known

    def knows_url(self, url: str) -> str:
        """The article with this URL, or ''."""
        return self._urls.get(normal_url(url), "") if url else ""

    def already(self, incoming: Incoming) -> Twin | None:
        """The article ``incoming`` is already in the corpus as (same URL or same text), if any."""
        if found := self.knows_url(incoming.metadata.get("url", "")):
            return Twin(found, "url")
        if same_text := self._texts.get(body_hash(incoming.text)):
            return Twin(same_text, "text")
        return None

    def same_story(self, signature: nearduplicates.Signature) -> str:
        """The article that tells the same story as a text with ``signature``, or ''."""
        self._read_stories()
        candidates = {
            article_id
            for key in nearduplicates.band_keys(signature)
            for article_id in self._bands.get(hash(key), ())
        }
        best = max(
            ((nearduplicates.similarity(signature, self._signatures[other]), other) for other in candidates),
            default=(0.0, ""),
        )
        return best[1] if best[0] >= nearduplicates.SAME_STORY else ""

    def remember(self, article_id: str, text: str, url: str, signature: nearduplicates.Signature) -> None:
        """Add a new article (its text without front matter, its URL, its signature)."""
        if url := normal_url(url):
            self._urls.setdefault(url, article_id)
        self._texts.setdefault(body_hash(text), article_id)
        self._add_story(article_id, signature)

    def _add_story(self, article_id: str, signature: nearduplicates.Signature) -> None:
        self._signatures[article_id] = array("Q", signature)
        for key in nearduplicates.band_keys(signature):
            self._bands[hash(key)].append(article_id)

    def _read_stories(self) -> None:
        if not self._stories_pending or self._workspace is None:
            return
        self._stories_pending = False
        for article_id, text in _articles(self._workspace):
            if article_id not in self._signatures:
                self._add_story(article_id, nearduplicates.signature(body(text)))


def _articles(workspace: Workspace) -> Iterator[tuple[str, str]]:
    """(id, text) of each article in the corpus that can be read."""
    for article_id, entry in workspace.scan(workspace.corpus_dir, ARTICLE_SUFFIX):
        try:
            yield article_id, decode_article(workspace.read(Path(entry.path))).text
        except (OSError, GlossatorError):
            continue
