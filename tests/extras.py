"""Tests of an optional extra (spaCy, gamma, tantivy) say which one they need.

The ``dev`` extra installs every extra, so where ``CI`` is set (CI) the extra is imported
plainly: a missing one fails the run.  Elsewhere (pytest installed without an extra) the
tests that need it are skipped, with a reason naming the extra to install.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

#: Each optional extra of pyproject.toml, and the module it installs.
EXTRAS = {"spacy": "spacy", "gamma": "pygamma_agreement", "tantivy": "tantivy"}


def needs_extra(extra: str) -> ModuleType:
    """The extra's module, for a test module that needs it (call it at the module's top level)."""
    module = EXTRAS[extra]
    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(module, reason=f"needs the {extra} extra: pip install -e '.[{extra}]'")
