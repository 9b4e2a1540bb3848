"""The one exception type that means "the user can fix this": shown as a message, no traceback."""


class GlossatorError(Exception):
    """A problem to report to the user in one line; every expected failure derives from it."""
