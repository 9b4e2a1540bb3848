"""``glossator watcher status|start|stop``: the workspace's watcher, seen and steered by hand.

Commands start it by themselves (see ``glossator help watcher``); this is for seeing
whether one runs, starting one ahead of a session, and stopping it.
"""

from __future__ import annotations

import argparse
import sys
import time

from tui.cli.output import EXIT_OK, EXIT_PROBLEMS
from tui.cli.parsing import Commands
from tui.text.safe import say
from tui.workspace.layout import Workspace

ACTIONS = ("status", "start", "stop")
#: How long ``start`` waits for the new watcher to answer.
START_WAIT_S = 10.0


def register(commands: Commands) -> None:
    watcher = commands.command(
        "watcher", _watcher, "see, start or stop the workspace's file watcher", topic="watcher"
    )
    watcher.add_argument("action", choices=ACTIONS, help="status (the default), start or stop", nargs="?")


def _watcher(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.workspace.monitor.client import START_FROM, ask, start

    action = args.action or "status"
    try:
        status = ask(workspace, {"status": True})
    except (OSError, ValueError):
        status = None
    if action == "stop":
        if status is None:
            say("No watcher runs for this workspace")
            return EXIT_OK
        stopped = ask(workspace, {"stop": True})
        say(f"Stopped the watcher (process {stopped.get('stopped')})")
        return EXIT_OK
    if action == "start" and status is None:
        start(workspace)
        deadline = time.monotonic() + START_WAIT_S
        while status is None and time.monotonic() < deadline:
            time.sleep(0.1)
            try:
                status = ask(workspace, {"status": True})
            except (OSError, ValueError):
                continue
        if status is None:
            log = workspace.relative(workspace.cache_dir / "monitor" / "log")
            say(f"glossator: the watcher did not start (see {log})", stream=sys.stderr)
            return EXIT_PROBLEMS
    if status is None:
        say(f"No watcher runs for this workspace (commands start one from {START_FROM:,} articles)")
        return EXIT_OK
    since = time.strftime("%Y-%m-%d %H:%M", time.localtime(float(status.get("started", 0))))
    idle = float(status.get("idle_s", 0)) / 60
    say(
        f"A watcher runs for this workspace (process {status.get('pid')}, since {since}); "
        f"it stops after {idle:g} minutes without a command"
    )
    return EXIT_OK
