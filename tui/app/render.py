"""Untrusted text turned into Textual ``Content``: never parsed as markup, controls made visible.

Every piece of article text, title, snippet, quote, note or author that the app shows goes
through these helpers, which build ``Content`` from plain strings (``Content(text)`` does
not read markup) after ``visible()`` has replaced control characters.
"""

from __future__ import annotations

from textual.content import Content

from tui.app.article_view import HIT_COLOUR, TAG_COLOURS
from tui.corpus import Article
from tui.index import SearchHit
from tui.safetext import visible
from tui.store import TAGS, Annotation


def plain(text: str) -> Content:
    return Content(visible(text))


def tag_style(tag: str) -> str:
    background, foreground = TAG_COLOURS[tag]
    return f"${foreground} on ${background}"


def badge(tag: str, label: str | None = None) -> Content:
    return Content.styled(f" {label or tag} ", tag_style(tag))


def legend() -> Content:
    parts: list[Content] = [Content.styled("Tags ", "dim")]
    for key, tag in zip("pfc", TAGS, strict=True):
        parts += [badge(tag, f"{key} {tag}"), Content(" ")]
    parts.append(Content.styled(" search hit ", f"bold underline reverse ${HIT_COLOUR}"))
    return Content.assemble(*parts)


def result_content(hit: SearchHit) -> Content:
    """Title, source and date, snippet with the matched terms marked, tag counts, same story."""
    lines = [Content.styled(visible(hit.title or hit.article_id), "bold")]
    details = " · ".join(part for part in (hit.source, hit.date) if part) or hit.article_id
    lines.append(Content.styled(visible(details), "dim"))
    snippet = Content(visible(hit.snippet.text))
    for start, end in hit.snippet.highlights:
        snippet = snippet.stylize(f"bold underline ${HIT_COLOUR}", start, end)
    lines.append(snippet)
    badges: list[Content] = [badge(tag, f"{tag} {count}") for tag, count in hit.tag_counts.items()]
    if hit.same_story_as:
        badges.append(Content.styled(visible("same story as " + ", ".join(hit.same_story_as)), "italic dim"))
    if badges:
        lines.append(Content(" ").join(badges))
    return Content("\n").join(lines)


def annotation_content(
    annotation: Annotation, *, orphan: bool = False, conflict: bool = False, proposal: str | None = None
) -> Content:
    quote = " ".join(annotation.quote.split())
    parts = [badge(annotation.tag), Content(" "), plain(f"“{quote}”")]
    if annotation.note:
        parts += [Content.styled(" — ", "dim"), Content.styled(visible(annotation.note), "italic")]
    parts.append(Content.styled(visible(f"  {annotation.author}"), "dim"))
    if proposal is not None:
        changed = " ".join(proposal.split())
        parts.append(Content.styled(visible(f"  quote changed to “{changed}” (a: accept)"), "$text-warning"))
    elif orphan:
        parts.append(
            Content.styled("  orphan: not found in the text (a: attach to selection)", "$text-warning")
        )
    if conflict:
        parts.append(Content.styled("  conflict: two versions (k: keep this one)", "$text-error"))
    return Content.assemble(*parts)


def header_content(article: Article) -> Content:
    metadata = article.metadata
    lines = [Content.styled(visible(metadata.title or article.id), "bold")]
    details = [metadata.source, metadata.date, f"by {metadata.byline}" if metadata.byline else ""]
    line = " · ".join(part for part in details if part)
    lines.append(Content.styled(visible(f"{line}  [{article.id}]" if line else article.id), "dim"))
    return Content("\n").join(lines)
