"""The command palette (ctrl+p) offers every key binding in force, by what it does.

The commands are made from the bindings themselves, not from a list of their own: every
binding with an id and a description, of the app and of every widget shown on the screen
the palette was opened from (the main screen, the search box, the article, the annotation
list, the comparison bar, the review screen, the browser...).  A command is named by its tooltip
(``Tag every occurrence of a phrase in the results…``), found by that or by its short
description (``Every annotation``), and shows the keys in force (the user keymap's).  Only
what can be done now is offered: an action its widget refuses where the cursor is
(editing with no annotation under the cursor) is left out.
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.actions import parse
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.widget import Widget

from tui.app.keys import key_name


@dataclass(frozen=True)
class Command:
    name: str
    #: Also matched: the binding's short description.
    also: str
    keys: str
    node: DOMNode
    action: str


def commands(screen: DOMNode, app: DOMNode, keymap: dict[str, str]) -> Iterator[Command]:
    """The bindings in force on ``screen`` and of ``app``, one command per action and node."""
    seen: set[tuple[int, str]] = set()
    nodes = [*(node for node in screen.walk_children(with_self=True) if _shown(node)), app]
    for node in nodes:
        grouped: dict[str, tuple[Binding, list[str]]] = {}
        for key, bindings in node._bindings.copy().key_to_bindings.items():
            for binding in bindings:
                if binding.id is None or binding.system or not binding.description:
                    continue
                keys = keymap[binding.id].split(",") if binding.id in keymap else [key]
                grouped.setdefault(binding.action, (binding, []))[1].extend(keys)
        for action, (binding, keys) in grouped.items():
            if (id(node), action) in seen or not _offered(node, action):
                continue
            seen.add((id(node), action))
            shown = " ".join(key_name(key) for key in dict.fromkeys(keys))
            yield Command(binding.tooltip or binding.description, binding.description, shown, node, action)


def _shown(node: DOMNode) -> bool:
    """Whether a widget is on screen: neither it nor a container of it is hidden."""
    return all(ancestor.display for ancestor in node.ancestors_with_self if isinstance(ancestor, Widget))


def _offered(node: DOMNode, action: str) -> bool:
    name, parameters = parse(action)[1:]
    return node.check_action(name, parameters) is not False


class GlossatorCommands(Provider):
    def _commands(self) -> list[Command]:
        from tui.app.status_messages import user_keys

        # ``self.screen``: the screen the palette was opened from, not the palette itself.
        return list(commands(self.screen, self.app, user_keys(self.app)))

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, self._run(command), help=command.keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = max(matcher.match(command.name), matcher.match(command.also))
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), self._run(command), help=command.keys)

    def _run(self, command: Command) -> partial[Coroutine[Any, Any, bool]]:
        return partial(self.app.run_action, command.action, command.node)
