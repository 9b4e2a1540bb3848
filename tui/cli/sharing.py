"""``glossator init``, ``merge-driver`` and ``completion``: a workspace ready for git and the shell."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.output import EXIT_OK
from tui.cli.parsing import Commands
from tui.text.safe import say

if TYPE_CHECKING:
    pass


DRIVER_USAGE = "glossator merge-driver %O %A %B"


def register(commands: Commands) -> None:
    completion = commands.standalone(
        "completion", _completion, "print the shell code that completes glossator's commands and options",
        'the completion code for a shell; in ~/.bashrc: eval "$(glossator completion bash)"',
        topic="commands",
    )  # fmt: skip
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))

    init = commands.standalone(
        "init", _init, "make a workspace shareable through git", "make a workspace "
        "(corpus/, annotations/, .gitignore, .gitattributes) and register the merge driver in git",
        topic="sharing",
    )  # fmt: skip
    init.add_argument("folder", nargs="?", default=".", metavar="DIR", help="the folder (default: here)")

    driver = commands.standalone(
        "merge-driver", _merge_driver, "git merge driver for annotation files (see glossator init)",
        "merge annotation files by annotation id; git runs it as: " + DRIVER_USAGE,
        topic="sharing",
    )  # fmt: skip
    for name, placeholder in (("base", "O"), ("ours", "A"), ("theirs", "B")):
        # argparse %-formats help texts: %% is git's %.
        driver.add_argument(name, type=Path, help=f"the {name} version (git's %%{placeholder})")


def _completion(args: argparse.Namespace) -> int:
    from argcomplete.shell_integration import shellcode

    say(shellcode(["glossator"], shell=args.shell), layout=True, end="")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from tui.workspace.gitsetup import DRIVER_COMMAND, init_workspace

    report = init_workspace(Path(args.folder))
    for name in report.created:
        say(f"Created {name}")
    for name in report.updated:
        say(f"Added Glossator's lines to {name}")
    if report.git_initialised:
        say("Initialised a git repository")
    say(f"Registered the merge driver for annotations/**/*.toml in {report.config_path}")
    say("Each collaborator runs this once in their clone:")
    say(f'  git config merge.glossator.driver "{DRIVER_COMMAND}"')
    return EXIT_OK


def _merge_driver(args: argparse.Namespace) -> int:
    from tui.annotations.threeway import run_merge_driver

    return run_merge_driver(args.base, args.ours, args.theirs)
