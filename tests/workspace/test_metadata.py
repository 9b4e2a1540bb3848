from tests.conftest import CHINA_DAILY, FIRST, SCMP, XINHUA
from tui.text.width import cell_width
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace
from tui.workspace.metadata import body_start, extract_metadata


def test_china_daily_byline_line_gives_byline_source_and_date_after_site_chrome(workspace: Workspace) -> None:
    metadata = load_article(workspace, CHINA_DAILY).metadata
    assert metadata.title == "China's rust belt edges near startup boom, after decades of decline"
    assert metadata.byline == "Fan Feifei and Zhou Huiying"
    assert metadata.source == "China Daily"
    assert metadata.date == "2016-03-25T08:55"


def test_xinhua_source_line_and_home_breadcrumb(workspace: Workspace) -> None:
    metadata = load_article(workspace, XINHUA).metadata
    assert metadata.title == "Entrepreneurs eye opportunities in northeast China's emerging industries"
    assert metadata.source == "Xinhua"
    assert metadata.date == "2024-09-05T08:20"


def test_headline_as_first_line(workspace: Workspace) -> None:
    metadata = load_article(workspace, SCMP).metadata
    assert metadata.title.startswith("China’s rust belt starting to shine")
    assert (metadata.source, metadata.date, metadata.byline) == ("", "", "")


def test_missing_metadata_falls_back_to_the_first_meaningful_line(workspace: Workspace) -> None:
    metadata = load_article(workspace, FIRST).metadata
    assert metadata.title.startswith("The northeastern provinces of Heilongjiang")
    assert metadata.date == ""


def test_xinhua_dateline_gives_the_source() -> None:
    metadata = extract_metadata("Harbin gets a new park\n\nHARBIN, Sept. 4 (Xinhua) -- A park opened.")
    assert metadata.source == "Xinhua"
    assert metadata.title == "Harbin gets a new park"


def test_plain_byline() -> None:
    metadata = extract_metadata("Headline\nBy Jane Doe (Reuters)\nBody text.")
    assert (metadata.title, metadata.byline, metadata.source) == ("Headline", "Jane Doe", "Reuters")


def test_front_matter_wins_over_the_rules() -> None:
    text = (
        '+++\ntitle = "Explicit title"\ndate = 2020-01-02\nsource = "Own"\n+++\n'
        "Home>>\nRule title\nBy A B (China Daily) Updated: 2016-03-25 08:55\n"
    )
    metadata = extract_metadata(text)
    assert metadata.title == "Explicit title"
    assert metadata.date == "2020-01-02"
    assert metadata.source == "Own"
    assert metadata.byline == "A B"  # not set explicitly, so the rule still applies


def test_broken_front_matter_is_reported_and_the_rules_still_apply() -> None:
    metadata = extract_metadata("+++\ntitle = \n+++\nReal title\n")
    assert metadata.title == "Real title"
    assert "front matter is not valid TOML" in metadata.problems[0]


def test_very_long_first_line_is_shortened_as_a_title() -> None:
    metadata = extract_metadata("word " * 100)
    assert len(metadata.title) <= 160
    assert metadata.title.endswith("\u2026")


def test_parsed_date_for_range_queries() -> None:
    assert extract_metadata("T\n(Xinhua) 08:20, September 05, 2024").parsed_date is not None
    assert extract_metadata("T").parsed_date is None


def test_body_start_skips_chrome_headline_and_metadata_lines(workspace: Workspace) -> None:
    from tui.workspace.metadata import body_start

    xinhua = load_article(workspace, XINHUA).text
    assert xinhua[body_start(xinhua) :].startswith("Participants communicate")
    china_daily = load_article(workspace, CHINA_DAILY).text
    assert china_daily[body_start(china_daily) :].startswith("The northeastern provinces")
    first = load_article(workspace, FIRST).text
    # A text with no headline of its own: its first line is prose and is kept.
    assert body_start(first) in (0, first.index("\n") + 1)


def test_byline_with_source_time_and_date() -> None:
    """People's Daily and Xinhua pages: byline, source, then the time and the date."""
    metadata = extract_metadata("Harbin park opens\nBy Li Wei (Xinhua) 10:15, March 02, 2023\nA park opened.")
    assert (metadata.byline, metadata.source, metadata.date) == ("Li Wei", "Xinhua", "2023-03-02T10:15")
    assert metadata.title == "Harbin park opens"
    from tui.workspace.metadata import body_start

    text = "Harbin park opens\nBy Li Wei (Xinhua) 10:15, March 02, 2023\nA park opened."
    assert text[body_start(text) :] == "A park opened."


def test_a_paragraph_as_first_line_gives_its_first_words_as_the_title(workspace: Workspace) -> None:
    """A 171-character first paragraph is a poor title: its first words are cut at a word."""
    title = load_article(workspace, "002_c9e5e5b8dda2a1eb").metadata.title
    assert (
        title
        == "Yingze district in Taiyuan, capital of North China's Shanxi province, has improved its\u2026"
    )
    # A paragraph whose first sentence is short enough gives that sentence.
    first = extract_metadata("The park opened in 2015 with 38 start-ups. " + "It grew fast. " * 20).title
    assert first == "The park opened in 2015 with 38 start-ups."
    # A long real headline (103 characters) is kept whole.
    assert load_article(workspace, SCMP).metadata.title.endswith("still leads the way")


# -- Chinese datelines and source lines --


def test_a_xinhua_dateline_gives_source_and_place_and_no_invented_year() -> None:
    text = "新华社哈尔滨9月4日电 哈尔滨新区出台支持科技企业融资的新政策。\n记者了解到，政策明年实施。\n"
    metadata = extract_metadata(text)
    assert (metadata.source, metadata.place) == ("新华社", "哈尔滨")
    assert metadata.date == ""  # a month and a day, and no year anywhere in the article
    assert metadata.title == "哈尔滨新区出台支持科技企业融资的新政策"


def test_a_date_without_a_year_takes_the_year_of_the_articles_full_dates() -> None:
    body = "中新经纬客户端6月17日电 据统计，2024年5月31日前已有38家企业获得风险投资。\n"
    metadata = extract_metadata(body)
    assert (metadata.source, metadata.place, metadata.date) == ("中新经纬客户端", "", "2024-06-17")
    two_years = body + "该基金成立于2021年3月2日。\n"
    assert extract_metadata(two_years).date == ""  # the full dates disagree: no year is chosen
    only_a_year = "新华社长春3月2日电 2023年长春新区新增企业300家。\n"
    assert extract_metadata(only_a_year).date == ""  # "2023年" alone is no full date


def test_source_lines_with_dates_times_and_authors() -> None:
    metadata = extract_metadata("机器人企业融资加速\n2022-02-18 08:50:13 来源: 新华财经\n正文。\n")
    assert (metadata.title, metadata.source, metadata.date) == (
        "机器人企业融资加速",
        "新华财经",
        "2022-02-18T08:50",
    )
    metadata = extract_metadata("创投市场回暖\n来源：证券时报网 作者：安宇飞 2025-11-27 20:35\n正文。\n")
    assert (metadata.source, metadata.byline, metadata.date) == ("证券时报网", "安宇飞", "2025-11-27T20:35")
    metadata = extract_metadata("长春新区动能足\n2023-12-19 16:16:07来源:中央广电总台国际在线责编:赵滢溪\n")
    assert (metadata.source, metadata.byline, metadata.date) == (
        "中央广电总台国际在线",
        "",
        "2023-12-19T16:16",
    )
    metadata = extract_metadata("开始申报\n发布时间：2024年9月5日 发布来源：吉林省科技厅网站\n")
    assert (metadata.source, metadata.date) == ("吉林省科技厅网站", "2024-09-05")
    metadata = extract_metadata("海创周签约\n\n2024-07-10 05:58:00 - 中国经济网\n\n转自:新华社\n\n正文。")
    assert (metadata.title, metadata.source, metadata.date) == (
        "海创周签约",
        "中国经济网",
        "2024-07-10T05:58",
    )


def test_traditional_characters_and_reporters_in_brackets() -> None:
    text = "香港文匯報訊(記者 李昌鴻 深圳報道)最近，國家發改委將推出投資計劃。\n"
    metadata = extract_metadata(text)
    assert (metadata.source, metadata.place, metadata.byline) == ("香港文匯報", "深圳", "李昌鴻")
    metadata = extract_metadata("中新网辽宁新闻9月15日电(记者赵桂华)皇姑区项目集中开工。\n")
    assert (metadata.source, metadata.place, metadata.byline) == ("中新网辽宁新闻", "", "赵桂华")
    metadata = extract_metadata("双向奔赴 互利共赢\n\n本报记者 徐铁英 任梓溪\n\n正文。\n")
    assert (metadata.title, metadata.byline) == ("双向奔赴 互利共赢", "徐铁英 任梓溪")


def test_prose_that_mentions_a_source_is_not_a_source_line() -> None:
    metadata = extract_metadata("资金来源：省级财政和社会资本。\n据新华社报道，项目已开工。\n")
    assert (metadata.source, metadata.byline, metadata.date) == ("", "", "")
    assert metadata.title == "资金来源：省级财政和社会资本"
    english = extract_metadata("2024-09-05 The park opened in Harbin with a ceremony.\nBody.\n")
    assert (english.title, english.source, english.date) == (
        "2024-09-05 The park opened in Harbin with a ceremony.",
        "",
        "",
    )


def test_body_start_skips_chinese_source_lines_but_not_a_dateline_paragraph() -> None:
    text = "创投市场回暖\n来源：证券时报网 作者：安宇飞 2025-11-27 20:35\n新华社北京11月27日电 正文。\n"
    assert text[body_start(text) :].startswith("新华社北京")


def test_a_long_chinese_first_paragraph_gives_its_first_clause_words_as_the_title() -> None:
    paragraph = (
        "从一个亟待解决场地和资金需求的初创项目，发展成为拥有300公顷种植基地、集草药种植研发收购加工生产于一体的全产业链企业"
        * 2
    )
    title = extract_metadata(paragraph + "。\n").title
    assert title.endswith("…") and cell_width(title) <= 91
    assert title.startswith("从一个亟待解决场地和资金需求的初创项目")


def test_an_english_dateline_gives_its_place() -> None:
    metadata = extract_metadata("Harbin gets a new park\n\nHARBIN, Sept. 4 (Xinhua) -- A park opened.")
    assert (metadata.source, metadata.place) == ("Xinhua", "Harbin")
