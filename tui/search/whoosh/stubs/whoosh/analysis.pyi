from collections.abc import Collection, Iterator
from typing import Any

STOP_WORDS: frozenset[str]

class Token:
    text: str
    pos: int
    startchar: int
    endchar: int
    positions: bool
    chars: bool
    removestops: bool
    stopped: bool
    chinese: bool
    def __init__(self, text: str = ..., startchar: int = ..., endchar: int = ..., **kwargs: Any) -> None: ...
    def copy(self) -> Token: ...

class Composable:
    def __or__(self, other: Composable) -> CompositeAnalyzer: ...

class Analyzer(Composable):
    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]: ...

class CompositeAnalyzer(Analyzer):
    items: list[object]

class Filter(Composable):
    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]: ...

class RegexTokenizer(Composable): ...
class LowercaseFilter(Filter): ...
class StemFilter(Filter): ...

class StopFilter(Filter):
    stops: frozenset[str]
    min: int
    max: int | None
    renumber: bool
    def __init__(self, stoplist: Collection[str] = ...) -> None: ...
