"""Untrusted text made safe to show: control and invisible characters become visible symbols.

Article text, quotes, notes, snippets, file names and error messages (which embed file
names) come from outside.  An ESC, BEL, backspace or a lone carriage return sent to a
terminal would recolour it, move the cursor, set the clipboard (OSC 52) or forge links
(OSC 8); U+009B is a CSI on many terminals.  Bidirectional overrides and isolates
(U+202A..U+202E, U+2066..U+2069, LRM/RLM, ALM) reorder what is shown, so a file name or a
note could display as something it is not ("Trojan Source"); zero-width spaces, the word
joiner, the invisible operators and U+FEFF hide characters in plain sight.  Each of these
is replaced by exactly one visible character, so offsets into the text stay valid for
highlighting.

Zero-width non-joiner and joiner (U+200C, U+200D) are kept: Persian, Arabic and Indic
scripts need them to shape words correctly and emoji sequences (👩‍💻) are built with
them, and neither moves text or hides a character on its own.

``say`` is the one way the command line writes to the terminal, and ``json_text`` the
one way it prints JSON (valid JSON, the same strings, nothing raw that a terminal acts on).
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Sequence
from typing import Protocol

#: Shown for a bidirectional formatting character (an override, embedding, isolate or mark).
BIDI_SYMBOL = 0x21C4  # ⇄
#: Shown for an invisible character that is not a control (zero-width space, word joiner…).
INVISIBLE_SYMBOL = 0x2B1A  # ⬚
#: Shown for a lone surrogate (a file name that is not valid UTF-8, decoded by Python).
SURROGATE_SYMBOL = 0xFFFD  # �

#: Bidirectional controls: LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM, ALM.
BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
#: Invisible characters: zero-width space, word joiner, invisible operators (U+2061..U+2064),
#: the deprecated format characters U+206A..U+206F, the zero-width no-break space (BOM),
#: the interlinear annotation characters and the Mongolian vowel separator.
INVISIBLE = (0x200B, *range(0x2060, 0x2065), *range(0x206A, 0x2070), 0xFEFF, 0xFFF9, 0xFFFA, 0xFFFB, 0x180E)

#: C0 controls map to the Unicode "control pictures" block (U+2400..U+241F), DEL to U+2421,
#: C1 controls (U+0080..U+009F) to U+2426, and the Unicode line and paragraph separators
#: (which ``str.splitlines`` and so text widgets treat as line breaks) to U+2424 and U+00B6.
#: Newline and tab are kept where layout allows.
_TABLE = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}
_TABLE |= {code: 0x2426 for code in range(0x80, 0xA0)}
_TABLE |= {0x2028: 0x2424, 0x2029: 0xB6}
_TABLE |= {code: BIDI_SYMBOL for code in BIDI_CONTROLS}
_TABLE |= {code: INVISIBLE_SYMBOL for code in INVISIBLE}
_TABLE |= {code: SURROGATE_SYMBOL for code in range(0xD800, 0xE000)}
_LAYOUT = {ord("\n"), ord("\t")}
_KEEP_LAYOUT = {code: symbol for code, symbol in _TABLE.items() if code not in _LAYOUT}
#: For JSON: every character ``visible`` would replace, as a \\uXXXX escape (JSON itself
#: already escapes C0; newlines outside strings are the indentation and stay).
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in _TABLE if code not in _LAYOUT}


class Writable(Protocol):
    """A text stream (``sys.stdout``, a ``StringIO``): what ``say`` writes to."""

    def write(self, text: str, /) -> object: ...


EMPHASIS_ON, EMPHASIS_OFF = "\x1b[1;7m", "\x1b[0m"


def visible(text: str, *, keep_layout: bool = False) -> str:
    """``text`` with every control, bidi and invisible character shown as a symbol (one for one).

    With ``keep_layout``, newlines and tabs pass through (for multi-line views).
    """
    return text.translate(_KEEP_LAYOUT if keep_layout else _TABLE)


def json_text(value: object) -> str:
    """``value`` as indented JSON in which nothing a terminal acts on appears raw.

    C1 controls, DEL, bidi controls, invisible characters, the line and paragraph
    separators and lone surrogates are written as ``\\uXXXX`` escapes: still valid JSON,
    decoding to the very same strings.
    """
    return json.dumps(value, ensure_ascii=False, indent=2).translate(_JSON_ESCAPES)


def say(
    text: str = "",
    *,
    stream: Writable | None = None,
    end: str = "\n",
    layout: bool = False,
    redraw: bool = False,
    highlights: Sequence[tuple[int, int]] = (),
) -> None:
    """Write ``text`` to the terminal (stdout by default) with every unsafe character made visible.

    Every string the command line prints goes through here, messages and file names
    included.  ``layout`` keeps newlines and tabs (multi-line text such as ``--help``);
    otherwise ``text`` is one line.  ``redraw`` starts with a carriage return (a progress
    bar redrawing its line).  ``highlights`` are ``(start, end)`` ranges of ``text`` shown
    in reverse video; since ``visible`` replaces one character by one, they still fit.
    Characters the stream cannot encode are replaced rather than raising.
    """
    out = stream if stream is not None else sys.stdout
    shown = visible(text, keep_layout=layout)
    if highlights:
        pieces, position = [], 0
        for start, stop in sorted(highlights):
            start, stop = max(start, position), min(stop, len(shown))
            if start >= stop:
                continue
            pieces += [shown[position:start], EMPHASIS_ON, shown[start:stop], EMPHASIS_OFF]
            position = stop
        pieces.append(shown[position:])
        shown = "".join(pieces)
    data = ("\r" if redraw else "") + shown + visible(end, keep_layout=True)
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    out.write(data.encode(encoding, "replace").decode(encoding))
