"""tag-all and lexicon suggestions with Chinese phrases: found inside longer Chinese words,
in simplified and traditional characters, across a line break; and search agrees.

The rule: a Han character is a word of its own, so a Chinese phrase is found wherever it
is written (哈尔滨 inside 哈尔滨新区), while Latin letters and digits next to it still need
a word boundary ("AI" is not found inside "AIGC").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.annotations.model import SUGGESTED
from tui.cli import main
from tui.search import CorpusIndex
from tui.workspace.layout import Workspace

from .conftest import saved

MakeWorkspace = Callable[[dict[str, str]], Workspace]

ARTICLES = {
    "harbin": "哈尔滨新区出台新政策\n\n哈尔滨新区管委会表示，哈尔\n滨新区将支持AIGC企业与AI企业融资。\n",
    "hongkong": "哈爾濱新區吸引港資\n\n香港商報訊 哈爾濱新區今年吸引投資超過十億元。\n",
    "bridge": "大桥恢复通车\n\n南京市长江大桥今日恢复通车。\n",
    "english": "Harbin New Area\n\nThe Harbin New Area supports AI start-ups.\n",
}


def quotes(workspace: Workspace, article_id: str) -> list[str]:
    return sorted(annotation.quote for annotation in saved(workspace, article_id))


def tag_all(workspace: Workspace, phrase: str, tag: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["tag-all", phrase, "--tag", tag, "--author", "Li", "--workspace", str(workspace.root)]) == 0
    return capsys.readouterr().out.splitlines()[-1]


def test_tag_all_finds_a_chinese_phrase_inside_longer_words_in_both_scripts(
    make_workspace: MakeWorkspace, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = make_workspace(ARTICLES)
    assert (
        tag_all(workspace, "哈尔滨新区", "policy", capsys)
        == "Added 5 annotations in 2 files (4 articles searched)"
    )
    # The text is kept as written: traditional quotes stay traditional, the line break stays.
    assert quotes(workspace, "harbin") == ["哈尔\n滨新区", "哈尔滨新区", "哈尔滨新区"]
    assert quotes(workspace, "hongkong") == ["哈爾濱新區", "哈爾濱新區"]
    assert not workspace.annotation_path("english").exists()


def test_latin_letters_next_to_a_phrase_still_need_a_word_boundary(
    make_workspace: MakeWorkspace, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = make_workspace(ARTICLES)
    assert (
        tag_all(workspace, "AI", "company", capsys) == "Added 2 annotations in 2 files (4 articles searched)"
    )
    harbin = ARTICLES["harbin"]
    [annotation] = saved(workspace, "harbin")
    assert annotation.start == harbin.index("与AI") + 1  # not the AI of AIGC
    assert tag_all(workspace, "市长", "policy", capsys).startswith(
        "Added 1 annotation"
    )  # inside 南京市长江大桥


def test_tag_all_and_search_agree_on_where_a_chinese_phrase_is(
    make_workspace: MakeWorkspace, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = make_workspace(ARTICLES)
    index = CorpusIndex.open(workspace)
    try:
        for phrase in ("哈尔滨", "新区", "投资", "市长", "長江大橋", "融资", "AI"):
            found_by_search = {hit.article_id for hit in index.search(phrase, limit=10).hits}
            assert (
                main(["tag-all", phrase, "--tag", "policy", "--dry-run", "--workspace", str(workspace.root)])
                == 0
            )
            listed = {line.split(":", 1)[0] for line in capsys.readouterr().out.splitlines()}
            assert found_by_search == listed & set(ARTICLES), phrase
    finally:
        index.close()


def test_a_lexicon_of_chinese_company_names_suggests_them(
    make_workspace: MakeWorkspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = make_workspace(ARTICLES)
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('company = ["哈尔滨新区管委会", "香港商报"]\npolicy = ["新政策"]\n', "utf-8")
    assert (
        main(["suggest", "--lexicon", str(lexicon), "--author", "bot", "--workspace", str(workspace.root)])
        == 0
    )
    assert capsys.readouterr().out.splitlines()[-1] == "Added 3 suggestions in 2 files (4 articles searched)"
    found = sorted((a.quote, a.tag, a.status) for a in saved(workspace, "harbin"))
    assert found == [("哈尔滨新区管委会", "company", SUGGESTED), ("新政策", "policy", SUGGESTED)]
    assert [(a.quote, a.tag) for a in saved(workspace, "hongkong")] == [("香港商報", "company")]
