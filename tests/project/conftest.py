"""Helpers for the annotation-project tests: annotations saved the one way Glossator saves them."""

from __future__ import annotations

from dataclasses import replace

from tui.annotations.model import Annotation, new_annotation
from tui.annotations.store import AnnotationStore
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


def annotate(
    workspace: Workspace, article_id: str, quote: str, tag: str, *, author: str = "Ada", status: str = ""
) -> Annotation:
    """Tag the first occurrence of ``quote`` in the article through ``AnnotationStore.update``."""
    text = load_article(workspace, article_id).text
    start = text.index(quote)
    made = replace(new_annotation(text, start, start + len(quote), tag, author=author), status=status)
    AnnotationStore(workspace).update(article_id, text, lambda on_disk: [*on_disk.annotations, made])
    return made


def saved(workspace: Workspace, article_id: str) -> tuple[Annotation, ...]:
    """The article's annotations as they are on disk now."""
    return AnnotationStore(workspace).load(article_id, None).annotations
