"""A workspace with known annotations on known dates and sources, for every report test.

What it holds (tags in the set's order: policy, funding, company):

| article | date | source | annotations (author) |
| --- | --- | --- | --- |
| A1 | 2015-01-10 | Xinhua | policy "Made in China 2025", funding "5 million yuan", company "Kingdee" (Ada); company "KINGDEE" (Bob) |
| A2 | 2015-02-20 | Xinhua | company "Kingdee" (Ada); policy "made in  China 2025" (Bob) |
| A3 | 2015-04-02 | China Daily | funding "10 million yuan" (Ada); company "Huawei", policy "Made in China 2025" (Bob); a suggestion "Lenovo" (Cy) |
| A4 | 2016-07-01 | China Daily | company "華為" (Ada), company "华为" (Bob) |
| A5 | none | none | funding "5 million yuan" (Ada) |
| A6 | 2014-05-05 | Xinhua | none |

Marks: Ada done A1 and A2, Bob skipped A3, Cy done A4.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.annotations.model import DONE, SKIPPED, SUGGESTED
from tui.annotations.store import AnnotationStore
from tui.project.progress import set_mark
from tui.search import CorpusIndex
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..project.conftest import annotate

A1, A2, A3, A4, A5, A6 = "a1", "a2", "a3", "a4", "a5", "a6"


def _article(title: str, body: str, source: str = "", date: str = "") -> str:
    fields = [f'title = "{title}"']
    fields += [f'source = "{source}"'] if source else []
    fields += [f"date = {date}"] if date else []
    return "+++\n" + "\n".join(fields) + "\n+++\n" + body + "\n"


ARTICLES = {
    A1: _article(
        "Kingdee funded",
        "Kingdee won a 5 million yuan grant under Made in China 2025. KINGDEE said thanks.",
        "Xinhua",
        "2015-01-10",
    ),
    A2: _article("Kingdee again", "Kingdee follows made in  China 2025 closely.", "Xinhua", "2015-02-20"),
    A3: _article(
        "Huawei grows",
        "Huawei got 10 million yuan; Made in China 2025 helps. Lenovo waits.",
        "China Daily",
        "2015-04-02",
    ),
    A4: _article("華為 and 华为", "華為 and 华为 are one company.", "China Daily", "2016-07-01"),
    A5: _article("Undated", "Somebody got 5 million yuan somewhere."),
    A6: _article("Nothing tagged", "Nothing to see here.", "Xinhua", "2014-05-05"),
}


def seed(workspace: Workspace) -> None:
    annotate(workspace, A1, "Made in China 2025", "policy", author="Ada")
    annotate(workspace, A1, "5 million yuan", "funding", author="Ada")
    annotate(workspace, A1, "Kingdee", "company", author="Ada")
    annotate(workspace, A1, "KINGDEE", "company", author="Bob")
    annotate(workspace, A2, "Kingdee", "company", author="Ada")
    annotate(workspace, A2, "made in  China 2025", "policy", author="Bob")
    annotate(workspace, A3, "10 million yuan", "funding", author="Ada")
    annotate(workspace, A3, "Huawei", "company", author="Bob")
    annotate(workspace, A3, "Made in China 2025", "policy", author="Bob")
    annotate(workspace, A3, "Lenovo", "company", author="Cy", status=SUGGESTED)
    annotate(workspace, A4, "華為", "company", author="Ada")
    annotate(workspace, A4, "华为", "company", author="Bob")
    annotate(workspace, A5, "5 million yuan", "funding", author="Ada")
    store = AnnotationStore(workspace)
    for article_id, author, state in (
        (A1, "Ada", DONE),
        (A2, "Ada", DONE),
        (A3, "Bob", SKIPPED),
        (A4, "Cy", DONE),
    ):
        set_mark(store, article_id, load_article(workspace, article_id).text, author, state)


@pytest.fixture
def report_workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "reports"
    (root / "corpus").mkdir(parents=True)
    (root / "annotations").mkdir()
    for article_id, text in ARTICLES.items():
        (root / "corpus" / f"{article_id}.txt").write_text(text, encoding="utf-8")
    workspace = Workspace.open(root)
    seed(workspace)
    return workspace


@pytest.fixture
def report_index(report_workspace: Workspace) -> CorpusIndex:
    index = CorpusIndex.open(report_workspace)
    yield index
    index.close()
