"""Moved to ``tui.search``; this face stays until every caller imports from there."""

from tui.search import *  # noqa: F403
from tui.search import __all__  # noqa: F401
