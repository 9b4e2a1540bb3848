"""Merging annotation sets by id against their common ancestor."""

from __future__ import annotations

from dataclasses import replace

from tui.merging import DELETED, merge_sets
from tui.store import CONFLICT_KEY, new_annotation

TEXT = "alpha beta gamma delta epsilon"


def make(word: str, tag: str = "policy"):
    start = TEXT.index(word)
    return new_annotation(TEXT, start, start + len(word), tag, author="a")


def test_additions_deletions_and_one_sided_edits() -> None:
    a, b, c = make("alpha"), make("beta"), make("gamma")
    added_ours, added_theirs = make("delta"), make("epsilon")
    base = (a, b, c)
    ours = (replace(a, note="ours"), b, added_ours)  # edits a, deletes c, adds delta
    theirs = (a, replace(b, tag="funding"), c, added_theirs)  # edits b, adds epsilon
    merged = merge_sets(base, ours, theirs)
    assert merged.conflicts == 0
    by_id = {x.id: x for x in merged.annotations}
    assert set(by_id) == {a.id, b.id, added_ours.id, added_theirs.id}
    assert by_id[a.id].note == "ours" and by_id[b.id].tag == "funding"


def test_different_edits_keep_both_versions_flagged() -> None:
    a = make("alpha")
    merged = merge_sets((a,), (replace(a, note="one"),), (replace(a, note="two"),))
    assert merged.conflicts == 1
    notes = {x.note: x for x in merged.annotations}
    assert set(notes) == {"one", "two"}
    assert notes["one"].extra[CONFLICT_KEY] == notes["two"].id
    assert notes["two"].extra[CONFLICT_KEY] == notes["one"].id


def test_edit_against_delete_keeps_the_edit_flagged() -> None:
    a = make("alpha")
    merged = merge_sets((a,), (replace(a, note="edited"),), ())
    assert merged.conflicts == 1
    [kept] = merged.annotations
    assert kept.note == "edited" and kept.extra[CONFLICT_KEY] == DELETED


def test_same_change_on_both_sides_is_no_conflict() -> None:
    a = make("alpha")
    both = replace(a, tag="company")
    merged = merge_sets((a,), (both,), (both,))
    assert merged.conflicts == 0 and merged.annotations == (both,)
