"""The user keymap: ``[keys]`` of the per-user config file, binding id = key, applied at start.

The keys in force are the ones that work, and the ones the footer, the help and the
palette show; tag keys are checked against them, a clash said once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app.commands import commands
from tui.app.dialogs import TagDialog
from tui.app.help_screen import HelpScreen
from tui.app.keymap import CONFIG_ENV, config_path, load_keymap
from tui.app.keys import binding_ids, help_sections
from tui.app.message_log import MessageLogScreen
from tui.workspace.layout import Workspace
from tui.workspace.tagset import DEFAULT_TAGS

from ..conftest import FIRST
from ..project.conftest import annotate
from .conftest import opened, saved, screen_lines, screen_text, settle

SMALL = (80, 24)


def test_the_config_file_is_the_xdg_one_unless_the_environment_names_another(tmp_path: Path) -> None:
    assert config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "glossator" / "config.toml"
    assert config_path({"XDG_CONFIG_HOME": str(tmp_path), CONFIG_ENV: "/x/k.toml"}) == Path("/x/k.toml")
    assert config_path({}).parts[-3:] == (".config", "glossator", "config.toml")


def test_a_keymap_is_read_and_what_is_wrong_in_it_is_said(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_keymap({"annotate.remove"}, path).keys == {}  # no file: the default keys
    path.write_text(
        '[keys]\n"annotate.remove" = "Ctrl+D"\n"app.help" = ["F1", "F12"]\n'
        '"no.such" = "x"\n"annotate.note" = 3\n',
        "utf-8",
    )
    keymap = load_keymap(binding_ids(DEFAULT_TAGS), path)
    assert keymap.keys == {"annotate.remove": "ctrl+d", "app.help": "f1,f12"}
    assert [problem.split(": ", 1)[1] for problem in keymap.problems] == [
        "unknown binding id 'no.such' (F1 and keys.md list the ids)",
        'annotate.note = 3 is not a key such as "ctrl+k" or "F6"',
    ]
    path.write_text("[keys\n", "utf-8")
    assert "cannot read it" in load_keymap({"annotate.remove"}, path).problems[0]


async def test_a_remapped_key_works_and_is_shown_remapped_in_footer_help_and_palette(
    workspace: Workspace, user_config: Path
) -> None:
    user_config.write_text('[keys]\n"annotate.remove" = "ctrl+d"\n"annotate.tag.company" = "m"\n', "utf-8")
    mine = annotate(workspace, FIRST, "Heilongjiang", "policy", author="Tester")
    async with opened(workspace, FIRST, size=(120, 30)) as (app, pilot):
        viewer = app.query_one("#viewer")
        viewer.move_to(viewer.source.index("Heilongjiang"))  # type: ignore[attr-defined]
        await settle(pilot)
        footer = screen_lines(app)[-1]
        assert "^d Remove" in footer and "x Remove" not in footer
        assert "m company" in footer
        # The palette says ctrl+d for it.
        offered = {command.name: command.keys for command in commands(app.screen, app, app.user_keymap.keys)}
        assert offered["Remove the annotation under the cursor"] == "ctrl+d Delete"
        # The help too.
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = dict(row for _, rows in app.screen.sections for row in rows)
        assert rows["ctrl+d Delete"] == "Remove the annotation under the cursor"
        await pilot.press("escape")
        await settle(pilot)
        # x no longer removes; ctrl+d does.
        await pilot.press("x")
        await settle(pilot)
        assert [a["id"] for a in saved(workspace, FIRST)] == [mine.id]
        # The retag dialog picks company with m, and shows m.
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagDialog)
        assert "p / f / m or Enter chooses" in screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert [a["tag"] for a in saved(workspace, FIRST)] == ["company"]
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert saved(workspace, FIRST) == []


async def test_a_tag_key_clashing_with_a_key_in_force_is_said_once(
    workspace: Workspace, user_config: Path
) -> None:
    user_config.write_text('[keys]\n"annotate.remove" = "p"\n"app.messages" = "f7"\n', "utf-8")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        await pilot.press("down", "p", "p")  # keys pressed do not repeat it
        await settle(pilot)
        said = [entry.message for entry in app.message_log if "Key p" in entry.message]
        assert said == [
            "Key p is both tag policy (annotate.tag.policy) and “Remove” (annotate.remove): "
            f"change one in glossator.toml or {user_config}"
        ]
        assert not any("lost it" in entry.message for entry in app.message_log)  # not said twice
        # The message log opens with the key in force.
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, MessageLogScreen)
        assert "Key p is both tag policy" in screen_text(app)


@pytest.mark.parametrize("value", ['"annotate.remove" = ""', '"annotate.remove" = "ctrl d"'])
def test_a_value_that_is_no_key_is_refused(tmp_path: Path, value: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[keys]\n{value}\n", "utf-8")
    keymap = load_keymap({"annotate.remove"}, path)
    assert keymap.keys == {} and len(keymap.problems) == 1


def test_every_binding_has_an_id_a_keymap_can_name() -> None:
    from tui.app.keys import bound_classes

    for cls, bindings in bound_classes(DEFAULT_TAGS):
        for binding in bindings:
            assert not isinstance(binding, tuple), cls
            assert getattr(binding, "id", None), f"{cls.__name__}: {binding}"


def test_help_lists_the_remapped_key_in_its_section() -> None:
    sections = dict(help_sections(DEFAULT_TAGS, {"app.tag_all": "f6"}))
    assert ("F6", "Tag every occurrence of a phrase in the results (each place reviewed before saving)") in (
        sections["Annotation projects"]
    )


async def test_a_keymap_key_taking_a_key_of_textual_is_said_once(
    workspace: Workspace, user_config: Path
) -> None:
    user_config.write_text('[keys]\n"annotate.note" = "ctrl+pageup"\n', "utf-8")
    async with opened(workspace, FIRST, size=SMALL) as (app, pilot):
        await pilot.press("down", "down", "down")  # Textual checks the bindings at every key
        await settle(pilot)
        said = [entry.message for entry in app.message_log if "lost it" in entry.message]
        assert said == [
            f"Your keymap gives ctrl+PgUp to another action, so Page Left (page_left) lost it; see {user_config}"
        ]
