"""How the app is built: public Textual only, and workers that talk to the UI by messages."""

from __future__ import annotations

import ast
from pathlib import Path

import tui.app

APP_MODULES = sorted(Path(tui.app.__file__).parent.glob("*.py"))


def _trees() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text("utf-8"))) for path in APP_MODULES]


def test_the_app_imports_no_private_textual_module() -> None:
    """``textual.document._document`` and the like change without notice between releases."""
    private = []
    for path, tree in _trees():
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
                if node.module == "textual" or node.module.startswith("textual."):
                    modules += [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            for module in modules:
                parts = module.split(".")
                if parts[0] == "textual" and any(part.startswith("_") for part in parts[1:]):
                    private.append(f"{path.name}:{node.lineno}: {module}")
    assert private == []
    assert len(APP_MODULES) >= 10


def _thread_workers(tree: ast.Module) -> list[ast.FunctionDef]:
    workers = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and getattr(decorator.func, "id", "") == "work"
                    and any(
                        keyword.arg == "thread" and getattr(keyword.value, "value", False)
                        for keyword in decorator.keywords
                    )
                ):
                    workers.append(node)
    return workers


def test_workers_hand_results_to_the_ui_as_messages_and_touch_no_widget() -> None:
    """Textual's documented way: ``post_message`` from the thread, ``@on`` on the event loop."""
    touching = {
        "query",
        "query_one",
        "main",
        "search_panel",
        "article_panel",
        "call_from_thread",
        "notify",
        "focus",
    }
    found = []
    workers = 0
    for path, tree in _trees():
        for worker in _thread_workers(tree):
            workers += 1
            names = {node.attr for node in ast.walk(worker) if isinstance(node, ast.Attribute)}
            if names & touching:
                found.append(f"{path.name}: {worker.name} uses {sorted(names & touching)}")
            assert "post_message" in names or worker.name == "_compact", worker.name
    assert found == []
    assert workers >= 5
    source = "".join(path.read_text("utf-8") for path in APP_MODULES)
    assert "call_from_thread" not in source
