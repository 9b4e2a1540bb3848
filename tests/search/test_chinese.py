"""Chinese search on Whoosh and tantivy: words, names, phrases, prefixes, tag fields and
notes found as written, traditional and simplified folded together, snippets centred on
the hit, and English beside Chinese each finding its own.

The articles are written here; the search is the real one (indexes built on disk).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from tui.cli import main
from tui.search import CorpusIndex, QueryError
from tui.search.engines import EngineFactory, engine_named
from tui.text.chinese import word_spans
from tui.workspace.layout import Workspace

from .test_coordinator import add

MakeWorkspace = Callable[[dict[str, str]], Workspace]

POLICY = (
    "哈尔滨新区出台新政策\n\n"
    "新华社哈尔滨3月5日电 黑龙江省政府近日出台《哈尔滨新区条例》，支持创业企业融资。"
    "长光卫星技术股份有限公司获得风险投资两亿元，用于机器人研发。"
    "该公司表示，新区的营商环境持续改善，吸引了大批年轻工程师前来就业，已有企业3家入驻。\n"
)
SHENYANG = (
    "瀋陽創業園區吸引投資\n\n"
    "本報訊 瀋陽市大東區的創業園區今年吸引投資超過十億元，多家機器人企業進駐，"
    "園區負責人說，明年將繼續擴大規模。\n"
)
BRIDGE = "大桥恢复通车\n\n南京市长江大桥今日恢复通车，沈阳的游客也专程前来参观。\n"
ENGLISH = (
    "Harbin New Area policy\n\n"
    "The Harbin New Area issued a policy to support venture investment in robots and start-ups.\n"
)
ARTICLES = {"policy": POLICY, "shenyang": SHENYANG, "bridge": BRIDGE, "english": ENGLISH}

ENGINES = ("whoosh", "tantivy")


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> EngineFactory:
    return engine_named(request.param)


@pytest.fixture
def mixed(make_workspace: MakeWorkspace) -> Workspace:
    return make_workspace(ARTICLES)


@pytest.fixture
def index(mixed: Workspace, engine: EngineFactory) -> Iterator[CorpusIndex]:
    corpus_index = CorpusIndex.open(mixed, engine=engine)
    yield corpus_index
    corpus_index.close()


def ids(index: CorpusIndex, query: str) -> list[str]:
    return sorted(hit.article_id for hit in index.search(query, limit=50).hits)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("融资", ["policy"]),  # a word inside a clause
        ("机器人", ["policy", "shenyang"]),  # and in traditional characters (機器人)
        ("长光卫星技术股份有限公司", ["policy"]),  # a company name
        ("《哈尔滨新区条例》", ["policy"]),  # a policy title, with its brackets
        ("哈尔滨新区条例", ["policy"]),
        ('"黑龙江省 政府"', ["policy"]),  # a phrase of two words, the space between them not in the text
        ("哈尔滨新区", ["policy"]),
        ("哈尔滨", ["policy"]),  # inside 哈尔滨新区: Chinese words are not cut off at their ends
        ("长光*", ["policy"]),  # a prefix is the word itself
        ("title:政策", ["policy"]),
        ("融资 OR 通车", ["bridge", "policy"]),
        ("机器人 NOT 融资", ["shenyang"]),
        ("新区 OR robots", ["english", "policy"]),  # the Chinese word in Chinese, the English one in English
        ("融资研发", []),  # both characters' words are there, not this string
        ("卫星公司", []),
        ("企业家", []),  # not 企业3家: the 3 keeps its place
    ],
)
def test_chinese_words_names_titles_phrases_and_prefixes(
    index: CorpusIndex, query: str, expected: list[str]
) -> None:
    assert ids(index, query) == expected


@pytest.mark.parametrize(
    ("simplified", "traditional", "expected"),
    [
        ("投资", "投資", ["policy", "shenyang"]),
        ("沈阳", "瀋陽", ["bridge", "shenyang"]),
        ("创业", "創業", ["policy", "shenyang"]),
        ("园区负责人", "園區負責人", ["shenyang"]),
    ],
)
def test_simplified_and_traditional_find_each_other(
    index: CorpusIndex, simplified: str, traditional: str, expected: list[str]
) -> None:
    assert ids(index, simplified) == expected
    assert ids(index, traditional) == expected


def test_the_exact_string_is_always_found_whatever_the_words_around_it(index: CorpusIndex) -> None:
    # jieba reads 南京市/长江大桥: a search by its words would never find 市长 (mayor) here.
    assert (BRIDGE.index("市长"), BRIDGE.index("市长") + 2) not in word_spans(BRIDGE)
    assert ids(index, "市长") == ["bridge"]
    assert ids(index, "市长江") == ["bridge"]
    sentence = "黑龙江省政府近日出台《哈尔滨新区条例》，支持创业企业融资。"
    for size in (1, 2, 3, 5):
        for start in range(len(sentence) - size + 1):
            piece = sentence[start : start + size]
            if all("\u4e00" <= char <= "\u9fff" for char in piece):
                assert "policy" in ids(index, piece), piece


def test_english_is_found_as_before_beside_chinese(index: CorpusIndex) -> None:
    assert ids(index, "harbin") == ["english"]
    assert ids(index, "robot") == ["english"]
    assert ids(index, '"venture investment"') == ["english"]
    assert ids(index, "start*") == ["english"]


def test_tagged_text_and_notes_in_chinese(mixed: Workspace, index: CorpusIndex) -> None:
    add(mixed, "policy", "哈尔滨新区", "policy", note="关于融资的新政策")
    add(mixed, "shenyang", "瀋陽市大東區", "company", note="園區擴大規模")
    index.sync()
    assert ids(index, "policy:哈尔滨新区") == ["policy"]
    assert ids(index, "policy:新区") == ["policy"]
    assert ids(index, "policy:哈爾濱") == ["policy"]  # traditional finds simplified
    assert ids(index, "policy:条例") == []  # in the text, not in the tagged span
    assert ids(index, "note:融资") == ["policy"]
    assert ids(index, "note:园区") == ["shenyang"]  # simplified finds traditional
    assert ids(index, "company:沈阳") == ["shenyang"]
    [hit] = index.search("policy:新区", limit=5).hits
    assert [annotation.quote for annotation in hit.annotations] == ["哈尔滨新区"]
    [hit] = index.search("note:融资", limit=5).hits
    assert [annotation.note for annotation in hit.annotations] == ["关于融资的新政策"]
    assert ids(index, "note:融政") == []  # 融 and 政 are both in the note, but not 融政


def test_snippets_are_centred_on_the_chinese_hit_and_never_empty(index: CorpusIndex) -> None:
    [hit] = index.search("营商环境", limit=5).hits
    text, highlights = hit.snippet.text, hit.snippet.highlights
    assert [text[start:end] for start, end in highlights] == ["营商环境"]
    [(start, end)] = highlights
    assert start >= 20 and len(text) - end >= 20  # text on both sides of the hit
    assert text.strip() and text in POLICY.replace("\n", " ")  # cut between characters
    [hit] = index.search("瀋陽市大東區", limit=5).hits
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.highlights] == ["瀋陽市大東區"]
    marked = {
        hit.article_id: [hit.snippet.text[s:e] for s, e in hit.snippet.highlights]
        for hit in index.search("机器人", limit=5).hits
    }
    assert marked == {"policy": ["机器人"], "shenyang": ["機器人"]}


def test_only_the_searched_string_is_marked_not_its_characters_elsewhere(index: CorpusIndex) -> None:
    # 新 and 区 occur on their own in the article: only 新区 together is marked.
    assert index.hit_spans("新区", POLICY) == [
        (match, match + 2) for match in range(len(POLICY)) if POLICY.startswith("新区", match)
    ]
    assert index.hit_spans('"哈尔滨 新区"', POLICY)[0] == (0, 5)


def test_a_chinese_wildcard_other_than_a_prefix_is_refused(index: CorpusIndex) -> None:
    with pytest.raises(QueryError, match="mixes Chinese and wildcards"):
        index.search("长光*公司", limit=5)


def test_the_json_snippet_of_a_chinese_hit_has_its_text(
    mixed: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "风险投资", "--json", "--workspace", str(mixed.root)]) == 0
    [hit] = json.loads(capsys.readouterr().out)["results"]
    [(start, end)] = hit["snippet"]["highlights"]
    assert hit["snippet"]["text"][start:end] == "风险投资"


def test_folding_is_one_character_for_one_and_leaves_english_alone() -> None:
    from tui.text.chinese import fold

    text = "瀋陽市長春新區創業投資２０２４年ＡＩ, Harbin’s café"
    assert fold(text) == "沈阳市长春新区创业投资2024年AI, Harbin’s café"
    assert len(fold(text)) == len(text)
    assert fold("沈阳 and 发展") == "沈阳 and 发展"


def test_every_character_folds_alone_as_beside_a_han_one() -> None:
    """``fold`` skips texts with nothing to fold: no character it maps may be skipped.

    Beside 一 (a Han character) every character is looked up; alone it must fold the same.
    """
    from tui.text.chinese import fold

    characters = [chr(code) for code in range(0x3000, 0x10000) if not 0xD800 <= code <= 0xDFFF]
    wrong = [char for char in characters if fold(char) != fold(f"一{char}")[1:]]
    assert wrong == []
    assert sum(fold(char) != char for char in characters) > 2000  # it does fold
