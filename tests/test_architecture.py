"""The core is UI-free: no module outside ``tui/app/`` imports Textual, directly or indirectly."""

import ast
import subprocess
import sys
from pathlib import Path

import tui

PACKAGE = Path(tui.__file__).parent
CORE_MODULES = sorted(path for path in PACKAGE.glob("*.py") if path.name != "__main__.py")


def test_no_core_module_imports_textual_in_its_source() -> None:
    offenders = []
    for path in CORE_MODULES:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name == "textual" or name.startswith(("textual.", "rich")) for name in names):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
    assert len(CORE_MODULES) >= 10


def test_importing_every_core_module_loads_no_textual() -> None:
    modules = ", ".join(f"tui.{path.stem}" for path in CORE_MODULES if path.stem != "__init__")
    script = f"import sys, {modules}; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
