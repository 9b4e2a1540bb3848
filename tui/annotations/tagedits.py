"""``glossator tags``: list a workspace's tags with counts, add, rename, merge and remove them.

A rename or a merge rewrites every annotation file that uses the tag, each through the
store's one write path (lock, re-read, change, atomic write), and then ``glossator.toml``:
the whole change is one commit's worth of plain ``tag = "…"`` lines in ``git diff``.

A bulk change is all or nothing: every file is read and checked before any is rewritten,
so one file that cannot be rewritten (invalid TOML, a link out of the workspace) changes
nothing at all and is named.  Should a write still fail midway (a full disk, a file broken
meanwhile), the files already rewritten get their annotations' old tags back.  The config
is written last, so an interruption (a kill) leaves it unchanged and the same command
run again finishes the job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from tui.annotations.model import Annotation, LoadedAnnotations, Problem
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError, reason_of
from tui.workspace.fileio import write_atomic
from tui.workspace.layout import Workspace
from tui.workspace.tagset import CONFIG_NAME, Tag, TagSet, check_tag_set, load_tag_set, render_tag_set


@dataclass
class TagChange:
    """What a rename or merge did."""

    files: list[str] = field(default_factory=list)
    annotations: int = 0
    skipped: list[Problem] = field(default_factory=list)


def tag_counts(workspace: Workspace) -> Counter[str]:
    """How many annotations use each tag, read from the files (tags outside the set included)."""
    store = AnnotationStore(workspace, _every_tag(load_tag_set(workspace.root), ()))
    counts: Counter[str] = Counter()
    for article_id in workspace.annotated_ids():
        counts.update(annotation.tag for annotation in _loaded(store, article_id).annotations)
    return counts


def add_tag(workspace: Workspace, name: str, key: str, colour: str = "", description: str = "") -> TagSet:
    """Add a tag at the end of the set (a colour is chosen when none is given)."""
    current = load_tag_set(workspace.root)
    tag = Tag(name, key, colour or current.next_colour(), description)
    return _save(workspace, replace(current, tags=(*current.tags, tag)))


def rename_tag(workspace: Workspace, old: str, new: str) -> TagChange:
    """Rename a tag in the config and in every annotation that uses it; key and colour are kept."""
    current = load_tag_set(workspace.root)
    tag = _require(current, old)
    if new in current:
        raise GlossatorError(f"{new!r} is already a tag: use glossator tags merge {old} {new}")
    renamed = replace(current, tags=tuple(replace(t, name=new) if t is tag else t for t in current.tags))
    check_tag_set(renamed)
    change = _retag(workspace, current, {old: new}, new)
    _save(workspace, renamed)
    return change


def merge_tags(workspace: Workspace, source: str, target: str) -> TagChange:
    """Give every ``source`` annotation the tag ``target`` and drop ``source`` from the set."""
    current = load_tag_set(workspace.root)
    _require(current, source)
    _require(current, target)
    if source == target:
        raise GlossatorError("merge needs two different tags")
    change = _retag(workspace, current, {source: target}, target)
    _save(workspace, replace(current, tags=tuple(t for t in current.tags if t.name != source)))
    return change


def remove_tag(workspace: Workspace, name: str) -> TagSet:
    """Drop an unused tag from the set; refused while any annotation uses it."""
    current = load_tag_set(workspace.root)
    _require(current, name)
    used = tag_counts(workspace)[name]
    if used:
        raise GlossatorError(
            f"{used} annotation(s) use {name!r}: merge it into another tag first "
            f"(glossator tags merge {name} OTHER) or remove those annotations"
        )
    if len(current) == 1:
        raise GlossatorError("a workspace needs at least one tag")
    return _save(workspace, replace(current, tags=tuple(t for t in current.tags if t.name != name)))


def _require(tag_set: TagSet, name: str) -> Tag:
    tag = tag_set.get(name)
    if tag is None:
        raise GlossatorError(f"{name!r} is not a tag (tags are {tag_set.listed()})")
    return tag


def _every_tag(tag_set: TagSet, extra: tuple[str, ...]) -> TagSet:
    """A set that accepts the config's tags and ``extra`` ones, to read files mid-change."""
    names = set(tag_set.names)
    return replace(tag_set, tags=(*tag_set.tags, *(Tag(n, "", "") for n in extra if n not in names)))


def _loaded(store: AnnotationStore, article_id: str) -> LoadedAnnotations:
    return store.load(article_id, None)


def _retag(workspace: Workspace, current: TagSet, mapping: dict[str, str], target: str) -> TagChange:
    """Rewrite each file using a tag of ``mapping`` through the one write path, all or nothing."""
    store = AnnotationStore(workspace, _every_tag(current, (target,)))
    change = TagChange()
    using: list[str] = []
    for article_id in workspace.annotated_ids():
        loaded = _loaded(store, article_id)
        blocking = loaded.blocking_problem()
        if blocking is not None:  # it may use the tag: the change cannot be complete
            where = workspace.relative(loaded.path)
            change.skipped.append(Problem(where, f"not rewritten: {blocking.reason}", blocking.line))
        elif any(a.tag in mapping for a in loaded.annotations):
            using.append(article_id)
    if change.skipped:
        _refuse(change.skipped, "no file was rewritten")
    done: dict[str, dict[str, str]] = {}
    for article_id in using:
        try:
            moved = _retag_file(store, article_id, lambda a: mapping.get(a.tag))
        except (OSError, GlossatorError) as error:
            where = workspace.relative(workspace.annotation_path(article_id))
            change.skipped.append(Problem(where, f"not rewritten: {reason_of(error)}"))
            _undo(store, done, change)
            _refuse(change.skipped, "the files already rewritten were put back")
        if moved:
            done[article_id] = moved
            change.files.append(workspace.relative(workspace.annotation_path(article_id)))
            change.annotations += len(moved)
    return change


def _retag_file(
    store: AnnotationStore, article_id: str, new_tag: Callable[[Annotation], str | None]
) -> dict[str, str]:
    """Give each annotation of one file the tag ``new_tag`` says (None: unchanged); {id: old tag}."""
    moved: dict[str, str] = {}

    def retagged(on_disk: LoadedAnnotations) -> list[Annotation] | None:
        moved.clear()
        result = []
        for a in on_disk.annotations:
            tag = new_tag(a)
            if tag is not None and tag != a.tag:
                moved[a.id] = a.tag
                a = replace(a, tag=tag)
            result.append(a)
        return result if moved else None

    store.update(article_id, None, retagged)
    return moved


def _undo(store: AnnotationStore, done: dict[str, dict[str, str]], change: TagChange) -> None:
    """Give the annotations of the files already rewritten their old tags back."""
    for article_id, old_tags in done.items():
        try:
            _retag_file(store, article_id, lambda a, old_tags=old_tags: old_tags.get(a.id))  # type: ignore[misc]
        except (OSError, GlossatorError) as error:
            where = store.workspace.relative(store.workspace.annotation_path(article_id))
            change.skipped.append(Problem(where, f"could not be put back: {reason_of(error)}"))


def _refuse(problems: list[Problem], outcome: str) -> None:
    listed = "; ".join(str(problem) for problem in problems[:5])
    more = f" and {len(problems) - 5} more" if len(problems) > 5 else ""
    raise GlossatorError(
        f"{len(problems)} file(s) cannot be rewritten ({listed}{more}); {outcome} and {CONFIG_NAME} "
        "is unchanged: fix them and run the command again"
    )


def _save(workspace: Workspace, tag_set: TagSet) -> TagSet:
    """Check and write ``glossator.toml`` (atomically; never through a link)."""
    check_tag_set(tag_set)
    path = workspace.root / CONFIG_NAME
    if path.is_symlink():
        raise GlossatorError(f"{CONFIG_NAME} is a symbolic link; Glossator writes it only as a plain file")
    write_atomic(path, render_tag_set(tag_set).encode("utf-8"))
    return load_tag_set(workspace.root)
