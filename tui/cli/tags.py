"""``glossator tags``: the workspace's tags listed with counts; add, rename, merge, remove."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.cli.output import EXIT_OK, counted
from tui.cli.parsing import Commands
from tui.text.safe import say
from tui.workspace.layout import Workspace

if TYPE_CHECKING:
    pass


def register(commands: Commands) -> None:
    tags = commands.command(
        "tags", _tags, "list the workspace's tags; add, rename, merge or remove one", topic="workspaces"
    )
    tag_actions = tags.add_subparsers(dest="action", metavar="ACTION")
    tag_add = tag_actions.add_parser("add", help="add a tag (a key for the app, a colour)")
    tag_add.add_argument("name")
    tag_add.add_argument("--key", required=True, help="the one key that tags a selection in the app")
    tag_add.add_argument("--colour", "--color", default="", help="a theme colour or #rrggbb")
    tag_add.add_argument("--description", default="")
    tag_rename = tag_actions.add_parser("rename", help="rename a tag in glossator.toml and every annotation")
    tag_rename.add_argument("old")
    tag_rename.add_argument("new")
    tag_merge = tag_actions.add_parser("merge", help="give every FROM annotation the tag INTO; drop FROM")
    tag_merge.add_argument("source", metavar="FROM")
    tag_merge.add_argument("target", metavar="INTO")
    tag_remove = tag_actions.add_parser("remove", help="remove a tag no annotation uses")
    tag_remove.add_argument("name")


def _tags(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.annotations import tagedits

    if args.action == "add":
        tagedits.add_tag(workspace, args.name, args.key, args.colour, args.description)
        say(f"Added the tag {args.name} (key {args.key}) to glossator.toml")
    elif args.action in ("rename", "merge"):
        if args.action == "rename":
            change = tagedits.rename_tag(workspace, args.old, args.new)
            done = f"Renamed {args.old} to {args.new}"
        else:
            change = tagedits.merge_tags(workspace, args.source, args.target)
            done = f"Merged {args.source} into {args.target}"
        for path in change.files:
            say(f"Rewrote {path}")
        say(f"{done}: {counted(change.annotations, 'annotation')} in {counted(len(change.files), 'file')}")
    elif args.action == "remove":
        tagedits.remove_tag(workspace, args.name)
        say(f"Removed the tag {args.name} from glossator.toml")
    from tui.workspace.tagset import load_tag_set

    tag_set = load_tag_set(workspace.root)
    counts = tagedits.tag_counts(workspace)
    say(f"{'tag':<16}{'key':<5}{'colour':<11}{'annotations':>11}  description  ({tag_set.source})")
    for tag in tag_set:
        say(f"{tag.name:<16}{tag.key:<5}{tag.colour:<11}{counts[tag.name]:>11}  {tag.description}")
    for name in sorted(set(counts) - set(tag_set.names)):
        say(f"{name:<16}{'-':<5}{'-':<11}{counts[name]:>11}  not in the tag set: see glossator check")
    return EXIT_OK
