"""The manifest: what each indexed article's document was built from, and its journal.

For every indexed article, the size, modification time and sha256 of its text file and of
its annotation file.  Syncing compares it with the files and re-indexes only what changed.
It is written only after a successful commit, so a crash between the two makes the next
sync redo some work, never skip it.  A save appends one line to the journal instead of
rewriting every entry (55 ms at 15,000 articles); the journal is folded in from time to time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.errors import GlossatorError
from tui.search.errors import DamagedIndexError
from tui.workspace.fileio import write_atomic
from tui.workspace.layout import Workspace

Stamp = tuple[int, int]  # (size, mtime_ns)
#: The sha256 recorded for an annotation file that could not be read: retried at every sync.
UNREAD = ""
#: A journal longer than this is folded into the manifest when the index opens.
MAX_JOURNAL_LINES = 1000
#: How a manifest begins: its schema and how many articles it lists, read without the rest.
_HEADER = re.compile(rb'\{"schema":("[\x20-\x7e]{1,200}?"),"count":(\d{1,12}),"articles":\[\n')
#: Enough of the file for any header.
HEADER_BYTES = 512
#: The manifest of a million articles takes 150 MB: more than any other file Glossator
#: reads (``MAX_FILE_BYTES``), and still its own cache, inside ``.glossator/``.
MAX_MANIFEST_BYTES = 1 << 34


@dataclass(slots=True)
class Entry:
    """What one article's document was built from: its text file and its annotation file."""

    text: tuple[int, int, str]  # size, mtime_ns, sha256
    notes: tuple[int, int, str] | None  # the same for the annotation file, None if none


Manifest = dict[str, Entry]


def stat_stamp(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


def sha256_of(workspace: Workspace, path: Path) -> str:
    return hashlib.sha256(workspace.read(path)).hexdigest()


def _file_stamp(value: Any) -> tuple[int, int, str]:
    if (
        isinstance(value, list | tuple)
        and len(value) == 3
        and all(isinstance(part, int) and not isinstance(part, bool) for part in value[:2])
        and isinstance(value[2], str)
    ):
        return (value[0], value[1], value[2])
    raise ValueError(f"not a file stamp: {value!r}")


def entry_from_json(data: Any) -> Entry:
    """An entry from JSON; ValueError for any other shape (the index is then rebuilt)."""
    if not isinstance(data, dict):
        raise ValueError(f"not a manifest entry: {data!r}")
    notes = data.get("notes")
    return Entry(_file_stamp(data.get("text")), _file_stamp(notes) if notes is not None else None)


def entry_json(entry: Entry) -> dict[str, Any]:
    return {"text": list(entry.text), "notes": list(entry.notes) if entry.notes else None}


def load_manifest(workspace: Workspace, path: Path, fingerprint: str) -> Manifest:
    """The manifest of a build; ``DamagedIndexError`` if it is missing, damaged or of another schema.

    One row an article, ``[id, size, mtime, sha256, size, mtime, sha256]`` (the last three
    null without an annotation file): 150,000 entries load in a fraction of a second.
    Only the shape is checked; a value of the wrong type never equals a file's stamp, so
    that article is indexed again.
    """
    try:
        payload = json.loads(workspace.read(path, limit=MAX_MANIFEST_BYTES))
    except FileNotFoundError as error:
        raise DamagedIndexError("the index is damaged") from error
    except (OSError, GlossatorError, ValueError) as error:
        raise DamagedIndexError("the index manifest is unreadable") from error
    if not isinstance(payload, dict) or payload.get("schema") != fingerprint:
        raise DamagedIndexError("the tag set or the index format changed")
    rows = payload.get("articles")
    if not isinstance(rows, list):
        raise DamagedIndexError("the index manifest is damaged")
    return dict(row_entry(row) for row in rows)


def row_entry(row: Any) -> tuple[str, Entry]:
    """An article id and its entry from a manifest row; ``DamagedIndexError`` for another shape."""
    if type(row) is not list or len(row) != 7 or type(row[0]) is not str:
        raise DamagedIndexError("the index manifest is damaged")
    article_id, size, mtime, sha, note_size, note_mtime, note_sha = row
    notes = None if note_size is None else (note_size, note_mtime, note_sha)
    return article_id, Entry((size, mtime, sha), notes)


def manifest_count(workspace: Workspace, path: Path, fingerprint: str) -> int | None:
    """How many articles the manifest lists, from its first bytes, without reading the rest.

    A command that the file watcher tells nothing changed needs no more (reading a
    million rows takes seconds; one article's row is looked up by ``ManifestRows``).
    ``DamagedIndexError`` if it is missing or of another schema; None if its beginning is
    not a header (an older manifest: read it whole).
    """
    try:
        head = workspace.read(path, first=HEADER_BYTES)
    except FileNotFoundError as error:
        raise DamagedIndexError("the index is damaged") from error
    except (OSError, GlossatorError) as error:
        raise DamagedIndexError("the index manifest is unreadable") from error
    header = parse_header(head, fingerprint)
    return None if header is None else header[0]


def parse_header(head: bytes, fingerprint: str) -> tuple[int, int] | None:
    """The article count and where the rows start, from a manifest's first bytes; None if it
    has no header; ``DamagedIndexError`` if it is of another schema."""
    found = _HEADER.match(head)
    if found is None:
        return None
    if json.loads(found[1]) != fingerprint:
        raise DamagedIndexError("the tag set or the index format changed")
    return int(found[2]), found.end()


def write_manifest(path: Path, manifest: Manifest, fingerprint: str) -> None:
    """Write the manifest: the schema and count first (``manifest_count`` reads them alone),
    then a row a line in the order of the ids (``ManifestRows`` looks one up by bisection)."""
    # A cache: no fsync (a lost manifest only means a rebuild).
    write_atomic(path, _manifest_lines(manifest, fingerprint), durable=False)


def _manifest_lines(manifest: Manifest, fingerprint: str) -> Iterator[bytes]:
    """The manifest's text a line at a time (150 MB for a million articles, never whole)."""
    header = json.dumps({"schema": fingerprint, "count": len(manifest)}, separators=(",", ":"))[:-1]
    yield f'{header},"articles":[\n'.encode()
    last = len(manifest) - 1
    for number, article_id in enumerate(sorted(manifest)):
        entry = manifest[article_id]
        row = json.dumps([article_id, *entry.text, *(entry.notes or (None,) * 3)], separators=(",", ":"))
        yield f"{row}{',' if number < last else ''}\n".encode()
    yield b"]}"


def append_journal(path: Path, article_id: str, entry: Entry | None) -> bool:
    """Record one article's new state by appending a line; False if it cannot be appended."""
    line = json.dumps({"id": article_id, "entry": entry_json(entry) if entry else None}) + "\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as journal:
            journal.write(line)
    except OSError:
        return False
    return True


def replay_journal(workspace: Workspace, path: Path, manifest: Manifest) -> int:
    """Apply the journal to the manifest just read; the number of lines it had."""
    changes, lines = read_journal(workspace, path)
    apply_changes(manifest, changes)
    return lines


def apply_changes(manifest: Manifest, changes: dict[str, Entry | None]) -> None:
    """Each article's new entry, or its removal (None), put on ``manifest``."""
    for article_id, entry in changes.items():
        if entry is None:
            manifest.pop(article_id, None)
        else:
            manifest[article_id] = entry


def read_journal(workspace: Workspace, path: Path) -> tuple[dict[str, Entry | None], int]:
    """Each article's last state in the journal (None: no longer indexed), and its line count."""
    try:
        data = workspace.read(path)
    except FileNotFoundError:
        return {}, 0
    except (OSError, GlossatorError) as error:
        raise DamagedIndexError("the index journal is unreadable") from error
    lines = data.decode("utf-8", errors="replace").splitlines()
    changes: dict[str, Entry | None] = {}
    for line in lines:
        try:
            record = json.loads(line)
            article_id = record["id"]
            if not isinstance(article_id, str):
                continue
            changes[article_id] = entry_from_json(record["entry"]) if record.get("entry") else None
        except (ValueError, TypeError, KeyError):
            continue  # a line cut short by a crash: the next sync re-checks that file
    return changes, len(lines)


def remove_journal(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
