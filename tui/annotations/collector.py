"""The cyclic garbage collector held off while a file is read into many small objects.

Reading a 50,000-annotation file makes some million dicts, strings, date-times and
annotations, all in trees (no cycles), all kept.  The collector runs a pass every 700 new
objects and, as they pile up, passes over all of them again: a fifth of the time the merge
driver took to read its three versions, to free nothing.  Reference counting still frees
everything as usual meanwhile; only the search for cycles waits until the read is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector is on again after it if it was before.

    The setting is the process's: another thread reading at the same time leaves it as it
    found it, so it ends on whenever it was on before either began.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
