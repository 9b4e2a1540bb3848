"""Moving and selecting by words in mixed Latin and Chinese text."""

import itertools
import re

from tui.text.chinese import is_han, word_spans
from tui.text.words import (
    LETTER,
    mostly_chinese,
    next_word_start,
    previous_word_start,
    word_at,
    word_end,
    words,
)

MIXED = "黑龙江省政府出台新政策，支持Harbin的start-ups融资2.53亿元。"


def test_latin_words_move_like_vim() -> None:
    text = "venture investment, with total revenue"
    assert next_word_start(text, 0) == text.index("investment")
    assert next_word_start(text, 3) == text.index("investment")
    assert next_word_start(text, text.index("investment")) == text.index(",")
    assert previous_word_start(text, text.index("with")) == text.index(",")
    assert previous_word_start(text, text.index("investment") + 3) == text.index("investment")
    assert word_end(text, 0) == len("venture")
    assert word_end(text, len("venture")) == text.index(",")
    assert word_at("yuan ($2.53 million)", 8) == (7, 11)  # a number with its decimal point
    assert word_at("China's start-ups", 2) == (0, 7)


def test_a_character_selects_its_chinese_word_not_the_clause() -> None:
    text = "黑龙江省政府出台新政策"
    assert word_at(text, text.index("政")) == (0, len("黑龙江省政府"))
    assert word_at(text, text.index("出")) == (6, 8)  # 出台
    assert word_at(MIXED, MIXED.index("Harbin") + 2) == (MIXED.index("Harbin"), MIXED.index("的"))
    assert word_at(MIXED, MIXED.index("start") + 1) == (MIXED.index("start"), MIXED.index("融"))
    assert word_at(MIXED, MIXED.index("，")) == (9, 11)  # punctuation: the word just before (政策)


def test_traditional_characters_are_split_into_the_same_words_as_simplified() -> None:
    traditional = "基地，國家發改委將推出投資"
    assert [traditional[start:end] for start, end in word_spans(traditional)] == [
        "基地", "國家", "發改委", "將", "推出", "投資",
    ]  # fmt: skip
    assert word_at(traditional, traditional.index("家")) == (3, 5)  # 國家, not 國家發


def test_w_b_and_word_end_step_through_chinese_words_and_latin_words_alike() -> None:
    stops = [0]
    while stops[-1] < len(MIXED):
        stops.append(next_word_start(MIXED, stops[-1]))
    pieces = [MIXED[a:b] for a, b in itertools.pairwise(stops)]
    assert pieces[:4] == ["黑龙江省政府", "出台", "新", "政策"]
    assert "，" in pieces and "Harbin" in pieces and "start-ups" in pieces and "2.53" in pieces
    backwards = [len(MIXED)]
    while backwards[-1] > 0:
        backwards.append(previous_word_start(MIXED, backwards[-1]))
    assert sorted(backwards[1:]) == stops[:-1]  # b stops where w stops
    assert word_end(MIXED, 0) == 6
    assert word_end(MIXED, 2) == 6  # inside a word: its end
    assert word_end(MIXED, 6) == 8


def test_words_are_those_of_the_segmenter_search_uses() -> None:
    text = "长光卫星技术股份有限公司在长春新区成立"
    starts = {start for start, _ in word_spans(text)}
    stops = {next_word_start(text, offset) for offset in range(len(text))}
    assert stops - {len(text)} == starts - {0}


def test_a_word_far_into_a_long_text_is_found_without_splitting_it_all() -> None:
    text = "创业投资基金" * 200_000 + "哈尔滨新区"  # 1.2 M characters of Han, no punctuation
    start = text.index("哈尔滨")
    assert word_at(text, start + 1) == (start, start + 3)
    assert next_word_start(text, start) == start + 3
    long_line = "Harbin start-ups raised funds. " * 50_000
    assert next_word_start(long_line, 1_000_000) == long_line.index(" ", 1_000_000) + 1


def test_all_the_words_of_a_text_and_whether_it_is_chinese() -> None:
    found = [MIXED[start:end] for start, end in words(MIXED)]
    assert found[:4] == ["黑龙江省政府", "出台", "新", "政策"]
    assert "，" not in found and "Harbin" in found and "2.53" in found
    assert mostly_chinese(MIXED) and not mostly_chinese("Harbin 哈尔滨 start-ups")


def test_a_letter_is_any_word_character_but_a_han_one_over_all_of_unicode() -> None:
    """``LETTER`` is one character class (for speed); it must mean exactly "\\w and not Han"."""
    letter, word = re.compile(LETTER), re.compile(r"\w")
    wrong = [
        hex(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF
        and bool(letter.fullmatch(chr(code))) != (bool(word.fullmatch(chr(code))) and not is_han(chr(code)))
    ]
    assert wrong == []
