"""``glossator export`` and ``glossator import``, run for real as subprocesses.

These need ``tui/interchange/commands.register`` wired into ``tui/cli.py``'s parser.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from spacy.tokens import DocBin

from tui.interchange.jsonl import write_jsonl
from tui.workspace.layout import Workspace

from ..conftest import FIRST, run_cli
from .conftest import HOSTILE, MISALIGNED, SPECS, annotation_files, documents, new_workspace


def test_export_jsonl_to_a_pipe_is_exact_and_the_summary_goes_to_stderr(hostile: Workspace) -> None:
    result = run_cli("export", "--format", "jsonl", cwd=hostile.root)
    assert result.returncode == 0, result.stderr
    chosen, _ = documents(hostile)
    assert result.stdout == write_jsonl(chosen).decode("utf-8")
    assert result.stderr == f"Exported {len(SPECS) + 1} annotations of 2 articles as jsonl\n"


def test_export_filters_by_query_tag_and_author(hostile: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "policy.csv"
    result = run_cli(
        "export", "-f", "csv", "--out", str(out), "--tag", "policy", "--author", "李雷", "--author", "Ada Lovelace",
        cwd=hostile.root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Exported 3 annotations of 1 article as csv to {out}\n"
    ids = [line.rsplit(",", 1)[1] for line in out.read_text("utf-8").splitlines()[1:]]
    assert sorted(ids) == ["a2000000000000f2", "a6000000000000f6", "a8000000000000f8"]
    result = run_cli("export", "-f", "jsonl", "--query", "yuan", cwd=hostile.root)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [FIRST]


def test_export_folders_and_files(hostile: Workspace, tmp_path: Path) -> None:
    result = run_cli("export", "-f", "brat", "-o", str(tmp_path / "brat"), cwd=hostile.root)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "brat" / "2016" / "hostile news.ann").is_file()
    assert (tmp_path / "brat" / "annotation.conf").is_file()
    assert "the note's line breaks are written as spaces" in result.stderr
    result = run_cli("export", "-f", "xmi", "-o", str(tmp_path / "xmi"), cwd=hostile.root)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "xmi" / "TypeSystem.xml").is_file() and (tmp_path / "xmi" / f"{FIRST}.xmi").is_file()
    result = run_cli("export", "-f", "w3c", "-o", str(tmp_path / "a.jsonld"), cwd=hostile.root)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "a.jsonld").read_text("utf-8"))["total"] == len(SPECS) + 1


def test_spacy_export_writes_the_file_and_exits_1_for_what_it_left_out(
    hostile: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "train.spacy"
    result = run_cli("export", "-f", "spacy", "-o", str(out), cwd=hostile.root)
    assert result.returncode == 1
    assert f"{HOSTILE}: {MISALIGNED}: not exported:" in result.stderr
    assert len(DocBin().from_disk(out)) == 2


def test_export_usage_mistakes(hostile: Workspace, tmp_path: Path) -> None:
    result = run_cli("export", "-f", "brat", cwd=hostile.root)
    assert (result.returncode, result.stderr) == (
        2,
        "glossator: --format brat needs --out PATH (a folder to write)\n",
    )
    result = run_cli("export", "-f", "csv", "--tag", "people", cwd=hostile.root)
    assert result.returncode == 2 and "--tag people: not a tag" in result.stderr
    result = run_cli("export", "-f", "brat", "-o", str(hostile.corpus_dir / "out"), cwd=hostile.root)
    assert result.returncode == 1 and "is inside corpus/, which holds Glossator's own files" in result.stderr
    assert not (hostile.corpus_dir / "out").exists()


def test_cli_round_trip_and_second_import_changes_nothing(hostile: Workspace, tmp_path: Path) -> None:
    exported = tmp_path / "all.jsonl"
    assert run_cli("export", "-f", "jsonl", "-o", str(exported), cwd=hostile.root).returncode == 0
    target = new_workspace(tmp_path / "target")
    result = run_cli("import", "-f", "jsonl", str(exported), cwd=target.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        f"Took {len(SPECS) + 1} annotations into 2 files; added 2 articles to corpus/"
    )
    assert annotation_files(target) == annotation_files(hostile)
    result = run_cli("import", "-f", "jsonl", str(exported), cwd=target.root)
    assert result.returncode == 0
    assert (
        result.stdout.splitlines()[-1] == f"Took 0 annotations into 0 files; {len(SPECS) + 1} already there"
    )


def test_import_refuses_unknown_labels_then_takes_them_mapped(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "x", "text": "Acme \x1b[31m", "label": [[0, 4, "ORG\x1b[31m"]]}) + "\n"
    )
    target = new_workspace(tmp_path / "target")
    result = run_cli("import", "-f", "jsonl", str(source), cwd=target.root)
    assert result.returncode == 1
    assert "labels outside the tag set (policy, funding, company): 'ORG\\x1b[31m' (1)" in result.stderr
    assert "--map LABEL=TAG" in result.stderr and "\x1b" not in result.stderr + result.stdout
    assert annotation_files(target) == {}
    result = run_cli("import", "-f", "jsonl", str(source), "--map", "ORG\x1b[31m=company", cwd=target.root)
    assert result.returncode == 0, result.stderr
    assert "annotations/x.toml: took 1 annotation from" in result.stdout
    result = run_cli("import", "-f", "jsonl", str(source), "--map", "ORG=people", cwd=target.root)
    assert result.returncode == 2 and "'people' is not a tag" in result.stderr


def test_import_reports_each_problem_with_file_and_line_and_exits_1(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "x", "text": "Acme", "label": [[0, 4, "company"], [2, 9, "company"]]}) + "\n",
        "utf-8",
    )
    target = new_workspace(tmp_path / "target")
    result = run_cli("import", "-f", "jsonl", str(source), cwd=target.root)
    assert result.returncode == 1
    assert f"{source}:1 (label 2): not taken: span 2-9 is outside the text (length 4)" in result.stdout
    assert result.stdout.splitlines()[-1].endswith("1 thing not taken (listed above)")
    result = run_cli("import", "-f", "w3c", str(tmp_path / "missing.json"), cwd=target.root)
    assert result.returncode == 1 and "missing.json does not exist" in result.stderr


def test_export_to_a_terminal_shows_control_characters_as_symbols(hostile: Workspace) -> None:
    # On a terminal the data is for eyes: a BEL or ESC in an article must not reach it raw.
    main, secondary = os.openpty()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "tui", "export", "-f", "csv", "--tag", "policy"],
            cwd=hostile.root, stdout=secondary, stderr=subprocess.PIPE, timeout=120, check=False,
        )  # fmt: skip
        os.close(secondary)
        shown = b""
        while chunk := _read_pty(main):
            shown += chunk
    finally:
        os.close(main)
    assert completed.returncode == 0, completed.stderr
    text = shown.decode("utf-8")
    assert "A bell␇ rang" in text and "\x07" not in text


def _read_pty(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the other side is closed (EIO on Linux)
        return b""
