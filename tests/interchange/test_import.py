"""What an import does in the workspace, whatever the format (shown with JSON Lines files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tui.annotations.model import TAGS
from tui.annotations.store import AnnotationStore
from tui.interchange.jsonl import read_jsonl
from tui.interchange.labels import LabelMapError, parse_label_map
from tui.interchange.landing import UnknownLabelsError, import_documents
from tui.interchange.model import NormalisedText, Report, normalise
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from .conftest import HOSTILE, annotation_files, expected_spans, new_workspace


def jsonl(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), "utf-8")
    return path


def run(workspace: Workspace, path: Path, mapping: dict[str, str] | None = None) -> tuple[Report, Any]:
    report = Report()
    summary = import_documents(workspace, read_jsonl(path, path.name, report), mapping or {}, report)
    return report, summary


def test_unknown_labels_refuse_everything_and_say_how_to_map(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "in.jsonl",
        {"id": "a", "text": "Acme and Bo", "label": [[0, 4, "ORG"], [9, 11, "PER"], [0, 4, "ORG"]]},
        {"id": "b", "text": "Tax law", "label": [[0, 7, "policy"]]},
    )
    target = new_workspace(tmp_path / "target")
    with pytest.raises(UnknownLabelsError) as caught:
        run(target, path)
    assert str(caught.value) == (
        "labels outside the tag set (policy, funding, company): 'ORG' (2), 'PER' (1). Nothing was imported. "
        "Map each to a tag with --map LABEL=TAG (e.g. --map ORG=policy), or add them to the tag set"
    )
    assert annotation_files(target) == {} and list(target.corpus_dir.iterdir()) == []
    report, summary = run(target, path, {"ORG": "company", "PER": "company"})
    assert summary.taken == 4 and not report.anything_left_out


def test_label_map_options_are_checked() -> None:
    assert parse_label_map(["ORG=company", "a=b=funding"], TAGS) == {"ORG": "company", "a=b": "funding"}
    for bad, message in (
        ("ORG", "write it as LABEL=TAG"),
        ("ORG=people", "'people' is not a tag"),
        ("=policy", "write it as LABEL=TAG"),
    ):
        with pytest.raises(LabelMapError, match=message):
            parse_label_map([bad], TAGS)
    with pytest.raises(LabelMapError, match="mapped twice"):
        parse_label_map(["X=policy", "X=funding"], TAGS)


def test_spans_that_do_not_fit_are_reported_by_line_and_the_rest_taken(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "in.jsonl",
        {"id": "a", "text": "Acme plc", "spans": [
            {"start": 0, "end": 4, "label": "company"},
            {"start": 5, "end": 99, "label": "company"},
            {"start": 4, "end": 4, "label": "company"},
            {"start": 0, "end": 4, "label": "company", "text": "Acne"},
            {"start": "0", "end": 4, "label": "company"},
        ]},
        {"id": "../escape", "text": "x", "spans": []},
    )  # fmt: skip
    (tmp_path / "in.jsonl").write_text((tmp_path / "in.jsonl").read_text() + "{not json\n", "utf-8")
    target = new_workspace(tmp_path / "target")
    report, summary = run(target, path)
    assert summary.taken == 1
    assert [str(n) for n in report.notices if n.left_out] == [
        'in.jsonl:1 (spans 5): not taken: not a span: {"start": "0", "end": 4, "label": "company"}',
        "in.jsonl:3: not taken: invalid JSON (Expecting property name enclosed in double quotes at column 2)",
        "in.jsonl:1 (spans 2): not taken: span 5-99 is outside the text (length 8)",
        "in.jsonl:1 (spans 3): not taken: span 4-4 is empty or reversed",
        "in.jsonl:1 (spans 4): not taken: span 0-4 says it covers 'Acne', but the text there is 'Acme'",
        "in.jsonl:2: not taken: article id '../escape' would leave the corpus",
    ]
    assert not (tmp_path / "escape.txt").exists()


def test_a_clash_of_names_with_another_text_is_refused(hostile: Workspace, tmp_path: Path) -> None:
    before = annotation_files(hostile)
    path = jsonl(tmp_path / "in.jsonl", {"id": HOSTILE, "text": "Other text", "label": [[0, 5, "policy"]]})
    report, summary = run(hostile, path)
    assert summary.taken == 0
    [notice] = [n for n in report.notices if n.left_out]
    assert str(notice).startswith(
        f"in.jsonl:1: not taken: corpus/{HOSTILE}.txt already exists with a different text"
    )
    assert annotation_files(hostile) == before


def test_crlf_text_moves_offsets_onto_the_article_text(tmp_path: Path) -> None:
    raw = "\ufeffLine one\r\nFunding: 5 yuan\r\nEnd"
    start = raw.index("5 yuan")
    path = jsonl(tmp_path / "in.jsonl", {"id": "win", "text": raw, "label": [[start, start + 6, "funding"]]})
    target = new_workspace(tmp_path / "target")
    report, summary = run(target, path)
    assert summary.taken == 1
    text = load_article(target, "win").text
    assert text == "Line one\nFunding: 5 yuan\nEnd"
    assert expected_spans(target, "win") == [
        (text.index("5 yuan"), text.index("5 yuan") + 6, "funding", "5 yuan")
    ]
    assert "in.jsonl:1: the text has \\r\\n line ends or a BOM: offsets moved to the article text" in [
        str(n) for n in report.notices
    ]


def test_nothing_on_disk_is_overwritten_or_duplicated(hostile: Workspace, tmp_path: Path) -> None:
    text = load_article(hostile, HOSTILE).text
    start = text.index("中文政策")
    path = jsonl(
        tmp_path / "in.jsonl",
        {"id": HOSTILE, "text": text, "spans": [
            # Same id as an annotation on disk, other span: kept beside it under a new id.
            {"start": 0, "end": 8, "label": "company", "id": "a1000000000000f1"},
            # Same span, tag and text as one on disk (no id): already there.
            {"start": start, "end": start + 4, "label": "policy", "note": "a different note"},
            # New.
            {"start": 0, "end": 8, "label": "policy", "id": "new0000000000001", "author": "Cy"},
        ]},
    )  # fmt: skip
    before = AnnotationStore(hostile).load(HOSTILE, text).annotations
    report, summary = run(hostile, path)
    assert (summary.taken, summary.already_there) == (2, 1)
    after = AnnotationStore(hostile).load(HOSTILE, text).annotations
    by_id = {a.id: a for a in after}
    assert all(by_id[a.id] == a for a in before) and len(after) == len(before) + 2
    renamed = [a for a in after if (a.start, a.end, a.tag) == (0, 8, "company")]
    assert len(renamed) == 1 and renamed[0].id != "a1000000000000f1"
    assert any(a.id == "new0000000000001" and a.author == "Cy" for a in after)
    assert f"in.jsonl:1 (spans 1): its id is taken by another annotation: saved as {renamed[0].id}" in [
        str(n) for n in report.notices
    ]


def test_a_broken_annotation_file_is_not_rewritten(hostile: Workspace, tmp_path: Path) -> None:
    broken = hostile.annotation_path(HOSTILE)
    broken.write_text("format = 1\nthis is not toml\n", "utf-8")
    text = load_article(hostile, HOSTILE).text
    path = jsonl(tmp_path / "in.jsonl", {"id": HOSTILE, "text": text, "label": [[0, 8, "policy"]]})
    report, summary = run(hostile, path)
    assert summary.taken == 0
    [notice] = [n for n in report.notices if n.left_out]
    assert (
        notice.where == "in.jsonl:1 (label 1)"
        and "is not rewritten because it has a problem" in notice.message
    )
    assert broken.read_text("utf-8") == "format = 1\nthis is not toml\n"


@pytest.mark.parametrize(
    "raw", ["", "a\r\nb", "\r\r\n\n", "\ufeff\r\n", "x\ry\r\n\r", "\ufeff\ufeffz", "no change"]
)
def test_normalise_is_the_article_text_and_moves_offsets(raw: str) -> None:
    from tui.workspace.articles import decode_article

    moved: NormalisedText = normalise(raw)
    assert moved.text == decode_article(raw.encode("utf-8")).text
    # Every character that is kept lands where it is in the article text.
    kept = [i for i in range(len(raw)) if i not in moved.removed]
    assert [moved.position(i) for i in kept] == list(range(len(moved.text)))
    assert moved.position(len(raw)) == len(moved.text)
