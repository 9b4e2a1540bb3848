"""Which engine a workspace uses: ``[search] engine`` in its ``glossator.toml``.

Whoosh is the default (the design card's choice); another engine is an optional extra,
imported only when a workspace asks for it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from tui.errors import GlossatorError
from tui.search.backend import Engine
from tui.workspace.tagset import CONFIG_NAME, TagSet

EngineFactory = Callable[[Iterable[str]], Engine]

#: name -> (module, class, the extra that installs what it needs)
ENGINES: dict[str, tuple[str, str, str]] = {
    "whoosh": ("tui.search.whoosh", "WhooshEngine", ""),
    "tantivy": ("tui.search.tantivy", "TantivyEngine", "tantivy"),
}
DEFAULT_ENGINE = "whoosh"


def configured_engine(tag_set: TagSet) -> EngineFactory:
    """The engine ``glossator.toml`` names; ``GlossatorError`` (one line) if it cannot be used."""
    search = tag_set.extra.get("search", {})
    name = search.get("engine", DEFAULT_ENGINE) if isinstance(search, dict) else DEFAULT_ENGINE
    if name not in ENGINES:
        raise GlossatorError(
            f"{CONFIG_NAME}: [search] engine = {name!r} is not an engine; engines are {', '.join(ENGINES)}"
        )
    return engine_named(name)


def engine_named(name: str) -> EngineFactory:
    module_name, class_name, extra = ENGINES[name]
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise GlossatorError(
            f"the {name} engine needs {error.name}, which is not installed: pip install 'glossator[{extra}]'"
        ) from error
    factory: EngineFactory = getattr(module, class_name)
    return factory
