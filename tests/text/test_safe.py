import io
import json
import unicodedata

import pytest

from tui.text.safe import json_text, say, visible

#: Unicode bidirectional classes of the embedding, override, isolate and mark characters.
BIDI_CLASSES = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}

HOSTILE = [
    "\x1b[31mred\x1b[0m",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
    "bell\x07 back\x08space",
    "carriage\rreturn",
    "c1\x9b31m",
    "sep\u2028line\u2029para\x0bvt\x0cff\x1cfs\x85nel",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_control_character_survives(text: str) -> None:
    shown = visible(text)
    assert len(shown) == len(text)  # one for one: offsets stay valid
    assert all(ch.isprintable() for ch in shown)
    assert shown.splitlines() == [shown]


def test_layout_is_kept_when_asked_and_markup_is_left_alone() -> None:
    text = "[bold]not bold[/] $var \\ \n\tindent\rx"
    shown = visible(text, keep_layout=True)
    assert shown.split("\n") == ["[bold]not bold[/] $var \\ ", "\tindent\u240dx"]


BIDI_AND_INVISIBLE = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
)


@pytest.mark.parametrize("char", BIDI_AND_INVISIBLE)
def test_bidi_controls_and_invisible_characters_become_visible_one_for_one(char: str) -> None:
    text = f"invoice{char}fdp.exe"
    shown = visible(text)
    assert char not in shown
    assert len(shown) == len(text) and shown.startswith("invoice") and shown.endswith("fdp.exe")
    assert shown[7].isprintable() and shown[7] not in BIDI_AND_INVISIBLE


def test_trojan_source_line_shows_its_overrides() -> None:
    line = 'access = "user\u202e \u2066// admin\u2069 \u2066"'
    shown = visible(line)
    assert all(unicodedata.bidirectional(ch) not in BIDI_CLASSES for ch in shown)
    assert all(ch not in shown for ch in ("\u202e", "\u2066", "\u2069"))


def test_joiners_that_shape_scripts_and_emoji_are_kept() -> None:
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    emoji = "\U0001f469\u200d\U0001f4bb"  # woman technologist: ZWJ sequence
    assert visible(persian) == persian
    assert visible(emoji) == emoji


def test_lone_surrogates_from_undecodable_file_names_become_replacement_characters() -> None:
    name = b"caf\xe9.txt".decode("utf-8", "surrogateescape")
    assert visible(name) == "caf\ufffd.txt"
    visible(name).encode("utf-8")  # printable on a UTF-8 terminal


HOSTILE_JSON = "c1\x9b31m del\x7f rlo\u202e zw\u200b bom\ufeff sep\u2028 esc\x1b bel\x07 zwj\u200d"


def test_json_text_escapes_what_a_terminal_would_act_on_and_decodes_to_the_same_strings() -> None:
    value = {"title": HOSTILE_JSON, "list": [HOSTILE_JSON, "\udcff"]}
    text = json_text(value)
    assert json.loads(text) == value
    raw = {ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp")}
    assert raw <= {"\n", "\u200d"}  # indentation newlines; ZWJ is kept, as visible() keeps it
    assert "\\u009b" in text and "\\u202e" in text and "\\u200b" in text and "\\u007f" in text


def test_say_makes_text_visible_and_keeps_highlights_on_the_right_characters() -> None:
    stream = io.StringIO()
    say("a\x1b[2Jb \u202efind", stream=stream, highlights=[(8, 12)])
    assert stream.getvalue() == "a\u241b[2Jb \u21c4\x1b[1;7mfind\x1b[0m\n"
    stream = io.StringIO()
    say("two\nlines\r", stream=stream, layout=True, end="")
    assert stream.getvalue() == "two\nlines\u240d"


def test_say_replaces_what_the_stream_cannot_encode_instead_of_failing() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    say("naïve \u2603", stream=stream)
    stream.flush()
    assert stream.buffer.getvalue() == b"na?ve ?\n"  # type: ignore[attr-defined]
