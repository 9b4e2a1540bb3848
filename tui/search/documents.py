"""What the index holds of one article: its document, built from its two files.

Engine-neutral: every engine stores these fields (see ``tui.search.backend``).  What a hit
lists of its annotations is stored in the document (``listing``), so searching parses no
TOML (a 50,000-annotation file took 3.9 s to parse for every hit).  Suggested annotations
are not counted as tagged (``tag:`` finds accepted annotations only) but are listed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from tui.annotations.model import SUGGESTED, Annotation
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.search.errors import reason
from tui.search.manifest import UNREAD, Entry, Stamp, sha256_of
from tui.workspace import nearduplicates
from tui.workspace.articles import decode_article
from tui.workspace.layout import Skipped, Workspace
from tui.workspace.metadata import extract_metadata

#: The annotations listed per hit for tag, tagged-text, note, author and status queries.
MAX_LISTED_ANNOTATIONS = 100
#: Bump when what goes into a document changes: it is part of the index's fingerprint.
DOCUMENT_FORMAT = 3


@dataclass(frozen=True)
class ArticleDocument:
    article: str
    title: str
    source: str
    byline: str
    date_text: str
    date: datetime | None
    #: Seconds since 1970 for "newest first"; 0 when undated, so undated articles sort last.
    recency: int
    body: str
    #: The tags of its accepted annotations.
    tags: tuple[str, ...]
    #: Per tag of the set, the quotes of its accepted annotations, one a line.
    tagged: dict[str, str]
    note: str
    author: str
    #: "suggested" when it has suggestions; "done" / "skipped" when someone marked it so.
    status: tuple[str, ...]
    tag_counts: dict[str, int]
    listing: str
    minhash: str
    band: tuple[str, ...]


def article_document(
    article_id: str,
    text: str,
    annotations: Iterable[Annotation],
    tags: Iterable[str],
    marks: Iterable[str] = (),
) -> ArticleDocument:
    annotations, tags = tuple(annotations), tuple(tags)
    accepted = [a for a in annotations if a.status != SUGGESTED]
    metadata = extract_metadata(text)
    sig = nearduplicates.signature(text)
    counts = Counter(a.tag for a in accepted)
    when = metadata.parsed_date
    status = {*marks, *(SUGGESTED for a in annotations if a.status == SUGGESTED)}
    return ArticleDocument(
        article=article_id,
        title=metadata.title,
        source=metadata.source,
        byline=metadata.byline,
        date_text=metadata.date,
        date=when,
        recency=int(when.replace(tzinfo=UTC).timestamp()) if when else 0,
        body=text,
        tags=tuple(sorted(counts)),
        tagged={tag: "\n".join(a.quote for a in accepted if a.tag == tag) for tag in tags},
        note="\n".join(a.note for a in annotations if a.note),
        author="\n".join(sorted({a.author for a in annotations})),
        status=tuple(sorted(status)),
        tag_counts={tag: counts[tag] for tag in tags if counts[tag]},
        listing="\n".join(_listing_line(a) for a in annotations),
        minhash=nearduplicates.encode(sig),
        band=tuple(nearduplicates.band_keys(sig)),
    )


def _listing_line(annotation: Annotation) -> str:
    created = annotation.created.isoformat() if isinstance(annotation.created, datetime) else ""
    return json.dumps(
        [
            annotation.id,
            annotation.tag,
            annotation.start,
            annotation.end,
            annotation.quote,
            annotation.note,
            annotation.author,
            created,
            annotation.status,
        ],
        ensure_ascii=False,
    )


def listed_annotations(listing: str) -> Iterable[Annotation]:
    """The annotations of a stored listing (``prefix`` and ``suffix`` are not kept)."""
    for line in listing.splitlines():
        try:
            annotation_id, tag, start, end, quote, note, author, created, status = json.loads(line)
            when = datetime.fromisoformat(created) if created else datetime.fromtimestamp(0, UTC)
            yield Annotation(
                id=annotation_id,
                tag=tag,
                start=start,
                end=end,
                quote=quote,
                author=author,
                created=when,
                note=note,
                status=status,
            )
        except (ValueError, TypeError):
            continue


def prepare(
    workspace: Workspace,
    store: AnnotationStore,
    article_id: str,
    text_stamp: Stamp,
    note_stamp: Stamp | None,
) -> tuple[ArticleDocument | None, Entry | None, list[Skipped]]:
    """One article's document and manifest entry, or None if its file cannot be read.

    Every read goes through ``Workspace.read``: a link out of the workspace, a FIFO, a
    device or a file over the size limit is one problem about that file.  An annotation
    file that cannot be read leaves the article indexed without annotations.
    """
    path = workspace.article_path(article_id)
    try:
        data = workspace.read(path)
    except FileNotFoundError:
        return None, None, []  # removed meanwhile: not a problem
    except (OSError, GlossatorError) as error:
        return None, None, [Skipped(workspace.relative(path), f"cannot be read: {reason(error)}")]
    text = decode_article(data).text
    loaded = store.load(article_id, text)
    problems: list[Skipped] = []
    note_sha = UNREAD
    if note_stamp is not None:
        try:
            note_sha = sha256_of(workspace, loaded.path)
        except FileNotFoundError:
            note_stamp = None
        except (OSError, GlossatorError) as error:
            problems.append(Skipped(workspace.relative(loaded.path), f"cannot be read: {reason(error)}"))
    entry = Entry(
        (*text_stamp, hashlib.sha256(data).hexdigest()),
        (*note_stamp, note_sha) if note_stamp is not None else None,
    )
    marks = [mark.state for mark in loaded.progress]
    document = article_document(article_id, text, loaded.annotations, store.tag_set.names, marks)
    return document, entry, problems
