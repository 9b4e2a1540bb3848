"""The Textual app: the only part of Glossator that imports ``textual``."""

from __future__ import annotations

from tui.workspace.layout import Workspace


def run_app(workspace: Workspace) -> int:
    """Open the app on ``workspace`` (Textual is imported only now, to keep the CLI fast).

    A ``glossator.toml`` whose tag set cannot be used stops the app before it starts, with
    the file, line and reason on stderr (exit status 1): annotating with other tags than
    the team's would write files the team's tools refuse.
    """
    import sys

    from tui.text.safe import say
    from tui.workspace.tagset import TagSetError, load_tag_set

    try:
        tag_set = load_tag_set(workspace.root)
    except TagSetError as error:
        say(f"glossator: {error}", stream=sys.stderr)
        return 1

    from tui.app.app import GlossatorApp

    app = GlossatorApp(workspace, tag_set=tag_set)
    app.run()
    # Non-zero when the app stopped on an error, so a shell or script can tell.
    return app.return_code or 0
