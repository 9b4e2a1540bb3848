"""``glossator check``: every annotation file validated against its article."""

from __future__ import annotations

from dataclasses import dataclass

from tui.corpus import load_article
from tui.store import AnnotationStore, Problem
from tui.workspace import Workspace


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]
    files: int
    annotations: int
    articles: int


def check_workspace(workspace: Workspace) -> CheckReport:
    """All problems of the annotation files (and of the articles they count offsets in)."""
    store = AnnotationStore(workspace)
    problems: list[Problem] = []
    annotation_count = 0
    annotated = workspace.annotated_ids()
    articles = set(workspace.article_ids())
    for article_id in annotated:
        text: str | None = None
        if article_id in articles:
            article = load_article(workspace, article_id)
            text = article.text
            problems.extend(Problem(workspace.relative(article.path), reason) for reason in article.problems)
        else:
            problems.append(
                Problem(
                    workspace.relative(workspace.annotation_path(article_id)),
                    f"there is no article corpus/{article_id}.txt for this file",
                    blocks_writing=False,
                )
            )
        loaded = store.load(article_id, text)
        problems.extend(loaded.problems)
        annotation_count += len(loaded.annotations)
    return CheckReport(tuple(problems), len(annotated), annotation_count, len(articles))
