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
