"""What can go wrong with the search index, each said in one line for the user."""

from tui.errors import GlossatorError


class QueryError(GlossatorError):
    """A query the parser cannot make sense of; the message is one line for the user."""


class IndexBusyError(GlossatorError):
    """Another process holds the index's write lock for longer than the timeout."""


class IndexBuildingError(IndexBusyError):
    """There is no index to use yet and another process is building it."""


class BuildStoppedError(GlossatorError):
    """``close()`` was called while a build or sync ran: it stopped, the old index is unchanged."""


class IndexWriteError(GlossatorError):
    """The cache folder cannot be written (read-only, full disk, a folder in a file's place)."""


class DamagedIndexError(Exception):
    """The cache is not of the shape Glossator makes: the reason it must be rebuilt.

    Internal: the coordinator answers it with a build, users never see it.
    """


def reason(error: BaseException) -> str:
    """Why a file could not be read or written, in a few words."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
