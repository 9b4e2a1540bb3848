"""The tantivy engine's tests: they need the tantivy extra."""

from ...extras import needs_extra

needs_extra("tantivy")
