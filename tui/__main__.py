"""``python -m tui``: the same as the ``glossator`` command."""

from tui.cli import main

raise SystemExit(main())
