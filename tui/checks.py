"""``glossator check`` and ``glossator reanchor``: annotation files against their articles."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.anchoring import Reanchored, anchor, reanchor_all
from tui.corpus import load_article
from tui.store import CONFLICT_KEY, AnnotationStore, LoadedAnnotations, Problem
from tui.workspace import Workspace


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]
    files: int
    annotations: int
    articles: int


def check_workspace(workspace: Workspace) -> CheckReport:
    """All problems of the annotation files, re-anchorable spans and orphans included."""
    problems: list[Problem] = []
    count = 0
    annotated = workspace.annotated_ids()
    for _, loaded, text in _annotation_files(workspace, problems):
        count += len(loaded.annotations)
        problems.extend(loaded.problems)
        for annotation in loaded.annotations:
            where = workspace.relative(loaded.path)
            if CONFLICT_KEY in annotation.extra:
                problems.append(
                    Problem(where, "conflict: changed differently on two sides of a merge; keep one "
                            "version (in the app: k on the version to keep)", None, annotation.id, False)
                )  # fmt: skip
            if text is None or annotation.matches(text):
                continue
            found = anchor(annotation, text)
            if found.found:
                kind = "exact" if found.status == "moved" else "approximate"
                reason = (
                    f"quote moved from {annotation.start}-{annotation.end} to {found.start}-{found.end} "
                    f"({kind} match, score {found.score:.2f}): run glossator reanchor"
                )
            else:
                reason = f"orphan: {found.reason}; kept unchanged (re-attach it in the app)"
            problems.append(Problem(where, reason, None, annotation.id, False))
    articles = len(workspace.article_ids())
    return CheckReport(tuple(problems), len(annotated), count, articles)


@dataclass
class ReanchorReport:
    files_written: list[str] = field(default_factory=list)
    moved: int = 0
    orphans: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


def reanchor_workspace(workspace: Workspace) -> ReanchorReport:
    """Move every confidently re-anchored span in its file; report orphans and unwritable files."""
    store = AnnotationStore(workspace)
    report = ReanchorReport()
    for _, loaded, text in _annotation_files(workspace, report.skipped):
        if text is None:
            continue
        result: Reanchored = reanchor_all(loaded.annotations, text)
        where = workspace.relative(loaded.path)
        report.orphans += [
            Problem(where, f"orphan: {found.reason}", None, annotation.id, False)
            for annotation, found in result.orphans
        ]
        if not result.changed:
            continue
        blocking = loaded.blocking_problem()
        if blocking is not None:
            report.skipped.append(blocking)
            continue
        store.save(loaded, text, result.annotations)
        report.moved += len(result.moved)
        report.files_written.append(where)
    return report


def _annotation_files(
    workspace: Workspace, problems: list[Problem]
) -> list[tuple[str, LoadedAnnotations, str | None]]:
    """Each annotation file with its article's text (None when the article is missing)."""
    store = AnnotationStore(workspace)
    articles = set(workspace.article_ids())
    found = []
    for article_id in workspace.annotated_ids():
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
        found.append((article_id, store.load(article_id, None), text))
    return found
