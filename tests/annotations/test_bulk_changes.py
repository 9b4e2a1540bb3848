"""A bulk tag change (``glossator tags rename`` / ``merge``) is all or nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.cli import main
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace
from tui.workspace.tagset import load_tag_set

from ..conftest import CHINA_DAILY, FIRST, SCMP, TAIYUAN, XINHUA

ARTICLES = (FIRST, CHINA_DAILY, TAIYUAN, SCMP, XINHUA)


@pytest.fixture
def tagged(workspace: Workspace) -> Workspace:
    store = AnnotationStore(workspace)
    for article_id in ARTICLES:
        text = load_article(workspace, article_id).text
        made = new_annotation(text, 0, 10, "policy", author="Ada")
        store.update(article_id, text, lambda on_disk, made=made: [*on_disk.annotations, made])
    return workspace


def file_texts(workspace: Workspace) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted(workspace.annotations_dir.glob("*.toml"))}


@pytest.mark.parametrize("command", [("rename", "policy", "rule"), ("merge", "policy", "company")])
def test_one_broken_file_among_many_changes_nothing(
    tagged: Workspace, capsys: pytest.CaptureFixture[str], command: tuple[str, str, str]
) -> None:
    # The broken file sorts last, so a change made file by file would rewrite the others first.
    broken = tagged.annotation_path(XINHUA)
    broken.write_text(broken.read_text("utf-8") + "\nthis is not toml\n", "utf-8")
    before = file_texts(tagged)
    status = main(["--workspace", str(tagged.root), "tags", *command])
    said = capsys.readouterr().err
    assert status == 1
    assert f"annotations/{XINHUA}.toml" in said and "invalid TOML" in said
    assert "no file was rewritten and glossator.toml is unchanged" in said
    assert file_texts(tagged) == before
    assert load_tag_set(tagged.root).names == ("policy", "funding", "company")
    # Fixed, the same command does the whole change.
    broken.write_text(before[broken.name].replace("\nthis is not toml\n", ""), "utf-8")
    assert main(["--workspace", str(tagged.root), "tags", *command]) == 0
    assert all('tag = "policy"' not in text for text in file_texts(tagged).values())


def test_a_write_failing_midway_puts_the_files_already_rewritten_back(workspace: Workspace) -> None:
    # A real process whose files may not grow past 8 KiB (RLIMIT_FSIZE): the small file is
    # rewritten, the big one (sorted after it) fails with "File too large".
    store = AnnotationStore(workspace)
    for article_id, count in ((FIRST, 1), (TAIYUAN, 200)):
        text = load_article(workspace, article_id).text
        made = [new_annotation(text, n, n + 5, "policy", author="Ada") for n in range(0, count * 7, 7)]
        store.update(article_id, text, lambda on_disk, made=made: [*on_disk.annotations, *made])
    before = file_texts(workspace)
    assert len(before[f"{FIRST}.toml"]) < 8192 < len(before[f"{TAIYUAN}.toml"])
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))\n"
        "from tui.cli import main\n"
        f"sys.exit(main(['--workspace', {str(workspace.root)!r}, 'tags', 'rename', 'policy', 'rule']))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert f"annotations/{TAIYUAN}.toml: -: not rewritten: File too large" in result.stderr
    assert "the files already rewritten were put back and glossator.toml is unchanged" in result.stderr
    assert file_texts(workspace) == before
    assert load_tag_set(workspace.root).names == ("policy", "funding", "company")
