"""One article's manifest entry looked up in the file, without reading the other rows.

A save, or a command the file watcher tells which few articles changed, needs the entries
of those articles only; building a million entries to look up one takes seconds and half
a gigabyte.  The manifest has one row a line, in the order of the article ids
(``write_manifest``), so a row is found by bisection in the file mapped into memory:
twenty lines looked at in a million.  The journal's changes, and this process's own, lie
on top of what the file says; the whole manifest is read only when a sync must compare
every file.
"""

from __future__ import annotations

import json
import mmap
from pathlib import Path

from tui.errors import GlossatorError
from tui.search.errors import DamagedIndexError
from tui.search.manifest import HEADER_BYTES, Entry, Manifest, apply_changes, parse_header, row_entry
from tui.workspace.layout import Workspace


class ManifestRows:
    """The rows of a manifest file, looked up by article id (the file stays mapped until ``close``)."""

    def __init__(self, data: mmap.mmap, start: int) -> None:
        self._data = data
        self._start = start
        #: The rows end where ``]}`` closes the document, after the last row's newline.
        self._end = data.rfind(b"\n]}") + 1
        if self._end < start:
            raise DamagedIndexError("the index manifest is damaged")

    def get(self, article_id: str) -> Entry | None:
        """The entry of ``article_id``; None if the manifest has no row for it."""
        data, low, high = self._data, self._start, self._end
        while low < high:  # [low, high) holds whole lines, each ending with a newline
            middle = (low + high) // 2
            before = data.rfind(b"\n", low, middle)
            start = low if before == -1 else before + 1
            end = data.find(b"\n", middle, high)
            if end == -1:
                raise DamagedIndexError("the index manifest is damaged")
            line = data[start:end]
            try:
                found, entry = row_entry(json.loads(line.rstrip(b",")))
            except ValueError as error:
                raise DamagedIndexError("the index manifest is damaged") from error
            if found == article_id:
                return entry
            if found < article_id:
                low = end + 1
            else:
                high = start
        return None

    def close(self) -> None:
        self._data.close()


class LookedUp:
    """The manifest as a command that changes a few articles sees it: their rows looked up in
    the file, under the journal's changes and its own (None: no longer indexed).

    Every change made here is also appended to the journal (or put on the whole manifest
    when a sync reads it first: ``apply_to``).
    """

    def __init__(self, rows: ManifestRows, changes: dict[str, Entry | None]) -> None:
        self._rows = rows
        self._changes = changes

    def get(self, article_id: str) -> Entry | None:
        if article_id in self._changes:
            return self._changes[article_id]
        return self._rows.get(article_id)

    def __contains__(self, article_id: object) -> bool:
        return isinstance(article_id, str) and self.get(article_id) is not None

    def __setitem__(self, article_id: str, entry: Entry) -> None:
        self._changes[article_id] = entry

    def pop(self, article_id: str, default: None = None) -> Entry | None:
        entry = self.get(article_id)
        self._changes[article_id] = None
        return entry if entry is not None else default

    def apply_to(self, manifest: Manifest) -> None:
        """Put the changes on the whole manifest, once it is read."""
        apply_changes(manifest, self._changes)

    def close(self) -> None:
        self._rows.close()


def open_rows(workspace: Workspace, path: Path, fingerprint: str) -> ManifestRows:
    """The rows of the manifest at ``path``; ``DamagedIndexError`` if it cannot be used so."""
    try:
        data = workspace.map(path)
    except (OSError, ValueError, GlossatorError) as error:
        raise DamagedIndexError("the index manifest is unreadable") from error
    try:
        header = parse_header(data[:HEADER_BYTES], fingerprint)
        if header is None:
            raise DamagedIndexError("the index manifest has no header")
        return ManifestRows(data, header[1])
    except BaseException:
        data.close()
        raise
