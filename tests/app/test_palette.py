"""The command palette finds every binding in force that has a description, by name."""

from __future__ import annotations

import pytest
from textual.actions import parse
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widget import Widget

from tui.app.annotator import Annotator
from tui.app.browser import AnnotationBrowser
from tui.app.commands import commands
from tui.app.review_screen import TagAllDialog
from tui.workspace.layout import Workspace

from ..conftest import FIRST
from ..project.conftest import annotate
from .conftest import opened, settle, wait_for

SMALL = (80, 24)


async def test_every_binding_with_a_description_is_offered(workspace: Workspace) -> None:
    annotate(workspace, FIRST, "Heilongjiang", "policy", author="Tester")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        viewer = app.query_one(Annotator)
        viewer.move_to(viewer.source.index("Heilongjiang"))
        await settle(pilot)
        offered = {(id(command.node), command.action) for command in commands(app.screen, app, {})}
        # Every binding of ours (with an id and a description) of the app and of every widget
        # on screen, except what its widget refuses just now.
        nodes: list[Widget | object] = [*app.screen.walk_children(with_self=True), app]
        expected = set()
        for node in nodes:
            if isinstance(node, Widget) and not all(
                a.display for a in node.ancestors_with_self if isinstance(a, Widget)
            ):
                continue
            for bindings in node._bindings.key_to_bindings.values():  # type: ignore[attr-defined]
                for binding in bindings:
                    assert isinstance(binding, Binding)
                    if binding.id and binding.description and not binding.system:
                        expected.add((id(node), binding.action))
        refused = {
            (id(node), action)
            for node in nodes
            for (node_id, action) in expected
            if node_id == id(node) and node.check_action(*parse(action)[1:]) is False  # type: ignore[attr-defined]
        }
        assert expected - refused <= offered
        # The project features the issue could not find are among them.
        actions = {action for _, action in offered}
        assert {
            "tag_all",
            "review_suggestions",
            "browse",
            "next_unmarked",
            "undo_batch",
            "messages",
        } <= actions


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("review", "Review the suggestions in the results"),
        ("occurrence", "Tag every occurrence of a phrase in the results"),
        ("glance", "Every annotation of the results at a glance"),
        ("browser", "Every annotation of the results at a glance (the browser)"),
        ("every annotation", "Every annotation of the results at a glance"),
        ("compare", "Compare two annotators in this article"),
        ("messages", "Show the messages of this session again"),
        ("not done", "Open the next article of the results you have not marked"),
        ("help", "Show every key"),
    ],
)
async def test_the_palette_finds_a_feature_by_name(workspace: Workspace, typed: str, found: str) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*typed)
        assert isinstance(app.screen, CommandPalette)
        offered = app.screen.query_one(CommandList)

        def prompts() -> list[str]:
            return [str(offered.get_option_at_index(i).prompt) for i in range(offered.option_count)]

        await wait_for(pilot, lambda: any(found in prompt for prompt in prompts()), 3.0)


async def test_a_project_command_runs_from_the_palette(workspace: Workspace) -> None:
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        for typed, screen in (("occurrence", TagAllDialog), ("glance", AnnotationBrowser)):
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*typed)
            offered = app.screen.query_one(CommandList)
            await wait_for(pilot, lambda offered=offered: offered.option_count > 0, 3.0)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, screen)
            await pilot.press("escape")
            await settle(pilot)
