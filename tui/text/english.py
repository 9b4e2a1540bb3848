"""Small pieces of English built around names that come from outside (authors, adjudicators)."""

from __future__ import annotations


def possessive(name: str) -> str:
    """``name``'s, or ``name``' for a name ending in s (``maintainers'``, not ``maintainers's``)."""
    return f"{name}'" if name.endswith(("s", "S")) else f"{name}'s"
