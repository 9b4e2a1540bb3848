"""The architecture declared in pyproject's ``[tool.importlinter]`` holds, and what it cannot say.

import-linter checks the layers (the interfaces over the features over search over the
annotations over the workspace) and where Textual, Whoosh and tantivy may be imported.
What it cannot express is checked here: the app and the CLI use the search package only
through its public names.
"""

import ast
import subprocess
import sys
from pathlib import Path

import tui

PACKAGE = Path(tui.__file__).parent
REPO = PACKAGE.parent


def imported(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every import in a module's source."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


def test_the_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_app_and_the_cli_use_only_the_search_packages_public_names() -> None:
    import tui.search

    callers = [*sorted((PACKAGE / "cli").glob("*.py")), *sorted((PACKAGE / "app").glob("*.py"))]
    offenders = []
    for path in callers:
        for line, module, names in imported(path):
            if module.startswith("tui.search."):
                offenders.append(f"{path.name}:{line}: {module}")
            elif module == "tui.search":
                offenders += [f"{path.name}:{line}: {n}" for n in names if n not in tui.search.__all__]
    assert offenders == []
    assert len(callers) > 20
