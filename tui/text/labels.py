"""Labels in a narrow column that stay told apart: cut in the middle where a cut at the end merges them.

Titles of a series ("Rust belt revival, part 1", "… part 2") or near-duplicate copies of
one story share their start: cut at the end to fit a column, they all read the same.  Those
are cut in the middle instead, so the end that tells them apart stays in view; a label used
by several items (two copies with one title) is told apart by the item's key added to it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from tui.text.width import fit_end, fit_middle


def distinct_labels(
    items: Sequence[tuple[str, str]], cells: int, cut: Callable[[str, int], str] = fit_end
) -> list[str]:
    """A label for each ``(label, key)``, told apart from the others' in ``cells`` cells.

    Labels whose ``cut`` is unlike every other item's are returned whole (for the caller to
    cut as it always does); the others are cut in the middle, after the key of the item was
    added to each label shared by items of different keys.
    """
    keys_of: dict[str, set[str]] = defaultdict(set)
    for label, key in items:
        keys_of[label].add(key)
    full = [f"{label} · {key}" if len(keys_of[label]) > 1 else label for label, key in items]
    by_cut: dict[str, set[str]] = defaultdict(set)
    for label in full:
        by_cut[cut(label, cells)].add(label)
    return [fit_middle(label, cells) if len(by_cut[cut(label, cells)]) > 1 else label for label in full]
