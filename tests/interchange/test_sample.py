"""The hostile sample itself: what every format test relies on."""

from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from .conftest import HOSTILE, SPECS, annotation_files, documents


def test_the_sample_is_saved_and_matches_its_text(hostile: Workspace) -> None:
    text = load_article(hostile, HOSTILE).text
    assert "\r" not in text and "\x07" in text and "😀" in text
    chosen, report = documents(hostile)
    assert report.notices == []
    assert [d.article_id for d in chosen] == ["000_b922b23430582330", HOSTILE]
    hostile_doc = chosen[1]
    assert {a.id for a in hostile_doc.annotations} == {spec.id for spec in SPECS}
    assert all(text[a.start : a.end] == a.quote for a in hostile_doc.annotations)
    assert set(annotation_files(hostile)) == {"000_b922b23430582330.toml", f"{HOSTILE}.toml"}
