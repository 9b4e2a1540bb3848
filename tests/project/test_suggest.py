"""glossator suggest: a lexicon's phrases and patterns become suggested annotations, never twice."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.annotations.model import SUGGESTED
from tui.docs import read as read_topic
from tui.project.lexicon import load_lexicon
from tui.workspace.layout import Workspace
from tui.workspace.tagset import load_tag_set

from ..conftest import run_cli
from .conftest import annotate, saved

MakeWorkspace = Callable[[dict[str, str]], Workspace]

ARTICLES = {
    "deal": "Kingdee raised 16.5 million yuan in venture capital; kingdee's rival raised 2 billion yuan.",
    "other": "Nothing about Kingdees here, only venture\ncapital and 3 million dollars.",
}
LEXICON = """\
# company names and amounts
company = ["Kingdee"]
funding = [
    "venture capital",
    '/\\d+(\\.\\d+)? (million|billion) yuan/',
]
"""


def lexicon(tmp_path: Path, content: str = LEXICON) -> str:
    path = tmp_path / "lexicon.toml"
    path.write_text(content, "utf-8")
    return str(path)


def test_phrases_and_patterns_become_suggestions(make_workspace: MakeWorkspace, tmp_path: Path) -> None:
    workspace = make_workspace(ARTICLES)
    result = run_cli("suggest", "--lexicon", lexicon(tmp_path), "--author", "bot", cwd=workspace.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Added 6 suggestions in 2 files (2 articles searched)"
    assert "deal:0-7 [company] from Kingdee “Kingdee” raised 16.5 million yuan in venture cap…" in (
        result.stdout.splitlines()
    )
    found = sorted((a.quote, a.tag, a.status, a.author) for a in saved(workspace, "deal"))
    assert found == [
        ("16.5 million yuan", "funding", SUGGESTED, "bot"),
        ("2 billion yuan", "funding", SUGGESTED, "bot"),
        ("Kingdee", "company", SUGGESTED, "bot"),
        ("kingdee", "company", SUGGESTED, "bot"),
        ("venture capital", "funding", SUGGESTED, "bot"),
    ]
    assert [a.quote for a in saved(workspace, "other")] == ["venture\ncapital"]  # not "Kingdees"
    assert 'status = "suggested"' in workspace.annotation_path("deal").read_text("utf-8")
    assert run_cli("check", cwd=workspace.root).returncode == 0


def test_nothing_is_suggested_twice_nor_where_an_annotation_is(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    workspace = make_workspace(ARTICLES)
    annotate(workspace, "deal", "Kingdee", "company")  # Ada's own, accepted, same span and tag
    annotate(workspace, "deal", "venture capital", "policy")  # another tag: still suggested
    ada = ("--author", "Ada")
    dry = run_cli("suggest", "--lexicon", lexicon(tmp_path), "--dry-run", *ada, cwd=workspace.root)
    assert (
        "deal:0-7 [company] from Kingdee “Kingdee” raised 16.5 million yuan in venture cap…  (already tagged)"
        in (dry.stdout.splitlines())
    )
    assert dry.stdout.splitlines()[-1] == (
        "Would add 5 suggestions in 2 articles (2 articles searched; 1 place already tagged); nothing written (--dry-run)"
    )
    first = run_cli("suggest", "--lexicon", lexicon(tmp_path), *ada, cwd=workspace.root)
    assert first.returncode == 0, first.stderr
    before = {path.name: path.read_bytes() for path in workspace.annotations_dir.iterdir()}
    second = run_cli("suggest", "--lexicon", lexicon(tmp_path), *ada, cwd=workspace.root)
    assert second.stdout.splitlines()[-1] == (
        "Added 0 suggestions in 0 files (2 articles searched; 6 places already tagged)"
    )
    assert {path.name: path.read_bytes() for path in workspace.annotations_dir.iterdir()} == before
    spans = [(a.start, a.end, a.tag) for a in saved(workspace, "deal")]
    assert len(spans) == len(set(spans)) == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('company = ["Kingdee"]\nfunding = [\n  "ok",\n  "/(open/",\n]\n',
         "{path}:4: funding: /(open/ is not a valid regular expression: missing ) at position 5"),
        ('company = ["Kingdee"]\n\nperson = ["Ada"]\n', "{path}:3: 'person' is not a tag (tags are policy, funding, company)"),
        ('company = "Kingdee"\n', '{path}:1: company must be a list of phrases and /regular expressions/, e.g. company = ["a phrase"]'),
        ('company = [\n  "Kingdee",\n  " ",\n]\n', "{path}:3: company: an empty phrase"),
        ('company = ["Kingdee"\n', "{path}:1: invalid TOML: Unclosed array"),
        ("[company]\nx = 1\n", '{path}:1: company must be a list of phrases and /regular expressions/, e.g. company = ["a phrase"]'),
        ("# nothing\n", '{path}: lists no phrases (write e.g. policy = ["a phrase"])'),
    ],
)  # fmt: skip
def test_a_bad_lexicon_names_file_line_and_reason(
    make_workspace: MakeWorkspace, tmp_path: Path, content: str, message: str
) -> None:
    workspace = make_workspace(ARTICLES)
    path = lexicon(tmp_path, content)
    result = run_cli("suggest", "--lexicon", path, cwd=workspace.root)
    assert result.returncode == 1
    assert result.stderr == f"glossator: {message.format(path=path)}\n"
    assert list(workspace.annotations_dir.iterdir()) == []


def test_the_lexicon_of_the_projects_topic_is_valid_and_matches(
    make_workspace: MakeWorkspace, tmp_path: Path
) -> None:
    """The lexicon ``glossator help projects`` shows, read from the topic as a user copies it."""
    example = re.search(r"\n\n(      company = .*?\n      funding = .*?\n)\n", read_topic("projects"))
    assert example is not None
    path = tmp_path / "topic-lexicon.toml"
    path.write_text(example.group(1).replace("      ", ""), "utf-8")
    matchers = load_lexicon(path, load_tag_set(make_workspace(ARTICLES).root))
    assert [m.source for m in matchers] == [
        "Kingdee", "Harbin Electric", r"/[A-Z]\w+ (Co|Corp)\.? Ltd/", "venture capital",
        r"/\d+(\.\d+)? (million|billion) yuan/",
    ]  # fmt: skip
    assert matchers[2].pattern.search("by Harbin Co. Ltd today").group() == "Harbin Co. Ltd"  # type: ignore[union-attr]
    assert matchers[4].pattern.search("raised 2.5 billion yuan").group() == "2.5 billion yuan"  # type: ignore[union-attr]
