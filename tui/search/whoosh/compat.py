"""Whoosh imported without asyncio or an HTTP client: a third of ``glossator search``'s start-up.

``whoosh.reading`` takes one decorator from the ``cached_property`` package, which imports
asyncio (to also cache coroutines, which Whoosh has none of).  While Whoosh's modules are
first imported, that name is the standard library's ``functools.cached_property``, which
caches a plain method's value in the instance the same way.  ``whoosh.compat`` takes
``urlretrieve`` from ``urllib.request``, which imports http, email and ssl; Whoosh only
uses it to download spelling data, which Glossator never does, so it gets a function
that imports the real one when called.  The stand-ins are then put back out of the way,
so any other importer gets the real modules.
"""

from __future__ import annotations

import functools
import sys
import types
from typing import Any


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    """``urllib.request.urlretrieve``, imported at its first call."""
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def import_whoosh() -> None:
    """Import Whoosh's reader module (which the rest of Whoosh imports) without asyncio or http."""
    if "whoosh.reading" in sys.modules or "cached_property" in sys.modules:
        return
    cached = types.ModuleType("cached_property")
    cached.cached_property = functools.cached_property  # type: ignore[attr-defined]
    stand_ins = {"cached_property": cached}
    if "urllib.request" not in sys.modules:
        request = types.ModuleType("urllib.request")
        request.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
        stand_ins["urllib.request"] = request
    sys.modules.update(stand_ins)
    try:
        import whoosh.reading  # noqa: F401
    finally:
        for name in stand_ins:
            del sys.modules[name]


import_whoosh()
