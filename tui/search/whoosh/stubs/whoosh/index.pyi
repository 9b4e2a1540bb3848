from typing import Any

from whoosh.codec.base import Segment
from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import IndexWriter

class LockError(Exception): ...

class TOC:
    schema: Schema
    generation: int
    segments: list[Segment]

class Index:
    def writer(self, **kwargs: Any) -> IndexWriter: ...
    def latest_generation(self) -> int: ...
    def close(self) -> None: ...

class FileIndex(Index):
    storage: FileStorage
    def _read_toc(self) -> TOC: ...

def create_in(dirname: str, schema: Schema, indexname: str | None = ...) -> FileIndex: ...
def open_dir(
    dirname: str, indexname: str | None = ..., readonly: bool = ..., schema: Schema | None = ...
) -> FileIndex: ...
