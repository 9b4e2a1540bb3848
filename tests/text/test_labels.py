"""Labels told apart in a narrow column, and possessives of names."""

from __future__ import annotations

from tui.text.english import possessive
from tui.text.labels import distinct_labels
from tui.text.width import cell_width


def test_labels_a_cut_at_the_end_would_merge_are_cut_in_the_middle() -> None:
    items = [
        ("Rust belt revival in the north east, part 1", "a"),
        ("Rust belt revival in the north east, part 2", "b"),
        ("A short title", "c"),
    ]
    labels = distinct_labels(items, 20)
    assert labels[2] == "A short title"  # fits: left whole
    assert labels[0] != labels[1]
    assert labels[0].endswith("part 1") and labels[1].endswith("part 2")
    assert labels[0].startswith("Rust belt") and all(cell_width(label) <= 20 for label in labels[:2])


def test_a_title_two_articles_share_is_told_apart_by_their_keys() -> None:
    items = [("The same story", "000_b922"), ("The same story", "001_eda1"), ("Other", "002")]
    labels = distinct_labels(items, 40)
    assert labels == ["The same story · 000_b922", "The same story · 001_eda1", "Other"]
    narrow = distinct_labels(items, 14)
    assert narrow[0].endswith("b922") and narrow[1].endswith("eda1") and narrow[2] == "Other"


def test_wide_characters_are_never_split_and_labels_that_differ_at_the_start_are_left_whole() -> None:
    items = [("哈尔滨工业大学的学生创业园第一部分", "a"), ("哈尔滨工业大学的学生创业园第二部分", "b")]
    labels = distinct_labels(items, 11)
    assert all(cell_width(label) <= 11 for label in labels)
    assert labels[0] != labels[1] and labels[0][-1] == "分"
    assert distinct_labels([("Alpha one two", "a"), ("Beta one two", "b")], 6) == [
        "Alpha one two",
        "Beta one two",
    ]


def test_possessive_of_a_name_ending_in_s() -> None:
    assert possessive("maintainers") == "maintainers'"
    assert possessive("Ada") == "Ada's"
    assert possessive("JAMES") == "JAMES'"
