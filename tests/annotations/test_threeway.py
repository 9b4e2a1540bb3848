"""Merging annotation sets by id against their common ancestor."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli
from tui.annotations.model import CONFLICT_KEY, ProgressMark, new_annotation
from tui.annotations.threeway import DELETED, merge_progress, merge_sets, twin_id

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


def test_a_conflict_twin_has_a_deterministic_id_derived_from_the_other_version() -> None:
    a = make("alpha")
    ours, theirs = replace(a, note="one"), replace(a, note="two")
    first = merge_sets((a,), (ours,), (theirs,))
    again = merge_sets((a,), (ours,), (theirs,))
    assert first == again
    [twin] = [x for x in first.annotations if x.id != a.id]
    assert re.fullmatch(re.escape(a.id) + r"-[0-9a-f]{8}", twin.id)
    assert twin.id == twin_id(a.id, theirs, {a.id})
    other = merge_sets((a,), (ours,), (replace(a, note="three"),))
    assert {x.id for x in other.annotations} != {x.id for x in first.annotations}


def test_a_twin_id_already_taken_is_hashed_again() -> None:
    a = make("alpha")
    theirs = replace(a, note="two")
    natural = twin_id(a.id, theirs, {a.id})
    squatter = replace(make("beta"), id=natural)  # e.g. made by an earlier merge on another branch
    merged = merge_sets((a, squatter), (replace(a, note="one"), squatter), (theirs, squatter))
    ids = [x.id for x in merged.annotations]
    assert len(ids) == len(set(ids)) == 3
    assert natural in ids and twin_id(a.id, theirs, {a.id, natural}) in ids


NOTES = st.sampled_from(["", "x", "y", "z"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), NOTES, st.booleans()), max_size=12))
def test_cascades_of_merges_between_branches_never_duplicate_an_id(steps) -> None:
    """Four branches edit, delete and merge one another's versions of two annotations, in any order."""
    a, b = make("alpha"), make("beta")
    # Each branch: its current set and, per other branch, the set at their last common merge.
    branches = [(a, b)] * 4
    history: dict[tuple[int, int], tuple] = {}
    for into, source, note, delete in steps:
        if into == source:  # an edit on one branch
            current = branches[into]
            if delete and current:
                branches[into] = current[1:]
            elif current:
                branches[into] = (replace(current[0], note=note), *current[1:])
            continue
        base = history.get((min(into, source), max(into, source)), (a, b))
        merged = merge_sets(base, branches[into], branches[source]).annotations
        ids = [x.id for x in merged]
        assert len(ids) == len(set(ids)), ids
        branches[into] = merged
        history[(min(into, source), max(into, source))] = merged


# --- the driver as git runs it ---------------------------------------------------------------------


def test_the_driver_refuses_folders_missing_files_and_fifos_in_one_line(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text("")
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    for paths, reason in (
        ((tmp_path, good, good), "cannot"),
        ((good, tmp_path / "missing\x1b[2J.toml", good), "no such file"),
        ((good, good, fifo), "named pipe"),
    ):
        result = run_cli("merge-driver", *map(str, paths), cwd=tmp_path)
        assert result.returncode == 1, result
        [line] = result.stderr.splitlines()
        assert line.startswith("glossator: ") and reason in line
        assert "\x1b" not in line and "Traceback" not in result.stderr


def test_the_driver_never_writes_through_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text("format = 1\n")
    ours = tmp_path / "ours.toml"
    ours.symlink_to(outside)
    other = tmp_path / "other.toml"
    other.write_bytes(b"not \xff TOML\n")  # not readable as annotations: git's line merge
    result = run_cli("merge-driver", str(other), str(ours), str(other), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"glossator: {ours}: is a symbolic link; the merge driver writes only to a file\n"
    assert outside.read_text() == "format = 1\n"


def test_files_it_cannot_read_fall_back_to_gits_line_merge(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / f"{name}.toml" for name in ("base", "ours", "theirs"))
    base.write_bytes(b"a\nb\nc\nd\ne\n")
    ours.write_bytes(b"A\nb\nc\nd\ne\n")
    theirs.write_bytes(b"a\nb\nc\nd\nE\n")
    ours.chmod(0o640)
    result = run_cli("merge-driver", str(base), str(ours), str(theirs), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ours.read_bytes() == b"A\nb\nc\nd\nE\n"
    assert oct(ours.stat().st_mode & 0o777) == oct(0o640)
    theirs.write_bytes(b"X\nb\nc\nd\nE\n")
    conflict = run_cli("merge-driver", str(base), str(ours), str(theirs), cwd=tmp_path)
    assert conflict.returncode == 1
    assert b"<<<<<<< ours" in ours.read_bytes()


def test_progress_marks_merge_per_author_the_later_mark_winning() -> None:
    def mark(author: str, state: str, day: int, zone: bool = True) -> ProgressMark:
        return ProgressMark(author, state, datetime(2026, 1, day, tzinfo=UTC if zone else None))

    base = [mark("ada", "done", 1), mark("bob", "done", 1), mark("cy", "done", 1), mark("dee", "done", 1)]
    ours = [
        mark("ada", "skipped", 3),
        mark("bob", "done", 1),
        mark("dee", "skipped", 2),
        mark("eve", "done", 2),
    ]
    theirs = [mark("ada", "done", 2), mark("cy", "done", 1), mark("dee", "skipped", 4, zone=False)]
    merged = merge_progress(base, ours, theirs)
    assert merged == (
        mark("ada", "skipped", 3),  # changed on both sides: the later one
        # bob: cleared on their side, unchanged on ours; cy: cleared on ours
        mark("dee", "skipped", 4, zone=False),  # a time without a zone counts as UTC
        mark("eve", "done", 2),
    )
    tie_one, tie_two = mark("fay", "done", 5), mark("fay", "skipped", 5)
    assert merge_progress([], [tie_one], [tie_two]) == merge_progress([], [tie_two], [tie_one]) == (tie_two,)
    edited = merge_progress([mark("gus", "done", 1)], [], [mark("gus", "skipped", 2)])
    assert edited == (mark("gus", "skipped", 2),)  # cleared on one side, changed on the other: kept
