"""Annotations to add across the corpus (``tag-all``, ``suggest``): planned first, applied after.

A plan lists every place found, each with its context and whether it is tagged already;
only the acting annotator's own annotations make a place "already tagged" (another
author's span at the same place does not), so two annotators can tag the same phrase
independently, as an agreement study needs;
nothing is written while planning, so ``--dry-run`` prints it and the app's review screen
can show it and let each place be accepted or rejected.  ``apply`` then writes each
article's file once, through the store's one write path, and checks every place again
against the file and the text as they are at that moment: a place tagged meanwhile is not
added twice, and one whose text changed is reported rather than guessed at.  A file that
cannot be changed (a problem that blocks rewriting it, no permission) is one problem, and
the other files are still written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from tui.annotations.model import (
    Annotation,
    AnnotationFileLockedError,
    LoadedAnnotations,
    Problem,
    new_annotation,
)
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError, reason_of
from tui.project.occurrences import Coverage, Matcher, Occurrence, find, occurrences, phrase_index
from tui.project.scope import article_text
from tui.workspace.layout import Workspace


@dataclass(frozen=True)
class Plan:
    """Every place the matchers found in the articles searched, in article and text order."""

    workspace: Workspace
    occurrences: tuple[Occurrence, ...]
    #: Articles or files that could not be searched or planned for, one problem each.
    problems: tuple[Problem, ...]
    #: How many articles were searched.
    articles: int

    @property
    def proposed(self) -> tuple[Occurrence, ...]:
        """The places not tagged yet: what applying the whole plan adds."""
        return tuple(place for place in self.occurrences if not place.tagged)


@dataclass
class Applied:
    """What ``apply`` did."""

    added: int = 0
    #: Annotation files written, as shown to users.
    files: list[str] = field(default_factory=list)
    #: Places the author tagged meanwhile (another program, another app) since the plan was made:
    #: not added again.
    already_tagged: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: The annotations added, by article: what an undo of the whole batch takes out again.
    made: dict[str, tuple[Annotation, ...]] = field(default_factory=dict)


def make_plan(
    workspace: Workspace, matchers: Sequence[Matcher], article_ids: Iterable[str], *, author: str
) -> Plan:
    """Search ``article_ids`` with ``matchers`` for ``author``, the one who will tag the places.

    Only articles with a place found have their file read.  A place counts as tagged only
    when one of ``author``'s own annotations of the tag covers it.
    """
    store = AnnotationStore(workspace)
    annotated = set(workspace.annotated_ids())
    places: list[Occurrence] = []
    problems: list[Problem] = []
    searched = 0
    phrases = phrase_index(matchers)
    for article_id in article_ids:
        searched += 1
        try:
            text = article_text(workspace, article_id)
        except (OSError, GlossatorError) as error:
            where = workspace.relative(workspace.article_path(article_id))
            problems.append(Problem(where, f"not searched: {reason_of(error)}"))
            continue
        found = find(text, matchers, phrases)
        if not found:
            continue
        annotations: tuple[Annotation, ...] = ()
        if article_id in annotated:
            loaded = store.load(article_id, None)
            blocking = loaded.blocking_problem()
            if blocking is not None:
                problems.append(_unchanged(blocking))
                continue
            annotations = loaded.annotations
        places += occurrences(article_id, text, found, own(annotations, author))
    return Plan(workspace, tuple(places), tuple(problems), searched)


def apply(
    plan: Plan, accepted: Iterable[Occurrence] | None = None, *, author: str, status: str = ""
) -> Applied:
    """Add an annotation at each accepted place (default: every place proposed), one write per article.

    ``status`` is the new annotations' (``SUGGESTED`` for suggestions, "" for accepted ones).
    """
    workspace = plan.workspace
    store = AnnotationStore(workspace)
    by_article: dict[str, list[Occurrence]] = {}
    for place in plan.proposed if accepted is None else accepted:
        by_article.setdefault(place.article_id, []).append(place)
    applied = Applied()
    for article_id, places in sorted(by_article.items()):
        where = workspace.relative(workspace.annotation_path(article_id))
        try:
            text = article_text(workspace, article_id)
        except (OSError, GlossatorError) as error:
            applied.problems.append(
                Problem(where, f"not written: the article cannot be read: {reason_of(error)}")
            )
            continue
        still = [place for place in places if text[place.start : place.end] == place.quote]
        for place in places:
            if place not in still:
                applied.problems.append(
                    Problem(where, f"not added: {place.start}-{place.end} no longer reads {place.quote!r} "
                            "(the article changed since the plan; plan again)")
                )  # fmt: skip
        made: list[Annotation] = []
        there: list[Occurrence] = []

        def add(on_disk: LoadedAnnotations, made: list[Annotation] = made, there: list[Occurrence] = there,
                still: list[Occurrence] = still, text: str = text) -> list[Annotation] | None:  # fmt: skip
            coverage = Coverage(own(on_disk.annotations, author))
            made.clear()
            there.clear()
            taken: set[tuple[int, int, str]] = set()
            for place in still:
                key = (place.start, place.end, place.tag)
                if coverage.covers(place.tag, place.start, place.end) or key in taken:
                    there.append(place)
                    continue
                taken.add(key)
                fresh = new_annotation(text, place.start, place.end, place.tag, author=author,
                                       tags=store.tag_set.names)  # fmt: skip
                made.append(replace(fresh, status=status))
            return [*on_disk.annotations, *made] if made else None

        try:
            loaded = store.update(article_id, text, add)
        except AnnotationFileLockedError as error:
            applied.problems.append(_unchanged(error.problem))
            continue
        except (OSError, GlossatorError) as error:
            applied.problems.append(Problem(where, f"not written: {reason_of(error)}"))
            continue
        applied.already_tagged += len(there)
        if made:
            applied.added += len(made)
            applied.files.append(workspace.relative(loaded.path))
            applied.made[article_id] = tuple(made)
    return applied


def own(annotations: Iterable[Annotation], author: str) -> tuple[Annotation, ...]:
    """The annotations that can make a place "already tagged" for ``author``: their own only."""
    return tuple(annotation for annotation in annotations if annotation.author == author)


def _unchanged(blocking: Problem) -> Problem:
    """A file left as it is because of ``blocking``, said with the problem's own line."""
    return Problem(blocking.file, f"not changed, it has a problem (see glossator check): {blocking.reason}",
                   blocking.line)  # fmt: skip
