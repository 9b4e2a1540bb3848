"""Folder stamps, so a sync can look only into the folders that changed.

A folder's modification time changes when a file is added, removed or renamed in it
(``git checkout``, ``git pull``, editors that save by renaming), not when a file is
rewritten in place.  A quick sync trusts the stamps of the files in an unchanged folder,
so costs one ``stat`` a folder instead of one a file (150,000 articles in a few
folders); it is for opening the app, which then runs a full sync in the background and
watches the files.  Everything else syncs fully.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.errors import GlossatorError
from tui.search.manifest import Stamp
from tui.workspace.fileio import write_atomic
from tui.workspace.layout import Skipped, Workspace


@dataclass(frozen=True)
class FolderRecord:
    mtime_ns: int
    #: The names of its subfolders (not links), each ending in "/".
    subfolders: tuple[str, ...]


#: By the id prefix of the folder ("" for the top one, "bbc/" for corpus/bbc).
Folders = dict[str, FolderRecord]


def walk(
    workspace: Workspace,
    folder: Path,
    suffix: str,
    skipped: list[Skipped],
    recorded: Folders | None = None,
) -> tuple[dict[str, Stamp], Folders, set[str]]:
    """{id: stamp} of the files in the folders listed, every folder's record as of now, and
    the prefixes of the folders listed.

    With ``recorded``, a folder whose modification time is the recorded one is not listed
    (its subfolders still are looked at).  Without, every folder is listed and every
    file's stamp read (what ``Workspace.scan`` gives).
    """
    stamps: dict[str, Stamp] = {}
    folders: Folders = {}
    listed: set[str] = set()
    if workspace.linked_out(folder, skipped):
        return stamps, folders, listed
    stack = [("", str(folder))]
    while stack:
        prefix, path = stack.pop()
        try:
            mtime = os.stat(path).st_mtime_ns  # before listing: a change meanwhile shows next time
        except OSError:
            continue
        record = recorded.get(prefix) if recorded is not None else None
        if record is not None and record.mtime_ns == mtime:
            folders[prefix] = record
            stack.extend((prefix + name, os.path.join(path, name[:-1])) for name in record.subfolders)
            continue
        listed.add(prefix)
        files, subfolders = workspace.scan_one(prefix, path, suffix, skipped)
        for item_id, entry in files:
            try:
                info = entry.stat()
            except OSError:
                continue  # removed since the folder was listed
            stamps[item_id] = (info.st_size, info.st_mtime_ns)
        folders[prefix] = FolderRecord(mtime, tuple(sub[len(prefix) :] for sub, _ in subfolders))
        stack.extend(subfolders)
    return stamps, folders, listed


def folder_of(article_id: str) -> str:
    """The id prefix of the folder an article's files are in ("" or "bbc/")."""
    return article_id[: article_id.rfind("/") + 1]


def load_folders(workspace: Workspace, path: Path, fingerprint: str) -> dict[str, Folders] | None:
    """The records of ``corpus`` and ``annotations`` last written; None if none can be used."""
    try:
        data = json.loads(workspace.read(path))
        if data.get("schema") != fingerprint:
            return None
        return {
            name: {
                prefix: FolderRecord(int(mtime), tuple(map(str, subs)))
                for prefix, (mtime, subs) in data[name].items()
            }
            for name in ("corpus", "annotations")
        }
    except (OSError, GlossatorError, ValueError, TypeError, KeyError, AttributeError):
        return None  # a quick sync then lists every folder, which writes them again


def save_folders(path: Path, folders: dict[str, Folders], fingerprint: str) -> None:
    payload: dict[str, Any] = {"schema": fingerprint}
    for name, records in folders.items():
        payload[name] = {prefix: [r.mtime_ns, list(r.subfolders)] for prefix, r in sorted(records.items())}
    write_atomic(path, json.dumps(payload, separators=(",", ":")).encode(), durable=False)
