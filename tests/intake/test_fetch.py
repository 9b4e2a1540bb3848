"""``glossator add URL``: pages fetched from a local server (127.0.0.1 only), politely and within limits."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tests.intake.pages import ARTICLE, CHROME, news_page
from tui.cli import main
from tui.intake.fetch import USER_AGENT, fetch
from tui.intake.incoming import Problem
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

ZH_TITLE = "哈尔滨新区出台新政支持科技企业融资"
ZH_PARAGRAPH = "新华社哈尔滨9月4日电 哈尔滨新区出台新政支持科技企业融资。记者从哈尔滨新区管委会获悉，新政策提出设立总规模20亿元的创业投资引导基金。"


class Site(BaseHTTPRequestHandler):
    """A news site: /harbor (UTF-8), /zh (GBK, said by the server only), /missing, /image, /slow."""

    seen: ClassVar[list[tuple[str, str]]] = []
    released = threading.Event()

    def do_GET(self) -> None:
        Site.seen.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/slow":
            Site.released.wait(10)
            return
        pages = {
            "/harbor": ("text/html; charset=utf-8", news_page(url="").encode("utf-8")),
            "/zh": (
                "text/html; charset=GBK",
                news_page(ZH_TITLE, (ZH_PARAGRAPH,), charset="", lang="zh-CN", url="").encode("gbk"),
            ),
            "/image": ("image/png", b"\x89PNG"),
        }
        if self.path not in pages:
            self.send_error(404, "Not Found")
            return
        content_type, body = pages[self.path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Site.seen.clear()
    Site.released.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    Site.released.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def empty(tmp_path: Path) -> Workspace:
    (tmp_path / "ws" / "corpus").mkdir(parents=True)
    return Workspace.open(tmp_path / "ws")


def test_pages_are_fetched_one_at_a_time_and_taken_in_as_saved_pages(
    site: str, empty: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "add",
            "--workspace",
            str(empty.root),
            f"{site}/harbor",
            f"{site}/zh",
            f"{site}/missing",
            f"{site}/image",
        ]
    )
    out, err = capsys.readouterr()
    assert status == 1
    assert "Added 2; already there 0; same story as another 0; refused 2." in out
    assert f"{site}/zh: converted from GB18030 (GBK) to UTF-8" in out
    assert f"{site}/missing: refused: the server answered 404 Not Found" in err
    assert f"{site}/image: refused: is not a web page (the server sent image/png)" in err
    assert [path for path, _ in Site.seen] == ["/harbor", "/zh", "/missing", "/image"]
    assert {agent for _, agent in Site.seen} == {USER_AGENT}
    assert USER_AGENT.startswith("Glossator/")

    harbor = load_article(empty, "2024-09-05-harbor-reopens-after-storm")
    assert all(paragraph in harbor.text for paragraph in ARTICLE)
    assert not any(chrome in harbor.text for chrome in CHROME)
    assert f'url = "{site}/harbor"' in harbor.text
    chinese = load_article(empty, f"2024-09-05-{ZH_TITLE}")
    assert ZH_PARAGRAPH in chinese.text
    assert 'language = "zh-CN"' in chinese.text

    assert main(["add", "--workspace", str(empty.root), f"{site}/harbor"]) == 0
    assert f"{site}/harbor: already there as 2024-09-05-harbor-reopens-after-storm" in capsys.readouterr().out
    assert len(Site.seen) == 4  # a page known by its address is not fetched again


def test_a_page_bigger_than_the_limit_or_too_slow_is_refused(site: str) -> None:
    with pytest.raises(Problem, match=r"is too big \(more than 100 bytes\)"):
        fetch(f"{site}/harbor", limit=100)
    with pytest.raises(Problem, match=r"no answer within 0\.2 seconds"):
        fetch(f"{site}/slow", timeout=0.2)
    with pytest.raises(Problem, match="only http:// and https://"):
        fetch("file:///etc/passwd")
