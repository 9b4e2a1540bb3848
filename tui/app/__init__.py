"""The Textual app: the only part of Glossator that imports ``textual``."""

from __future__ import annotations

import sys

from tui.workspace import Workspace


def run_app(workspace: Workspace) -> int:
    print(
        "The Glossator app is not built yet. Meanwhile use: glossator search QUERY, "
        "glossator index, glossator stats, glossator check, glossator add FILE",
        file=sys.stderr,
    )
    return 1
