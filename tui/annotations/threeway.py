"""Three-way merging of annotation sets by annotation id: for git, and for live reload.

Against the common ancestor: additions from both sides are kept, deletions honoured,
one-sided edits taken.  An annotation changed differently on both sides is kept in both
versions, each flagged with ``conflict_with`` naming the other, for the user to resolve
(``glossator check`` lists them; the app's ``k`` keeps one).  An annotation edited on one
side and deleted on the other is kept and flagged ``conflict_with = "deleted"``: nothing
anyone wrote is dropped silently.

**The twin's id.**  The version from their side of a conflict needs an id of its own, and
one that stays unique when merges cascade (bob's branch merged into alice's, then alice's
into carol's, each with its own conflict on the same annotation).  It is
``<id>-<8 hex digits>``: the first 8 hex digits of the SHA-256 of the id, a newline and
the other version's content (every field, as canonical JSON).  If that id is already used
(by any annotation of the ancestor or either side, or by another twin of this merge), the
hex digits are hashed again until it is free.  So the same conflict merged twice, on two
machines, gives the same id (and the two results merge cleanly later), while different
conflicts never share one; ids of the ancestor are never reused.

**Progress marks** (``[[progress]]``, one per author) merge author by author against the
ancestor too, but never conflict: a mark changed on both sides is the one with the newer
``at`` (the later decision stands; on a tie, the greater state, so both directions of a
merge agree); one cleared on one side and changed on the other is kept.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.annotations import canonical
from tui.annotations.collector import collector_paused
from tui.annotations.fileformat import Version, parse_versions
from tui.annotations.model import CONFLICT_KEY, Annotation, AnnotationFile, ProgressMark, as_utc, by_position
from tui.annotations.store import write_document
from tui.errors import GlossatorError
from tui.text.safe import say
from tui.workspace.fileio import UnreadableFileError, read_regular, write_atomic
from tui.workspace.layout import MAX_FILE_BYTES

DELETED = "deleted"
#: Hex digits of the hash in a twin's id (``<id>-<digits>``).
TWIN_DIGITS = 8


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
    taken = set(base_by_id) | set(ours_by_id) | set(theirs_by_id)
    merged: list[Annotation] = []
    conflicts = 0
    for annotation_id in sorted(taken):
        old = base_by_id.get(annotation_id)
        mine = ours_by_id.get(annotation_id)
        other = theirs_by_id.get(annotation_id)
        if mine is other or mine == other:  # most often the very same annotation, read once
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
            twin = replace(other, id=twin_id(annotation_id, other, taken))
            taken.add(twin.id)
            merged += [_flag(mine, twin.id), _flag(twin, annotation_id)]
            conflicts += 1
    return MergedSet(tuple(sorted(merged, key=by_position)), conflicts)


def twin_id(annotation_id: str, other: Annotation, taken: set[str] | frozenset[str]) -> str:
    """The id of ``other``, their version of ``annotation_id`` in a conflict: unique in ``taken``.

    ``<id>-`` and the first hex digits of SHA-256(id, newline, ``other`` as canonical JSON),
    re-hashed while the id is taken (see the module's docstring).
    """
    content = json.dumps(
        {
            "id": other.id, "tag": other.tag, "start": other.start, "end": other.end,
            "quote": other.quote, "prefix": other.prefix, "suffix": other.suffix,
            "note": other.note, "author": other.author, "created": other.created.isoformat(),
            "extra": other.extra,
            # Only when set, so twins of annotations without a status keep the ids they had.
            **({"status": other.status} if other.status else {}),
        },
        sort_keys=True, ensure_ascii=True, default=str,
    )  # fmt: skip
    digest = hashlib.sha256(f"{annotation_id}\n{content}".encode("utf-8", "surrogatepass")).hexdigest()
    candidate = f"{annotation_id}-{digest[:TWIN_DIGITS]}"
    while candidate in taken:
        digest = hashlib.sha256(digest.encode("ascii")).hexdigest()
        candidate = f"{annotation_id}-{digest[:TWIN_DIGITS]}"
    return candidate


def merge_progress(
    base: Iterable[ProgressMark], ours: Iterable[ProgressMark], theirs: Iterable[ProgressMark]
) -> tuple[ProgressMark, ...]:
    """Merge two changed versions of one article's progress marks, author by author."""
    base_by_author = {mark.author: mark for mark in base}
    ours_by_author = {mark.author: mark for mark in ours}
    theirs_by_author = {mark.author: mark for mark in theirs}
    merged: list[ProgressMark] = []
    for author in sorted(set(base_by_author) | set(ours_by_author) | set(theirs_by_author)):
        old, mine, other = (
            base_by_author.get(author),
            ours_by_author.get(author),
            theirs_by_author.get(author),
        )
        if mine == old:
            kept = other
        elif other == old or other is None:
            kept = mine
        elif mine is None:
            kept = other
        else:
            kept = max(mine, other, key=_newness)
        if kept is not None:
            merged.append(kept)
    return tuple(merged)


def _newness(mark: ProgressMark) -> tuple[datetime, str]:
    """When a mark was made, then its state (so a tie is settled the same way in both directions)."""
    return (as_utc(mark.at), mark.state)


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
    progress = merge_progress(base.progress if base else (), ours.progress, theirs.progress)
    return AnnotationFile(ours.article, fingerprint, result.annotations, extra, progress), result.conflicts


def run_merge_driver(base_path: Path, ours_path: Path, theirs_path: Path) -> int:
    """``git`` merge driver: merge into ``ours_path``; the exit status is the conflict count (capped).

    Files the program cannot read faithfully fall back to git's own line merge, with
    conflict markers, so nothing is lost either way.  Paths that are missing, folders,
    FIFOs or unreadable are a ``GlossatorError`` (git always hands over three files).
    """
    if ours_path.is_symlink():  # git hands over a temporary file; a link would lead elsewhere
        raise GlossatorError(f"{ours_path}: is a symbolic link; the merge driver writes only to a file")
    with collector_paused():  # through the merge and the writing too: they make no cycles either
        return _merge_into_ours(base_path, ours_path, theirs_path)


def _merge_into_ours(base_path: Path, ours_path: Path, theirs_path: Path) -> int:
    paths = (base_path, ours_path, theirs_path)
    contents = [_read_version(path) for path in paths]
    given = [n for n, content in enumerate(contents) if content.strip()]  # an empty one: no file
    parsed = parse_versions([Version(contents[n], str(paths[n]), _article_of(contents[n])) for n in given])
    documents: list[AnnotationFile | None] = [None, None, None]
    for n, (document, problems) in zip(given, parsed, strict=True):
        if document is None or any(p.blocks_writing for p in problems):
            return _line_merge(base_path, ours_path, theirs_path)
        documents[n] = document
    base, ours, theirs = documents
    if ours is None or theirs is None:
        return _line_merge(base_path, ours_path, theirs_path)
    merged, conflicts = merge_files(base, ours, theirs)
    write_document(ours_path, merged)
    return min(conflicts, 1)


def _read_version(path: Path) -> bytes:
    try:
        return read_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError as error:
        raise GlossatorError(f"{path}: no such file") from error
    except UnreadableFileError as error:
        raise GlossatorError(f"{path}: cannot be merged: {error}") from error
    except OSError as error:
        raise GlossatorError(f"{path}: cannot be read: {error.strerror or error}") from error


#: The first table header (``[...]`` or ``[[...]]`` at the start of a line).
_FIRST_TABLE = re.compile(rb"^[ \t]*\[", re.MULTILINE)


def _article_of(content: bytes) -> str:
    """The ``article`` key of a file, to check the file against (the file name is git's temp name).

    Only the top of the file, before the first table, is parsed when it is valid TOML on its
    own (it always is, unless a multi-line value contains a line starting with ``[``): parsing
    a 50,000-annotation file once more cost as long as the whole merge.
    """
    first_table = _FIRST_TABLE.search(content)
    candidates = (content[: first_table.start()], content) if first_table else (content,)
    for candidate in candidates:
        try:
            data = canonical.loads(candidate.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
            continue
        article = data.get("article")
        return article if isinstance(article, str) else ""
    return ""


def _line_merge(base_path: Path, ours_path: Path, theirs_path: Path) -> int:
    """git's own line merge (conflict markers where both sides changed the same lines).

    The result is printed by ``git merge-file -p`` and written here, atomically and in place
    of ``ours_path``: a link there is replaced, never written through.
    """
    try:
        completed = subprocess.run(
            ["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", "--",
             str(ours_path), str(base_path), str(theirs_path)],
            check=False, capture_output=True,
        )  # fmt: skip
    except OSError as error:
        raise GlossatorError(f"cannot run git merge-file: {error}") from error
    message = completed.stderr.decode("utf-8", "replace").strip()
    if not 0 <= completed.returncode < 128:  # an error (e.g. a binary file), not a conflict count
        raise GlossatorError(f"git merge-file failed: {message or completed.returncode}")
    for line in message.splitlines():
        say(f"git merge-file: {line}", stream=sys.stderr)
    write_atomic(ours_path, completed.stdout)
    return 1 if completed.returncode else 0
