"""What a query looks for in a field, and where the words of a text hold it.

For the snippets' marks, the viewer's marks and the annotations a hit lists.  A query's
words are looked for one by one, as the engines find them; a word or phrase that holds
Chinese is looked for as a row of words (each Han character is a word of its own,
``tui.search.chinese``), as the engines look for it: marking each of its characters
wherever it occurs would mark half the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from tui.text.chinese import has_han

WordTest = Callable[[str], bool]
#: A word of a text as analysed: (start, end, word).
Word = tuple[int, int, str]


@dataclass(frozen=True)
class Wanted:
    """Tests of single words, and rows of words wanted next to each other."""

    tests: tuple[WordTest, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.tests or self.rows)

    def accepts(self, word: str) -> bool:
        """Whether ``word`` alone is wanted (a key such as a tag or a status)."""
        return self.word_test(word) or (word,) in self.rows

    @cached_property
    def word_test(self) -> WordTest:
        """Whether a word is wanted on its own: one call a word of a text, so the usual single
        test is itself, not a generator over the tests."""
        tests = self.tests
        if len(tests) == 1:
            return tests[0]
        return lambda word: any(test(word) for test in tests)

    def find(self, words: Sequence[Word]) -> list[Word]:
        """The wanted words of ``words`` (a text's, in order), and each wanted row as one
        (start of its first word, end of its last, its words joined), in text order."""
        test = self.word_test
        found = [word for word in words if test(word[2])]
        if self.rows:
            texts = [word for _, _, word in words]
            for row in self.rows:
                size = len(row)
                found.extend(
                    (words[index][0], words[index + size - 1][1], "".join(row))
                    for index, text in enumerate(texts)
                    if text == row[0] and tuple(texts[index : index + size]) == row
                )
            found.sort()
        return found


def leaf_wanted(text: str, words: Sequence[str]) -> Wanted:
    """What a word or phrase of a query (``text``, analysed into ``words``) looks for: each
    of its words, or all of them in a row if it holds Chinese."""
    if not words:
        return Wanted()
    if has_han(text):
        return Wanted(rows=(tuple(words),))
    return Wanted(tests=(frozenset(words).__contains__,))


def joined(parts: Iterable[Wanted]) -> Wanted:
    """What any of ``parts`` looks for."""
    parts = list(parts)
    return Wanted(
        tuple(test for part in parts for test in part.tests),
        tuple(dict.fromkeys(row for part in parts for row in part.rows)),
    )
