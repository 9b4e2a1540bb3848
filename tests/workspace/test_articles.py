from tests.conftest import FIRST, FUNDING_QUOTE
from tui.workspace.articles import decode_article, load_article, text_sha256
from tui.workspace.layout import Workspace


def test_line_ends_and_bom_are_normalised() -> None:
    decoded = decode_article(b"\xef\xbb\xbfone\r\ntwo\rthree\nfour")
    assert decoded.text == "one\ntwo\nthree\nfour"
    assert decoded.problems == ()


def test_invalid_utf8_is_replaced_and_reported_not_fatal() -> None:
    decoded = decode_article(b"caf\xe9 ok")
    assert decoded.text == "caf\ufffd ok"
    assert "not valid UTF-8" in decoded.problems[0]
    assert "offset 3" in decoded.problems[0]


def test_offsets_are_code_points_into_the_whole_file(workspace: Workspace) -> None:
    article = load_article(workspace, FIRST)
    start = article.text.index(FUNDING_QUOTE)
    # The whole file is the text: the three-line check `glossator help workspaces` shows.
    raw = workspace.article_path(FIRST).read_text("utf-8")
    assert raw[start : start + len(FUNDING_QUOTE)] == FUNDING_QUOTE
    assert article.sha256 == text_sha256(raw)


def test_non_ascii_text_counts_code_points_not_bytes() -> None:
    text = decode_article("中国 🚀 café".encode()).text
    assert text[3] == "🚀"
    assert text[5:9] == "café"


def test_the_readme_three_line_check_reads_the_same_text(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfHead\r\nline\rtwo\n\xe4\xb8\xad")
    with open(path, encoding="utf-8-sig") as handle:
        assert handle.read() == decode_article(path.read_bytes()).text
