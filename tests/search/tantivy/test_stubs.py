"""Our tantivy stubs (``tui/search/tantivy/stubs``) describe the tantivy that is installed.

mypy trusts them over tantivy's own stub, so a name they declare that tantivy-py does not
have would hide a crash: every class, function and method they declare must exist.
"""

import ast
import importlib
from pathlib import Path

import tui.search.tantivy

STUBS = Path(tui.search.tantivy.__file__).parent / "stubs"


def test_every_name_the_stubs_declare_exists_in_the_installed_tantivy() -> None:
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
                    missing += [
                        f"{module.__name__}.{node.name}.{item.targets[0].id}"
                        for item in node.body
                        if isinstance(item, ast.Assign)
                        and isinstance(item.targets[0], ast.Name)
                        and not hasattr(found, item.targets[0].id)
                    ]
    assert declared > 15
    assert missing == []


def test_the_stubs_declare_the_total_that_tantivys_own_stub_lacks() -> None:
    import tantivy

    schema = tantivy.SchemaBuilder().add_text_field("body").build()
    index = tantivy.Index(schema)
    writer = index.writer(15_000_000, 1)
    for text in ("one market", "two market", "three"):
        document = tantivy.Document()
        document.add_text("body", text)
        writer.add_document(document)
    writer.commit()
    index.reload()
    result = index.searcher().search(tantivy.Query.term_query(schema, "body", "market"), 1)
    assert len(result.hits) == 1 and result.count == 2
