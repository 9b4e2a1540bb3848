"""Small pieces of English built around names that come from outside (authors, adjudicators)."""

from __future__ import annotations


def possessive(name: str) -> str:
    """``name``'s, or ``name``' for a name ending in s (``maintainers'``, not ``maintainers's``)."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"


def counted(number: int, noun: str, plural: str = "") -> str:
    """``1 article``, ``2 articles`` (``plural`` where adding an s is wrong)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
