"""``glossator add`` as a user runs it: pages, tables, encodings and folders in, one summary out."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.chinese_texts import TEXTS
from tests.intake.pages import ARTICLE, CHROME, news_page
from tui.cli import main
from tui.intake.run import Intake
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


@pytest.fixture
def empty(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    (root / "corpus").mkdir(parents=True)
    (root / "annotations").mkdir()
    return Workspace.open(root)


def add(workspace: Workspace, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["add", "--workspace", str(workspace.root), *args])
    out, err = capsys.readouterr()
    return status, out, err


def corpus_files(workspace: Workspace) -> dict[str, str]:
    return {
        path.relative_to(workspace.corpus_dir).as_posix(): path.read_text("utf-8")
        for path in sorted(workspace.corpus_dir.rglob("*"))
        if path.is_file()
    }


def test_saved_pages_give_the_article_and_its_metadata_not_the_site(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "Saved pages"
    saved.mkdir()
    (saved / "harbor.html").write_text(news_page())
    (saved / "bridge.htm").write_text(
        news_page(
            "Bridge opens to traffic",
            ("The new bridge across the bay opened to traffic on Monday, a year later than planned.",
             "Drivers queued for an hour to cross it first, and the toll will be waived until January."),
            url="https://planet.example/news/bridge",
            date="2023-11-20",
        )
    )  # fmt: skip
    status, out, err = add(empty, capsys, str(saved))
    assert (status, err) == (0, "")
    assert "Added 2; already there 0; same story as another 0; refused 0." in out

    harbor = load_article(empty, "harbor")
    for paragraph in ARTICLE:
        assert paragraph in harbor.text
    for chrome in CHROME:
        assert chrome not in harbor.text
    assert harbor.metadata.title == "Harbor reopens after storm"
    assert harbor.metadata.date == "2024-09-05"
    assert harbor.metadata.byline == "Lois Lane"
    assert harbor.metadata.source == "Daily Planet"
    front = harbor.text.split("+++")[1]
    assert 'url = "https://planet.example/news/harbor-reopens"' in front
    assert 'language = "en"' in front

    assert main(["search", "--workspace", str(empty.root), "title:bridge"]) == 0
    assert "Bridge opens to traffic" in capsys.readouterr().out
    assert main(["search", "--workspace", str(empty.root), "date:2024-09"]) == 0
    found = capsys.readouterr().out
    assert "Harbor reopens after storm" in found
    assert "Bridge opens" not in found


def test_chinese_text_in_gbk_and_big5_is_stored_as_utf8_and_said_so(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "xinhua.txt").write_bytes(TEXTS[0].encode("gbk"))
    (tmp_path / "shenyang.txt").write_bytes(TEXTS[2].encode("big5"))
    (tmp_path / "hello.txt").write_bytes("你好".encode("gbk"))
    status, out, err = add(
        empty, capsys, *(str(tmp_path / name) for name in ("xinhua.txt", "shenyang.txt", "hello.txt"))
    )
    assert status == 1
    assert f"{tmp_path / 'xinhua.txt'}: converted from GB18030 (GBK) to UTF-8" in out
    assert f"{tmp_path / 'shenyang.txt'}: converted from Big5 to UTF-8" in out
    assert f"{tmp_path / 'hello.txt'}: refused: its encoding cannot be told with confidence" in err
    assert corpus_files(empty) == {"xinhua.txt": TEXTS[0], "shenyang.txt": TEXTS[2]}
    assert load_article(empty, "xinhua").metadata.title == "哈尔滨新区出台新政支持科技企业融资"


def test_tables_give_one_article_a_row_with_readable_ids(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mediacloud.csv").write_text(
        "stories_id,headline,media_name,publish_date,url,body\n"
        "11,Rates held steady,Wire,2024-09-03 14:00:00,https://wire.example/1,The central bank held rates on Tuesday.\n"
        "12,No text here,Wire,2024-09-04,https://wire.example/2,\n"
        '13,"Growth slows, again",Wire,2024-09-05,https://wire.example/3,"Growth slowed in the third quarter, figures showed."\n',
        encoding="utf-8",
    )
    (tmp_path / "zh.jsonl").write_text(
        json.dumps(
            {"title": "长光卫星完成新一轮融资", "content": TEXTS[1], "date": "2024-07-09", "author": "李华"},
            ensure_ascii=False,
        )
        + "\nnot json\n[1, 2]\n",
        encoding="utf-8",
    )
    (tmp_path / "archive.tsv").write_text(
        "Title\tStory\tDay\nFerry resumes\tThe ferry resumed service.\t5 Sept 2024\n"
    )
    (tmp_path / "dataset.json").write_text(
        json.dumps([{"headline": "Harbor reopens", "text": "The harbor reopened.", "id": 7}])
    )
    status, out, err = add(
        empty, capsys, *(str(tmp_path / name) for name in ("mediacloud.csv", "zh.jsonl", "archive.tsv", "dataset.json")),
        "--column", "text=story", "--column", "date=Day",
    )  # fmt: skip
    assert status == 1
    assert "Added 5; already there 0; same story as another 0; refused 3." in out
    assert (
        f"{tmp_path / 'mediacloud.csv'} row 3: refused: no text (the story/text/body/content column is empty or missing)"
        in err
    )
    assert f"{tmp_path / 'zh.jsonl'} row 2: refused: is not JSON" in err
    assert f"{tmp_path / 'zh.jsonl'} row 3: refused: is not a JSON object" in err
    files = corpus_files(empty)
    assert sorted(files) == [
        "2024-07-09-长光卫星完成新一轮融资.txt",
        "2024-09-03-rates-held-steady.txt",
        "2024-09-05-growth-slows-again.txt",
        "ferry-resumes.txt",
        "harbor-reopens.txt",
    ]
    rates = load_article(empty, "2024-09-03-rates-held-steady")
    assert rates.metadata.source == "Wire"
    assert rates.metadata.date == "2024-09-03T14:00"
    assert rates.text.endswith("\n+++\nThe central bank held rates on Tuesday.\n")
    assert 'source_id = "11"' in rates.text
    assert load_article(empty, "2024-07-09-长光卫星完成新一轮融资").metadata.byline == "李华"
    assert 'date_as_given = "5 Sept 2024"' in files["ferry-resumes.txt"]


def test_a_second_run_adds_only_what_is_missing(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "harbor.html").write_text(news_page())
    assert add(empty, capsys, str(pages))[0] == 0
    (pages / "harbor-again.html").write_text(news_page(paragraphs=(*ARTICLE, "Updated at noon.")))
    (pages / "moon.html").write_text(
        news_page(
            "Moon landing planned",
            ("The agency plans a crewed landing near the south pole in 2027.",),
            url="https://planet.example/moon",
        )
    )
    status, out, _ = add(empty, capsys, str(pages))
    assert status == 0
    assert f"{pages / 'harbor-again.html'}: already there as harbor" in out  # the same URL
    assert f"{pages / 'harbor.html'}: already there as harbor" in out
    assert "Added 1; already there 2;" in out
    assert sorted(corpus_files(empty)) == ["harbor.txt", "moon.txt"]


def test_a_near_duplicate_is_added_and_reported_as_the_same_story(
    make_workspace: object, empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = " ".join(ARTICLE * 3)
    (tmp_path / "wire.txt").write_text(story + "\n")
    (tmp_path / "reprint.txt").write_text(
        "Republished from the wire.\n" + story.replace("Thursday", "Friday") + "\n"
    )
    status, out, _ = add(empty, capsys, str(tmp_path / "wire.txt"), str(tmp_path / "reprint.txt"))
    assert status == 0
    assert "reprint: the same story as wire (added; search results show the pair)" in out
    assert "Added 2; already there 0; same story as another 1; refused 0." in out


def test_links_hidden_files_and_other_kinds_are_not_taken(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("my password")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "story.txt").write_text("A story.\n")
    (folder / "notes.txt").symlink_to(secret)
    (folder / ".hidden.txt").write_text("hidden\n")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")
    (folder / "page.html").write_text(news_page())
    (folder / "page_files").mkdir()  # what a browser's "Save page as, complete" writes beside it
    (folder / "page_files" / "ad-frame.html").write_text(
        news_page("Watches", ("Cheap watches, today only.",), url="https://ads.example/1")
    )
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    status, out, err = add(empty, capsys, str(folder), str(folder / "notes.txt"))
    assert status == 1
    assert err.count("notes.txt: refused: is a symbolic link") == 2
    assert "1 file of other kinds passed over" in out
    assert sorted(corpus_files(empty)) == ["page.txt", "story.txt"]


def test_no_article_file_is_overwritten(
    empty: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (empty.corpus_dir / "story.txt").write_text("The first story.\n")
    (tmp_path / "story.txt").write_text("Another story under the same name.\n")
    status, _, err = add(empty, capsys, str(tmp_path / "story.txt"))
    assert status == 1
    assert "story.txt: refused: corpus/story.txt already exists (rename the file to add it)" in err
    assert corpus_files(empty) == {"story.txt": "The first story.\n"}


def test_an_interrupted_run_leaves_whole_articles_and_resumes(empty: Workspace, tmp_path: Path) -> None:
    rows = "\n".join(
        f"Story {n},Text of story number {n} about the harbor.,2024-01-{n:02}" for n in range(1, 21)
    )
    (tmp_path / "big.csv").write_text("title,text,date\n" + rows + "\n")
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(5):
        (pages / f"p{n}.html").write_text(
            news_page(
                f"Page {n}",
                (f"Paragraph of page number {n} with enough words.",),
                url=f"https://x.example/{n}",
            )
        )

    seen: list[tuple[int, int]] = []

    def ctrl_c_in_the_table(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 7:
            raise KeyboardInterrupt  # as Ctrl-C would, between two rows

    first = Intake(empty).run([str(tmp_path / "big.csv"), str(pages)], ctrl_c_in_the_table)
    assert first.interrupted
    assert seen[-1] == (7, 25)  # counted in articles: 20 rows and 5 pages
    assert len(first.added) == 7
    assert sorted(os.listdir(empty.corpus_dir)) == sorted(
        f"{article_id}.txt" for article_id, _ in first.added
    )
    second = Intake(empty).run([str(tmp_path / "big.csv"), str(pages)])
    assert not second.interrupted
    assert (len(second.added), len(second.already)) == (18, 7)


def test_a_column_mapping_names_a_known_field(empty: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = add(empty, capsys, "export.csv", "--column", "body")
    assert status == 2
    assert (
        "expected FIELD=NAME with FIELD one of title, text, date, source, author, url, id (got 'body')" in err
    )
