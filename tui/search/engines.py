"""Which engine a workspace uses: ``[search] engine`` in its ``glossator.toml``.

Engines are found through the ``glossator.engines`` entry-point group, so an engine can
ship as a package of its own (as Harlequin's database adapters do): its distribution
declares ``[project.entry-points."glossator.engines"] name = "module:Factory"``, and a
workspace that names it uses it.  Whoosh is the default (the design card's choice);
tantivy is an optional extra; each is imported only when a workspace asks for it.

The two engines Glossator ships are known by name without looking: reading every
installed distribution's entry points (``importlib.metadata``) costs more than the rest
of ``glossator search``'s start-up, so it is done only for another name, or to list them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from tui.errors import GlossatorError
from tui.search.backend import Engine
from tui.workspace.tagset import CONFIG_NAME, TagSet

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

EngineFactory = Callable[[Iterable[str]], Engine]

GROUP = "glossator.engines"
DEFAULT_ENGINE = "whoosh"
#: The engines Glossator's own distribution declares in GROUP (a test checks they agree),
#: with the extra that installs each one's library.
BUILT_IN = {
    "whoosh": ("tui.search.whoosh:WhooshEngine", ""),
    "tantivy": ("tui.search.tantivy:TantivyEngine", "tantivy"),
}


def available_engines() -> dict[str, EntryPoint]:
    """Every installed engine, by the name a workspace gives it."""
    from importlib.metadata import entry_points

    return {entry.name: entry for entry in entry_points(group=GROUP)}


def configured_name(tag_set: TagSet) -> str:
    """The name of the engine ``glossator.toml`` names (the default if none)."""
    search = tag_set.extra.get("search", {})
    return str(search.get("engine", DEFAULT_ENGINE) if isinstance(search, dict) else DEFAULT_ENGINE)


def configured_engine(tag_set: TagSet) -> EngineFactory:
    """The engine ``glossator.toml`` names; ``GlossatorError`` (one line) if it cannot be used."""
    return engine_named(configured_name(tag_set))


def engine_named(name: str) -> EngineFactory:
    """The factory of the engine called ``name``; ``GlossatorError`` if none is, or it cannot load."""
    if name in BUILT_IN:
        target, extra = BUILT_IN[name]
        module, _, attribute = target.partition(":")
        try:
            built_in: EngineFactory = getattr(importlib.import_module(module), attribute)
        except ImportError as error:
            raise _missing(name, error, f": pip install 'glossator[{extra}]'" if extra else "") from error
        return built_in
    engines = available_engines()
    entry = engines.get(name)
    if entry is None:
        known = ", ".join(sorted({*BUILT_IN, *engines}))
        unknown = f"{CONFIG_NAME}: [search] engine = {name!r} is not an engine; engines are {known}"
        raise GlossatorError(unknown)
    try:
        factory: EngineFactory = entry.load()
    except ImportError as error:
        extras = entry.dist.metadata.get_all("Provides-Extra") or [] if entry.dist else []
        raise _missing(name, error, f": pip install 'glossator[{name}]'" if name in extras else "") from error
    return factory


def _missing(name: str, error: ImportError, install: str) -> GlossatorError:
    return GlossatorError(f"the {name} engine needs {error.name}, which is not installed{install}")
