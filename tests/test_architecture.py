"""The core is UI-free: no module outside ``tui/app/`` imports Textual, directly or indirectly."""

import ast
import subprocess
import sys
from pathlib import Path

import tui

PACKAGE = Path(tui.__file__).parent
CORE_MODULES = sorted(path for path in PACKAGE.glob("*.py") if path.name != "__main__.py")
EVERY_MODULE = sorted(PACKAGE.rglob("*.py"))
WHOOSH_PACKAGE = PACKAGE / "search" / "whoosh"
TANTIVY_PACKAGE = PACKAGE / "search" / "tantivy"


def imported(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every import in a module's source."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


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


def test_only_the_whoosh_package_imports_whoosh() -> None:
    """Whoosh is an unmaintained fork: every call to it stays in ``tui/search/whoosh/``."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in EVERY_MODULE
        if WHOOSH_PACKAGE not in path.parents
        for line, module, _ in imported(path)
        if module == "whoosh" or module.startswith("whoosh.")
    ]
    assert offenders == []
    assert any(
        module.startswith("whoosh") for path in WHOOSH_PACKAGE.glob("*.py") for _, module, _ in imported(path)
    )


def test_only_the_tantivy_package_imports_tantivy() -> None:
    """tantivy is an optional extra: every call to it stays in ``tui/search/tantivy/``, which
    is imported only when a workspace names it (``tui.search.engines``)."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in EVERY_MODULE
        if TANTIVY_PACKAGE not in path.parents
        for line, module, _ in imported(path)
        if module == "tantivy" or module.startswith("tantivy.") or module.startswith("tui.search.tantivy")
    ]
    assert offenders == []
    assert any(
        module == "tantivy" for path in TANTIVY_PACKAGE.glob("*.py") for _, module, _ in imported(path)
    )


def test_the_app_and_the_cli_use_only_the_search_packages_public_names() -> None:
    import tui.search

    callers = [PACKAGE / "cli.py", PACKAGE / "listing.py", *sorted((PACKAGE / "app").glob("*.py"))]
    offenders = []
    for path in callers:
        for line, module, names in imported(path):
            if module.startswith("tui.search."):
                offenders.append(f"{path.name}:{line}: {module}")
            elif module == "tui.search":
                offenders += [f"{path.name}:{line}: {n}" for n in names if n not in tui.search.__all__]
    assert offenders == []
