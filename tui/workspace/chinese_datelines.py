"""Source, place, date and byline from the lines Chinese news pages put them on.

Chinese articles carry their metadata in a few fixed shapes, in simplified or traditional
characters:

* a dateline opening the first paragraph: ``新华社哈尔滨9月4日电``, ``中新经纬客户端6月17日电``,
  ``大公网6月2日讯(记者 卢冶)``, ``香港文匯報訊(記者 李昌鴻 深圳報道)``: an agency, site or
  paper (``…社``, ``…网``, ``…报``, ``…客户端``), a place, a month and day, then 电 or 讯;
* a source line of labelled fields (the colon full-width or not) and a date, in any order:
  ``2022-02-18 08:50:13 来源: 新华财经``,
  ``来源:证券时报网 作者:安宇飞 2025-11-27 20:35``, ``发布时间:2025-10-27 发布来源:吉林省科技厅网站``,
  ``2024-07-10 05:58:00 - 中国经济网``;
* a byline on its own line: ``本报记者 徐铁英 任梓溪``.

Dates are ``YYYY-MM-DD hh:mm`` or ``YYYY年M月D日``.  A dateline gives a month and day only:
the year is taken from the full dates written in the same article, when they all agree
on one; otherwise the date stays unknown (a year is never guessed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tui.text.chinese import HAN

#: A full date, ``2024-09-05``, ``2024/9/5``, ``2024年9月5日``, with an optional time of day.
FULL_DATE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*(?:年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"
    r"|[-/.](?P<month2>\d{1,2})[-/.](?P<day2>\d{1,2})(?!\d))"
    r"(?:\s*(?P<hour>\d{1,2})[:\uff1a](?P<minute>\d{2})(?:[:\uff1a]\d{2})?)?"
)
#: ``新华社哈尔滨9月4日电`` and its kin, at the start of a line, with an optional
#: ``(记者 卢冶)`` or ``(記者 李昌鴻 深圳報道)`` after it.
DATELINE = re.compile(
    rf"^[\u25a0\u25cf\u25c6\s]*(?P<source>(?!本报|本報|据|據){HAN}{{1,10}}?"
    r"(?:通讯社|通訊社|社|网|網|报|報|客户端|客戶端|电视台|電視台|电台|電台|总台|總台))"
    rf"(?P<place>{HAN}{{0,8}}?)"
    r"(?:(?P<month>\d{1,2})月(?P<day>\d{1,2})日)?"
    r"(?:电|電|讯|訊)"
    r"(?:\s*[(\uff08](?:本报|本報)?(?:记者|記者)\s*(?P<reporters>[^()\uff08\uff09]*?)"
    rf"(?:\s*(?P<reported_at>{HAN}{{2,6}}?)(?:报道|報道))?\s*[)\uff09])?"
)
#: A place that ends like this is a channel of the source: ``中新网辽宁新闻``.
CHANNEL = re.compile(r"(?:新闻|新聞|频道|頻道)$")
#: ``本报记者 徐铁英 任梓溪``: a byline line.
BYLINE = re.compile(
    rf"^(?:本报|本報)?(?:记者|記者)\s*(?P<names>{HAN}{{2,4}}(?:[\s\u3001]+{HAN}{{2,4}}){{0,3}})$"
)
#: The labels of a source line, each followed by a colon (full-width or not).
LABEL = re.compile(
    r"(?P<label>发布来源|發布來源|来源|來源|稿源|作者|记者|記者|责任编辑|責任編輯|责编|責編|编辑|編輯"
    r"|发布时间|發布時間|时间|時間|日期|转自|轉自)\s*[:\uff1a]\s*"
)
SOURCE_LABELS = frozenset({"发布来源", "發布來源", "来源", "來源", "稿源", "转自", "轉自"})
BYLINE_LABELS = frozenset({"作者", "记者", "記者"})
#: A source named after a date without a label: a short Chinese name (``- 中国经济网``).
UNLABELLED_SOURCE = re.compile(rf"{HAN}[\w\u00b7]{{1,19}}")
#: A source line is short; a longer line is prose that happens to hold a label.
MAX_SOURCE_LINE = 80
#: Separators between the fields of a source line.
SEPARATORS = " \t\u3000-|\uff5c/"


@dataclass(frozen=True)
class DatelineFields:
    """What one line says: the fields found, and the text after a dateline (the prose)."""

    source: str = ""
    place: str = ""
    byline: str = ""
    #: An ISO 8601 date (with the time when given), or "" when the line gives none or no year.
    date: str = ""
    #: A month and day without a year, for the article's full dates to complete.
    month_day: tuple[int, int] | None = None
    #: The rest of a line that opens with a dateline ("" for a metadata line).
    rest: str = ""


def read_line(line: str) -> DatelineFields | None:
    """The metadata on one (stripped) line, or None if it is none of the shapes above."""
    if match := DATELINE.match(line):
        return _dateline(match, line)
    if match := BYLINE.match(line):
        return DatelineFields(byline=_names(match["names"]))
    return _source_line(line)


def complete_date(month_day: tuple[int, int], text: str) -> str:
    """``month_day`` in the year of the article's full dates, if they all agree on one; else ""."""
    years = {int(match["year"]) for match in FULL_DATE.finditer(text) if _iso(match)}
    if len(years) != 1:
        return ""
    return _day(years.pop(), *month_day)


def _dateline(match: re.Match[str], line: str) -> DatelineFields:
    source, place = match["source"], match["place"]
    if CHANNEL.search(place):
        source, place = source + place, ""
    place = place or match["reported_at"] or ""
    month_day = (int(match["month"]), int(match["day"])) if match["month"] else None
    byline = _names(match["reporters"] or "")
    return DatelineFields(source, place, byline, month_day=month_day, rest=line[match.end() :].strip())


def _source_line(line: str) -> DatelineFields | None:
    """Labelled fields and dates, and nothing else (a short Chinese name right after a date
    is the source)."""
    if len(line) > MAX_SOURCE_LINE:
        return None
    fields: dict[str, str] = {}
    position = 0
    after_date = False
    while True:
        while position < len(line) and line[position] in SEPARATORS:
            position += 1
        if position >= len(line):
            break
        if (found := FULL_DATE.match(line, position)) and _iso(found):
            fields.setdefault("date", _iso(found))
            position, after_date = found.end(), True
            continue
        label = LABEL.match(line, position)
        value_start = label.end() if label else position
        value_end = _next_field(line, value_start)
        value = line[value_start:value_end].strip(SEPARATORS)
        if label is None and not (after_date and UNLABELLED_SOURCE.fullmatch(value)):
            return None  # prose, not a source line
        name = label["label"] if label else "来源"
        if value and name in SOURCE_LABELS:
            fields.setdefault("source", value)
        elif value and name in BYLINE_LABELS:
            fields.setdefault("byline", _names(value))
        position, after_date = value_end, False
    if not fields:
        return None
    return DatelineFields(
        source=fields.get("source", ""), byline=fields.get("byline", ""), date=fields.get("date", "")
    )


def _next_field(line: str, start: int) -> int:
    """Where the value starting at ``start`` ends: at the next label or date, or the line's end."""
    ends = [len(line)]
    if label := LABEL.search(line, start):
        ends.append(label.start())
    for found in FULL_DATE.finditer(line, start):
        if _iso(found):
            ends.append(found.start())
            break
    return min(ends)


def _iso(match: re.Match[str]) -> str:
    """The date (and time) of a ``FULL_DATE`` match as ISO 8601, or "" if it is no real date."""
    month = match["month"] or match["month2"]
    day = match["day"] or match["day2"]
    stamp = _day(int(match["year"]), int(month), int(day))
    if stamp and match["hour"] and int(match["hour"]) < 24 and int(match["minute"]) < 60:
        return f"{stamp}T{int(match['hour']):02d}:{match['minute']}"
    return stamp


def _day(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


def _names(text: str) -> str:
    """Reporters' names, one space between them (``徐铁英、任梓溪`` -> ``徐铁英 任梓溪``)."""
    return " ".join(re.split(r"[\s\u3001,\uff0c]+", text.strip()))
