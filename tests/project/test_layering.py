"""tui/project is UI-free like the rest of the core: the app will reuse it, never the other way round."""

import subprocess
import sys
from pathlib import Path

import tui.project

MODULES = sorted(Path(tui.project.__file__).parent.glob("*.py"))


def test_importing_every_project_module_loads_no_textual_nor_the_app() -> None:
    names = ", ".join(f"tui.project.{path.stem}" for path in MODULES if path.stem != "__init__")
    script = f"import sys, {names}; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('tui.app')))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert len(MODULES) >= 8
    assert result.stdout.strip() == "[]"
