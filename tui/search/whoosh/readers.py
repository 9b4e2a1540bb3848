"""Segment readers that outlive a commit, so a searcher after a save costs little.

Whoosh's ``searcher.refresh()`` after ``update_document()`` + ``commit()`` also returns the
old copies of edited documents (it keeps readers of merged-away segments and misses new
deletions): searchers are reopened here instead, reusing only what cannot have changed.
"""

from __future__ import annotations

import copy

from whoosh.codec.base import Segment
from whoosh.index import FileIndex
from whoosh.reading import EmptyReader, IndexReader, MultiReader, SegmentReader
from whoosh.searching import Searcher


class SegmentReaders:
    """The open readers of the index's segments, kept from one commit to the next.

    Opening a segment's terms reader reads its whole term index (about 8 ms for a big
    segment), and a save changes little: it adds a one-document segment and marks the old
    document deleted in another.  A segment's files never change once written; only its
    deletions, which the commit's table of contents holds, do.  So a new searcher reuses the
    reader of every segment it had, gives the terms reader of a segment with new deletions
    to a fresh reader of its deletions, and opens only the new segments.
    """

    def __init__(self) -> None:
        self._open: dict[str, SegmentReader] = {}

    def searcher(self, ix: FileIndex) -> Searcher:
        """A searcher of the latest commit of ``ix``; the previous searcher must not be used again."""
        toc = ix._read_toc()
        previous, self._open = self._open, {}
        try:
            for segment in toc.segments:
                reader = previous.pop(segment.segment_id(), None)
                self._open[segment.segment_id()] = (
                    SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
                    if reader is None
                    else _with_deletions_of(reader, segment)
                )
        finally:
            for reader in previous.values():
                reader.close()
        readers: list[IndexReader] = list(self._open.values())
        whole = MultiReader(readers, generation=toc.generation) if readers else EmptyReader(toc.schema)
        return Searcher(whole, fromindex=ix, closereader=False)

    def segment_ids(self) -> list[str]:
        return list(self._open)

    def segments(self) -> list[Segment]:
        return [reader.segment() for reader in self._open.values()]

    def close(self) -> None:
        for reader in self._open.values():
            reader.close()
        self._open = {}


def _with_deletions_of(reader: SegmentReader, segment: Segment) -> SegmentReader:
    """``reader`` if ``segment`` (the same one, as of a later commit) has no new deletions;
    else a reader of those deletions that takes over its terms reader."""
    if set(reader.segment().deleted_docs()) == set(segment.deleted_docs()):
        return reader
    successor = copy.copy(reader)
    successor.__dict__.pop("deleted_docs_set", None)  # a cached property of the old deletions
    successor._segment = segment
    successor._perdoc = reader.codec().per_document_reader(reader.storage(), segment)
    reader._perdoc.close()
    return successor
