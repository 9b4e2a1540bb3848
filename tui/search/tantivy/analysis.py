"""Words as the tantivy index holds them, with their offsets: for queries, matching, snippets.

The analysers are made of tantivy's own tokenizer and filters, in the order of its
built-in ones that the schema names (``en_stem``: the simple tokenizer, which splits at
every character that is not a letter or a digit; tokens of 40 bytes or more dropped;
lowercased; the Snowball English stemmer.  ``default``: the same without the stemmer), so
the words and their character offsets are the index's own (a test compares them with the
terms the index holds for real articles).  Keys are indexed one value per term, lowercased.
Chinese: the index is given each text ``spaced`` (``tui.search.chinese``: folded, each Han
character a word of its own), and so are the analysers here, their offsets mapped back.
"""

from __future__ import annotations

import re

import tantivy

from tui.search.backend import Token
from tui.search.chinese import Unspacer, spaced
from tui.search.tantivy.schema import KEYS, NAMES, PROSE
from tui.search.wanted import Wanted, Word
from tui.text.chinese import fold, has_han

#: tantivy's built-in analysers drop tokens of this many bytes or more (``RemoveLongFilter``).
_LONGEST_TOKEN = 40
#: Whoosh's stop words: a plain word that is one of them is left out of a query in prose
#: fields, as on Whoosh (``whoosh.analysis.STOP_WORDS``; copied, as only
#: ``tui.search.whoosh`` imports Whoosh).  They are indexed all the same: a phrase keeps
#: their places, and a phrase of stop words only is found.
STOP_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "have",
        "if",
        "in",
        "is",
        "it",
        "may",
        "not",
        "of",
        "on",
        "or",
        "tbd",
        "that",
        "the",
        "this",
        "to",
        "us",
        "we",
        "when",
        "will",
        "with",
        "yet",
        "you",
        "your",
    }
)
_KEY = re.compile(r"\S+")


def _analyser(tokenizer: tantivy.Tokenizer, *, stem: bool) -> tantivy.TextAnalyzer:
    builder = (
        tantivy.TextAnalyzerBuilder(tokenizer)
        .filter(tantivy.Filter.remove_long(_LONGEST_TOKEN))
        .filter(tantivy.Filter.lowercase())
    )
    return (builder.filter(tantivy.Filter.stemmer("english")) if stem else builder).build()


#: Per analyser of the schema: the one that splits a text into words.
_WORDS = {
    PROSE: _analyser(tantivy.Tokenizer.simple(), stem=True),
    NAMES: _analyser(tantivy.Tokenizer.simple(), stem=False),
}
#: Per analyser of the schema: the one that takes a whole text as one word (for patterns).
_WHOLE = {
    PROSE: _analyser(tantivy.Tokenizer.raw(), stem=True),
    NAMES: _analyser(tantivy.Tokenizer.raw(), stem=False),
}


def _tokens(kind: str, text: str) -> list[tuple[int, int, str, int]]:
    """(start, end, word, position) of the words of ``text`` in a field of this analyser."""
    tokens = _WORDS[kind].pre_tokenize(spaced(text)).tokens
    if not has_han(text):  # folding keeps every offset; only Han characters are spaced
        return [(t.char_offset_from, t.char_offset_to, t.text, t.position) for t in tokens]
    unspacer = Unspacer(text)
    return [(*unspacer.span(t.char_offset_from, t.char_offset_to), t.text, t.position) for t in tokens]


def analyse(kind: str, text: str) -> list[Token]:
    """``text`` as a field of this analyser (``PROSE``, ``NAMES`` or ``KEYS``) is indexed."""
    if kind == KEYS:
        return [Token(match.group().lower(), match.start(), match.end()) for match in _KEY.finditer(text)]
    return [Token(word, start, end) for start, end, word, _ in _tokens(kind, text)]


def prose_matches(text: str, wanted: Wanted) -> list[Word]:
    """(start, end, word) of what ``wanted`` looks for in ``text`` as prose (snippets).

    Twenty hits a search, each a whole article: without Chinese (no rows of words, no
    offsets to map back), each token's word is tested before its offsets are even read.
    """
    if not wanted.rows and not has_han(text):
        test = wanted.word_test
        tokens = _WORDS[PROSE].pre_tokenize(spaced(text)).tokens
        return [(t.char_offset_from, t.char_offset_to, word) for t in tokens if test(word := t.text)]
    return wanted.find([(start, end, word) for start, end, word, _ in _tokens(PROSE, text)])


def positioned(kind: str, text: str) -> list[tuple[int, str]]:
    """The words of ``text`` with their positions, counted from the first: for phrases,
    whose words keep the gaps that dropped (too long) tokens leave in the index."""
    if kind == KEYS:
        return list(enumerate(token.word for token in analyse(kind, text)))
    tokens = _tokens(kind, text)
    return [(position - tokens[0][3], word) for _, _, word, position in tokens]


def phrase_words(kind: str, text: str) -> list[tuple[int, str]]:
    """The words a "phrase" looks for, with their positions counted from the first.

    In prose, stop words are left out as on Whoosh (``"the rust belt"`` finds "China's rust
    belt"), their places kept (``"bank of china"``: bank, any one word, china); a phrase of
    stop words only keeps them all (they are indexed: tantivy can find it, Whoosh cannot).
    """
    words = positioned(kind, text)
    kept = [(position, word) for position, word in words if word not in STOP_WORDS] if kind == PROSE else []
    return [(position - kept[0][0], word) for position, word in kept] if kept else words


def query_words(kind: str, text: str) -> list[str]:
    """The words a plain word or 'quoted term' looks for: stop words left out of prose."""
    words = [token.word for token in analyse(kind, text)]
    return [word for word in words if word not in STOP_WORDS] if kind == PROSE else words


def whole_word(kind: str, text: str) -> str:
    """``text`` analysed as one word (lowercased, stemmed in prose), as Whoosh analyses
    the text of a wildcard; lowercased only if the analyser drops it (too long)."""
    if kind == KEYS:
        return text.lower()
    words = _WHOLE[kind].analyze(fold(text))
    return words[0] if words else fold(text).lower()
