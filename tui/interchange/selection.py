"""Which articles and annotations an export takes, read the one way the rest of Glossator reads them.

By default every annotated article; ``--query`` takes the articles the search finds
(annotated or not: a query can also select texts to annotate elsewhere).  ``--tag`` and
``--author`` keep the annotations with one of the given tags or authors.  Suggested
annotations (``status = "suggested"``, proposals nobody accepted yet) are left out unless
``--include-suggested`` asks for them: a training set should hold what people decided.

An annotation whose quote no longer matches the article text (the text changed, the
annotation waits to be re-anchored) is left out and reported: its offsets would select
other text in every format.  An annotation file with a problem is reported and its article
left out, as ``glossator check`` would report it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from tui.annotations.model import SUGGESTED, Annotation
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.interchange.model import ExportDocument, Report
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


@dataclass(frozen=True)
class Selection:
    """What to export: a query (None: every annotated article) and annotation filters."""

    query: str | None = None
    #: Keep annotations with one of these tags / authors; empty keeps every one.
    tags: Collection[str] = ()
    authors: Collection[str] = ()
    include_suggested: bool = False


def article_ids(workspace: Workspace, selection: Selection) -> list[str]:
    """The articles to export, sorted by id (the same order for the same files, whatever the index)."""
    if selection.query is None:
        return workspace.annotated_ids()
    from tui.project.scope import searched_ids

    return searched_ids(workspace, selection.query)


def export_documents(workspace: Workspace, selection: Selection, report: Report) -> Iterator[ExportDocument]:
    """Each selected article with its chosen annotations; what cannot be exported goes to ``report``."""
    store = AnnotationStore(workspace)
    for article_id in article_ids(workspace, selection):
        where = workspace.relative(workspace.annotation_path(article_id))
        try:
            article = load_article(workspace, article_id)
        except FileNotFoundError:
            report.left_out(where, f"not exported: the article corpus/{article_id}.txt is missing")
            continue
        except (OSError, GlossatorError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            report.left_out(where, f"not exported: the article cannot be read: {reason}")
            continue
        loaded = store.load(article_id, article.text)
        blocking = loaded.blocking_problem()
        if blocking is not None:
            report.left_out(where, f"not exported: {blocking.reason} (see glossator check)")
            continue
        wanted = [annotation for annotation in loaded.annotations if _wanted(annotation, selection)]
        if selection.query is None and not wanted:
            continue  # nothing of it selected (a file may hold only progress marks or suggestions)
        chosen = []
        for annotation in wanted:
            if not annotation.matches(article.text):
                report.left_out(
                    f"{where}: {annotation.id}",
                    "not exported: its quote does not match the article text "
                    "(the text changed; run glossator reanchor)",
                )
                continue
            chosen.append(annotation)
        yield ExportDocument(article_id, article.text, article.metadata, tuple(chosen), loaded.progress)


def _wanted(annotation: Annotation, selection: Selection) -> bool:
    """Whether the filters keep ``annotation`` (its text is checked afterwards)."""
    if selection.tags and annotation.tag not in selection.tags:
        return False
    if selection.authors and annotation.author not in selection.authors:
        return False
    return annotation.status != SUGGESTED or selection.include_suggested
