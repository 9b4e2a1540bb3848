"""Title, source, date and byline, read from where real news articles put them.

Scraped articles carry their metadata in the text itself, in many shapes:

* a headline as the first line, sometimes after site chrome (``Home>>``, ``Business / Economy``);
* ``By Fan Feifei and Zhou Huiying (China Daily) Updated: 2016-03-25 08:55``;
* ``(Xinhua) 08:20, September 05, 2024``;
* a dateline such as ``HARBIN, Sept. 4 (Xinhua) --`` at the start of the first paragraph;
* Chinese datelines and source lines (``新华社哈尔滨9月4日电``, ``来源: 证券时报网``), read by
  ``tui.workspace.chinese_datelines``.

Each shape is one small rule below.  A ``+++`` TOML front-matter block at the very start
of the file sets fields explicitly and wins over the rules.  Missing metadata is normal.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime

from tui.text.chinese import HAN_RUN
from tui.text.width import cell_width, fit_end

#: How many non-blank lines at the top of an article the rules look at.
HEADER_LINES = 12
#: A title longer than this is cut, with an ellipsis (the first paragraph is a poor title).
MAX_TITLE = 160
#: A first line longer than this is a paragraph, not a headline: its title is its first
#: sentence, or its first words, cut at a word.
MAX_HEADLINE = 120
FALLBACK_TITLE = 90

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

FRONT_MATTER = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+(?:\n|\Z)", re.DOTALL)
CHINA_DAILY_BYLINE = re.compile(
    r"^By (?P<byline>.+?)\s*\((?P<source>[^()]+)\)\s*Updated:\s*"
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:\s+(?P<time>\d{1,2}:\d{2}))?\s*$"
)
#: ``By Li Wei (Xinhua) 10:15, March 02, 2023``: People's Daily and Xinhua pages.
BYLINE_TIME_DATE = re.compile(
    r"^By (?P<byline>[A-Z][^()]{1,100}?)\s*\((?P<source>[^()]+)\)\s*(?:Updated:\s*)?"
    r"(?P<time>\d{1,2}:\d{2}),?\s+(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})\s*$"
)
PLAIN_BYLINE = re.compile(r"^By (?P<byline>[A-Z][^()]{1,100}?)\s*(?:\((?P<source>[^()]+)\))?\s*$")
SOURCE_TIME_DATE = re.compile(
    r"^\((?P<source>[A-Z][\w .&-]{1,40})\)\s+(?P<time>\d{1,2}:\d{2}),\s+"
    r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})\s*$"
)
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]+),\s+(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})\s+"
    r"\((?P<source>[A-Z][\w .&-]{1,40})\)\s+--"
)
#: ``Home>>``, ``News >> China``: breadcrumbs and navigation left over from the web page.
BREADCRUMB = re.compile(r"^[\w .&'-]{0,40}(?:>>|»|\u203a)(?:\s*[\w .&'-]{0,40}(?:>>|»|\u203a)?)*\s*$")
#: ``Business / Economy``: a short section path.
SECTION_PATH = re.compile(r"^[A-Z][\w&' -]{0,30}(?:\s/\s[A-Z][\w&' -]{0,30})+$")


@dataclass(frozen=True)
class Metadata:
    title: str = ""
    source: str = ""
    date: str = ""
    byline: str = ""
    #: Where the story was filed from, as a dateline says (``Harbin``, ``哈尔滨``).
    place: str = ""
    problems: tuple[str, ...] = field(default=())

    @property
    def parsed_date(self) -> datetime | None:
        """The date as a ``datetime`` (for range search and sorting), if it is ISO 8601."""
        if not self.date:
            return None
        try:
            return datetime.fromisoformat(self.date).replace(tzinfo=None)
        except ValueError:
            return None


def extract_metadata(text: str) -> Metadata:
    """Metadata from an article text: front matter first, then the rules, then fallbacks."""
    explicit, body_start, problems = _front_matter(text)
    found = _apply_rules(text[body_start:])
    merged = {key: explicit.get(key) or found.get(key, "") for key in Metadata.__annotations__}
    title = explicit.get("title") or _headline(found.get("title", ""))
    return Metadata(
        title=_shorten(title),
        source=merged["source"] or "",
        date=merged["date"] or "",
        byline=merged["byline"] or "",
        place=merged["place"] or "",
        problems=tuple(problems),
    )


def body_start(text: str) -> int:
    """Offset of the first line that is article prose: after front matter, chrome, the
    headline and metadata lines (for listing an article by its opening words)."""
    offset = front_matter_end(text)
    title = extract_metadata(text).title
    for _ in range(HEADER_LINES):
        end = text.find("\n", offset)
        line = text[offset : len(text) if end == -1 else end].strip()
        is_header = (
            not line
            or _is_chrome(line)
            or line == title
            or any(
                rule.match(line)
                for rule in (CHINA_DAILY_BYLINE, BYLINE_TIME_DATE, SOURCE_TIME_DATE, PLAIN_BYLINE)
            )
            or _is_chinese_metadata(line)
        )
        if not is_header or end == -1:
            break
        offset = end + 1
    return offset


def front_matter_end(text: str) -> int:
    """Offset where the article proper starts (0 without a front-matter block)."""
    match = FRONT_MATTER.match(text)
    return match.end() if match else 0


def _front_matter(text: str) -> tuple[dict[str, str], int, list[str]]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, 0, []
    try:
        data = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as error:
        return {}, match.end(), [f"front matter is not valid TOML: {error}"]
    except RecursionError:
        return {}, match.end(), ["front matter is not valid TOML: nested too deeply"]
    explicit: dict[str, str] = {}
    problems: list[str] = []
    for key in ("title", "source", "byline"):
        if key in data:
            if isinstance(data[key], str):
                explicit[key] = data[key].strip()
            else:
                problems.append(f"front matter: {key} must be a string")
    if "date" in data:
        value = data["date"]
        if isinstance(value, datetime):
            explicit["date"] = value.replace(tzinfo=None).isoformat(timespec="minutes")
        elif isinstance(value, date):
            explicit["date"] = value.isoformat()
        elif isinstance(value, str) and _is_iso_date(value.strip()):
            explicit["date"] = value.strip()
        else:
            problems.append("front matter: date must be an ISO 8601 date such as 2024-09-05")
    return explicit, match.end(), problems


def _is_iso_date(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _apply_rules(text: str) -> dict[str, str]:
    # Imported here: its patterns take longer to compile than a search that needs none of them.
    from tui.workspace.chinese_datelines import complete_date, read_line

    found: dict[str, str] = {}
    candidates: list[str] = []
    month_day: tuple[int, int] | None = None
    lines = (line.strip() for line in text.split("\n"))
    for line in [line for line in lines if line][:HEADER_LINES]:
        if _is_chrome(line):
            continue
        if match := CHINA_DAILY_BYLINE.match(line):
            found.setdefault("byline", match["byline"])
            found.setdefault("source", match["source"].strip())
            clock = f"T{_clock(match['time'])}" if match["time"] else ""
            found.setdefault("date", match["date"] + clock)
        elif match := BYLINE_TIME_DATE.match(line):
            found.setdefault("byline", match["byline"].strip())
            found.setdefault("source", match["source"].strip())
            stamp = _date_from_parts(match["year"], match["month"], match["day"])
            if stamp:
                found.setdefault("date", f"{stamp}T{_clock(match['time'])}")
        elif match := SOURCE_TIME_DATE.match(line):
            found.setdefault("source", match["source"].strip())
            stamp = _date_from_parts(match["year"], match["month"], match["day"])
            if stamp:
                found.setdefault("date", f"{stamp}T{_clock(match['time'])}")
        elif match := DATELINE.match(line):
            found.setdefault("source", match["source"].strip())
            found.setdefault("place", match["place"].strip().title())
            candidates.append(line)
        elif match := PLAIN_BYLINE.match(line):
            found.setdefault("byline", match["byline"].strip())
            if match["source"]:
                found.setdefault("source", match["source"].strip())
        elif chinese := read_line(line):
            for key in ("source", "place", "byline", "date"):
                if value := getattr(chinese, key):
                    found.setdefault(key, value)
            month_day = month_day or chinese.month_day
            if chinese.rest:
                candidates.append(chinese.rest)
        else:
            candidates.append(line)
    if month_day and "date" not in found and (completed := complete_date(month_day, text)):
        found["date"] = completed
    if candidates:
        found["title"] = candidates[0]
    return found


def _is_chinese_metadata(line: str) -> bool:
    """A Chinese source or byline line (a dateline opening a paragraph is prose)."""
    from tui.workspace.chinese_datelines import read_line  # as in ``_apply_rules``

    fields = read_line(line)
    return fields is not None and not fields.rest


def _is_chrome(line: str) -> bool:
    return bool(BREADCRUMB.match(line) or SECTION_PATH.match(line))


def _clock(time: str) -> str:
    """``8:55`` -> ``08:55``, as ISO 8601 wants."""
    hour, minute = time.split(":")
    return f"{int(hour):02d}:{minute}"


def _date_from_parts(year: str, month: str, day: str) -> str:
    number = MONTHS.get(month.lower().rstrip("."))
    if number is None:
        return ""
    try:
        return date(int(year), number, int(day)).isoformat()
    except ValueError:
        return ""


def _headline(line: str) -> str:
    """A title from an article's first meaningful line: a paragraph gives its first sentence or words.

    Lengths are in cells, so that a Chinese paragraph (two cells a character) is no title either.
    """
    if cell_width(line) <= MAX_HEADLINE:
        return line.removesuffix("\u3002")  # a Chinese headline has no full stop
    sentence = re.match(rf"(.{{30,{MAX_HEADLINE}}}?[.!?])\s", line)
    if sentence:
        return sentence.group(1)
    chinese = re.match(r"(.{8,}?)\u3002|(.{8,}?[\uff01\uff1f])", line)
    if chinese and cell_width(chinese.group()) <= MAX_HEADLINE:  # without its full stop, as headlines
        return chinese.group(1) or chinese.group(2)
    if HAN_RUN.search(line):
        return _clause_cut(line)
    cut = line[: FALLBACK_TITLE + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > FALLBACK_TITLE // 2 else cut[:FALLBACK_TITLE]).rstrip(" ,;:-") + "\u2026"


def _clause_cut(line: str) -> str:
    """A Chinese paragraph's opening words in ``FALLBACK_TITLE`` cells, at a comma if one is near."""
    cut = fit_end(line, FALLBACK_TITLE, "")
    comma = max(cut.rfind(","), cut.rfind("\uff0c"), cut.rfind("\u3001"))
    return (cut[:comma] if cell_width(cut[:comma]) > FALLBACK_TITLE // 2 else cut) + "\u2026"


def _shorten(title: str) -> str:
    if len(title) <= MAX_TITLE:
        return title
    return title[: MAX_TITLE - 1].rstrip() + "\u2026"
