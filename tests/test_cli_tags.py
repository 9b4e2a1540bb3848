"""glossator tags and check FILE..., through the real command line."""

from tui.workspace import Workspace

from .conftest import FIRST, FUNDING_QUOTE, TAIYUAN, run_cli
from .test_index import add


def test_tags_lists_adds_renames_merges_and_removes(workspace: Workspace) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding")
    add(workspace, TAIYUAN, "Taiyuan", "policy")
    listed = run_cli("tags", cwd=workspace.root)
    assert listed.returncode == 0
    assert "funding         f    success              1" in listed.stdout
    added = run_cli("tags", "add", "person", "--key", "e", "--description", "People", cwd=workspace.root)
    assert added.returncode == 0, added.stderr
    assert "Added the tag person (key e) to glossator.toml" in added.stdout
    assert "person          e    warning              0  People" in added.stdout
    refused = run_cli("tags", "add", "note", "--key", "z", cwd=workspace.root)
    assert refused.returncode == 1
    assert refused.stderr.startswith("glossator: glossator.toml: tag 'note': 'note' is a search field")
    renamed = run_cli("tags", "rename", "funding", "money", cwd=workspace.root)
    assert f"Rewrote annotations/{FIRST}.toml" in renamed.stdout
    assert "Renamed funding to money: 1 annotation in 1 file" in renamed.stdout
    merged = run_cli("tags", "merge", "policy", "money", cwd=workspace.root)
    assert "Merged policy into money: 1 annotation in 1 file" in merged.stdout
    still_used = run_cli("tags", "remove", "money", cwd=workspace.root)
    assert still_used.returncode == 1 and "2 annotation(s) use 'money'" in still_used.stderr
    assert run_cli("tags", "remove", "person", cwd=workspace.root).returncode == 0
    stats = run_cli("stats", cwd=workspace.root)
    assert "  money              2" in stats.stdout
    checked = run_cli("check", cwd=workspace.root)
    assert checked.returncode == 0, checked.stdout


def test_check_takes_file_names_as_pre_commit_passes_them(workspace: Workspace) -> None:
    add(workspace, FIRST, FUNDING_QUOTE, "funding")
    add(workspace, TAIYUAN, "Taiyuan", "policy")
    broken = workspace.annotation_path(TAIYUAN)
    broken.write_text(broken.read_text() + "\nnot toml\n")
    only_first = run_cli("check", f"annotations/{FIRST}.toml", cwd=workspace.root)
    assert only_first.returncode == 0, only_first.stdout
    assert "OK: 1 annotation file with 1 annotation" in only_first.stdout
    both = run_cli("check", f"corpus/{TAIYUAN}.txt", f"annotations/{FIRST}.toml", cwd=workspace.root)
    assert both.returncode == 1
    assert f"annotations/{TAIYUAN}.toml:" in both.stdout and "invalid TOML" in both.stdout
    stray = run_cli("check", "README.md", cwd=workspace.root)
    assert stray.returncode == 1 and "README.md: -: not an annotation file" in stray.stdout
