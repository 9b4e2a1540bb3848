"""Fetching a page the user named by its address, politely and within limits.

One request at a time (so never two at once to one site), a timeout, a size limit read as
the bytes arrive (a server's Content-Length may lie), only http and https, and a user
agent that says what is asking so a site's operators know.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from tui import __version__
from tui.intake.incoming import Problem
from tui.workspace.layout import MAX_FILE_BYTES

USER_AGENT = (
    f"Glossator/{__version__} (a news corpus reader and annotator; fetches only the pages its user names)"
)
#: Seconds to wait for a connection or for the next bytes of an answer.
TIMEOUT = 30.0
#: Pages are read up to this many bytes.
MAX_PAGE_BYTES = MAX_FILE_BYTES
#: What a page may be served as.
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
CHUNK = 1 << 16


@dataclass(frozen=True)
class Fetched:
    """A page's bytes, the address it was finally served from and the charset the server named."""

    data: bytes
    url: str
    charset: str
    content_type: str


def fetch(url: str, *, timeout: float = TIMEOUT, limit: int = MAX_PAGE_BYTES) -> Fetched:
    """The page at ``url``; ``Problem`` if it cannot be had (with the reason, as a user reads it)."""
    if not url.startswith(("http://", "https://")):
        raise Problem(url, "only http:// and https:// addresses are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ", ".join(PAGE_TYPES)})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            content_type = answer.headers.get_content_type()
            if content_type not in PAGE_TYPES:
                raise Problem(url, f"is not a web page (the server sent {content_type})")
            data = _read_bounded(answer, limit, url)
            return Fetched(data, answer.geturl(), answer.headers.get_content_charset() or "", content_type)
    except urllib.error.HTTPError as error:
        raise Problem(url, f"the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, socket.timeout | TimeoutError):
            raise Problem(url, f"no answer within {timeout:g} seconds") from None
        raise Problem(url, f"cannot be fetched: {getattr(reason, 'strerror', None) or reason}") from None
    except TimeoutError:
        raise Problem(url, f"no answer within {timeout:g} seconds") from None
    except (OSError, ValueError) as error:
        raise Problem(url, f"cannot be fetched: {error}") from None


class _Answer(Protocol):
    def read(self, amount: int, /) -> bytes: ...


def _read_bounded(answer: _Answer, limit: int, url: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := answer.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise Problem(url, f"is too big (more than {limit:,} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)
