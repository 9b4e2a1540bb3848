from tests.conftest import CHINA_DAILY, FIRST, SCMP, XINHUA
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace
from tui.workspace.metadata import extract_metadata


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
