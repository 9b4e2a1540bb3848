"""Our Whoosh stubs (``tui/search/whoosh/stubs``) describe the Whoosh that is installed.

mypy trusts them, so a name they declare that whoosh-reloaded does not have would hide a
crash: every class, function and method they declare must exist where they say.
"""

import ast
import importlib
from pathlib import Path

import tui.search.whoosh

STUBS = Path(tui.search.whoosh.__file__).parent / "stubs"


def test_every_name_the_stubs_declare_exists_in_the_installed_whoosh() -> None:
    missing = []
    declared = 0
    for path in sorted(STUBS.rglob("*.pyi")):
        parts = path.relative_to(STUBS).with_suffix("").parts
        module = importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.ClassDef | ast.FunctionDef):
                declared += 1
                found = getattr(module, node.name, None)
                if found is None:
                    missing.append(f"{module.__name__}.{node.name}")
                elif isinstance(node, ast.ClassDef):
                    missing += [
                        f"{module.__name__}.{node.name}.{item.name}"
                        for item in node.body
                        if isinstance(item, ast.FunctionDef) and not hasattr(found, item.name)
                    ]
    assert declared > 30
    assert missing == []
