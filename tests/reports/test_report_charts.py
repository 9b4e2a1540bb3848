"""Charts: in the terminal (plotext) and as SVG or PNG files (matplotlib) with labels and caption."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PIL import Image

from tui.cli.main import main
from tui.workspace.layout import Workspace


def test_terminal_chart_draws_the_time_series_and_top_lists(
    capsys: pytest.CaptureFixture[str], report_workspace: Workspace
) -> None:
    assert main(["-w", str(report_workspace.root), "report", "--by", "quarter", "--chart"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out  # no colour codes
    assert "Annotations by quarter, all tags (1 undated left out)" in out
    for label in ("2015-Q1", "2016-Q3", "quarter", "annotations", "company", "policy"):
        assert label in out
    for title, text in (
        ("policy", "Made in China 2025"),
        ("funding", "5 million yuan"),
        ("company", "Kingdee"),
    ):
        assert f"The most tagged {title} texts" in out
        assert f"{text}┤" in out  # the bar's label on the axis
    assert "█" in out


def test_svg_figure_carries_title_labels_and_the_query(
    capsys: pytest.CaptureFixture[str], report_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "funding.svg"
    code = main(
        [
            "-w",
            str(report_workspace.root),
            "report",
            "date:[2015 to]",
            "--by",
            "quarter",
            "--chart",
            str(path),
        ]
    )
    assert code == 0
    assert capsys.readouterr().out == f"Wrote {path}\n"
    root = ElementTree.parse(path).getroot()  # valid XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {"".join(element.itertext()).strip() for element in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {"What the annotations say", "Annotations by quarter", "quarter", "annotations"} <= texts
    assert "Query: date:[2015 to] · 4 articles, 11 annotations" in texts
    assert {"2015-Q1", "2016-Q3", "The most tagged company texts", "Kingdee"} <= texts


def test_png_figure_is_an_image_with_title_and_caption(
    capsys: pytest.CaptureFixture[str], report_workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "report.png"
    assert main(["-w", str(report_workspace.root), "report", "--chart", str(path)]) == 0
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.width > 600 and image.height > 300
        assert image.text["Title"] == "What the annotations say"
        assert image.text["Description"] == "Query: (every article) · 6 articles, 12 annotations"


def test_other_chart_files_are_refused(
    capsys: pytest.CaptureFixture[str], report_workspace: Workspace, tmp_path: Path
) -> None:
    assert main(["-w", str(report_workspace.root), "report", "--chart", str(tmp_path / "chart.pdf")]) == 1
    assert capsys.readouterr().err == "glossator: chart.pdf: a chart file is .svg or .png\n"
    assert not (tmp_path / "chart.pdf").exists()
