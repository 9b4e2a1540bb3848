"""The tag set an import checks labels against, and ``--map LABEL=TAG``.

Other tools name their labels as they like (``ORG``, ``Funding``, ``1``).  A label outside
the tag set is never taken as it is, nor guessed: the import refuses it and says how to
map it or add it to the tag set (``glossator tags add``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tui.errors import GlossatorError
from tui.workspace.layout import Workspace
from tui.workspace.tagset import load_tag_set


def tag_set(workspace: Workspace) -> tuple[str, ...]:
    """The tags annotations in ``workspace`` may have: its ``glossator.toml``, else the default."""
    return load_tag_set(workspace.root).names


class LabelMapError(GlossatorError):
    """A ``--map`` option that is not ``LABEL=TAG`` with a tag of the tag set."""


def parse_label_map(options: Iterable[str], tags: tuple[str, ...]) -> dict[str, str]:
    """``["PER=company", ...]`` as ``{"PER": "company"}``; every target must be a tag."""
    mapping: dict[str, str] = {}
    for option in options:
        label, sep, tag = option.rpartition("=")
        if not sep or not label:
            raise LabelMapError(f"--map {option!r}: write it as LABEL=TAG, e.g. --map ORG={tags[-1]}")
        if tag not in tags:
            raise LabelMapError(f"--map {option!r}: {tag!r} is not a tag (tags are {', '.join(tags)})")
        if mapping.get(label, tag) != tag:
            raise LabelMapError(f"--map: {label!r} is mapped twice ({mapping[label]} and {tag})")
        mapping[label] = tag
    return mapping


def map_label(label: str, mapping: Mapping[str, str], tags: tuple[str, ...]) -> str | None:
    """The tag ``label`` stands for, or None if it is outside the tag set and not mapped."""
    if label in mapping:
        return mapping[label]
    return label if label in tags else None


def unknown_labels_message(counts: Mapping[str, int], tags: tuple[str, ...]) -> str:
    """The refusal for labels outside the tag set: which ones, how often, and the two ways out."""
    listed = ", ".join(f"{label!r} ({count})" for label, count in sorted(counts.items()))
    example = next(iter(sorted(counts)))
    return (
        f"labels outside the tag set ({', '.join(tags)}): {listed}. Nothing was imported. "
        f"Map each to a tag with --map LABEL=TAG (e.g. --map {example}={tags[0]}), "
        "or add them to the tag set"
    )
