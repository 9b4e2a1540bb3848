"""What a person reviews before anything is written: the places a tag-all found, or suggestions.

The app's review screen lists the items of a review, each with its context, and lets each
be accepted or rejected; ``write`` then makes the decisions in one batch (``tui.project.
batch``), one write per article through the store's one write path, and returns the batch
so the app can take it back as one step.  UI-free, so it is tested without a screen.

- A **places** review is a tag-all plan (``tui.project.plan``): accepting a place adds an
  annotation there (``plan.apply``, which checks it again against the file and the text);
  rejecting it adds nothing.  A place the reviewer tagged already is listed, locked: it cannot
  be added twice (another author's span there does not lock it: see ``tui.project.plan``).
- A **suggestions** review lists suggested annotations (``status = "suggested"``):
  accepting one clears its status, rejecting it deletes it; an undecided one stays a suggestion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tui.annotations.model import SUGGESTED, Problem
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.project.annotation_listing import ListedAnnotation, ListingFilter, list_annotations
from tui.project.batch import Batch, BatchResult, Edit, edit
from tui.project.occurrences import phrase_matcher
from tui.project.plan import Plan, apply, make_plan
from tui.workspace.layout import Workspace

if TYPE_CHECKING:
    from tui.search import CorpusIndex

#: Shown on a place an annotation of its tag already covers.
ALREADY_TAGGED = "already tagged by you"


@dataclass(frozen=True)
class ReviewItem:
    """One place to decide on, as the reviewer sees it."""

    article_id: str
    start: int
    end: int
    tag: str
    quote: str
    #: The text just before and after it.
    before: str
    after: str
    #: Why it cannot be accepted ("already tagged"); "" when it can.
    locked: str = ""
    #: Who proposed it (a suggestion's author), shown beside it.
    author: str = ""
    #: Whether it is a suggestion already in a file (drawn as suggestions are).
    suggested: bool = False


class NoIndexError(GlossatorError):
    """A query needs the search index, which is not open yet."""


def articles_of(workspace: Workspace, index: CorpusIndex | None, query: str) -> list[str]:
    """Every article ``query`` finds (all of them, not a first page), or every article for no query."""
    if not query.strip():
        return workspace.article_ids()
    if index is None:
        raise NoIndexError("the search index is still being built: try again when it is ready")
    results = index.search(query, limit=max(1, len(index)))
    return sorted({hit.article_id for hit in results.hits})


@dataclass(frozen=True)
class PlacesReview:
    """Every place of a phrase in the articles searched: accepted places are tagged."""

    plan: Plan
    author: str
    #: The new annotations' status: "" (accepted annotations) or ``SUGGESTED``.
    status: str
    #: What the batch is called (in messages, and when it is undone).
    message: str

    @property
    def items(self) -> tuple[ReviewItem, ...]:
        return tuple(
            ReviewItem(
                place.article_id,
                place.start,
                place.end,
                place.tag,
                place.quote,
                place.before,
                place.after,
                ALREADY_TAGGED if place.tagged else "",
            )
            for place in self.plan.occurrences
        )

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.plan.problems

    @property
    def workspace(self) -> Workspace:
        return self.plan.workspace

    def write(self, accepted: Sequence[int], rejected: Sequence[int] = ()) -> BatchResult:
        """Tag the accepted places (by their number in ``items``); rejected ones are simply not added."""
        places = self.plan.occurrences
        applied = apply(self.plan, [places[n] for n in accepted if not places[n].tagged],
                        author=self.author, status=self.status)  # fmt: skip
        return BatchResult(
            Batch.of_added(self.message, applied.made),
            changed=applied.added,
            left=applied.already_tagged,
            files=applied.files,
            problems=applied.problems,
        )


def review_places(
    workspace: Workspace,
    index: CorpusIndex | None,
    query: str,
    phrase: str,
    tag: str,
    *,
    author: str,
    case_sensitive: bool = False,
    suggest: bool = False,
) -> PlacesReview:
    """Plan tagging ``phrase`` as ``tag`` where ``query`` finds (``GlossatorError``: a bad phrase)."""
    matcher = phrase_matcher(phrase, tag, case_sensitive=case_sensitive)
    plan = make_plan(workspace, [matcher], articles_of(workspace, index, query), author=author)
    what = "suggested" if suggest else "tagged"
    message = f"{what} every “{' '.join(phrase.split())}” {tag}"
    return PlacesReview(plan, author, SUGGESTED if suggest else "", message)


@dataclass(frozen=True)
class SuggestionsReview:
    """Suggested annotations: accepted ones lose their status, rejected ones are deleted."""

    store: AnnotationStore
    entries: tuple[ListedAnnotation, ...]
    problems: tuple[Problem, ...] = ()
    message: str = "reviewed suggestions"

    @property
    def workspace(self) -> Workspace:
        return self.store.workspace

    @property
    def items(self) -> tuple[ReviewItem, ...]:
        return tuple(
            ReviewItem(
                entry.article_id,
                entry.annotation.start,
                entry.annotation.end,
                entry.annotation.tag,
                entry.annotation.quote,
                entry.annotation.prefix,
                entry.annotation.suffix,
                author=entry.annotation.author,
                suggested=True,
            )
            for entry in self.entries
        )

    def write(self, accepted: Sequence[int], rejected: Sequence[int] = ()) -> BatchResult:
        edits: dict[str, list[Edit]] = {}
        for number in accepted:
            entry = self.entries[number]
            edits.setdefault(entry.article_id, []).append(
                (entry.annotation, replace(entry.annotation, status=""))
            )
        for number in rejected:
            entry = self.entries[number]
            edits.setdefault(entry.article_id, []).append((entry.annotation, None))
        said = f"accepted {len(accepted)} and rejected {len(rejected)} suggestions"
        return edit(self.store, said, edits)


def review_suggestions(store: AnnotationStore, index: CorpusIndex | None, query: str) -> SuggestionsReview:
    """Every suggestion in the articles ``query`` finds (every article for no query)."""
    workspace = store.workspace
    ids = articles_of(workspace, index, query) if query.strip() else None
    listing = list_annotations(workspace, ListingFilter(status=SUGGESTED, article_ids=ids))
    return SuggestionsReview(store, listing.entries, listing.problems)


#: Either kind of review.
Review = PlacesReview | SuggestionsReview
