"""A session: the rules of one person's work on a workspace while the app runs, without any UI.

The app (``tui.app``) drives a ``Session``: it runs the session's slow methods in workers and
shows what they return.  See ``tui.session.session`` for the parts.
"""

from tui.session.batches import Undone
from tui.session.editors import Reread, Taken
from tui.session.saving import Saved
from tui.session.session import RESULT_LIMIT, FilesChanged, Opened, Session, TagSetChanged

__all__ = [
    "RESULT_LIMIT",
    "FilesChanged",
    "Opened",
    "Reread",
    "Saved",
    "Session",
    "TagSetChanged",
    "Taken",
    "Undone",
]
