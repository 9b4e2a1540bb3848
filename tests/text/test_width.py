"""Strings cut to a number of terminal cells: wide characters whole, accents kept on their letter."""

from tui.text.width import cell_width, fit_end, fit_middle, fit_start, pad_end


def test_chinese_characters_take_two_cells_and_are_never_cut_in_half() -> None:
    assert cell_width("哈尔滨 news") == 11
    cut = fit_end("哈尔滨新区融资", 8)
    assert cut == "哈尔滨…"
    assert cell_width(cut) <= 8


def test_a_combining_accent_stays_with_its_letter() -> None:
    assert fit_end("e\u0301e\u0301e\u0301", 2) == "e\u0301…"


def test_a_middle_cut_keeps_the_end_that_tells_items_apart() -> None:
    first, second = fit_middle("000_b922b23430582", 11), fit_middle("001_b922b23430599", 11)
    assert first != second
    assert first.startswith("000_") and second.endswith("599")
    assert cell_width(fit_middle("黑龙江省政府出台新政策", 9)) <= 9


def test_text_that_fits_is_unchanged() -> None:
    assert fit_end("Harbin", 6) == "Harbin"
    assert fit_middle("哈尔滨", 6) == "哈尔滨"


def test_a_start_cut_keeps_the_end_whole() -> None:
    assert fit_start("黑龙江省政府出台", 8) == "…府出台"  # 7 cells: 政 would need 9
    assert fit_start("黑龙江省政府出台", 6) == "…出台"
    assert fit_start("Harbin", 6) == "Harbin"


def test_columns_of_chinese_names_line_up() -> None:
    rows = [pad_end(name, 8) + "|" for name in ("王芳", "Li Wei", "欧阳小明")]
    assert {cell_width(row) for row in rows} == {9}
