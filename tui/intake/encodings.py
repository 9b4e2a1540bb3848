"""Text in the encodings news comes in, turned into UTF-8, or refused when it cannot be told.

UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are certain.
Anything else goes to charset-normalizer, limited to the encodings news actually uses
(GB18030, which reads GBK and GB2312, Big5, Windows-1252, which reads Latin-1's letters):
a wider field lets it pick Baltic or Central European code pages for French or German
text, which is mojibake.  When two encodings read the bytes equally well into different
texts (a short GBK line is also valid Big5), the file is refused: storing the wrong
guess would corrupt every quote annotated in it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from tui.errors import GlossatorError

#: The encodings the detector may choose from (Python's codec names).
CANDIDATES = ["utf_8", "utf_16", "gb18030", "big5", "cp1252"]
#: What the user is told an encoding is called.
NAMES = {"utf_16": "UTF-16", "gb18030": "GB18030 (GBK)", "big5": "Big5", "cp1252": "Windows-1252"}
#: A reading this much noisier than the best one does not make the file ambiguous.
CLEARLY_WORSE = 0.05
#: A best reading noisier than this is not trusted at all.
MOST_CHAOS = 0.2
#: Declared names (HTML, HTTP) read as the superset Python knows.
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "iso-8859-1": "cp1252", "latin1": "cp1252"}


class UndecidableEncodingError(GlossatorError):
    """Bytes whose encoding cannot be told with confidence: refused, never stored as mojibake."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and the encoding it came in when that was not UTF-8 ('' if it was)."""

    text: str
    converted_from: str = ""


def decode(data: bytes, declared: str = "") -> Decoded:
    """``data`` as text: the ``declared`` encoding (a page's or a server's) if it reads the
    bytes, else UTF-8 or a byte-order mark, else the detector's confident choice."""
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UndecidableEncodingError("holds NUL bytes: a binary file, not text")
    if declared and (from_declared := _try_declared(data, declared)):
        return from_declared
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    _refuse_damaged_utf8(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), NAMES["utf_16"])
        except UnicodeDecodeError as error:
            raise UndecidableEncodingError(f"starts as UTF-16 but is not: {error.reason}") from None
    return _detected(data)


def _refuse_damaged_utf8(data: bytes) -> None:
    """UTF-8 with a few bad bytes (a cut download, a bad copy) is no other encoding: read as
    one, its good UTF-8 would turn into mojibake, so it is refused and where it breaks said."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for char in text if char > "\x7f" and char != "\ufffd")
    if good and good >= bad:
        raise UndecidableEncodingError(
            f"is UTF-8 with {bad} broken byte sequence{'s' if bad > 1 else ''} (the first at byte "
            f"{_first_bad(data)}); repair it and add it again"
        )


def _first_bad(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return len(data)


def _try_declared(data: bytes, declared: str) -> Decoded | None:
    name = SUPERSETS.get(declared.strip().lower(), declared.strip().lower())
    try:
        info = codecs.lookup(name)
        text = data.decode(info.name)
    except (LookupError, UnicodeDecodeError):
        return None
    if info.name == "utf-8":
        return Decoded(text.removeprefix("\ufeff"))
    return Decoded(text, _shown_name(info.name.replace("-", "_"), data))


def _detected(data: bytes) -> Decoded:
    readings = [
        reading
        for reading in from_bytes(data, cp_isolation=CANDIDATES)
        if reading.encoding in CANDIDATES and reading.chaos <= MOST_CHAOS
    ]
    if not readings:
        raise UndecidableEncodingError(
            "its encoding could not be recognised (tried UTF-8, UTF-16, GB18030/GBK, Big5, "
            "Windows-1252/Latin-1); convert it to UTF-8 and add it again"
        )
    best = readings[0]
    text = str(best)
    rivals = [
        reading.encoding
        for reading in readings[1:]
        if reading.chaos <= best.chaos + CLEARLY_WORSE
        and reading.coherence >= best.coherence - CLEARLY_WORSE
        and str(reading) != text
    ]
    if rivals:
        names = ", ".join(_shown_name(name, data) for name in [best.encoding, *rivals])
        raise UndecidableEncodingError(
            f"its encoding cannot be told with confidence (it reads as {names}); "
            "convert it to UTF-8 and add it again"
        )
    return Decoded(text.removeprefix("\ufeff"), _shown_name(best.encoding, data))


def _shown_name(encoding: str, data: bytes) -> str:
    """Windows-1252 without any of its own bytes (0x80-0x9F) is Latin-1: say so."""
    if encoding == "cp1252" and not any(0x80 <= byte <= 0x9F for byte in data):
        return "Latin-1"
    return NAMES.get(encoding, encoding.replace("_", "-").upper())
