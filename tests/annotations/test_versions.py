"""Versions of one annotation file read together (the merge driver's three), each distinct block once.

They must read exactly as each read alone: the same annotations, the same problems with
each file's own line, the same merged bytes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import run_cli
from tui.annotations.fileformat import Version, parse_annotation_file, parse_versions, render
from tui.annotations.model import TAGS, Annotation, AnnotationFile, Problem, new_annotation
from tui.annotations.threeway import merge_files
from tui.workspace.articles import text_sha256

TEXT = "Harbin funds start-ups while Shenyang courts Kingdee and the province announces a fund"
ARTICLE = "story"
WHEN = datetime(2026, 11, 22, 10, 15, tzinfo=UTC)


def annotation(word: str, tag: str = "company", note: str = "") -> Annotation:
    start = TEXT.index(word)
    made = new_annotation(TEXT, start, start + len(word), tag, author="Ada", note=note)
    return replace(made, id=f"id-{word.lower()}", created=WHEN)


def version(*annotations: Annotation) -> bytes:
    return render(AnnotationFile(ARTICLE, text_sha256(TEXT), annotations)).encode("utf-8")


def each_alone(contents: list[bytes]) -> list[tuple[AnnotationFile | None, list[Problem]]]:
    return [
        parse_annotation_file(content, display_path=f"v{n}", expected_article=ARTICLE, text=None)
        for n, content in enumerate(contents)
    ]


def together(contents: list[bytes]) -> list[tuple[AnnotationFile | None, list[Problem]]]:
    return parse_versions([Version(content, f"v{n}", ARTICLE) for n, content in enumerate(contents)])


HARBIN, FUNDS, SHENYANG, KINGDEE = (annotation(w) for w in ("Harbin", "funds", "Shenyang", "Kingdee"))
#: Its tag is not in the tag set: a problem that keeps the file from being rewritten.
GOSSIP = replace(annotation("province"), tag="gossip")


def test_versions_read_together_read_as_each_alone() -> None:
    contents = [
        version(HARBIN, FUNDS, SHENYANG, GOSSIP),
        version(replace(HARBIN, note="ours"), FUNDS, annotation("fund"), GOSSIP),
        version(HARBIN, FUNDS, SHENYANG, KINGDEE),
        b"not TOML = \n",
    ]
    assert together(contents) == each_alone(contents)


def test_a_problem_in_a_shared_block_is_reported_in_each_file_with_that_files_line() -> None:
    contents = [
        version(HARBIN, GOSSIP),
        version(HARBIN, FUNDS, SHENYANG, GOSSIP),  # the same block, two tables further down
        version(GOSSIP),
    ]
    lines = [content.decode().splitlines().index('tag = "gossip"') + 1 for content in contents]
    assert len(set(lines)) == 3
    reason = f"unknown tag 'gossip' (tags are {', '.join(TAGS)})"
    assert [problems for _, problems in together(contents)] == [
        [Problem(f"v{n}", reason, line, GOSSIP.id)] for n, line in enumerate(lines)
    ]


def merge_driver(tmp_path: Path, base: bytes, ours: bytes, theirs: bytes) -> bytes:
    paths = [tmp_path / f"{name}.toml" for name in ("base", "ours", "theirs")]
    for path, content in zip(paths, (base, ours, theirs), strict=True):
        path.write_bytes(content)
    result = run_cli("merge-driver", *map(str, paths), cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    return paths[1].read_bytes()


def test_the_merge_driver_writes_what_merging_the_versions_read_one_by_one_gives(tmp_path: Path) -> None:
    base = version(HARBIN, FUNDS, SHENYANG, KINGDEE)
    ours = version(replace(HARBIN, note="ours"), FUNDS, replace(SHENYANG, note="ours"), annotation("fund"))
    theirs = version(HARBIN, replace(FUNDS, tag="funding"), replace(SHENYANG, note="theirs"), KINGDEE)
    documents = [document for document, _ in each_alone([base, ours, theirs])]
    merged, conflicts = merge_files(*documents)
    assert conflicts == 1  # Shenyang's note, changed on both sides
    assert merge_driver(tmp_path, base, ours, theirs) == render(merged).encode("utf-8")


def test_a_merge_of_versions_sharing_blocks_gives_the_hand_checked_file(tmp_path: Path) -> None:
    base = version(HARBIN, FUNDS)
    ours = version(replace(HARBIN, note="ours"))  # Harbin edited, funds deleted
    theirs = version(HARBIN, FUNDS, KINGDEE)  # Kingdee added
    digest = text_sha256(TEXT)
    assert merge_driver(tmp_path, base, ours, theirs).decode() == (
        f'format = 1\narticle = "story"\ntext_sha256 = "{digest}"\n'
        '\n[[annotation]]\nid = "id-harbin"\ntag = "company"\nstart = 0\nend = 6\nquote = "Harbin"\n'
        'prefix = ""\nsuffix = " funds start-ups while Shenyang "\nnote = "ours"\nauthor = "Ada"\n'
        "created = 2026-11-22T10:15:00Z\n"
        '\n[[annotation]]\nid = "id-kingdee"\ntag = "company"\nstart = 45\nend = 52\nquote = "Kingdee"\n'
        'prefix = "start-ups while Shenyang courts "\nsuffix = " and the province announces a fu"\nauthor = "Ada"\n'
        "created = 2026-11-22T10:15:00Z\n"
    )
