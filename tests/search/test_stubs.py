"""Our stubs of Whoosh and tantivy describe what is installed.

mypy trusts them (over tantivy's own stub too), so a name they declare that the library
does not have would hide a crash: every class, function, method and class attribute they
declare must exist where they say.
"""

import ast
import importlib
from pathlib import Path

import pytest

import tui.search

SEARCH = Path(tui.search.__file__).parent


@pytest.mark.parametrize(("engine", "least"), [("whoosh", 30), ("tantivy", 15)])
def test_every_name_the_stubs_declare_exists_in_the_installed_library(engine: str, least: int) -> None:
    stubs = SEARCH / engine / "stubs"
    missing = []
    declared = 0
    for path in sorted(stubs.rglob("*.pyi")):
        parts = path.relative_to(stubs).with_suffix("").parts
        module = importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
        for node in ast.parse(path.read_text("utf-8")).body:
            if not isinstance(node, ast.ClassDef | ast.FunctionDef):
                continue
            declared += 1
            found = getattr(module, node.name, None)
            if found is None:
                missing.append(f"{module.__name__}.{node.name}")
                continue
            if isinstance(node, ast.ClassDef):
                names = [item.name for item in node.body if isinstance(item, ast.FunctionDef)]
                names += [
                    item.targets[0].id
                    for item in node.body
                    if isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name)
                ]
                missing += [
                    f"{module.__name__}.{node.name}.{name}" for name in names if not hasattr(found, name)
                ]
    assert declared > least
    assert missing == []
