"""Laying the article out in rows: widths in cells, rows that break at spaces, words."""

from __future__ import annotations

from rich.cells import cell_len

from tui.app.text_layout import (
    ZWJ,
    ZWNJ,
    cell_columns,
    offset_at_column,
    steady,
    wrap,
)


def rows_of(text: str, width: int) -> list[str]:
    rows = wrap(text, width)
    return [text[start:end] for start, end in zip(rows.starts, rows.ends, strict=True)]


def test_rows_break_after_spaces_and_never_take_more_cells_than_given() -> None:
    text = "The quick brown fox jumps over the lazy dog\n\n中文中文中文中文 and tabs\there"
    for width in (5, 9, 12, 20, 60):
        rows = rows_of(text, width)
        assert "".join(rows).replace("\n", "") == text.replace("\n", "")
        for row in rows:
            assert cell_columns(row.rstrip(" \t"))[-1] <= width, (width, row)
    assert rows_of("The quick brown fox", 10) == ["The quick ", "brown fox"]
    assert rows_of("a\n\nb", 10) == ["a", "", "b"]  # an empty line is a row
    assert rows_of("中文中文", 5) == ["中文", "中文"]  # wide characters are two cells


def test_chinese_rows_are_filled_and_never_start_with_closing_punctuation() -> None:
    text = "大公网6月2日讯(记者 卢冶) 作为首届吉港澳经贸文化交流洽谈会的重要内容，吉林省港资企业协会在长春正式成立。"
    for width in (9, 14, 20, 31):
        rows = rows_of(text, width)
        assert "".join(rows) == text
        for row in rows[:-1]:
            assert width - 3 <= cell_columns(row.rstrip(" "))[-1] <= width, (width, row)
        assert not any(row[:1] in "，。" for row in rows), rows
    assert rows_of("Harbin 哈尔滨新区 opened", 12) == ["Harbin 哈尔", "滨新区 ", "opened"]


def test_a_word_longer_than_the_row_is_cut() -> None:
    assert rows_of("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


#: 2.2 MB on one line (``tests/benchmarks/bench_limits`` times its layout: well under a second).
ONE_LONG_LINE = "The provincial government funded 38 startups in Harbin. " * 40_000


def test_one_long_line_is_laid_out() -> None:
    text = ONE_LONG_LINE
    rows = wrap(text, 60)
    assert len(rows) > 30_000
    assert rows.row_of(len(text) // 2) == next(
        number for number in range(len(rows)) if rows.starts[number] <= len(text) // 2 < rows.ends[number]
    )


def test_columns_and_offsets_in_a_row() -> None:
    assert cell_columns("a中b") == [0, 1, 3, 4]
    assert offset_at_column("a中b", 2) == 1  # inside the wide character: the character
    assert offset_at_column("a中b", 3) == 2
    assert offset_at_column("ab", 9) == 2


def test_unsteady_characters_become_zero_width_one_for_one() -> None:
    text = "coder 👩\u200d💻, heart ❤\ufe0f, thumbs 👍🏽, Hindi क्\u200dष"
    shown = steady(text)
    assert len(shown) == len(text)
    assert ZWJ not in shown.split("Hindi")[0] and "\ufe0f" not in shown
    assert "क्\u200dष" in shown  # a joiner inside a word is kept
    assert shown.count(ZWNJ) == 3
    assert cell_len(shown.split(",")[0]) == len("coder ") + 4  # 👩 and 💻, two cells each
