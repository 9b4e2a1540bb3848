"""Same-story lookups: the other copy of an article, both ways, from the results seen."""

from __future__ import annotations

from tui.session import Session

from ..conftest import CHINA_DAILY, FIRST, TAIYUAN


def test_the_other_copy_is_known_both_ways_once_results_named_it(session: Session) -> None:
    assert session.same_story.copies(FIRST) == ()
    results = session.search("Harbin")
    assert results is not None
    session.same_story.remember(results)
    assert session.same_story.copies(FIRST) == (CHINA_DAILY,)
    assert session.same_story.copies(CHINA_DAILY) == (FIRST,)
    assert session.same_story.copies(TAIYUAN) == ()
