"""The Textual app: the only part of Glossator that imports ``textual``."""

from __future__ import annotations

from tui.workspace import Workspace


def run_app(workspace: Workspace) -> int:
    """Open the app on ``workspace`` (Textual is imported only now, to keep the CLI fast)."""
    from tui.app.app import GlossatorApp

    app = GlossatorApp(workspace)
    app.run()
    # Non-zero when the app stopped on an error, so a shell or script can tell.
    return app.return_code or 0
