"""How an import lands in the workspace, whatever the format.

1. Labels first: every label must be a tag or be mapped to one (``--map``).  Otherwise
   nothing is written at all: a wrong or missing mapping is a mistake to fix and rerun,
   not something to half-import.
2. Articles: one that is not in ``corpus/`` is added with the file's text (as the article
   text: BOM dropped, ``\\r\\n`` as ``\\n``, offsets moved along).  One that is there with
   a different text is refused: the annotations were made on another text.
3. Spans: each is checked against the text (inside it, not empty, and when the file says
   what text it covers, that text).  A span that fails is reported and left out; the rest
   of the file is still taken.
4. Annotations are written only through ``AnnotationStore.update`` (lock, re-read, merge,
   atomic write).  Nothing on disk is overwritten, and nothing is added twice: an
   annotation already there (the same id with the same span and tag, or the same span,
   tag and text) is not added again, so importing a file twice changes nothing.  Within
   one file, each entry is its own annotation, even where two have the same span and tag
   (two annotators may tag the same words): that is what makes a round trip exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from tui.annotations.model import Annotation, LoadedAnnotations, ProgressMark, new_id, now
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.interchange.admission import annotation_id_problem, not_text, splits_a_character, text_problem
from tui.interchange.labels import map_label, tag_set, unknown_labels_message
from tui.interchange.model import IncomingDocument, IncomingSpan, NormalisedText, Origin, Report, normalise
from tui.workspace.articles import load_article
from tui.workspace.authors import default_author
from tui.workspace.fileio import write_atomic
from tui.workspace.layout import InvalidArticleIdError, Workspace, validate_article_id
from tui.workspace.naming import validate_new_article_id


class UnknownLabelsError(GlossatorError):
    """Labels outside the tag set and not mapped: nothing is imported."""


@dataclass
class ImportSummary:
    taken: int = 0
    already_there: int = 0
    files_written: list[str] = field(default_factory=list)
    articles_added: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Candidate:
    annotation: Annotation
    origin: Origin
    #: Whether the file gave the id (a span without one is new to Glossator).
    own_id: bool


def import_documents(
    workspace: Workspace,
    documents: Iterable[IncomingDocument],
    label_map: Mapping[str, str],
    report: Report,
) -> ImportSummary:
    """Bring ``documents`` into ``workspace``; what was not taken, and why, goes to ``report``."""
    tags = tag_set(workspace)
    documents = list(documents)
    unknown = Counter(
        span.label for document in documents for span in document.spans
        if map_label(span.label, label_map, tags) is None
    )  # fmt: skip
    if unknown:
        raise UnknownLabelsError(unknown_labels_message(unknown, tags))
    summary = _Importer(workspace, label_map, tags, report)
    for document in documents:
        summary.take(document)
    return summary.summary


class _Importer:
    def __init__(self, workspace: Workspace, label_map: Mapping[str, str], tags: tuple[str, ...],
                 report: Report) -> None:  # fmt: skip
        self.workspace = workspace
        self.store = AnnotationStore(workspace)
        self.label_map = label_map
        self.tags = tags
        self.report = report
        self.summary = ImportSummary()
        self.created = now()

    def left_out(self, where: object, message: str) -> None:
        self.report.left_out(where, message)

    def take(self, document: IncomingDocument) -> None:
        try:
            if not_text(document.article_id):
                raise InvalidArticleIdError(f"the article id {not_text(document.article_id)}")
            validate_article_id(document.article_id)
            if any(part.startswith(".") for part in document.article_id.split("/")):
                validate_new_article_id(document.article_id)  # says why a hidden id is refused
        except InvalidArticleIdError as error:
            self.left_out(document.origin, f"not taken: {error}")
            return
        problem = text_problem(document.text) if document.text is not None else ""
        if problem:
            self.left_out(document.origin, f"not taken: {problem}")
            return
        moved = normalise(document.text) if document.text is not None else None
        text = self._article_text(document, moved)
        if text is None:
            return
        candidates = [
            c for c in (self._candidate(document, moved, span, text) for span in document.spans) if c
        ]
        if candidates:
            self._save(document, text, candidates)
        if document.progress:
            self._save_progress(document, text)

    def _save_progress(self, document: IncomingDocument, text: str) -> None:
        """The file's progress marks, merged by author: the newer mark wins, as in a git merge."""

        def change(on_disk: LoadedAnnotations) -> list[ProgressMark] | None:
            marks = {mark.author: mark for mark in on_disk.progress}
            for mark in document.progress:
                if mark.author not in marks or marks[mark.author].at < mark.at:
                    marks[mark.author] = mark
            merged = sorted(marks.values(), key=lambda mark: mark.author)
            return None if merged == list(on_disk.progress) else merged

        try:
            self.store.update_progress(document.article_id, text, change)
        except (OSError, GlossatorError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.left_out(document.origin, f"progress marks not taken: {reason}")

    # -- the article --

    def _article_text(self, document: IncomingDocument, moved: NormalisedText | None) -> str | None:
        """The article text the spans are placed on; adds the article to the corpus if new."""
        article_id = document.article_id
        shown = f"corpus/{article_id}.txt"
        try:
            existing: str | None = load_article(self.workspace, article_id).text
        except FileNotFoundError:
            existing = None
        except (OSError, GlossatorError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.left_out(document.origin, f"not taken: {shown} cannot be read: {reason}")
            return None
        incoming = moved.text if moved is not None else None
        if moved is not None and moved.changed:
            self.report.note(
                document.origin, "the text has \\r\\n line ends or a BOM: offsets moved to the article text"
            )
        if existing is not None:
            if incoming is not None and not document.same_text(existing, incoming):
                self.left_out(
                    document.origin,
                    f"not taken: {shown} already exists with a different text; the annotations were "
                    "made on another text (rename the article in the file to import it beside it)",
                )
                return None
            return existing
        if incoming is None:
            self.left_out(
                document.origin,
                f"not taken: {shown} is not in the corpus and this format carries no text; "
                "add the article first (glossator add FILE)",
            )
            return None
        try:
            validate_new_article_id(article_id)
        except InvalidArticleIdError as error:
            self.left_out(document.origin, f"not taken: {error}")
            return None
        path = self.workspace.article_path(article_id)
        try:
            self.workspace.check_inside(path)
            write_atomic(path, incoming.encode("utf-8"))
        except (OSError, GlossatorError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.left_out(document.origin, f"not taken: could not add {shown}: {reason}")
            return None
        self.summary.articles_added.append(article_id)
        self.report.note(document.origin, f"added the article {shown}")
        return incoming

    # -- the spans --

    def _candidate(
        self, document: IncomingDocument, moved: NormalisedText | None, span: IncomingSpan, text: str
    ) -> _Candidate | None:
        for name in ("id", "note", "author", "quote", "label"):
            problem = not_text(getattr(span, name) or "")
            if problem:
                self.left_out(span.origin, f"not taken: its {name} {problem}")
                return None
        placed = self._place(document, moved, span, text)
        if placed is None:
            return None
        start, end = placed
        if splits_a_character(text, start, end):
            self.left_out(
                span.origin,
                f"not taken: span {start}-{end} cuts a letter from its combining accent "
                f"({text[max(0, start - 1) : end + 1]!r})",
            )
            return None
        tag = map_label(span.label, self.label_map, self.tags)
        assert tag is not None  # checked before anything was taken
        own_id = span.id
        if own_id and (problem := annotation_id_problem(own_id)):
            shown = repr(own_id[:40] + ("..." if len(own_id) > 40 else ""))
            own_id = new_id()
            self.left_out(span.origin, f"its id {shown} {problem}: the annotation is saved as {own_id}")
        annotation = Annotation(
            id=own_id or new_id(),
            tag=tag,
            start=start,
            end=end,
            quote="",
            author=span.author or default_author(self.workspace.root),
            created=span.created or self.created,
            note=span.note or "",
            extra=span.extra,
        ).with_span(text, start, end)
        return _Candidate(annotation, span.origin, own_id=own_id == span.id and bool(own_id))

    def _place(
        self, document: IncomingDocument, moved: NormalisedText | None, span: IncomingSpan, text: str
    ) -> tuple[int, int] | None:
        """The span's offsets in the article text, or None (reported) if it does not fit."""
        if span.start is None or span.end is None:
            return self._find_quote(span, text)
        # Offsets count into the file's own text (before BOM and \r\n are dropped).
        source = document.text if document.text is not None else text
        start, end = span.start, span.end
        if not 0 <= start < end <= len(source):
            where = "is empty or reversed" if end <= start else f"is outside the text (length {len(source)})"
            self.left_out(span.origin, f"not taken: span {start}-{end} {where}")
            return None
        if span.quote is not None and source[start:end] != span.quote:
            self.left_out(
                span.origin,
                f"not taken: span {start}-{end} says it covers {span.quote!r}, "
                f"but the text there is {source[start:end]!r}",
            )
            return None
        if moved is not None:
            start, end = moved.position(start), moved.position(end)
        return start, end

    def _find_quote(self, span: IncomingSpan, text: str) -> tuple[int, int] | None:
        quote = span.quote or ""
        if not quote:
            self.left_out(span.origin, "not taken: no offsets and no quote to find the span by")
            return None
        places = []
        position = text.find(quote)
        while position != -1:
            before_ok = position >= len(span.prefix) and text.startswith(
                span.prefix, position - len(span.prefix)
            )
            if before_ok and text.startswith(span.suffix, position + len(quote)):
                places.append(position)
            position = text.find(quote, position + 1)
        if len(places) != 1:
            found = "is not in the text" if not places else f"occurs {len(places)} times"
            self.left_out(span.origin, f"not taken: the quote {quote!r} (with its prefix and suffix) {found}")
            return None
        return places[0], places[0] + len(quote)

    # -- saving --

    def _save(self, document: IncomingDocument, text: str, candidates: list[_Candidate]) -> None:
        outcome: list[tuple[str, _Candidate]] = []

        def change(on_disk: LoadedAnnotations) -> list[Annotation] | None:
            outcome.clear()
            existing = list(on_disk.annotations)
            by_id = {a.id: a for a in existing}
            there = {(a.start, a.end, a.tag) for a in existing if a.matches(text)}
            used = set(by_id)
            added: list[Annotation] = []
            for candidate in candidates:
                a = candidate.annotation
                key = (a.start, a.end, a.tag)
                same = by_id.get(a.id) if candidate.own_id else None
                if key in there or (same is not None and (same.start, same.end, same.tag) == key):
                    outcome.append(("there", candidate))
                    continue
                if a.id in used:
                    a = replace(a, id=new_id())
                    outcome.append(("renamed", _Candidate(a, candidate.origin, candidate.own_id)))
                used.add(a.id)
                added.append(a)
                outcome.append(("taken", candidate))
            return [*existing, *added] if added else None

        try:
            loaded = self.store.update(document.article_id, text, change)
        except (OSError, GlossatorError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            for candidate in candidates:
                self.left_out(candidate.origin, f"not taken: {reason}")
            return
        shown = self.workspace.relative(loaded.path)
        counts = Counter(kind for kind, _ in outcome)
        for kind, candidate in outcome:
            a = candidate.annotation
            if kind == "renamed":
                self.report.note(candidate.origin, f"its id is taken by another annotation: saved as {a.id}")
        self.summary.taken += counts["taken"]
        self.summary.already_there += counts["there"]
        if counts["taken"]:
            if shown not in self.summary.files_written:
                self.summary.files_written.append(shown)
            self.report.note(
                shown, f"took {_count(counts['taken'], 'annotation')} from {document.origin.file}"
            )
        if counts["there"]:
            self.report.note(shown, f"{_count(counts['there'], 'annotation')} already there: not added again")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
