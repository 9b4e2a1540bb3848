"""``python -m tui``: the same as the ``glossator`` command."""

from tui.cli import main

if __name__ == "__main__":  # not when a worker process (index merges) imports this module
    raise SystemExit(main())
