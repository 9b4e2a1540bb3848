"""``glossator help [TOPIC]``: the reference, read in the terminal.

Without a topic, the list of topics (name and title); with one, that topic's Markdown,
which reads well as plain text.  The topics are the files of ``tui.docs``, the same the
app's help shows.
"""

from __future__ import annotations

import argparse

from tui.cli.output import EXIT_OK, EXIT_USAGE, say_error
from tui.cli.parsing import Commands
from tui.text.safe import say


def register(commands: Commands) -> None:
    shown = commands.standalone(
        "help", _help, "show a help topic, or list them",
        "the reference: the query language, workspaces, sharing through git and more; "
        "without TOPIC, the list of topics",
    )  # fmt: skip
    shown.add_argument("topic", nargs="?", metavar="TOPIC", help="a topic's name, e.g. query")


def _help(args: argparse.Namespace) -> int:
    from tui import docs  # only here: reading package data costs every other command's start-up

    if args.topic is None:
        listed = docs.topics()
        width = max((len(topic.name) for topic in listed), default=0)
        for topic in listed:
            say(f"{topic.name:<{width}}  {topic.title}")
        say("")
        say("glossator help TOPIC shows one; F1 in the app shows them all.")
        return EXIT_OK
    try:
        markdown = docs.read(args.topic)
    except docs.UnknownTopicError as error:
        say_error(str(error))
        return EXIT_USAGE
    say(docs.plain(markdown), layout=True, end="" if markdown.endswith("\n") else "\n")
    return EXIT_OK
