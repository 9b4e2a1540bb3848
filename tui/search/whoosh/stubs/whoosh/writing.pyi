from collections.abc import Callable
from typing import Any

from whoosh.codec.base import Segment
from whoosh.reading import IndexReader

class IndexWriter:
    generation: int
    segments: list[Segment]
    def add_document(self, **fields: Any) -> None: ...
    def add_reader(self, reader: IndexReader) -> None: ...
    def delete_document(self, docnum: int, delete: bool = ...) -> None: ...
    def delete_by_term(self, fieldname: str, text: str, searcher: Any = ...) -> int: ...
    def commit(
        self,
        mergetype: Callable[[IndexWriter, list[Segment]], list[Segment]] | None = ...,
        optimize: bool = ...,
        merge: bool = ...,
    ) -> None: ...
    def cancel(self) -> None: ...
