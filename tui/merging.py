"""Three-way merging of annotation sets by annotation id: for git, and for live reload.

Against the common ancestor: additions from both sides are kept, deletions honoured,
one-sided edits taken.  An annotation changed differently on both sides is kept in both
versions, each flagged with ``conflict_with`` naming the other, for the user to resolve
(``glossator check`` lists them; the app's ``k`` keeps one).  An annotation edited on one
side and deleted on the other is kept and flagged ``conflict_with = "deleted"``: nothing
anyone wrote is dropped silently.
"""

from __future__ import annotations

import subprocess
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tui.errors import GlossatorError
from tui.fileio import write_atomic
from tui.store import CONFLICT_KEY, Annotation, AnnotationFile, parse_annotation_file, render

THEIRS_SUFFIX = "-theirs"
DELETED = "deleted"


@dataclass(frozen=True)
class MergedSet:
    annotations: tuple[Annotation, ...]
    conflicts: int


def merge_sets(
    base: Iterable[Annotation], ours: Iterable[Annotation], theirs: Iterable[Annotation]
) -> MergedSet:
    """Merge two changed versions of one article's annotations against their ancestor."""
    base_by_id = {a.id: a for a in base}
    ours_by_id = {a.id: a for a in ours}
    theirs_by_id = {a.id: a for a in theirs}
    merged: list[Annotation] = []
    conflicts = 0
    for annotation_id in sorted(set(ours_by_id) | set(theirs_by_id) | set(base_by_id)):
        old = base_by_id.get(annotation_id)
        mine = ours_by_id.get(annotation_id)
        other = theirs_by_id.get(annotation_id)
        if mine == other:
            if mine is not None:
                merged.append(mine)
        elif mine == old:
            if other is not None:
                merged.append(other)  # changed (or added) only on their side; None: deleted there
        elif other == old:
            if mine is not None:
                merged.append(mine)
        elif mine is None or other is None:
            kept = mine or other
            assert kept is not None
            merged.append(_flag(kept, DELETED))
            conflicts += 1
        else:
            twin = replace(other, id=annotation_id + THEIRS_SUFFIX)
            merged += [_flag(mine, twin.id), _flag(twin, annotation_id)]
            conflicts += 1
    return MergedSet(tuple(sorted(merged, key=lambda a: a.sort_key)), conflicts)


def _flag(annotation: Annotation, other: str) -> Annotation:
    return replace(annotation, extra={**annotation.extra, CONFLICT_KEY: other})


def _merge_values(
    base: Mapping[str, Any], ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> dict[str, Any]:
    """Key by key: the side that changed a value wins; ours when both did."""
    merged: dict[str, Any] = {}
    for key in sorted(set(ours) | set(theirs)):
        if key not in theirs:
            if base.get(key) != ours[key]:
                merged[key] = ours[key]
        elif key not in ours:
            if base.get(key) != theirs[key]:
                merged[key] = theirs[key]
        else:
            merged[key] = theirs[key] if ours[key] == base.get(key) else ours[key]
    return merged


def merge_files(
    base: AnnotationFile | None, ours: AnnotationFile, theirs: AnnotationFile
) -> tuple[AnnotationFile, int]:
    ancestor = base.annotations if base else ()
    result = merge_sets(ancestor, ours.annotations, theirs.annotations)
    base_sha = base.text_sha256 if base else None
    fingerprint = theirs.text_sha256 if ours.text_sha256 == base_sha else ours.text_sha256
    extra = _merge_values(base.extra if base else {}, ours.extra, theirs.extra)
    return AnnotationFile(ours.article, fingerprint, result.annotations, extra), result.conflicts


def run_merge_driver(base_path: Path, ours_path: Path, theirs_path: Path) -> int:
    """``git`` merge driver: merge into ``ours_path``; the exit status is the conflict count (capped).

    Files the program cannot read faithfully fall back to git's own line merge, with
    conflict markers, so nothing is lost either way.
    """
    documents: list[AnnotationFile | None] = []
    for path in (base_path, ours_path, theirs_path):
        content = path.read_bytes() if path.exists() else b""
        if not content.strip():
            documents.append(None)
            continue
        article = _article_of(content)
        document, problems = parse_annotation_file(
            content, display_path=str(path), expected_article=article, text=None
        )
        if document is None or any(p.blocks_writing for p in problems):
            return _line_merge(base_path, ours_path, theirs_path)
        documents.append(document)
    base, ours, theirs = documents
    if ours is None or theirs is None:
        return _line_merge(base_path, ours_path, theirs_path)
    merged, conflicts = merge_files(base, ours, theirs)
    write_atomic(ours_path, render(merged).encode("utf-8"))
    return min(conflicts, 1)


def _article_of(content: bytes) -> str:
    try:
        article = tomllib.loads(content.decode("utf-8")).get("article")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    return article if isinstance(article, str) else ""


def _line_merge(base_path: Path, ours_path: Path, theirs_path: Path) -> int:
    try:
        completed = subprocess.run(
            ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
             str(ours_path), str(base_path), str(theirs_path)],
            check=False,
        )  # fmt: skip
    except OSError as error:
        raise GlossatorError(f"cannot run git merge-file: {error}") from error
    return 1 if completed.returncode else 0
