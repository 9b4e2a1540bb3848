"""``glossator check`` and ``glossator reanchor``: annotation files against their articles."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.annotations.anchoring import Anchor, Reanchored, anchor, reanchor_all
from tui.annotations.model import CONFLICT_KEY, Annotation, LoadedAnnotations, Problem
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.workspace.articles import load_article
from tui.workspace.layout import ANNOTATION_SUFFIX, ARTICLE_SUFFIX, Skipped, Workspace


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]
    files: int
    annotations: int
    articles: int


def check_workspace(workspace: Workspace, paths: Sequence[Path] = ()) -> CheckReport:
    """All problems of the annotation files, re-anchorable spans and orphans included.

    With ``paths`` (annotation files or articles, as pre-commit passes them), only the
    annotation files of those articles are checked.
    """
    problems: list[Problem] = []
    ids = _ids_of(workspace, paths, problems) if paths else None
    count = 0
    files = 0
    for loaded, text in _annotation_files(workspace, problems, ids):
        files += 1
        count += len(loaded.annotations)
        problems.extend(loaded.problems)
        where = workspace.relative(loaded.path)
        for annotation in loaded.annotations:
            if CONFLICT_KEY in annotation.extra:
                problems.append(
                    Problem(where, "conflict: changed differently on two sides of a merge; keep one "
                            "version (in the app: k on the version to keep)", None, annotation.id, False)
                )  # fmt: skip
        if text is None or not loaded.out_of_date(text):
            continue
        for annotation in loaded.annotations:
            found = anchor(annotation, text)
            if found.status != "kept":
                problems.append(Problem(where, _placement(annotation, found), None, annotation.id, False))
    skipped: list[Skipped] = []
    articles = len(workspace.article_ids(skipped))
    if ids is None:
        problems.extend(Problem(item.path, item.reason, blocks_writing=False) for item in skipped)
    return CheckReport(tuple(problems), files, count, articles)


def _ids_of(workspace: Workspace, paths: Sequence[Path], problems: list[Problem]) -> set[str]:
    """The article ids of annotation files and articles named on the command line."""
    ids: set[str] = set()
    for path in paths:
        real = Path(path).absolute()
        for folder, suffix in (
            (workspace.annotations_dir, ANNOTATION_SUFFIX),
            (workspace.corpus_dir, ARTICLE_SUFFIX),
        ):
            try:
                inside = real.relative_to(folder).as_posix()
            except ValueError:
                continue
            if inside.endswith(suffix):
                ids.add(inside[: -len(suffix)])
                break
        else:
            problems.append(
                Problem(
                    str(path), "not an annotation file (annotations/*.toml) or article (corpus/*.txt) here"
                )
            )
    return ids


def _placement(annotation: Annotation, found: Anchor) -> str:
    """What re-anchoring would do with one annotation, in words."""
    old = f"{annotation.start}-{annotation.end}"
    new = f"{found.start}-{found.end}"
    if found.status == "moved":
        return (
            f"quote moved from {old} to {new} (exact match, score {found.score:.2f}): run glossator reanchor"
        )
    if found.status == "fuzzy":
        return (
            f"quote changed: {annotation.quote!r} at {old} is now {found.quote!r} at {new} (approximate "
            f"match, score {found.score:.2f}): accept it in the app (a in the annotation list) or run "
            "glossator reanchor --approximate"
        )
    return f"orphan: {found.reason}; kept unchanged (re-attach it in the app)"


@dataclass
class ReanchorReport:
    files_written: list[str] = field(default_factory=list)
    moved: int = 0
    #: Approximate matches: applied with ``approximate``, else only reported.
    approximate: list[Problem] = field(default_factory=list)
    orphans: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


def reanchor_workspace(workspace: Workspace, *, approximate: bool = False) -> ReanchorReport:
    """Move every confidently re-anchored span in its file; report the rest.

    Each file is changed through the store's one write path: under its lock the file is
    read again and re-anchored as it is then, so a save made meanwhile (by the app, by
    another command) is part of what is written, never overwritten.  Approximate matches
    (the quote itself was edited) move only with ``approximate``.
    """
    store = AnnotationStore(workspace)
    report = ReanchorReport()
    for loaded, text in _annotation_files(workspace, report.skipped):
        if text is None or not loaded.writable or not loaded.out_of_date(text):
            continue
        where = workspace.relative(loaded.path)
        try:
            result = _reanchor_file(store, loaded.article_id, text, approximate)
        except (OSError, GlossatorError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            report.skipped.append(Problem(where, f"not rewritten: {reason}"))
            continue
        if result is None:
            continue
        report.approximate += [
            Problem(where, _placement(annotation, found), None, annotation.id, False)
            for annotation, found in result.approximate
        ]
        report.orphans += [
            Problem(where, f"orphan: {found.reason}", None, annotation.id, False)
            for annotation, found in result.orphans
        ]
        if result.changed:
            report.moved += len(result.moved) + (len(result.approximate) if approximate else 0)
            report.files_written.append(where)
    return report


def _reanchor_file(
    store: AnnotationStore, article_id: str, text: str, approximate: bool
) -> Reanchored | None:
    """Re-anchor one file as it is on disk under its lock; None if it needed nothing."""
    outcome: list[Reanchored] = []

    def change(on_disk: LoadedAnnotations) -> tuple[Annotation, ...] | None:
        if not on_disk.out_of_date(text):
            return None
        result = reanchor_all(on_disk.annotations, text, approximate=approximate)
        outcome.append(result)
        return result.annotations if result.changed else None

    store.update(article_id, text, change)
    return outcome[0] if outcome else None


def _annotation_files(
    workspace: Workspace, problems: list[Problem], only: Collection[str] | None = None
) -> Iterator[tuple[LoadedAnnotations, str | None]]:
    """Each annotation file with its article's text (None when the article is missing or unreadable)."""
    store = AnnotationStore(workspace)
    skipped: list[Skipped] = []
    articles = set(workspace.article_ids())
    for article_id in workspace.annotated_ids(skipped):
        if only is not None and article_id not in only:
            continue
        text: str | None = None
        if article_id in articles:
            try:
                article = load_article(workspace, article_id)
            except (OSError, GlossatorError) as error:
                reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
                problems.append(
                    Problem(
                        workspace.relative(workspace.article_path(article_id)), f"cannot be read: {reason}"
                    )
                )
            else:
                text = article.text
                problems.extend(
                    Problem(workspace.relative(article.path), reason, blocks_writing=False)
                    for reason in article.problems
                )
        else:
            problems.append(
                Problem(
                    workspace.relative(workspace.annotation_path(article_id)),
                    f"there is no article corpus/{article_id}.txt for this file",
                    blocks_writing=False,
                )
            )
        yield store.load(article_id, None), text
    problems.extend(Problem(item.path, item.reason, blocks_writing=False) for item in skipped)
