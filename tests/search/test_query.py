"""The query language's own parser: the tree every engine is given."""

from datetime import datetime

import pytest

from tests.workspace.test_tagset import FIVE
from tui.search.errors import QueryError
from tui.search.query import And, DateSpan, Not, Or, Pattern, Phrase, Words, parse_query, query_fields
from tui.workspace.tagset import DEFAULT_TAGS, parse_tag_set


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_query(text, DEFAULT_TAGS)


def test_words_next_to_each_other_all_match_and_or_binds_tighter_than_that() -> None:
    # As users of the first versions learned it (Whoosh's parser): "a OR b c" is (a OR b) AND c.
    assert parse("harbin OR market bank") == And(
        (Or((Words(None, "harbin"), Words(None, "market"))), Words(None, "bank"))
    )
    assert parse("harbin AND market OR bank") == Or(
        (And((Words(None, "harbin"), Words(None, "market"))), Words(None, "bank"))
    )
    assert parse("harbin NOT market") == And((Words(None, "harbin"), Not(Words(None, "market"))))
    assert parse("NOT (harbin OR market)") == Not(Or((Words(None, "harbin"), Words(None, "market"))))


def test_fields_phrases_patterns_quotes_and_boosts() -> None:
    assert parse('title:(harbin "state fund")') == And(
        (Words("title", "harbin"), Phrase("title", "state fund"))
    )
    assert parse("incub*") == Pattern(None, "incub*") and Pattern(None, "incub*").is_prefix
    assert not Pattern(None, "harb?n").is_prefix
    assert parse("'new york'") == Words(None, "new york")
    assert parse("harbin^2") == Words(None, "harbin", 2.0)
    assert parse("tag:Funding funding:yuan") == And((Words("tag", "Funding"), Words("funding", "yuan")))
    assert parse("") is None and parse("  *  ") is None


def test_dates_stand_for_their_whole_year_month_day_or_minute_and_ranges_may_be_open() -> None:
    assert parse("date:2016") == DateSpan(datetime(2016, 1, 1), datetime(2016, 12, 31, 23, 59, 59, 999999))
    assert parse("date:2016-12") == DateSpan(
        datetime(2016, 12, 1), datetime(2016, 12, 31, 23, 59, 59, 999999)
    )
    assert parse("date:2016-03-25T08:55") == DateSpan(
        datetime(2016, 3, 25, 8, 55), datetime(2016, 3, 25, 8, 55, 59, 999999)
    )
    assert parse("date:[2020-03 to]") == DateSpan(datetime(2020, 3, 1), None)
    assert parse("date:[to 2016]") == DateSpan(None, datetime(2016, 12, 31, 23, 59, 59, 999999))
    assert parse("date:{2016 to 2018}") == DateSpan(
        datetime(2017, 1, 1), datetime(2017, 12, 31, 23, 59, 59, 999999)
    )
    assert parse("date:(2016 OR 2018)") == Or((parse("date:2016"), parse("date:2018")))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("title:[a to b]", "ranges such as [a to b] work only on dates"),
        ("a*", "would match nearly every word"),
        ("*harbin", "starts with *, which would look at every word"),
        ("person:wei", "unknown field 'person'"),
        ("tag:person", "unknown tag 'person'"),
        ("status:maybe", "unknown status 'maybe'"),
        ("date:2016-02-30", "'2016-02-30' is not a date"),
        ('date:"2016"', "is not a date"),
        ("harbin AND", "AND needs a word or a group after it"),
    ],
)
def test_mistakes_are_named_in_one_line(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("[", r"\[").replace("*", r"\*")) as raised:
        parse(query)
    assert "\n" not in str(raised.value)


def test_the_fields_follow_the_tag_set() -> None:
    five = parse_tag_set(FIVE.encode())
    assert query_fields(five) == (
        "title", "body", "source", "byline", "date", "tag",
        "policy", "funding", "company", "person", "place", "note", "author", "status",
    )  # fmt: skip
    assert parse_query("person:wei tag:place", five) == And((Words("person", "wei"), Words("tag", "place")))
