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


def test_what_the_apps_workers_post_is_defined_in_the_messages_module() -> None:
    """One place lists every message the app's workers hand to the UI (a screen's own, posted as
    ``self.Loaded``, stay with the screen)."""
    from tui.app import messages

    posted = set()
    for _path, tree in _trees():
        for worker in _thread_workers(tree):
            for node in ast.walk(worker):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "attr", "") == "post_message"
                    and node.args
                    and isinstance(node.args[0], ast.Call)
                    and isinstance(node.args[0].func, ast.Name)
                ):
                    posted.add(node.args[0].func.id)
    assert len(posted) >= 10
    assert {name for name in posted if getattr(messages, name, None) is None} == set()


def test_index_progress_replaces_progress_waiting_to_be_drawn_and_nothing_else() -> None:
    from tui.app.messages import IndexFailed, IndexProgress

    assert IndexProgress(10, 100).can_replace(IndexProgress(20, 100))
    assert not IndexProgress(10, 100).can_replace(IndexFailed("the disk is full"))
