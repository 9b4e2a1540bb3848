"""Snippets as the results list shows them: excerpts with the matched words marked."""

from __future__ import annotations

from collections.abc import Sequence

from tui.annotations.model import Annotation
from tui.search.backend import Fragment
from tui.search.results import Snippet
from tui.workspace.metadata import body_start

SNIPPET_CHARS = 220


def join_fragments(text: str, fragments: Sequence[Fragment]) -> Snippet:
    """The fragments of ``text`` one after the other, with `` … `` between them."""
    parts: list[str] = []
    highlights: list[tuple[int, int]] = []
    offset = 0
    for number, (start, end, matches) in enumerate(fragments):
        if number:
            parts.append(" \u2026 ")
            offset += 3
        parts.append(flatten(text[start:end]))
        highlights.extend(
            (offset + s - start, offset + e - start) for s, e in matches if start <= s < e <= end
        )
        offset += end - start
    return Snippet("".join(parts), tuple(highlights))


def annotation_snippet(text: str, annotation: Annotation) -> Snippet:
    """The annotated span with some text around it (its quote alone if the text moved on)."""
    start = max(0, annotation.start - 70)
    end = min(len(text), annotation.end + 70)
    if annotation.matches(text):
        return join_fragments(text, [(start, end, [(annotation.start, annotation.end)])])
    return Snippet(flatten(annotation.quote))


def opening(text: str) -> Snippet:
    """The start of the article's body, after its front matter."""
    body = text[body_start(text) :].strip()
    return Snippet(flatten(body[:SNIPPET_CHARS]))


def flatten(text: str) -> str:
    """Line breaks become spaces (same length, so highlight offsets stay right)."""
    return text.replace("\n", " ")
