"""The one exception type that means "the user can fix this": shown as a message, no traceback."""


class GlossatorError(Exception):
    """A problem to report to the user in one line; every expected failure derives from it."""


def reason_of(error: OSError | GlossatorError) -> str:
    """What went wrong, for a message that names the file itself: an OSError's reason without
    the path it carries ("Permission denied"), else the message."""
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)
