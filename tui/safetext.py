"""Untrusted text made safe to show: control characters become visible symbols.

Article text, quotes, notes and snippets come from outside.  An ESC, BEL, backspace or a
lone carriage return sent to a terminal would recolour it, move the cursor, set the
clipboard (OSC 52) or forge links (OSC 8).  Each control character is replaced by exactly
one visible character, so offsets into the text stay valid for highlighting.
"""

from __future__ import annotations

#: C0 controls map to the Unicode "control pictures" block (U+2400..U+241F), DEL to U+2421,
#: C1 controls (U+0080..U+009F) to U+2426, and the Unicode line and paragraph separators
#: (which ``str.splitlines`` and so text widgets treat as line breaks) to U+2424 and U+00B6.
#: Newline and tab are kept where layout allows.
_TABLE = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}
_TABLE |= {code: 0x2426 for code in range(0x80, 0xA0)}
_TABLE |= {0x2028: 0x2424, 0x2029: 0xB6}
_LAYOUT = {ord("\n"), ord("\t")}
_KEEP_LAYOUT = {code: symbol for code, symbol in _TABLE.items() if code not in _LAYOUT}


def visible(text: str, *, keep_layout: bool = False) -> str:
    """``text`` with every control character shown as a symbol (one for one).

    With ``keep_layout``, newlines and tabs pass through (for multi-line views).
    """
    return text.translate(_KEEP_LAYOUT if keep_layout else _TABLE)
