"""Table files read row by row: long articles in a cell, quoted line breaks, GBK exports."""

from __future__ import annotations

from tests.chinese_texts import TEXTS
from tui.intake.incoming import Incoming
from tui.intake.tables import rows


def test_a_long_article_and_a_quoted_line_break_stay_in_their_cell() -> None:
    long_text = "word " * 60_000  # 300 KB: more than the csv module's default field limit
    data = f'title,text\nLong,"{long_text}"\nTwo lines,"First line.\nSecond line."\n'.encode()
    read = list(rows(data, "export.csv", {}))
    assert [row.origin for row in read] == ["export.csv row 2", "export.csv row 3"]
    assert all(isinstance(row, Incoming) for row in read)
    assert isinstance(read[1], Incoming) and read[1].text == "First line.\nSecond line.\n"


def test_a_gbk_export_is_read_and_said_to_be_converted() -> None:
    data = ("标题,正文\n" + "\n".join(f"第{n}条,{TEXTS[0].splitlines()[2]}" for n in range(3)) + "\n").encode(
        "gbk"
    )
    read = list(rows(data, "zh.csv", {"title": "标题", "text": "正文"}))
    assert [row.metadata["title"] for row in read if isinstance(row, Incoming)] == ["第0条", "第1条", "第2条"]
    assert {row.converted_from for row in read if isinstance(row, Incoming)} == {"GB18030 (GBK)"}
