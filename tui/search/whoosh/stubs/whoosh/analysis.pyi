from collections.abc import Collection, Iterator
from typing import Any

class Token:
    text: str
    startchar: int
    endchar: int
    def copy(self) -> Token: ...

class Analyzer:
    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]: ...

class CompositeAnalyzer(Analyzer):
    items: list[object]

def StemmingAnalyzer() -> CompositeAnalyzer: ...
def StandardAnalyzer(stoplist: Collection[str] | None = ...) -> CompositeAnalyzer: ...
