"""Same-story lookups: the near-duplicate copies of an article, as the results named them.

Every result says which other articles tell the same story (``SearchHit.same_story_as``).
The session remembers it both ways for every article seen in results, so ``ctrl+t`` can
open the other copy of the open article as well as of a highlighted result.
"""

from __future__ import annotations

from tui.search import SearchResults


class SameStory:
    def __init__(self) -> None:
        self._copies: dict[str, tuple[str, ...]] = {}

    def remember(self, results: SearchResults) -> None:
        for hit in results.hits:
            if hit.same_story_as:
                self._copies[hit.article_id] = hit.same_story_as
                for other in hit.same_story_as:
                    known = self._copies.get(other, ())
                    if hit.article_id not in known:
                        self._copies[other] = (*known, hit.article_id)

    def copies(self, article_id: str) -> tuple[str, ...]:
        """The other copies of ``article_id`` seen so far (empty if none is known)."""
        return self._copies.get(article_id, ())
