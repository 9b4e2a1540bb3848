"""Every Whoosh call of the program lives in this package (a test enforces it)."""

from tui.search.whoosh import compat  # noqa: F401  (first: Whoosh imported without asyncio)
from tui.search.whoosh.engine import WhooshEngine

__all__ = ["WhooshEngine"]
