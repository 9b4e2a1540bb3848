"""Engines are found by name through the ``glossator.engines`` entry points, so one can ship apart."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tui.search.engines import BUILT_IN, available_engines, engine_named

ENGINE_PACKAGE = '''
from tui.search.memory import MemoryEngine


class ThirdPartyEngine(MemoryEngine):
    """An engine shipped by another distribution: here, the in-memory one under another name."""
'''

PROBE = """
import sys
from tui.search import CorpusIndex
from tui.workspace.layout import Workspace

index = CorpusIndex.open(Workspace.open(sys.argv[1]))
print(type(index.engine).__name__, index.search("venture").total)
"""


def test_the_installed_engines_are_whoosh_and_tantivy() -> None:
    assert {"whoosh", "tantivy"} <= set(available_engines())
    assert engine_named("whoosh").__name__ == "WhooshEngine"


def test_the_engines_known_without_looking_are_the_ones_glossator_declares() -> None:
    declared = {name: entry.value for name, entry in available_engines().items() if name in BUILT_IN}
    assert declared == {name: target for name, (target, _extra) in BUILT_IN.items()}


def test_an_engine_from_another_distribution_is_used_when_the_workspace_names_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "third_party_engine.py").write_text(ENGINE_PACKAGE, "utf-8")
    dist_info = site / "third_party_engine-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: third-party-engine\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text(
        "[glossator.engines]\nthird = third_party_engine:ThirdPartyEngine\n", "utf-8"
    )
    workspace = tmp_path / "ws"
    (workspace / "corpus").mkdir(parents=True)
    (workspace / "annotations").mkdir()
    (workspace / "corpus" / "a.txt").write_text("Venture capital came to Harbin.\n", "utf-8")
    (workspace / "glossator.toml").write_text('[search]\nengine = "third"\n', "utf-8")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(workspace)],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ThirdPartyEngine", "1"]
