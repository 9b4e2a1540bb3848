"""glossator report: every count of every view, as aligned text, JSON and CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tui.cli.main import main
from tui.workspace.layout import Workspace

QUARTERS = [
    {"quarter": "2015-Q1", "policy": 2, "funding": 1, "company": 3, "total": 6},
    {"quarter": "2015-Q2", "policy": 1, "funding": 1, "company": 1, "total": 3},
    *(
        {"quarter": quarter, "policy": 0, "funding": 0, "company": 0, "total": 0}
        for quarter in ("2015-Q3", "2015-Q4", "2016-Q1", "2016-Q2")
    ),
    {"quarter": "2016-Q3", "policy": 0, "funding": 0, "company": 2, "total": 2},
    {"quarter": "undated", "policy": 0, "funding": 1, "company": 0, "total": 1},
]
SOURCES = [
    {"source": "Xinhua", "policy": 2, "funding": 1, "company": 3, "total": 6, "articles": 2},
    {"source": "China Daily", "policy": 1, "funding": 1, "company": 3, "total": 5, "articles": 2},
    {"source": "(no source)", "policy": 0, "funding": 1, "company": 0, "total": 1, "articles": 1},
]
ANNOTATORS = [
    {"annotator": "Ada", "policy": 1, "funding": 3, "company": 3, "total": 7, "done": 2, "skipped": 0},
    {"annotator": "Bob", "policy": 2, "funding": 0, "company": 3, "total": 5, "done": 0, "skipped": 1},
    {"annotator": "Cy", "policy": 0, "funding": 0, "company": 0, "total": 0, "done": 1, "skipped": 0},
]
TOP = [
    {"tag": "policy", "text": "Made in China 2025", "annotations": 3, "articles": 3},
    {"tag": "funding", "text": "5 million yuan", "annotations": 2, "articles": 2},
    {"tag": "funding", "text": "10 million yuan", "annotations": 1, "articles": 1},
    {"tag": "company", "text": "Kingdee", "annotations": 3, "articles": 2},
    {"tag": "company", "text": "华为", "annotations": 2, "articles": 1},  # 華為 folded in
    {"tag": "company", "text": "Huawei", "annotations": 1, "articles": 1},
]
PAIRS = [
    {"company": "Kingdee", "policy": "Made in China 2025", "articles": 2},
    {"company": "Huawei", "policy": "Made in China 2025", "articles": 1},
]


def report(capsys: pytest.CaptureFixture[str], workspace: Workspace, *args: str) -> str:
    code = main(["--workspace", str(workspace.root), "report", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def report_json(capsys: pytest.CaptureFixture[str], workspace: Workspace, *args: str) -> dict[str, object]:
    result: dict[str, object] = json.loads(report(capsys, workspace, *args, "--json"))
    return result


def months() -> list[dict[str, object]]:
    """Every month from 2015-01 to 2016-07 (empty ones too), then the undated row."""
    counted = {
        "2015-01": (1, 1, 2),
        "2015-02": (1, 0, 1),
        "2015-04": (1, 1, 1),
        "2016-07": (0, 0, 2),
    }
    rows: list[dict[str, object]] = []
    for number in range(19):
        month = f"{2015 + number // 12}-{number % 12 + 1:02d}"
        policy, funding, company = counted.get(month, (0, 0, 0))
        rows.append({"month": month, "policy": policy, "funding": funding, "company": company,
                     "total": policy + funding + company})  # fmt: skip
    return [*rows, {"month": "undated", "policy": 0, "funding": 1, "company": 0, "total": 1}]


def test_text_report_has_every_count_aligned(
    capsys: pytest.CaptureFixture[str], report_workspace: Workspace
) -> None:
    out = report(capsys, report_workspace, "--by", "quarter", "--pair", "company,policy")
    assert (
        out
        == """\
Report on every article: 6 articles, 12 annotations
Not counted: 1 suggested annotation (--include-suggested counts them)

Annotations by quarter
  quarter  policy  funding  company  total
  2015-Q1       2        1        3      6
  2015-Q2       1        1        1      3
  2015-Q3       0        0        0      0
  2015-Q4       0        0        0      0
  2016-Q1       0        0        0      0
  2016-Q2       0        0        0      0
  2016-Q3       0        0        2      2
  undated       0        1        0      1

Annotations by source
  source       policy  funding  company  total  articles
  Xinhua            2        1        3      6         2
  China Daily       1        1        3      5         2
  (no source)       0        1        0      1         1

Annotations by annotator, and articles marked
  annotator  policy  funding  company  total  done  skipped
  Ada             1        3        3      7     2        0
  Bob             2        0        3      5     0        1
  Cy              0        0        0      0     1        0

The most tagged texts (top 10 per tag)
  tag      text                annotations  articles
  policy   Made in China 2025            3         3
  funding  5 million yuan                2         2
  funding  10 million yuan               1         1
  company  Kingdee                       3         2
  company  华为                          2         1
  company  Huawei                        1         1

company and policy tagged in the same article
  company  policy              articles
  Kingdee  Made in China 2025         2
  Huawei   Made in China 2025         1
"""
    )


def test_json_has_every_count(capsys: pytest.CaptureFixture[str], report_workspace: Workspace) -> None:
    data = report_json(capsys, report_workspace, "--by", "quarter", "--pair", "company,policy")
    assert {key: data[key] for key in ("query", "by", "articles", "annotations")} == {
        "query": "", "by": "quarter", "articles": 6, "annotations": 12,
    }  # fmt: skip
    assert (data["undated_annotations"], data["suggestions_left_out"]) == (1, 1)
    tables = data["tables"]
    assert isinstance(tables, dict)
    assert list(tables) == ["time", "sources", "annotators", "top", "pairs"]
    assert tables["time"]["rows"] == QUARTERS
    assert tables["sources"]["rows"] == SOURCES
    assert tables["annotators"]["rows"] == ANNOTATORS
    assert tables["top"]["rows"] == TOP
    assert tables["pairs"]["rows"] == PAIRS
    assert tables["pairs"]["columns"] == ["company", "policy", "articles"]


def test_months_and_years(capsys: pytest.CaptureFixture[str], report_workspace: Workspace) -> None:
    assert report_json(capsys, report_workspace)["tables"]["time"]["rows"] == months()  # type: ignore[index]
    years = report_json(capsys, report_workspace, "--by", "year")["tables"]["time"]["rows"]  # type: ignore[index]
    assert years == [
        {"year": "2015", "policy": 3, "funding": 2, "company": 4, "total": 9},
        {"year": "2016", "policy": 0, "funding": 0, "company": 2, "total": 2},
        {"year": "undated", "policy": 0, "funding": 1, "company": 0, "total": 1},
    ]


def test_csv_one_file_per_table(
    capsys: pytest.CaptureFixture[str], report_workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "tables"
    out = report(
        capsys, report_workspace, "--by", "quarter", "--pair", "company,policy", "--csv", str(folder)
    )
    names = ["time", "sources", "annotators", "top", "pairs"]
    assert out.splitlines() == [f"Wrote {folder / name}.csv" for name in names]

    def read(name: str) -> list[dict[str, str]]:
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as file:
            return list(csv.DictReader(file))

    def as_text(rows: list[dict[str, object]]) -> list[dict[str, str]]:
        return [{key: str(value) for key, value in row.items()} for row in rows]

    assert read("time") == as_text(QUARTERS)
    assert read("sources") == as_text(SOURCES)
    assert read("annotators") == as_text(ANNOTATORS)
    assert read("top") == as_text(TOP)
    assert read("pairs") == as_text(PAIRS)


def test_query_filters_articles_and_the_annotations_it_names(
    capsys: pytest.CaptureFixture[str], report_workspace: Workspace
) -> None:
    xinhua = report_json(capsys, report_workspace, "source:xinhua")
    assert (xinhua["articles"], xinhua["annotations"]) == (3, 6)  # A6 is found, with nothing tagged
    funding = report_json(capsys, report_workspace, "tag:funding", "--by", "year")
    assert (funding["articles"], funding["annotations"]) == (3, 3)  # only funding annotations count
    assert funding["tables"]["time"]["rows"] == [  # type: ignore[index]
        {"year": "2015", "policy": 0, "funding": 2, "company": 0, "total": 2},
        {"year": "undated", "policy": 0, "funding": 1, "company": 0, "total": 1},
    ]
    later = report_json(capsys, report_workspace, "date:[2015-03 to]", "--by", "year")
    assert later["annotations"] == 5
    bob = report_json(capsys, report_workspace, "author:bob")
    assert bob["tables"]["annotators"]["rows"] == [  # type: ignore[index]
        # Bob's annotations only; the marks are of the articles found (Bob annotated A1 to A4)
        {"annotator": "Ada", "policy": 0, "funding": 0, "company": 0, "total": 0, "done": 2, "skipped": 0},
        ANNOTATORS[1],
        ANNOTATORS[2],
    ]


def test_plain_words_choose_the_articles_and_every_annotation_of_them_counts(
    capsys: pytest.CaptureFixture[str], report_workspace: Workspace
) -> None:
    # Plain words search the notes too, but they do not narrow what is counted: every
    # accepted annotation of the articles they find does (A1's four, A2's two).
    kingdee = report_json(capsys, report_workspace, "kingdee")
    assert (kingdee["articles"], kingdee["annotations"]) == (2, 6)


def test_suggestions_counted_when_asked_and_top_limits(
    capsys: pytest.CaptureFixture[str], report_workspace: Workspace
) -> None:
    data = report_json(capsys, report_workspace, "--include-suggested", "--top", "1")
    assert (data["annotations"], data["suggestions_left_out"]) == (13, 0)
    assert data["tables"]["top"]["rows"] == [  # type: ignore[index]
        {"tag": "policy", "text": "Made in China 2025", "annotations": 3, "articles": 3},
        {"tag": "funding", "text": "5 million yuan", "annotations": 2, "articles": 2},
        {"tag": "company", "text": "Kingdee", "annotations": 3, "articles": 2},
    ]
    cy = data["tables"]["annotators"]["rows"][2]  # type: ignore[index]
    assert cy == {
        "annotator": "Cy",
        "policy": 0,
        "funding": 0,
        "company": 1,
        "total": 1,
        "done": 1,
        "skipped": 0,
    }


def test_mistakes_are_one_line(capsys: pytest.CaptureFixture[str], report_workspace: Workspace) -> None:
    root = str(report_workspace.root)
    assert main(["-w", root, "report", "--pair", "company"]) == 2
    assert capsys.readouterr().err == (
        "glossator: --pair takes two tags with a comma between them, e.g. --pair company,policy\n"
    )
    assert main(["-w", root, "report", "--pair", "company,city"]) == 1
    assert capsys.readouterr().err == "glossator: --pair: city is not a tag of this workspace\n"
    assert main(["-w", root, "report", "tag:"]) == 1
    assert capsys.readouterr().err.startswith("glossator: ")
