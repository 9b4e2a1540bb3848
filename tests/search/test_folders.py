"""Quick syncs: only folders whose modification time changed are looked into."""

import os

from tui.search import CorpusIndex
from tui.workspace.layout import Workspace

from ..conftest import FIRST, XINHUA
from .test_coordinator import add, ids


def test_a_quick_sync_sees_files_added_removed_and_saved_by_renaming(workspace: Workspace) -> None:
    index = CorpusIndex.open(workspace)
    (workspace.corpus_dir / "extra").mkdir()
    (workspace.corpus_dir / "extra" / "new.txt").write_text("A quokka opened a bakery in Jilin.\n")
    os.remove(workspace.article_path(XINHUA))
    add(workspace, FIRST, "Harbin", "company")  # written aside and renamed into place
    report = index.sync(quick=True)
    assert (report.added, report.changed, report.removed) == (["extra/new"], [FIRST], [XINHUA])
    assert ids(index, "quokka") == ["extra/new"] and ids(index, "tag:company") == [FIRST]
    (workspace.corpus_dir / "extra" / "more.txt").write_text("A platypus in Harbin.\n")
    assert index.sync(quick=True).added == ["extra/more"]  # a subfolder's own change
    assert index.sync(quick=True).total_changes == 0
    workspace.annotation_path(FIRST).unlink()  # only the annotations folder changed
    assert index.sync(quick=True).changed == [FIRST]
    assert ids(index, "tag:company") == []
    index.close()


def test_a_file_rewritten_in_place_waits_for_the_full_sync(workspace: Workspace) -> None:
    """The trade-off, stated: rewriting a file in place does not touch its folder."""
    index = CorpusIndex.open(workspace)
    path = workspace.article_path(FIRST)
    with path.open("a", encoding="utf-8") as article:
        article.write("\nPostscript about a wombat.\n")
    assert index.sync(quick=True).total_changes == 0
    assert index.sync().changed == [FIRST]
    assert ids(index, "wombat") == [FIRST]
    index.close()


def test_the_folder_records_survive_a_restart_and_are_rebuilt_when_lost(workspace: Workspace) -> None:
    CorpusIndex.open(workspace).close()
    (workspace.corpus_dir / "late.txt").write_text("An echidna in Shenyang.\n")
    reopened = CorpusIndex(workspace)
    assert reopened.sync(quick=True).added == ["late"]
    records = reopened.folder.parent / "folders.json"
    reopened.close()
    records.write_text("{not json")
    (workspace.corpus_dir / "later.txt").write_text("A numbat in Dalian.\n")
    again = CorpusIndex(workspace)
    assert again.sync(quick=True).added == ["later"]  # every folder listed: no records to trust
    assert records.read_text().startswith('{"schema"')
    again.close()
