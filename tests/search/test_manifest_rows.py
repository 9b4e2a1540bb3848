"""Looking up one article's manifest row in the file, as a save or a watched sync does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.search.errors import DamagedIndexError
from tui.search.manifest import Entry, Manifest, write_manifest
from tui.search.manifest_rows import open_rows
from tui.workspace.layout import Workspace

FINGERPRINT = "test-1"
#: Ids whose JSON escapes sort apart from the ids themselves (é is \u00e9, 𠀀 a surrogate pair).
IDS = st.text(st.sampled_from('ab/-_."\\é𠀀z0 '), min_size=1, max_size=8)


def entry(number: int) -> Entry:
    notes = None if number % 3 else (number, number + 1, f"notes{number}")
    return Entry((number, number * 7, f"sha{number}"), notes)


def rows_of(workspace: Workspace, manifest: Manifest) -> dict[str, Entry | None]:
    path = workspace.cache_dir / "manifest.json"
    path.parent.mkdir(exist_ok=True)
    write_manifest(path, manifest, FINGERPRINT)
    rows = open_rows(workspace, path, FINGERPRINT)
    try:
        return {article_id: rows.get(article_id) for article_id in [*manifest, "absent", "", "zzzz"]}
    finally:
        rows.close()


@settings(max_examples=60, deadline=None)
@given(ids=st.sets(IDS, max_size=40))
def test_every_row_is_found_and_nothing_else(tmp_path_factory: pytest.TempPathFactory, ids: set[str]) -> None:
    root = tmp_path_factory.mktemp("ws")
    (root / "corpus").mkdir()
    workspace = Workspace.open(root)
    manifest = {article_id: entry(number) for number, article_id in enumerate(sorted(ids))}
    found = rows_of(workspace, manifest)
    assert {i: e for i, e in found.items() if e is not None} == manifest


def test_a_thousand_rows_and_none(workspace: Workspace) -> None:
    manifest = {f"copy-{n % 7}/article-{n:05d}": entry(n) for n in range(1000)}
    assert {i: e for i, e in rows_of(workspace, manifest).items() if e is not None} == manifest
    assert set(rows_of(workspace, {}).values()) == {None}


def test_a_damaged_row_or_another_schema_is_a_damaged_index(workspace: Workspace, tmp_path: Path) -> None:
    path = workspace.cache_dir / "manifest.json"
    path.parent.mkdir(exist_ok=True)
    write_manifest(path, {"a": entry(1), "b": entry(2), "c": entry(3)}, FINGERPRINT)
    path.write_bytes(path.read_bytes().replace(b'["b",', b'["b"'))
    rows = open_rows(workspace, path, FINGERPRINT)
    with pytest.raises(DamagedIndexError):
        rows.get("b")
    rows.close()
    with pytest.raises(DamagedIndexError, match="changed"):
        open_rows(workspace, path, "another-2")
    path.write_bytes(b"")
    with pytest.raises(DamagedIndexError, match="unreadable"):
        open_rows(workspace, path, FINGERPRINT)
