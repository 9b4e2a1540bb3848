"""What an import admits: the checks a record from outside passes before anything is written.

An import writes only what ``glossator check`` accepts and every command can see, so each
of these is refused (or, for a time zone, converted) with the place and the reason:

- text that is not text: a lone surrogate (JSON's ``"\\ud800"``) cannot be written as
  UTF-8, and a NUL makes an article a "binary file" to ``check``;
- article ids a new article may not have (``tui.workspace.naming``: hidden parts, control
  characters, ``CON``, a trailing space);
- annotation ids that are paths, control characters or a page long: an id is shown in
  every list and used in merges, so it is a short printable token;
- a span that cuts a base letter from its combining accent (``Cafe`` of ``Cafe\\u0301``):
  its quote would end on a letter the text does not have there.
"""

from __future__ import annotations

import re
import unicodedata

#: An imported annotation id: printable, no space or path separator, at most this long.
MAX_ANNOTATION_ID = 128
_ID_FORBIDDEN = re.compile(r"[\s/\\]")


def not_text(value: str) -> str:
    """Why ``value`` cannot be stored as text ('' when it can): a lone surrogate."""
    for index, character in enumerate(value):
        if "\ud800" <= character <= "\udfff":
            return f"holds a lone surrogate (U+{ord(character):04X} at {index}), which is not text"
    return ""


def text_problem(text: str) -> str:
    """Why an article text from a file cannot be added to the corpus ('' when it can)."""
    if "\x00" in text:
        return f"the text holds a NUL character (at {text.index(chr(0))}): this looks like a binary file"
    return f"the text {not_text(text)}" if not_text(text) else ""


def annotation_id_problem(annotation_id: str) -> str:
    """Why an imported annotation id cannot be kept ('' when it can)."""
    if len(annotation_id) > MAX_ANNOTATION_ID:
        return f"is {len(annotation_id):,} characters long (at most {MAX_ANNOTATION_ID})"
    if not_text(annotation_id) or not annotation_id.isprintable():
        return "holds a control or invisible character"
    if _ID_FORBIDDEN.search(annotation_id) or annotation_id.startswith("."):
        return "holds a space, a / or a \\, or starts with a dot"
    return ""


def splits_a_character(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` begins on a combining mark or ends just before one."""
    return any(
        0 < position < len(text) and unicodedata.category(text[position]).startswith("M")
        for position in (start, end)
    )
