"""The import budget of ``glossator search``: what a search does not use is not imported.

Start-up is most of a search's time on the command line (a whole library imported costs
more than the search), so the modules a real run loads are checked in a fresh process.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tui.search import CorpusIndex
from tui.workspace.layout import Workspace

PROBE = """
import json, sys
from tui.cli import main
status = main(["--workspace", sys.argv[1], "search", "market"])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""

#: Never needed by a search: the app and its toolkit, asyncio (which Whoosh would pull in
#: through a decorator), an HTTP client (Whoosh's download helper), the features above
#: search, the help topics, the entry-point scan, Chinese segmentation for an English query,
#: Chinese datelines with no article to read, file watching, fuzzy anchoring, ``uuid``.
NEVER = {
    "textual", "rich", "asyncio", "concurrent.futures", "multiprocessing",
    "urllib.request", "http.client", "ssl", "email",
    "tui.app", "tui.interchange", "tui.agreement.scores", "tui.project", "tui.docs",
    "importlib.metadata", "jieba", "tui.workspace.chinese_datelines", "watchfiles", "edlib",
    "rapidfuzz", "uuid",
}  # fmt: skip
#: The other engine's library, by the engine the workspace uses.
OTHER_ENGINE = {"whoosh": "tantivy", "tantivy": "whoosh"}


def loaded_by_a_search(workspace: Workspace) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(workspace.root)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["status"] == 0
    assert "3 results" in result.stdout
    return set(report["modules"])


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
def test_a_search_imports_neither_the_app_nor_the_features_nor_the_other_engine(
    workspace: Workspace, engine: str
) -> None:
    (workspace.root / "glossator.toml").write_text(f'[search]\nengine = "{engine}"\n', "utf-8")
    CorpusIndex.open(workspace).close()  # built: the run measured is a search, not a build
    loaded = loaded_by_a_search(workspace)
    assert engine in loaded  # the probe really searched with it
    unwanted = NEVER | {OTHER_ENGINE[engine]}
    assert (
        sorted(name for name in loaded if any(name == u or name.startswith(f"{u}.") for u in unwanted)) == []
    )
