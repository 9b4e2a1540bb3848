"""Every tantivy call of the program lives in this package (a test enforces it)."""

from tui.search.tantivy.engine import TantivyEngine

__all__ = ["TantivyEngine"]
