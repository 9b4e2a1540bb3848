"""glossator tags and check FILE..., through the real command line."""

from tests.conftest import FIRST, FUNDING_QUOTE, TAIYUAN, run_cli
from tests.search.test_coordinator import add
from tui.workspace.layout import Workspace


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


def test_a_fourth_and_fifth_tag_work_end_to_end_through_the_command_line(workspace: Workspace) -> None:
    """Search by tag and tagged text, stats, agreement, check, rename and merge of new tags;
    the index is rebuilt when the tag set changes, without a traceback."""
    import json

    from tests.conftest import XINHUA
    from tests.workspace.test_tagset import FIVE

    assert run_cli("search", "harbin", cwd=workspace.root).returncode == 0  # an index of three tags
    (workspace.root / "glossator.toml").write_text(FIVE, "utf-8")
    add(workspace, FIRST, "Harbin", "place", author="Ada")
    add(workspace, FIRST, "Harbin", "place", author="Bob")
    add(workspace, XINHUA, "Kingdee", "person", author="Ada")
    found = run_cli("search", "tag:person", cwd=workspace.root)
    assert found.returncode == 0 and "Traceback" not in found.stderr, found.stderr
    assert XINHUA in found.stdout and FIRST not in found.stdout
    assert FIRST in run_cli("search", "place:harbin", cwd=workspace.root).stdout
    stats = run_cli("stats", cwd=workspace.root)
    assert "  person             1" in stats.stdout and "  place              2" in stats.stdout
    [pair] = json.loads(run_cli("agreement", "--json", cwd=workspace.root).stdout)
    assert pair["tags"]["place"]["exact"]["f1"] == 1.0
    assert run_cli("check", cwd=workspace.root).returncode == 0
    renamed = run_cli("tags", "rename", "place", "location", cwd=workspace.root)
    assert "Renamed place to location: 2 annotations in 1 file" in renamed.stdout, renamed.stdout
    assert FIRST in run_cli("search", "tag:location", cwd=workspace.root).stdout
    merged = run_cli("tags", "merge", "person", "company", cwd=workspace.root)
    assert "Merged person into company: 1 annotation in 1 file" in merged.stdout, merged.stdout
    assert XINHUA in run_cli("search", "company:kingdee", cwd=workspace.root).stdout
    gone = run_cli("search", "tag:person", cwd=workspace.root)
    assert gone.returncode == 1 and "unknown tag 'person'" in gone.stderr
    # A tag taken out of the config behind Glossator's back: check names it, nothing is dropped.
    config = workspace.root / "glossator.toml"
    config.write_text(config.read_text().replace('name = "location"', 'name = "area"'))
    checked = run_cli("check", cwd=workspace.root)
    assert checked.returncode == 1 and "unknown tag 'location'" in checked.stdout
    assert workspace.annotation_path(FIRST).read_text().count('tag = "location"') == 2
