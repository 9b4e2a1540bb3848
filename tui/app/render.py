"""Untrusted text turned into Textual ``Content``: never parsed as markup, controls made visible.

Every piece of article text, title, snippet, quote, note or author that the app shows goes
through these helpers, which build ``Content`` from plain strings (``Content(text)`` does
not read markup) after ``visible()`` has replaced control characters and ``steady()`` the
characters whose width terminals disagree on (so a column never pushes its neighbour).
"""

from __future__ import annotations

import re

from textual.content import Content

from tui.annotations.model import DONE, SKIPPED, SUGGESTED, Annotation
from tui.app.article_view import HIT_STYLE
from tui.app.tags import TagLooks
from tui.app.text_layout import steady
from tui.search import SearchHit
from tui.text.safe import visible
from tui.workspace.articles import Article

ELLIPSIS = "\u2026"
#: The separator the index puts between the fragments of a snippet.
FRAGMENT_JOIN = " \u2026 "


def shown(text: str) -> str:
    """``text`` as it may be painted: control characters visible, unsteady widths neutralised."""
    return steady(visible(text))


def plain(text: str) -> Content:
    return Content(shown(text))


def lines(texts: list[str]) -> Content:
    """Several untrusted strings, one per line (each made safe on its own, so the breaks are real)."""
    return Content("\n").join(plain(text) for text in texts)


def one_line(text: str, width: int, style: str = "") -> Content:
    """``text`` on one line of ``width`` cells, cut with an ellipsis at a word boundary if longer."""
    flat = " ".join(text.split())
    content = Content.styled(shown(flat), style) if style else plain(flat)
    if content.cell_length <= width:
        return content
    cut = content.truncate(max(1, width - 1))
    space = cut.plain.rfind(" ")
    if space >= width - 7:  # a whole word when that loses little room
        cut = cut[:space]
    return Content.assemble(cut.rstrip(), ELLIPSIS)


def badge(looks: TagLooks, tag: str, label: str | None = None) -> Content:
    return Content.styled(shown(f" {label or tag} "), looks.content_style(tag))


def legend(looks: TagLooks, *, hits: bool = False) -> Content:
    parts: list[Content] = []
    for tag in looks.tag_set:
        parts += [badge(looks, tag.name, f"{tag.key} {tag.name}"), Content(" ")]
    if hits:
        parts.append(Content.styled(" search hit ", HIT_STYLE))
    return Content.assemble(*parts)


def snippet_lines(text: str, highlights: tuple[tuple[int, int], ...], width: int, count: int) -> Content:
    """A snippet in at most ``count`` lines of ``width`` cells: whole words, the first match in view.

    The index cuts snippets by characters; here they start and end at word boundaries (an
    ellipsis says something was left out), and when there is room for a few words only, the
    window starts shortly before the first match so that it is always seen.
    """
    width = max(4, width)
    budget = width * count
    start = 0
    if highlights:
        first = highlights[0][0]
        context = min(budget // 3, 60)
        if first > context:
            space = text.find(" ", first - context, first)
            start = space + 1 if space != -1 else first
    end = len(text)
    if end - start > budget + width:
        end = start + budget + width
    # The index cuts an opening snippet after a fixed number of characters, often mid-word.
    cut_by_index = end == len(text) and len(text) >= 200 and text[-1:].isalnum()
    if end < len(text) or cut_by_index:
        space = text.rfind(" ", start, end)
        if space > start:
            end = space
    window = text[start:end].strip()
    offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
    content = Content(shown(window))
    for hit_start, hit_end in highlights:
        if hit_end > offset and hit_start < offset + len(window):
            content = content.stylize(
                HIT_STYLE, max(0, hit_start - offset), min(len(window), hit_end - offset)
            )
    if start > 0:
        content = Content.assemble(ELLIPSIS, content)
    wrapped = content.wrap(width)
    more = end < len(text) or cut_by_index or len(wrapped) > count
    wrapped = wrapped[:count]
    if more and wrapped:
        last = wrapped[-1].rstrip()
        if last.cell_length > width - 1:
            last = last.truncate(width - 1)
            space = last.plain.rfind(" ")
            if space > 0:
                last = last[:space]
        wrapped[-1] = Content.assemble(last.rstrip(), ELLIPSIS)
    return Content("\n").join(wrapped)


def result_content(
    hit: SearchHit, looks: TagLooks, width: int, count: int, title: str | None = None
) -> Content:
    """Title, then source, date, tag counts and "same story as" on one line, then the snippet.

    ``title``: the title as the list tells it apart from the others' (else the hit's own).
    """
    title_line = one_line(title or hit.title or hit.article_id, width, "bold")
    details: list[Content] = []
    said = " · ".join(part for part in (hit.source, _day(hit.date)) if part)
    if said:
        details.append(Content.styled(shown(said), "dim"))
    for tag, number in hit.tag_counts.items():
        details.append(badge(looks, tag, f"{tag} {number}"))
    if hit.same_story_as:
        details.append(Content.styled(shown("same story as " + ", ".join(hit.same_story_as)), "italic dim"))
    detail_line = Content(" ").join(details) if details else Content.styled(shown(hit.article_id), "dim")
    if detail_line.cell_length > width:
        detail_line = Content.assemble(detail_line.truncate(width - 1), ELLIPSIS)
    text = hit.snippet.text
    parts = [title_line, detail_line]
    if text.strip():
        parts.append(snippet_lines(text, hit.snippet.highlights, width, count))
    parts.append(Content(""))  # a blank line between results
    return Content("\n").join(parts)


def _day(date: str) -> str:
    return date[:10] if re.match(r"\d{4}-\d{2}-\d{2}T", date) else date


def annotation_content(
    annotation: Annotation,
    looks: TagLooks,
    *,
    orphan: bool = False,
    conflict: bool = False,
    proposal: str | None = None,
    settled: tuple[str, ...] | None = None,
) -> Content:
    """One line of the annotation list; ``settled``: whom a settled copy was taken from."""
    quote = " ".join(annotation.quote.split())
    if annotation.status == SUGGESTED:
        tag = Content.styled(shown(f" {annotation.tag}? "), looks.suggested_style(annotation.tag))
    else:
        tag = badge(looks, annotation.tag)
    parts = [tag, Content(" "), plain(f"“{quote}”")]
    if settled is not None:  # before the note, which may be long: the line is cut at its end
        parts.append(Content.styled(shown(f"  {settled_label(annotation.author, settled)}"), "dim"))
    if annotation.note:
        note = " ".join(annotation.note.split())
        parts += [Content.styled(" — ", "dim"), Content.styled(shown(note), "italic")]
    if settled is None:
        parts.append(Content.styled(shown(f"  {annotation.author}"), "dim"))
    if proposal is not None:
        changed = " ".join(proposal.split())
        parts.append(Content.styled(shown(f"  quote changed to “{changed}” (a: accept)"), "$text-warning"))
    elif orphan:
        parts.append(
            Content.styled("  orphan: not found in the text (a: attach to selection)", "$text-warning")
        )
    if conflict:
        parts.append(Content.styled("  conflict: two versions (k: keep this one)", "$text-error"))
    if annotation.status == SUGGESTED:
        parts.append(Content.styled("  suggested (A accepts, R rejects)", "$text-muted italic"))
    return Content.assemble(*parts)


def settled_label(author: str, sources: tuple[str, ...], *, short: bool = False) -> str:
    """How lists name the author of a settled copy: the adjudicator, and whom it was taken from.

    ``short`` for a narrow column (``maintainers ⇐ wei, lin``), else in words.
    """
    names = ", ".join(sources) if sources else "annotations since deleted"
    return f"{author} ⇐ {names}" if short else f"settled by {author} from {names}"


#: How the header says the user's own progress mark on the article.
MARK_LABELS = {DONE: "✓ done by you", SKIPPED: "skipped by you"}


def header_content(article: Article, mark: str | None = None) -> Content:
    """Title; then source, place, date, byline and id, and the user's progress mark (done, skipped)
    first if any."""
    metadata = article.metadata
    lines_ = [Content.styled(shown(" ".join((metadata.title or article.id).split())), "bold")]
    byline = f"by {metadata.byline}" if metadata.byline else ""
    details = [metadata.source, metadata.place, metadata.date, byline]
    line = " · ".join(part for part in details if part)
    said = Content.styled(shown(f"{line}  [{article.id}]" if line else article.id), "dim")
    if mark in MARK_LABELS:
        said = Content.assemble(Content.styled(MARK_LABELS[mark], "bold $text-success"), Content(" · "), said)
    lines_.append(said)
    return Content("\n").join(lines_)
