"""The fast reader of annotation files gives exactly what tomllib gives, or tomllib's own error."""

from __future__ import annotations

import contextlib
import tomllib
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Literal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIRST
from tui.annotations import canonical
from tui.annotations.fileformat import render
from tui.annotations.model import ANNOTATION_KEYS, AnnotationFile, new_annotation


def typed(value: Any) -> Any:
    """A value with its type spelled out, so 1 and True, or two time zones, never compare equal."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    if isinstance(value, datetime):
        return ("datetime", value.isoformat(), repr(value.tzinfo))
    return (type(value).__name__, value)


def same_as_tomllib(source: str, blocks: canonical.Blocks | None = None) -> None:
    try:
        expected = typed(tomllib.loads(source))
    except tomllib.TOMLDecodeError as error:
        try:
            canonical.loads(source, blocks)
        except tomllib.TOMLDecodeError as raised:
            assert str(raised) == str(error)
        else:
            raise AssertionError(f"tomllib refuses {source!r} ({error}); the fast reader did not")
        return
    assert typed(canonical.loads(source, blocks)) == expected


KEYS = st.sampled_from(["id", "tag", "start", "quote", "note", "author", "created", "x-y_1"])
ODD_KEYS = st.sampled_from(["a.b", "é", '"quoted"', ""])
#: Surrogates cannot be written as UTF-8; controls need an escape in a basic string.
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
CONTROLS: tuple[Literal["Cs"], Literal["Cc"]] = ("Cs", "Cc")
STRINGS = st.text(st.characters(codec="utf-8", exclude_categories=SURROGATES), max_size=12)
#: Text that needs no escape in a basic string.
PLAIN = st.text(
    st.characters(codec="utf-8", exclude_categories=CONTROLS, exclude_characters='"\\'), max_size=6
)
ESCAPES = st.sampled_from(
    ["\\n", "\\t", '\\"', "\\\\", "\\u00e9", "\\U0001F600", "\\e", "\\x41", "\\ud800", "\\u12", "\\"]
)
#: Values as Glossator writes them, and near misses of each kind.
VALUES = st.one_of(
    STRINGS.map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.lists(st.one_of(PLAIN, ESCAPES), min_size=1, max_size=4).map(lambda parts: '"' + "".join(parts) + '"'),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["007", "+1", "1_000", "-0", "0x1F", "1.5", "true", "inf"]),
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")),
    st.sampled_from(["2026-02-30T10:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22 10:15:00Z",
                     "2026-11-22T10:15:00+01:00", "2026-11-22T10:15:00", "2026-11-22", "2026-11-22t10:15:00z"]),
)  # fmt: skip
LINES = st.one_of(
    st.tuples(KEYS, VALUES).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(["[[annotation]]", "[[progress]]", ""]),
)
#: Lines Glossator never writes: each must send the whole document to tomllib.
ODD_LINES = st.one_of(
    st.tuples(ODD_KEYS, VALUES).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.tuples(KEYS, VALUES).map(lambda kv: f"{kv[0]}={kv[1]}  # note"),
    st.tuples(KEYS, STRINGS).map(lambda kv: f"{kv[0]} = '{kv[1]}'"),
    st.sampled_from(["[annotation]", "[[ annotation ]]", "[other]", "   ", "# a comment", "annotation = 1",
                     "progress = []", "a = [1, 2]", "a = {b = 1}", "\r", 'a = """x"""']),
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(LINES, max_size=12), st.lists(ODD_LINES, max_size=1), st.integers(0, 12), st.booleans())
def test_any_document_reads_as_tomllib_reads_it(
    lines: list[str], odd: list[str], where: int, final_newline: bool
) -> None:
    lines[where:where] = odd
    same_as_tomllib("\n".join(lines) + ("\n" if final_newline else ""))


def annotation_table(lines: list[tuple[str, str]], in_order: bool, empty_line: bool) -> str:
    """An ``[[annotation]]`` table: as ``render`` lays one out when ``in_order`` (keys in its
    order, each value on its line, an empty line after), or with keys shuffled, twice, unknown."""
    if in_order:
        lines = sorted(lines, key=lambda line: (*ANNOTATION_KEYS, line[0]).index(line[0]))
    return "[[annotation]]\n" + "".join(f"{key} = {value}\n" for key, value in lines) + "\n" * empty_line


#: Tables read in one match when laid out as ``render`` writes them, and near misses of that.
TABLES = st.builds(
    annotation_table,
    st.lists(st.tuples(st.sampled_from([*ANNOTATION_KEYS, "conflict_with"]), VALUES), max_size=12),
    st.booleans(),
    st.booleans(),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(LINES, max_size=4), st.lists(TABLES | ODD_LINES.map(lambda line: line + "\n"), max_size=6),
       st.booleans())  # fmt: skip
def test_documents_of_annotation_tables_read_as_tomllib_reads_them(
    head: list[str], tables: list[str], final_newline: bool
) -> None:
    source = "".join(line + "\n" for line in head) + "".join(tables)
    same_as_tomllib(source if final_newline else source.removesuffix("\n"))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(LINES, max_size=3), min_size=1, max_size=3),
    st.lists(TABLES, min_size=1, max_size=5),
    st.lists(st.lists(st.integers(0, 4), max_size=8), min_size=1, max_size=3),
)
def test_versions_sharing_blocks_read_each_as_tomllib_reads_it(
    heads: list[list[str]], pool: list[str], picks: list[list[int]]
) -> None:
    """Versions made of the same tables, read with one ``Blocks``: each block read once, each
    version still exactly what tomllib reads (or its error), an earlier one left as it was."""
    blocks: canonical.Blocks = {}
    sources = [
        "".join(line + "\n" for line in heads[n % len(heads)]) + "".join(pool[i % len(pool)] for i in pick)
        for n, pick in enumerate(picks)
    ]
    read = []
    for source in sources:
        same_as_tomllib(source, blocks)
        with contextlib.suppress(tomllib.TOMLDecodeError):
            read.append((source, canonical.loads(source, blocks)))
    for source, document in read:
        assert typed(document) == typed(tomllib.loads(source))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(STRINGS, STRINGS, STRINGS, STRINGS), min_size=1, max_size=5))
def test_every_file_glossator_writes_is_read_without_tomllib(fields: list[tuple[str, str, str, str]]) -> None:
    base = new_annotation("Harbin funds start-ups", 0, 6, "policy", author="someone")
    annotations = tuple(
        replace(base, id=f"{n:032x}", quote=quote, prefix=prefix, note=note, author=author)
        for n, (quote, prefix, note, author) in enumerate(fields)
    )
    rendered = render(AnnotationFile(FIRST, "0" * 64, annotations))
    assert typed(canonical._by_blocks(rendered, None)) == typed(tomllib.loads(rendered))
