"""The session is UI-free: importing it loads no Textual (a fresh interpreter is the point)."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_session_loads_no_textual() -> None:
    script = (
        "import sys, tui.session; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
