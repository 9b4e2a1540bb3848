"""Chinese search measured: recall and precision of our queries over the shared Chinese
news, and indexing speed per MB for Chinese against English.

Usage: python -m tests.benchmarks.zh_eval [ZH_NEWS] [--mb 4] [--engines whoosh tantivy]

ZH_NEWS is the folder of the twelve Chinese articles (``zh_*.txt``), by default
``../shared/zh-news`` next to the repository.  Each query below has the articles a reader
judges it is about (in either script), so both missed articles (recall) and articles found
for the wrong reason (precision: 新区 "new area" inside 高新区 "high-tech zone") count.

Methods compared, the first three as the index would match (set of words per article):
* clauses: the analysers before Chinese support (a whole clause is one word);
* jieba: a dictionary segmenter (jieba's default mode), the query's words all in the article;
* jieba+search: jieba's search mode at indexing (words and the shorter words inside them);
  both on folded text, so that only the segmentation differs from ours;
* characters, unfolded: each Han character a word, without folding traditional characters;
* ours (whoosh / tantivy): each Han character a word, folded, found by the real engines.
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import jieba

from tui.search import CorpusIndex
from tui.search.engines import engine_named
from tui.text.chinese import fold
from tui.workspace.layout import Workspace

REPO = Path(__file__).resolve().parents[2]
DEFAULT_NEWS = REPO.parent / "shared" / "zh-news"

#: query -> the articles it is about (numbers of zh_NN.txt), judged by reading them.
QUERIES: dict[str, set[int]] = {
    "融资": {1},  # financing (投融资机构)
    "风险投资": {2, 5},  # venture capital (zh_05: 创业(风险)投资基金)
    "孵化器": {1, 2, 7},
    "科技企业孵化器": {1, 2, 7},
    "机器人": {10},
    "无人机": {9, 10},
    "哈尔滨": {2, 8},
    "沈阳": {4, 10, 12},  # 瀋陽 in zh_12
    "瀋陽": {4, 10, 12},
    "大东区": {10, 12},  # 大東區 in zh_12
    "长春新区": {3, 6, 9},
    "新区": {3, 6, 9},  # a "new area"; not 高新区 (a high-tech zone) of zh_01 and zh_07
    "高新区": {1, 6, 7, 8},  # zh_08 writes 高新技术产业开发区: found by no method
    "新能源汽车": {3},
    "大连华信": {7},
    "白山本苜药业有限公司": {6},
    "长光博翔": {9},
    "吉林一号": {9},
    "哈工大": {8},
    "投资": {1, 2, 3, 4, 5, 6, 10, 11, 12},
    "創業": {1, 5, 6, 7},
    "振兴东北": {11},  # 振興東北
    "区长": {12},  # 區長
    "中试": {5, 6},
    "天使": {6},
    "生物医药": {3, 9, 10},
    "卫星": {8, 9},
    "东北": {8, 9, 11},
    "法雷奥": {12},  # 法雷奧
    "政协": {11},  # 政協
    "企业家": {2, 10, 12},
    "人民币": {7},
    "《晨读香江》": {3},
    '"吉林省 科技厅"': {5},
}


def articles(folder: Path) -> dict[int, str]:
    return {int(path.stem[3:]): path.read_text("utf-8") for path in sorted(folder.glob("zh_*.txt"))}


def word_method(
    split: Callable[[str], list[str]], query_split: Callable[[str], list[str]]
) -> Callable[..., set[int]]:
    """Matching as an index of words would: every word of the query among the article's."""

    def found(texts: dict[int, str], query: str) -> set[int]:
        wanted = set(query_split(query))
        return {number for number, text in texts.items() if wanted <= set(split(text))}

    return found


def _clauses(text: str) -> list[str]:
    return [word.lower() for word in re.findall(r"\w+", text)]


def _jieba(text: str) -> list[str]:
    return [word for word in jieba.lcut(fold(text)) if word.strip() and re.search(r"\w", word)]


def _jieba_search(text: str) -> list[str]:
    return [word for word in jieba.lcut_for_search(fold(text)) if word.strip() and re.search(r"\w", word)]


def _unfolded_characters(texts: dict[int, str], query: str) -> set[int]:
    characters = re.sub(r"\W+", "", query.strip('"'))
    return {number for number, text in texts.items() if characters in re.sub(r"\W+", "", text)}


def engine_method(name: str, folder: Path, where: Path) -> Callable[[dict[int, str], str], set[int]]:
    """Matching by a real engine, on a workspace of the articles made in ``where``."""
    root = where / name
    shutil.copytree(folder, root / "corpus", ignore=shutil.ignore_patterns("*.md"))
    (root / "annotations").mkdir()
    index = CorpusIndex.open(Workspace.open(root), engine=engine_named(name))

    def found(texts: dict[int, str], query: str) -> set[int]:
        return {int(hit.article_id[3:]) for hit in index.search(query, limit=100).hits}

    return found


def exact_misses(texts: dict[int, str], query: str, found: set[int]) -> int:
    """Articles holding the query's string (folded, punctuation aside) that were not found."""
    characters = re.sub(r"\W+", "", fold(query))
    holding = {number for number, text in texts.items() if characters in re.sub(r"\W+", "", fold(text))}
    return len(holding - found)


def evaluate(folder: Path, engines: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="zh-eval-") as where:
        _evaluate(folder, engines, Path(where))


def _evaluate(folder: Path, engines: list[str], where: Path) -> None:
    texts = articles(folder)
    methods: dict[str, Callable[[dict[int, str], str], set[int]]] = {
        "clauses (before)": word_method(_clauses, _clauses),
        "jieba": word_method(_jieba, _jieba),
        "jieba+search mode": word_method(_jieba_search, _jieba),
        "characters, unfolded": _unfolded_characters,
        **{f"ours ({name})": engine_method(name, folder, where) for name in engines},
    }
    jieba.setLogLevel(logging.WARNING)
    misses: dict[str, list[str]] = {}
    extra: dict[str, list[str]] = {}
    print(f"\n{len(QUERIES)} queries over {len(texts)} articles ({folder})\n")
    print("| method | recall | precision | queries with a miss | exact strings missed |")
    print("| --- | --- | --- | --- | --- |")
    for label, method in methods.items():
        recalls, precisions, missing, exact = [], [], 0, 0
        for query, relevant in QUERIES.items():
            found = method(texts, query)
            recalls.append(len(found & relevant) / len(relevant))
            precisions.append(len(found & relevant) / len(found) if found else 1.0)
            missing += bool(relevant - found)
            if relevant - found:
                misses.setdefault(label, []).append(
                    f"{query} (zh_{', zh_'.join(f'{n:02d}' for n in sorted(relevant - found))})"
                )
            exact += exact_misses(texts, query, found)
            if found - relevant:
                extra.setdefault(label, []).append(
                    f"{query} (zh_{', zh_'.join(f'{n:02d}' for n in sorted(found - relevant))})"
                )
        print(
            f"| {label} | {sum(recalls) / len(recalls):.2f} | {sum(precisions) / len(precisions):.2f} "
            f"| {missing} | {exact} |"
        )
    print()
    for label, missed in misses.items():
        if not label.startswith("clauses"):
            print(f"- {label} misses: {'; '.join(missed)}")
    for label, wrong in extra.items():
        print(f"- {label} also finds: {'; '.join(wrong)}")


# --- speed ---------------------------------------------------------------------------------------


def varied(text: str, rng: random.Random, sentence: str) -> str:
    """``text`` with its sentences shuffled (the first line kept) and its digits changed."""
    title, _, body = text.partition("\n")
    parts = [part for part in re.split(f"(?<={re.escape(sentence)})", body) if part.strip()]
    rng.shuffle(parts)
    return re.sub(r"\d", lambda _: str(rng.randrange(10)), f"{title}\n\n{''.join(parts)}")


def build_corpus(sources: list[str], target_bytes: int, root: Path, sentence: str, seed: int) -> int:
    """A workspace of varied copies of ``sources`` of about ``target_bytes``; its size in bytes."""
    rng = random.Random(seed)
    (root / "corpus").mkdir(parents=True)
    (root / "annotations").mkdir()
    size = number = 0
    while size < target_bytes:
        data = varied(sources[number % len(sources)], rng, sentence).encode()
        (root / "corpus" / f"a{number:06d}.txt").write_bytes(data)
        size += len(data)
        number += 1
    return size


def speed(folder: Path, megabytes: float, engines: list[str]) -> None:
    import opencc

    chinese = list(articles(folder).values())
    chinese += [opencc.OpenCC("s2t").convert(text) for text in chinese]  # both scripts, as in the press
    english = [path.read_text("utf-8") for path in sorted((REPO / "corpus").glob("*.txt"))]
    print(f"\nIndexing {megabytes:g} MB of each language (varied copies), a fresh build each\n")
    print("| engine | language | articles | MB | build s | MB/s | query ms (median of 5) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    queries = {
        "Chinese": ["投资", "科技企业孵化器", "新能源 汽车", "長春新區"],
        "English": ["investment", "venture capital", '"science park"', "harbin"],
    }
    with tempfile.TemporaryDirectory(prefix="zh-speed-") as temporary:
        for engine in engines:
            for language, sources, sentence in (("Chinese", chinese, "。"), ("English", english, ". ")):
                root = Path(temporary) / f"{engine}-{language}"
                size = build_corpus(sources, int(megabytes * 1_000_000), root, sentence, seed=7)
                started = time.perf_counter()
                index = CorpusIndex.open(Workspace.open(root), engine=engine_named(engine))
                seconds = time.perf_counter() - started
                timings = []
                for query in queries[language]:
                    runs = []
                    for _ in range(5):
                        begun = time.perf_counter()
                        index.search(query, limit=20)
                        runs.append(time.perf_counter() - begun)
                    timings.append(sorted(runs)[2] * 1000)
                index.close()
                count = len(list((root / "corpus").iterdir()))
                print(
                    f"| {engine} | {language} | {count:,} | {size / 1e6:.1f} | {seconds:.1f} "
                    f"| {size / 1e6 / seconds:.2f} | {', '.join(f'{t:.0f}' for t in timings)} |"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("news", nargs="?", type=Path, default=DEFAULT_NEWS)
    parser.add_argument("--mb", type=float, default=4.0, help="size of each speed corpus")
    parser.add_argument("--engines", nargs="+", default=["whoosh", "tantivy"])
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    evaluate(args.news, args.engines)
    if not args.no_speed:
        speed(args.news, args.mb, args.engines)


if __name__ == "__main__":
    main()
