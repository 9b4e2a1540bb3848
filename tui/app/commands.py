"""The command palette (ctrl+p) offers every action that has a key, by what it does.

Each command is named by its long description (``Change the tag of the annotation under the
cursor``) and shows its keys as the help screen writes them (``]``, ``F1``, ``ctrl+r``).
Only what can be done now is offered: an action the widget refuses where the cursor is
(editing with no annotation under the cursor) is left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.actions import parse
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from tui.app.keys import Key, sections


def _commands(provider: Provider) -> Iterator[tuple[str, str, DOMNode, str]]:
    """(name, keys, node, action) for the keys of the app and of the widgets on the main screen."""
    from tui.app.annotation_list import AnnotationList
    from tui.app.annotator import Annotator
    from tui.app.app import GlossatorApp
    from tui.app.article_panel import ArticlePanel
    from tui.app.browser import AnnotationBrowser
    from tui.app.compare import ComparisonBar
    from tui.app.main_screen import MainScreen
    from tui.app.review_screen import ReviewScreen
    from tui.app.search_panel import SearchPanel

    app = provider.app
    assert isinstance(app, GlossatorApp)
    # The screen the palette was opened from, not the palette itself.
    screen = provider.screen
    owners: dict[str, DOMNode | None] = {
        "app": app,
        "main": screen if isinstance(screen, MainScreen) else None,
        "search": next(iter(screen.query(SearchPanel)), None),
        "viewer": next(iter(screen.query(Annotator)), None),
        "annotations": next(iter(screen.query(AnnotationList)), None),
        "article": next(iter(screen.query(ArticlePanel)), None),
        "comparison": next((bar for bar in screen.query(ComparisonBar) if bar.active), None),
        "review": screen if isinstance(screen, ReviewScreen) else None,
        "browser": screen if isinstance(screen, AnnotationBrowser) else None,
    }
    seen: set[str] = set()
    for _, keys in sections(app.tag_set):
        for key in keys:
            node = owners.get(key.owner)
            if node is None or not key.action or key.action == "command_palette" or key.action in seen:
                continue
            seen.add(key.action)
            if _offered(node, key):
                yield key.long_description, key.shown_keys, node, key.action


def _offered(node: DOMNode, key: Key) -> bool:
    name, parameters = parse(key.action)[1:]
    return node.check_action(name, parameters) is not False


class GlossatorCommands(Provider):
    async def discover(self) -> Hits:
        for name, keys, node, action in _commands(self):
            yield DiscoveryHit(name, partial(self.app.run_action, action, node), help=keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, keys, node, action in _commands(self):
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(name), partial(self.app.run_action, action, node), help=keys
                )
