"""The command palette (ctrl+p) offers every action that has a key, under its description."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode


def _commands(provider: Provider) -> Iterator[tuple[str, str, DOMNode, str]]:
    """(name, help, node, action) for the bindings of the app and of the widgets that own them."""
    from tui.app.annotator import Annotator
    from tui.app.search_panel import SearchPanel

    owners: list[DOMNode] = [provider.app]
    # The screen the palette was opened from, not the palette itself.
    owners += list(provider.screen.query(Annotator)) + list(provider.screen.query(SearchPanel))
    seen: set[str] = set()
    for node in owners:
        for binding in _own_bindings(type(node)):
            if not isinstance(binding, Binding) or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key.split(",")[0]
            yield binding.description, f"{binding.description} ({key})", node, binding.action


def _own_bindings(cls: type[DOMNode]) -> Iterator[BindingType]:
    """Bindings declared by Glossator's classes in ``cls``'s ancestry (not Textual's own)."""
    for ancestor in cls.__mro__:
        if ancestor.__module__.startswith("tui.") and "BINDINGS" in ancestor.__dict__:
            yield from ancestor.__dict__["BINDINGS"]


class GlossatorCommands(Provider):
    async def discover(self) -> Hits:
        for name, help_text, node, action in _commands(self):
            yield DiscoveryHit(name, partial(self.app.run_action, action, node), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, node, action in _commands(self):
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self.app.run_action, action, node), help=help_text
                )
