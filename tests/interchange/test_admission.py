"""What an import admits: hostile records are refused one by one, with the place and why,
and what is written is what ``glossator check`` accepts."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cassis import load_cas_from_xmi, load_typesystem

from tui.annotations.store import AnnotationStore
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import BUNDLED_CORPUS, FIRST
from .test_edges import glossator


@pytest.fixture
def empty(make_workspace: Callable[[dict[str, str | bytes]], Workspace]) -> Workspace:
    return make_workspace({FIRST: (BUNDLED_CORPUS / f"{FIRST}.txt").read_bytes()})


def jsonl(tmp_path: Path, *records: object, raw: str = "") -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records) + raw, "utf-8")
    return path


def saved(workspace: Workspace, article_id: str) -> list[tuple[str, str, str, str]]:
    text = load_article(workspace, article_id).text
    return [
        (a.id, a.quote, a.author, a.note)
        for a in AnnotationStore(workspace).load(article_id, text).annotations
    ]


def test_brat_repeated_ids_keep_both_spans(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text("Kingdee and Tencent\n", "utf-8")
    (folder / "a.ann").write_text("T1\tcompany 0 7\tKingdee\nT1\tcompany 12 19\tTencent\n", "utf-8")
    status, said = glossator(empty, capsys, "import", "-f", "brat", str(folder))
    assert status == 0
    assert "a.ann:2: T1 is used again (first on line 1): both spans are taken" in said
    assert "Took 2 annotations" in said
    assert sorted(quote for _, quote, _, _ in saved(empty, "a")) == ["Kingdee", "Tencent"]


def test_hidden_and_unusable_article_ids_are_refused_as_add_refuses_them(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = [".hidden", "sub/.also", "new\nline", "trailing ", "CON", "a//b"]
    path = jsonl(tmp_path, *({"id": i, "text": "Kingdee", "label": [[0, 7, "company"]]} for i in ids))
    status, said = glossator(empty, capsys, "import", "-f", "jsonl", str(path))
    assert status == 1
    assert "in.jsonl:1: not taken: article id '.hidden' has a hidden part" in said
    assert "in.jsonl:2: not taken: article id 'sub/.also' has a hidden part" in said
    assert "in.jsonl:3: not taken: article id 'new\\nline' holds a control character" in said
    assert "in.jsonl:4: not taken: article id 'trailing ': 'trailing ' begins or ends with a space" in said
    assert "in.jsonl:5: not taken: article id 'CON': 'CON' is a device name on Windows" in said
    assert "in.jsonl:6: not taken: article id 'a//b' has an empty folder name" in said
    assert "would leave the corpus" not in said
    assert sorted(p.name for p in empty.corpus_dir.rglob("*")) == [f"{FIRST}.txt"]
    # glossator add refuses the same names for the same reasons.
    hidden = tmp_path / ".hidden.txt"
    hidden.write_text("x", "utf-8")
    device = tmp_path / "con.txt"
    device.write_text("x", "utf-8")
    status, said = glossator(empty, capsys, "add", str(hidden), str(device))
    assert status == 1 and "has a hidden part" in said and "is a device name on Windows" in said


def test_bad_annotation_ids_are_replaced_and_said(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spans = [
        {"start": 0, "end": 7, "label": "company", "id": bad}
        for bad in ("../../etc/x", "x" * 10_000, "esc\x1b[31mred", "good-id_1")
    ]
    path = jsonl(tmp_path, {"id": "ids", "text": "Kingdee", "spans": spans})
    status, said = glossator(empty, capsys, "import", "-f", "jsonl", str(path))
    assert status == 1
    assert "(spans 1): its id '../../etc/x' holds a space, a / or a \\" in said
    assert "(spans 2): its id 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is 10,000 characters long" in said
    assert "(spans 3): its id" in said and "holds a control or invisible character" in said
    ids = [annotation_id for annotation_id, _, _, _ in saved(empty, "ids")]
    assert len(ids) == 4 and "good-id_1" in ids
    assert all(len(i) <= 128 and "/" not in i and "\x1b" not in i for i in ids)
    assert glossator(empty, capsys, "check")[0] == 0


def test_times_are_stored_in_utc_and_nul_texts_are_refused(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    span = {"start": 0, "end": 7, "label": "company", "created": "2026-01-02T10:00:00+14:00"}
    path = jsonl(
        tmp_path,
        {"id": "zone", "text": "Kingdee", "spans": [span]},
        {"id": "binary", "text": "Kingdee\x00\x01", "label": [[0, 7, "company"]]},
        {
            "id": "nonsense",
            "text": "Kingdee",
            "spans": [{"start": 0, "end": 7, "label": "company", "created": "soon"}],
        },
    )
    status, said = glossator(empty, capsys, "import", "-f", "jsonl", str(path))
    assert status == 1
    assert "in.jsonl:2: not taken: the text holds a NUL character (at 7)" in said
    assert not (empty.corpus_dir / "binary.txt").exists()
    assert (
        "in.jsonl:3 (spans 1): 'created' 'soon' is not an ISO 8601 date-time: the time of the import is used"
        in said
    )
    assert "created = 2026-01-01T20:00:00Z" in (empty.annotations_dir / "zone.toml").read_text("utf-8")
    assert (
        glossator(empty, capsys, "check") == (0, "No problems found\n")
        or glossator(empty, capsys, "check")[0] == 0
    )


def test_lone_surrogates_are_reported_per_record_and_the_others_taken(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = [
        {"id": "ok1", "text": "Kingdee", "label": [[0, 7, "company"]]},
        {"id": "bad\ud800", "text": "Kingdee", "label": [[0, 7, "company"]]},
        {"id": "text", "text": "Kingdee \udfff", "label": [[0, 7, "company"]]},
        {
            "id": "note",
            "text": "Kingdee",
            "spans": [{"start": 0, "end": 7, "label": "company", "note": "n\ud83d"}],
        },
        {
            "id": "author",
            "text": "Kingdee",
            "spans": [{"start": 0, "end": 7, "label": "company", "author": "\udc00"}],
        },
        {"id": "ok2", "text": "Kingdee", "label": [[0, 7, "company"]]},
    ]
    status, said = glossator(empty, capsys, "import", "-f", "jsonl", str(jsonl(tmp_path, *records)))
    assert status == 1
    assert "in.jsonl:2: not taken: the article id holds a lone surrogate (U+D800 at 3)" in said
    assert "in.jsonl:3: not taken: the text holds a lone surrogate (U+DFFF at 8)" in said
    assert "in.jsonl:4 (spans 1): not taken: its note holds a lone surrogate" in said
    assert "in.jsonl:5 (spans 1): not taken: its author holds a lone surrogate" in said
    assert "internal error" not in said
    assert sorted(p.stem for p in empty.annotations_dir.glob("*.toml")) == ["ok1", "ok2"]


def test_numbers_of_5000_digits_and_json_nested_100000_deep_are_messages(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "9" * 5000
    path = jsonl(tmp_path, raw=f'{{"id": "big", "text": "abc", "label": [[0, {huge}, "company"]]}}\n'
                 + "[" * 100_000 + "]" * 100_000 + "\n")  # fmt: skip
    status, said = glossator(empty, capsys, "import", "-f", "jsonl", str(path))
    assert status == 1
    assert "in.jsonl:1: not taken: invalid JSON: a number with thousands of digits" in said
    assert "in.jsonl:2: not taken: invalid JSON: nested too deeply" in said
    w3c = tmp_path / "in.json"
    for content in ("[" * 100_000 + "]" * 100_000, f'{{"type": "Annotation", "x": {huge}}}'):
        w3c.write_text(content, "utf-8")
        status, said = glossator(empty, capsys, "import", "-f", "w3c", str(w3c))
        assert status == 1 and "in.json: not taken: invalid JSON" in said
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "b.txt").write_text("Kingdee\n", "utf-8")
    (folder / "b.ann").write_text(f"T1\tcompany 0 {huge}\tKingdee\n", "utf-8")
    status, said = glossator(empty, capsys, "import", "-f", "brat", str(folder))
    assert status == 1 and "b.ann:1 (T1): not taken: expected 'TYPE START END'" in said
    assert "internal error" not in said


def test_spans_cutting_a_letter_from_its_accent_are_refused(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "Cafe\u0301 Kingdee"
    path = jsonl(
        tmp_path,
        {"id": "accent", "text": text, "label": [[0, 4, "company"], [4, 5, "company"], [0, 5, "policy"]]},
    )
    status, said = glossator(empty, capsys, "import", "-f", "jsonl", str(path))
    assert status == 1
    assert "(label 1): not taken: span 0-4 cuts a letter from its combining accent" in said
    assert "(label 2): not taken: span 4-5 cuts a letter from its combining accent" in said
    assert [quote for _, quote, _, _ in saved(empty, "accent")] == ["Cafe\u0301"]


def test_xmi_bad_control_character_lists_are_reported(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for listed in ("0:FFFFFFFFFFFF", "0:D800", "0:41"):
        xmi = tmp_path / "x.xmi"
        xmi.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" '
            'xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">\n'
            '<custom:GlossatorDocument xmi:id="3" sofa="1" begin="0" end="8" articleId="x" '
            f'controlCharacters="{listed}"/>\n'
            '<custom:Glossator xmi:id="4" sofa="1" begin="1" end="8" label="company"/>\n'
            '<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="\ufffdKingdee"/>\n'
            '<cas:View sofa="1" members="3 4"/>\n</xmi:XMI>\n',
            "utf-8",
        )
        status, said = glossator(empty, capsys, "import", "-f", "xmi", str(xmi))
        assert status == 1, listed
        assert f"controlCharacters entry '{listed}' is not" in said, said
        assert "internal error" not in said


def test_xmi_notes_with_control_characters_survive_the_round_trip(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = "bell\x07 and form feed\x0c, tab\t"
    path = jsonl(tmp_path, {"id": "ctl", "text": "Kingdee", "spans": [
        {"start": 0, "end": 7, "label": "company", "note": note, "author": "Ada\x01"}]})  # fmt: skip
    assert glossator(empty, capsys, "import", "-f", "jsonl", str(path))[0] == 0
    out = tmp_path / "xmi"
    status, said = glossator(empty, capsys, "export", "-f", "xmi", "--out", str(out))
    assert status == 0, said
    # INCEpTION's reader (cassis) loads it against the type system: the feature is declared.
    typesystem = load_typesystem((out / "TypeSystem.xml").read_bytes().decode("utf-8"))
    cas = load_cas_from_xmi((out / "ctl.xmi").read_bytes().decode("utf-8"), typesystem=typesystem)
    (span,) = cas.select("webanno.custom.Glossator")
    assert span.controlCharacters == "note:4:7 note:19:c author:3:1"
    other = tmp_path / "other"
    (other / "corpus").mkdir(parents=True)
    (other / "annotations").mkdir()
    target = Workspace.open(other)
    assert glossator(target, capsys, "import", "-f", "xmi", str(out))[0] == 0
    assert saved(target, "ctl")[0][2:] == ("Ada\x01", note)
