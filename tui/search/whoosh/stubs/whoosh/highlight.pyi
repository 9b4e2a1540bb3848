from collections.abc import Sequence
from typing import Any

from whoosh.analysis import Token
from whoosh.searching import Hit

class Fragment:
    startchar: int
    endchar: int
    matches: list[Token]

class Formatter:
    def format(self, fragments: Sequence[Fragment], replace: bool = ...) -> Any: ...

class Fragmenter:
    def fragment_matches(self, text: str, matched_tokens: Sequence[Token]) -> list[Fragment]: ...

class PinpointFragmenter(Fragmenter):
    def __init__(
        self, maxchars: int = ..., surround: int = ..., autotrim: bool = ..., charlimit: int | None = ...
    ) -> None: ...

class FragmentScorer: ...

def FIRST(fragment: Fragment) -> int: ...
def top_fragments(
    fragments: Sequence[Fragment], count: int, scorer: FragmentScorer, order: Any, minscore: int = ...
) -> list[Fragment]: ...

class Highlighter:
    fragmenter: Fragmenter
    formatter: Formatter
    scorer: FragmentScorer
    order: Any
    def __init__(
        self, fragmenter: Fragmenter = ..., formatter: Formatter = ..., order: Any = ...
    ) -> None: ...
    def highlight_hit(self, hitobj: Hit, fieldname: str, text: str | None = ..., top: int = ...) -> Any: ...
