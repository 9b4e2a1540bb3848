"""Which engine a workspace uses: ``[search] engine`` in its ``glossator.toml``.

Engines are found through the ``glossator.engines`` entry-point group, so an engine can
ship as a package of its own (as Harlequin's database adapters do): its distribution
declares ``[project.entry-points."glossator.engines"] name = "module:Factory"``, and a
workspace that names it uses it.  Whoosh is the default (the design card's choice);
tantivy is an optional extra; each is imported only when a workspace asks for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.metadata import EntryPoint, entry_points

from tui.errors import GlossatorError
from tui.search.backend import Engine
from tui.workspace.tagset import CONFIG_NAME, TagSet

EngineFactory = Callable[[Iterable[str]], Engine]

GROUP = "glossator.engines"
DEFAULT_ENGINE = "whoosh"


def available_engines() -> dict[str, EntryPoint]:
    """Every installed engine, by the name a workspace gives it."""
    return {entry.name: entry for entry in entry_points(group=GROUP)}


def configured_engine(tag_set: TagSet) -> EngineFactory:
    """The engine ``glossator.toml`` names; ``GlossatorError`` (one line) if it cannot be used."""
    search = tag_set.extra.get("search", {})
    name = search.get("engine", DEFAULT_ENGINE) if isinstance(search, dict) else DEFAULT_ENGINE
    return engine_named(str(name))


def engine_named(name: str) -> EngineFactory:
    """The factory of the engine called ``name``; ``GlossatorError`` if none is, or it cannot load."""
    engines = available_engines()
    entry = engines.get(name)
    if entry is None:
        known = ", ".join(sorted(engines))
        unknown = f"{CONFIG_NAME}: [search] engine = {name!r} is not an engine; engines are {known}"
        raise GlossatorError(unknown)
    try:
        factory: EngineFactory = entry.load()
    except ImportError as error:
        extras = entry.dist.metadata.get_all("Provides-Extra") or [] if entry.dist else []
        install = f": pip install 'glossator[{name}]'" if name in extras else ""
        raise GlossatorError(
            f"the {name} engine needs {error.name}, which is not installed{install}"
        ) from error
    return factory
