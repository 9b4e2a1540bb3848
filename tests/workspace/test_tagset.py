"""A tag set each workspace configures in its committed glossator.toml."""

from pathlib import Path

import pytest

from tui.workspace.tagset import DEFAULT_TAGS, TagSetError, load_tag_set, parse_tag_set, render_tag_set

FIVE = """\
[search]
engine = "whoosh"

[[tag]]
name = "policy"
key = "p"
colour = "primary"

[[tag]]
name = "funding"
key = "f"
colour = "success"

[[tag]]
name = "company"
key = "c"
colour = "error"

[[tag]]
name = "person"
key = "e"
colour = "warning"
description = "People named in the article"

[[tag]]
name = "place"
key = "o"
colour = "#8a2be2"
"""


def test_no_config_means_the_default_set(tmp_path: Path) -> None:
    tag_set = load_tag_set(tmp_path)
    assert tag_set == DEFAULT_TAGS
    assert tag_set.names == ("policy", "funding", "company")
    assert [tag.key for tag in tag_set] == ["p", "f", "c"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('name = "place"', 'name = "note"'), "glossator.toml:25: tag 'note': 'note' is a search field"),
        (
            ('key = "o"', 'key = "j"'),
            "glossator.toml:25: tag 'place': the key 'j' is already bound in the article view",
        ),
        (('key = "o"', 'key = "e"'), "glossator.toml:25: tag 'place': the key 'e' is used by another tag"),
        # Comparison mode settles with + (both) and - (neither).
        (('key = "o"', 'key = "+"'), "glossator.toml:25: tag 'place': the key '+' is already bound"),
        (('key = "o"', 'key = "-"'), "glossator.toml:25: tag 'place': the key '-' is already bound"),
        (('name = "place"', 'name = "Place"'), "glossator.toml:25: tag 'Place': a name is a lowercase word"),
        (('name = "place"', 'name = "person"'), "glossator.toml:25: tag 'person': the name is used twice"),
        (
            ('colour = "#8a2be2"', 'colour = "mauve"'),
            "glossator.toml:25: tag 'place': colour 'mauve' is not one of",
        ),
        (('colour = "#8a2be2"', 'colour = "#fff"\nshade = 3'), "glossator.toml:25: unknown key 'shade'"),
    ],
)
def test_a_tag_that_cannot_be_used_is_refused_with_file_and_line(
    change: tuple[str, str], message: str
) -> None:
    content = FIVE.replace(*change)
    with pytest.raises(TagSetError) as refused:
        parse_tag_set(content.encode())
    assert str(refused.value).startswith(message)


def test_five_tags_with_keys_colours_and_descriptions(tmp_path: Path) -> None:
    (tmp_path / "glossator.toml").write_text(FIVE)
    tag_set = load_tag_set(tmp_path)
    assert tag_set.names == ("policy", "funding", "company", "person", "place")
    assert tag_set.get("person").description == "People named in the article"  # type: ignore[union-attr]
    assert tag_set.by_key("o").colour == "#8a2be2"  # type: ignore[union-attr]
    assert tag_set.fingerprint != DEFAULT_TAGS.fingerprint
    # Written back, the file reads as the same set, its other sections kept.
    again = parse_tag_set(render_tag_set(tag_set).encode())
    assert again == tag_set
    assert again.extra == {"search": {"engine": "whoosh"}}


def test_a_config_that_is_a_link_is_not_read(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text(FIVE)
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "glossator.toml").symlink_to(elsewhere)
    with pytest.raises(TagSetError, match="symbolic link"):
        load_tag_set(tmp_path / "ws")
