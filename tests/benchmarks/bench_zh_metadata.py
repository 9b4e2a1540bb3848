"""Metadata read from the real Chinese articles of ``../shared/zh-news``, against a reading by hand.

Usage: python -m tests.benchmarks.bench_zh_metadata [FOLDER]   (default: ../shared/zh-news)

``EXPECTED`` is what a careful reader takes from each file's own text (``SOURCES.md`` says
where each page came from; a date known only from a page's address is not in the text,
so it is not expected).  Each field is counted as found, missed or wrong.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.text.width import fit_end, pad_end
from tui.workspace.metadata import extract_metadata

REPO = Path(__file__).resolve().parents[2]
FIELDS = ("source", "place", "date", "byline")
#: By file: the fields the text itself gives (any field not listed is not in the text).
EXPECTED: dict[str, dict[str, str]] = {
    "zh_01": {"source": "中国经济网", "date": "2024-07-10T05:58"},
    "zh_02": {"source": "新华网", "place": "哈尔滨", "byline": "闫睿"},  # 8月23日: no year in the text
    "zh_03": {"source": "大公网", "byline": "卢冶"},  # 6月2日: no year in the text
    "zh_04": {"source": "中新网辽宁新闻", "date": "2023-09-18T17:56", "byline": "赵桂华"},
    "zh_05": {"source": "吉林省科技厅网站", "date": "2025-10-27"},
    "zh_06": {},  # no dateline, the credit line is cut off
    "zh_07": {},
    "zh_08": {},
    "zh_09": {"source": "中央广电总台国际在线", "date": "2023-12-19T16:16"},
    "zh_10": {"byline": "徐铁英 任梓溪"},  # 4月29日 is the event, in the prose
    "zh_11": {"source": "香港文匯報", "place": "深圳", "byline": "李昌鴻"},
    "zh_12": {},  # 2月4日 opens the prose; "2023年" alone is no full date
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, nargs="?", default=REPO.parent / "shared" / "zh-news")
    args = parser.parse_args()
    found = missed = wrong = 0
    for name, expected in EXPECTED.items():
        metadata = extract_metadata((args.folder / f"{name}.txt").read_text("utf-8"))
        marks = []
        for field in FIELDS:
            got, want = getattr(metadata, field), expected.get(field, "")
            if got == want:
                found += bool(want)
            elif not got:
                missed += 1
            else:
                wrong += 1
            marks.append(f"{got or '-'}" + ("" if got == want else f" (expected {want or 'none'})"))
        print(f"{name}  {pad_end(fit_end(metadata.title, 30), 30)}  " + " | ".join(marks))
    total = sum(len(expected) for expected in EXPECTED.values())
    print(f"\nfields found {found} of {total}, missed {missed}, wrong {wrong}")


if __name__ == "__main__":
    main()
