"""Whoosh imported without asyncio: a quarter of ``glossator search``'s start-up.

``whoosh.reading`` takes one decorator from the ``cached_property`` package, which imports
asyncio (to also cache coroutines, which Whoosh has none of).  While Whoosh's modules are
first imported, that name is the standard library's ``functools.cached_property``, which
caches a plain method's value in the instance the same way; the package is then put back
out of the way, so any other importer gets the real one.
"""

from __future__ import annotations

import functools
import sys
import types


def import_whoosh() -> None:
    """Import Whoosh's reader module (which the rest of Whoosh imports) without asyncio."""
    if "whoosh.reading" in sys.modules or "cached_property" in sys.modules:
        return
    stand_in = types.ModuleType("cached_property")
    stand_in.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = stand_in
    try:
        import whoosh.reading  # noqa: F401
    finally:
        del sys.modules["cached_property"]


import_whoosh()
