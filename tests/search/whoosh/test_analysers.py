"""The Whoosh analysers with Chinese: English analysed exactly as by Whoosh's own analysers,
Chinese split into characters and pairs, with their places and offsets."""

from __future__ import annotations

from typing import Any

from whoosh.analysis import STOP_WORDS, StandardAnalyzer, StemmingAnalyzer

from tui.search.whoosh.chinese import stemming_analyser, word_analyser

ENGLISH = (
    "The U.S. bank of China, a 5 x 10 test: running investors in Harbin's rust-belt, e.g. café "
    "naïve I/O co-operation O'Brien's e-mail 16.5 million yuan ($2.53 million) Ελληνικά ÖKONOMIE"
)


def tokens(analyser: Any, text: str, **options: object) -> list[tuple[str, int, int, int]]:
    return [
        (token.text, token.pos, token.startchar, token.endchar)
        for token in analyser(text, positions=True, chars=True, **options)
    ]


def test_english_is_analysed_exactly_as_by_whooshs_own_analysers() -> None:
    for mode in ("index", "query"):
        for removestops in (True, False):
            options = {"mode": mode, "removestops": removestops}
            assert tokens(stemming_analyser(STOP_WORDS), ENGLISH, **options) == tokens(
                StemmingAnalyzer(), ENGLISH, **options
            )
            assert tokens(word_analyser(), ENGLISH, **options) == tokens(
                StandardAnalyzer(stoplist=None), ENGLISH, **options
            )


def test_chinese_is_characters_and_pairs_at_their_places_folded() -> None:
    assert tokens(stemming_analyser(STOP_WORDS), "投資，5家the 中") == [
        ("投", 0, 0, 1),
        ("投资", 0, 0, 2),  # folded: 資 is 资
        ("资", 1, 1, 2),
        ("5", 2, 3, 4),  # one letter, kept: it comes from Chinese text
        ("家", 3, 4, 5),
        ("中", 4, 9, 10),  # "the" left out, its place closed; no pair across it
    ]
