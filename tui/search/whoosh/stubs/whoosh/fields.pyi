from collections.abc import ItemsView, Iterator
from typing import Any

from whoosh.analysis import Analyzer

class FieldType:
    analyzer: Analyzer
    format: Any  # whoosh.formats.Format: supports("positions")
    stored: bool
    def process_text(self, qstring: str, mode: str = ..., **kwargs: Any) -> Iterator[str]: ...
    def to_bytes(self, value: Any) -> bytes: ...

class TEXT(FieldType):
    def __init__(
        self,
        analyzer: Analyzer | None = ...,
        phrase: bool = ...,
        chars: bool = ...,
        stored: bool = ...,
        field_boost: float = ...,
    ) -> None: ...

class ID(FieldType):
    def __init__(self, stored: bool = ..., unique: bool = ..., sortable: bool = ...) -> None: ...

class KEYWORD(FieldType):
    def __init__(self, stored: bool = ..., lowercase: bool = ..., commas: bool = ...) -> None: ...

class NUMERIC(FieldType):
    def __init__(self, sortable: bool = ..., bits: int = ..., stored: bool = ...) -> None: ...

class STORED(FieldType):
    def __init__(self) -> None: ...

class DATETIME(FieldType):
    def __init__(self, stored: bool = ..., sortable: bool = ...) -> None: ...

class Schema:
    def __init__(self, **fields: FieldType) -> None: ...
    def __getitem__(self, name: str) -> FieldType: ...
    def __iter__(self) -> Iterator[str]: ...
    def items(self) -> ItemsView[str, FieldType]: ...
