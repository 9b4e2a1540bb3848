"""Snippets as the results list shows them: excerpts with the matched words marked."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.annotations.model import Annotation
from tui.search.backend import Fragment
from tui.search.results import Snippet
from tui.text.chinese import is_han
from tui.workspace.metadata import body_start

SNIPPET_CHARS = 220
#: Chinese punctuation (ideographic and fullwidth forms, such as 。and 《》): Chinese has
#: no spaces, so a snippet may also begin after one of these or end with it, and otherwise
#: is cut between two characters.
CHINESE_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"


def edges(spaces: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where a snippet may begin or end: ``spaces`` (a character class's inside) or Chinese
    punctuation; the first such place in a span, and the last."""
    edge = f"[{spaces}{CHINESE_PUNCTUATION}]"
    return re.compile(edge), re.compile(f"{edge}(?={edge[:1]}^{edge[1:]}*\\Z)")


def between_characters(text: str, index: int) -> bool:
    """Whether a cut at ``index`` falls next to a Han character (between two characters of
    Chinese, which has no spaces to cut at)."""
    return any(0 <= at < len(text) and is_han(text[at]) for at in (index - 1, index))


def begin_after(edge: re.Match[str]) -> int:
    """Where a snippet begins that is cut at ``edge``: after the space or the punctuation."""
    return edge.end()


def end_at(edge: re.Match[str]) -> int:
    """Where a snippet ends that is cut at ``edge``: before a space, after punctuation."""
    return edge.start() if edge.group().isspace() else edge.end()


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
