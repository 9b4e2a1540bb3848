"""Text in the encodings news comes in is stored as UTF-8; an undecidable file is refused."""

from __future__ import annotations

import codecs

import pytest

from tests.chinese_texts import TEXTS
from tui.intake.encodings import UndecidableEncodingError, decode

SIMPLIFIED = TEXTS[0]
TRADITIONAL = TEXTS[2]
FRENCH = "Les élèves de l'école ont visité le musée. À midi, ils ont déjeuné près de la cathédrale."
QUOTED = "The mayor’s “plan” would cost €2 million — and café owners in München objected."


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, ""),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, ""),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "UTF-16"),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "GB18030 (GBK)"),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "GB18030 (GBK)"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "Big5"),
        (QUOTED.encode("cp1252"), QUOTED, "Windows-1252"),
        (FRENCH.encode("latin-1"), FRENCH, "Latin-1"),
    ],
)
def test_each_common_encoding_is_read_and_named(data: bytes, text: str, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.text == text
    assert decoded.converted_from == encoding


def test_a_page_s_declared_charset_wins_over_a_guess() -> None:
    decoded = decode("你好".encode("gbk"), "gb2312")
    assert (decoded.text, decoded.converted_from) == ("你好", "GB18030 (GBK)")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("你好".encode("gbk"), "cannot be told with confidence"),  # also valid Big5 and Latin-1
        (b"\x00\x01\x02\xff" * 40, "NUL bytes"),
        # a UTF-8 file cut mid-character is not read as GBK or Windows-1252 (that would be mojibake)
        (
            SIMPLIFIED.encode("utf-8")[:-2] + b"\n" + SIMPLIFIED.encode("utf-8"),  # 。 cut
            "is UTF-8 with 1 broken byte sequence",
        ),
    ],
    ids=["short GBK", "binary", "damaged UTF-8"],
)
def test_undecidable_bytes_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(UndecidableEncodingError, match=reason):
        decode(data)
