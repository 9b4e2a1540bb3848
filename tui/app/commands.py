"""The command palette (ctrl+p) offers every action that has a key, under its description."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode


def _commands(provider: Provider) -> Iterator[tuple[str, str, DOMNode, str]]:
    """(name, help, node, action) for the bindings of the app and of the widgets that own them."""
    app = provider.app
    from tui.app.annotator import Annotator
    from tui.app.search_panel import SearchPanel

    owners: list[DOMNode] = [app]
    owners += list(app.screen.query(Annotator)) + list(app.screen.query(SearchPanel))
    seen: set[str] = set()
    for node in owners:
        for binding in type(node).BINDINGS:
            if not isinstance(binding, Binding) or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            key = binding.key.split(",")[0]
            yield binding.description, f"{binding.description} ({key})", node, binding.action


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
