"""``python -m tui.workspace.monitor WORKSPACE``: be that workspace's watcher (started by commands)."""

import sys
from pathlib import Path

from tui.workspace.monitor.daemon import run

if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1])))
