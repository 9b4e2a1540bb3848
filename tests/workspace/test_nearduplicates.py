from tests.conftest import CHINA_DAILY, FIRST, SCMP, TAIYUAN, XINHUA
from tui.workspace import nearduplicates
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


def test_the_two_bundled_copies_of_one_story_are_near_duplicates(workspace: Workspace) -> None:
    plain = nearduplicates.signature(load_article(workspace, FIRST).text)
    with_chrome = nearduplicates.signature(load_article(workspace, CHINA_DAILY).text)
    assert nearduplicates.similarity(plain, with_chrome) >= nearduplicates.SAME_STORY
    assert set(nearduplicates.band_keys(plain)) & set(nearduplicates.band_keys(with_chrome))


def test_different_stories_on_the_same_topic_are_not(workspace: Workspace) -> None:
    ids = [FIRST, TAIYUAN, SCMP, XINHUA]
    sigs = [nearduplicates.signature(load_article(workspace, i).text) for i in ids]
    for a in range(len(sigs)):
        for b in range(a + 1, len(sigs)):
            assert nearduplicates.similarity(sigs[a], sigs[b]) < 0.2


def test_a_lightly_edited_copy_is_still_the_same_story(workspace: Workspace) -> None:
    text = load_article(workspace, SCMP).text
    edited = text.replace("rust belt", "rustbelt", 1).replace("Shenyang", "Shen-yang") + "\nEditor's note."
    similarity = nearduplicates.similarity(nearduplicates.signature(text), nearduplicates.signature(edited))
    assert similarity >= nearduplicates.SAME_STORY


def test_signatures_survive_their_text_form() -> None:
    sig = nearduplicates.signature("a b c d e f g h i j k")
    assert nearduplicates.decode(nearduplicates.encode(sig)) == sig


def test_tiny_texts_do_not_all_look_alike() -> None:
    first = nearduplicates.signature("Short one")
    second = nearduplicates.signature("Another short")
    assert nearduplicates.similarity(first, second) == 0.0
    assert nearduplicates.band_keys(first) == []


STORY = (
    "新华社哈尔滨9月4日电 哈尔滨市科技企业孵化器协会近日组建。这个由该市37家科技企业孵化器、大学科技园自主发起的协会，"
    "将实现各孵化器之间的资源共享，共同完善中小型科技企业孵化环境。协会组建后，将为科技企业孵化器管理与运行提供行业规范，"
    "牵线科技企业孵化器、大学科技园与科研、中介服务、风险投资等机构的联系合作，促进科技成果转化。\n"
)
OTHER_STORY = (
    "中新网辽宁新闻9月15日电 皇姑区重点项目秋季集中开工暨沈阳科技金融数字产业园项目开工签约仪式成功举行。"
    "今年以来，皇姑区抓牢项目建设，坚持项目为王不动摇，持续保持加速跑的态势，开复工重点项目138个，科技企业孵化器建设提速。\n"
)


def test_a_chinese_republication_with_site_chrome_is_the_same_story() -> None:
    republished = (
        "首页 > 新闻中心 > 国内新闻\n\n" + STORY + "\n责任编辑：王小明\n分享到：微信 微博 QQ空间\n【纠错】\n"
    )
    same = nearduplicates.similarity(nearduplicates.signature(STORY), nearduplicates.signature(republished))
    assert same >= nearduplicates.SAME_STORY
    assert set(nearduplicates.band_keys(nearduplicates.signature(STORY))) & set(
        nearduplicates.band_keys(nearduplicates.signature(republished))
    )


def test_the_same_story_in_traditional_characters_is_the_same_story() -> None:
    traditional = STORY.replace("哈尔滨", "哈爾濱").replace("投资", "投資").replace("创业", "創業")
    assert traditional != STORY
    same = nearduplicates.similarity(nearduplicates.signature(STORY), nearduplicates.signature(traditional))
    assert same == 1.0


def test_two_chinese_stories_on_one_subject_are_not() -> None:
    first, second = nearduplicates.signature(STORY), nearduplicates.signature(OTHER_STORY)
    assert nearduplicates.similarity(first, second) < 0.2


def test_english_shingles_are_still_words() -> None:
    assert nearduplicates.shingles("Harbin start-ups raised 38 million yuan") == {
        "harbin start ups raised 38",
        "start ups raised 38 million",
        "ups raised 38 million yuan",
    }
    assert "哈 尔 滨 新 区" in nearduplicates.shingles("哈尔滨新区")
