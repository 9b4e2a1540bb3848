"""The user's keymap: the ``[keys]`` table of a per-user config file, binding id = key.

Every key of the app is a binding with an id (``annotate.remove``, ``app.tag_all``); the
help screen and ``tui/docs/keys.md`` list them.  A user who wants other keys writes::

    [keys]
    "annotate.remove" = "ctrl+d"
    "app.tag_all" = "ctrl+g,F6"

in ``$XDG_CONFIG_HOME/glossator/config.toml`` (``~/.config/glossator/config.toml`` when
``XDG_CONFIG_HOME`` is not set), or in the file ``$GLOSSATOR_CONFIG`` names.  The app
applies it with Textual's ``App.set_keymap``, so the footer shows the keys in force, and
the help and the command palette read them from the same keymap.  The file belongs to the
user, not to a workspace: it is only read, never written.  A problem in it (not TOML, an
unknown id, a value that is no key) is said once when the app starts; the rest applies.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

#: Names the config file instead of the default place (for tests, or a shared setup).
CONFIG_ENV = "GLOSSATOR_CONFIG"
#: The table of the config file that holds the keymap.
KEYS_TABLE = "keys"


def config_path(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the user's config file is (it may not exist)."""
    if environ.get(CONFIG_ENV):
        return Path(environ[CONFIG_ENV]).expanduser()
    base = environ.get("XDG_CONFIG_HOME") or str(Path("~/.config").expanduser())
    return Path(base) / "glossator" / "config.toml"


@dataclass(frozen=True)
class UserKeymap:
    """Binding id → keys (comma-separated, as Textual's keymaps take them), and what was wrong."""

    keys: dict[str, str]
    path: Path
    problems: tuple[str, ...] = ()


def load_keymap(known_ids: Collection[str], path: Path | None = None) -> UserKeymap:
    """The ``[keys]`` of the user's config file; empty if there is no file."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return UserKeymap({}, path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return UserKeymap({}, path, (f"{path}: cannot read it ({error}); the default keys are used",))
    table = data.get(KEYS_TABLE, {})
    if not isinstance(table, dict):
        return UserKeymap({}, path, (f"{path}: [{KEYS_TABLE}] should be a table of binding id = key",))
    keys: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, value in table.items():
        if binding_id not in known_ids:
            problems.append(f"{path}: unknown binding id {binding_id!r} (F1 and keys.md list the ids)")
            continue
        parts = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        written = [key.strip() for part in parts or () if isinstance(part, str) for key in part.split(",")]
        if not parts or not written or not all(key and " " not in key for key in written):
            problems.append(f'{path}: {binding_id} = {value!r} is not a key such as "ctrl+k" or "F6"')
            continue
        keys[binding_id] = ",".join(_textual_key(key) for key in written)
    return UserKeymap(keys, path, tuple(problems))


def _textual_key(key: str) -> str:
    """A key as Textual names it: ``F6`` → ``f6``, ``Ctrl+K`` → ``ctrl+k``; one character as typed
    (``D`` is shift+d)."""
    *modifiers, base = key.split("+") if len(key) > 1 else [key]
    if len(base) > 1 or modifiers:
        base = base.lower()
    return "+".join([*(modifier.lower() for modifier in modifiers), base])
