"""A worker process: ``python -m tui.search.whoosh.worker build`` or ``... merge``.

``build`` indexes the batches of articles it is sent into a side index of its own;
``merge`` merges segments aside (see ``tui.search.whoosh.merges``).
"""

from __future__ import annotations

import contextlib
import pickle
import sys
from typing import Any

from whoosh import index

from tui.annotations.store import AnnotationStore
from tui.search.documents import prepare
from tui.search.manifest import entry_json
from tui.search.whoosh.merges import merge_aside
from tui.search.whoosh.schema import schema_for, whoosh_fields
from tui.search.whoosh.workers import die_with_parent, receive, send
from tui.workspace.layout import Skipped, Workspace

#: Memory each build worker's Whoosh writer may use before it writes sorted runs to disk.
BUILD_LIMIT_MB = 256


def serve_build() -> None:
    """Reads (workspace root, side folder, tags), then batches of (id, text stamp, note stamp);
    answers each with ("batch", count, manifest entries, skipped files); at ("finish",)
    commits and answers ("built", segments).  At the end of its input without "finish"
    (the parent stopped or died) it exits without committing.
    """
    die_with_parent()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        root, side, tags = receive(stdin)
        workspace = Workspace.open(root)  # as the parent opened it (the same corpus choice)
        store = AnnotationStore(workspace)
        ix = index.create_in(side, schema_for(tuple(tags)))
        writer = ix.writer(compound=False, limitmb=BUILD_LIMIT_MB)
        while True:
            batch = receive(stdin)
            if batch == ("finish",):
                break
            entries: dict[str, dict[str, Any]] = {}
            skipped: list[Skipped] = []
            for article_id, text_stamp, note_stamp in batch:
                document, entry, problems = prepare(workspace, store, article_id, text_stamp, note_stamp)
                skipped += problems
                if document is not None and entry is not None:
                    writer.add_document(**whoosh_fields(document))
                    entries[article_id] = entry_json(entry)
            send(stdout, ("batch", len(batch), entries, skipped))
        writer.commit(merge=False)
        send(stdout, ("built", ix._read_toc().segments))
    except (EOFError, BrokenPipeError):
        return
    except Exception as error:  # reported to the parent, which stops the build
        with contextlib.suppress(OSError):
            send(stdout, ("failed", f"{type(error).__name__}: {error}"))


def serve_merges() -> None:
    """Merge requests from stdin, one at a time, results to stdout, until the input ends."""
    while True:
        try:
            index_folder, segments, folder, tags = pickle.load(sys.stdin.buffer)
        except EOFError:
            return  # the parent closed the pipe or exited
        try:
            result = ("merged", merge_aside(index_folder, segments, folder, schema_for(tuple(tags))))
        except Exception as error:  # reported to the parent, which abandons that merge
            result = ("failed", f"{type(error).__name__}: {error}")
        pickle.dump(result, sys.stdout.buffer)
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    {"build": serve_build, "merge": serve_merges}[sys.argv[1]]()
