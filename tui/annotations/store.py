"""The one write path of annotation files: lock, re-read, merge by annotation id, atomic write.

One file per annotated article, ``annotations/<article id>.toml``.  Every writer goes
through ``AnnotationStore.update``; a file with a problem the program cannot represent
faithfully is never rewritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tui.annotations.fileformat import parse_annotation_file, render
from tui.annotations.model import (
    Annotation,
    AnnotationFile,
    AnnotationFileLockedError,
    Change,
    LoadedAnnotations,
    Problem,
    ProgressChange,
    ProgressMark,
)
from tui.errors import GlossatorError
from tui.workspace.articles import text_sha256
from tui.workspace.fileio import remove_file, write_atomic
from tui.workspace.layout import Workspace
from tui.workspace.tagset import TagSet, load_tag_set

# --- the store -------------------------------------------------------------------------------

#: A file's whole content as a change computes it: its annotations and its progress marks.
_Content = tuple[Iterable[Annotation], Iterable[ProgressMark]]


def write_document(path: Path, document: AnnotationFile) -> None:
    """Write one annotation file (deterministic bytes, unique ids, atomic, mode kept).

    ``AnnotationStore.update`` is the way to change an article's annotations; this is its
    last step, also used where git hands over the file to write (the merge driver).
    """
    _check_unique(document.annotations, document.progress)
    write_atomic(path, render(document).encode("utf-8"))


class AnnotationStore:
    """Reads and writes the annotation files of one workspace."""

    def __init__(self, workspace: Workspace, tag_set: TagSet | None = None) -> None:
        self.workspace = workspace
        self._tag_set = tag_set

    @property
    def tag_set(self) -> TagSet:
        """The workspace's tags (its ``glossator.toml``, else the default), read once.

        ``TagSetError`` (a one-line message naming the file and line) if the file is invalid.
        """
        if self._tag_set is None:
            self._tag_set = load_tag_set(self.workspace.root)
        return self._tag_set

    @tag_set.setter
    def tag_set(self, tag_set: TagSet) -> None:
        """Use another tag set from now on (the app takes in a ``glossator.toml`` edited while it runs)."""
        self._tag_set = tag_set

    def load(self, article_id: str, text: str | None) -> LoadedAnnotations:
        """The annotations of one article; a missing file is an empty, writable set.

        A file that cannot be read (no permission, a link out of the workspace, a FIFO, too
        big) is one problem about that file, which also keeps it from being rewritten.
        """
        path = self.workspace.annotation_path(article_id)
        try:
            content = self.workspace.read(path)
        except FileNotFoundError:
            return LoadedAnnotations(article_id, path, None)
        except (OSError, GlossatorError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            problem = Problem(self.workspace.relative(path), f"cannot be read: {reason}")
            return LoadedAnnotations(article_id, path, None, (problem,))
        document, problems = parse_annotation_file(
            content,
            display_path=self.workspace.relative(path),
            expected_article=article_id,
            text=text,
            tags=self.tag_set.names,
        )
        return LoadedAnnotations(article_id, path, document, tuple(problems))

    def update(self, article_id: str, text: str | None, change: Change) -> LoadedAnnotations:
        """The one way to write an annotation file: lock, re-read, change, write atomically.

        Under an inter-process lock, the file is read again and ``change`` computes the new
        set from what is on disk now, so a concurrent writer's annotations are never
        overwritten (callers merge by annotation id in ``change``).  A file with a problem
        is never rewritten (``AnnotationFileLockedError``); an empty set deletes the file.
        ``text`` is the article text the new set's offsets count against; None for a change
        that moves no offsets (e.g. renaming a tag), which keeps the file's fingerprint.
        The file's progress marks are kept as they are on disk.
        """

        def whole(on_disk: LoadedAnnotations) -> _Content | None:
            wanted = change(on_disk)
            return None if wanted is None else (wanted, on_disk.progress)

        return self._rewrite(article_id, text, whole)

    def update_progress(self, article_id: str, text: str | None, change: ProgressChange) -> LoadedAnnotations:
        """Change an article's progress marks, through the same lock, re-read and write as ``update``.

        ``change`` computes every mark from the file on disk now; the annotations are kept
        as they are there.  ``text`` as for ``update`` (a new file needs it).
        """

        def whole(on_disk: LoadedAnnotations) -> _Content | None:
            wanted = change(on_disk)
            return None if wanted is None else (on_disk.annotations, wanted)

        return self._rewrite(article_id, text, whole)

    def _rewrite(
        self, article_id: str, text: str | None, compute: Callable[[LoadedAnnotations], _Content | None]
    ) -> LoadedAnnotations:
        """Lock, re-read, refuse a file with a blocking problem, compute, write: the one write path."""
        with self.workspace.lock(article_id):
            on_disk = self.load(article_id, text)
            blocking = on_disk.blocking_problem()
            if blocking is not None:
                raise AnnotationFileLockedError(blocking)
            wanted = compute(on_disk)
            if wanted is None:
                return on_disk
            return self._write(on_disk, text, *wanted)

    def _write(
        self,
        loaded: LoadedAnnotations,
        text: str | None,
        annotations: Iterable[Annotation],
        progress: Iterable[ProgressMark],
    ) -> LoadedAnnotations:
        """Write ``annotations`` and ``progress`` as the article's whole file; delete it when both are empty.

        ``text_sha256`` records the current text when every span matches it; otherwise
        (annotations still waiting to be re-anchored) the old fingerprint is kept.
        """
        self.workspace.check_inside(loaded.path)
        ordered = tuple(sorted(annotations, key=lambda a: a.sort_key))
        marks = tuple(sorted(progress, key=lambda mark: mark.author))
        _check_unique(ordered, marks)
        if not ordered and not marks:
            remove_file(loaded.path)
            return LoadedAnnotations(loaded.article_id, loaded.path, None)
        previous = loaded.document
        if text is None:
            if previous is None:
                raise GlossatorError("a new annotation file needs its article's text")
            fingerprint = previous.text_sha256
        elif previous is not None and not all(a.matches(text) for a in ordered):
            fingerprint = previous.text_sha256
        else:
            fingerprint = text_sha256(text)
        document = AnnotationFile(
            article=loaded.article_id,
            text_sha256=fingerprint,
            annotations=ordered,
            extra=previous.extra if previous else {},
            progress=marks,
        )
        if document != previous:
            write_document(loaded.path, document)
        return LoadedAnnotations(loaded.article_id, loaded.path, document)


def _check_unique(annotations: Sequence[Annotation], progress: Sequence[ProgressMark]) -> None:
    ids = [a.id for a in annotations]
    if len(ids) != len(set(ids)):
        raise GlossatorError("two annotations share an id; nothing was written")
    authors = [mark.author for mark in progress]
    if len(authors) != len(set(authors)):
        raise GlossatorError("two progress marks share an author; nothing was written")
