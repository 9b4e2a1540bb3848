"""Whoosh imported with stand-ins for two of its imports: they must not leak to anyone else."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

PROBE = """
import sys
import tui.search.whoosh
import whoosh.compat
assert "urllib.request" not in sys.modules and "cached_property" not in sys.modules
import urllib.request
import cached_property
print(urllib.request.urlopen.__module__, cached_property.cached_property.__module__)
print(whoosh.compat.urlretrieve.__module__)
"""


def test_the_real_modules_are_what_any_later_importer_gets() -> None:
    """In a fresh process: Whoosh loads without urllib.request or cached_property, and a
    later ``import`` of either gets the real module, not the stand-in."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    real, whoosh_helper = result.stdout.splitlines()
    assert real == "urllib.request cached_property"
    assert whoosh_helper == "tui.search.whoosh.compat"  # calls the real urlretrieve when used
