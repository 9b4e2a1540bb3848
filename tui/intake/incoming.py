"""One article on its way in: its text, its metadata, where it came from and the id it asks for."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import tomli_w

#: The metadata an article can arrive with, in the order its front matter lists them.  The
#: names are those the metadata rules read (``byline`` is the author, ``source`` the site).
FIELDS = ("title", "date", "byline", "source", "url", "language", "source_id")


@dataclass(frozen=True)
class Incoming:
    """An article read from a source, not yet in the corpus.

    ``origin`` says where it came from (``pages/a.html``, ``export.csv row 12``);
    ``id_hint`` is the id its file name gives, or '' when the id is to be made from its
    date and title (rows, fetched pages).
    """

    origin: str
    text: str
    metadata: dict[str, str] = field(default_factory=dict)
    id_hint: str = ""
    converted_from: str = ""

    def file_text(self) -> str:
        """The article file: a ``+++`` front-matter block with its metadata, then the text."""
        fields = {key: self.metadata[key] for key in FIELDS if self.metadata.get(key)}
        if "date" in fields:
            if normal := normal_date(fields["date"]):
                fields["date"] = normal
            else:  # the metadata rules read ISO 8601 only: another form is kept, under its own name
                fields["date_as_given"] = fields.pop("date")
        if not fields:
            return self.text
        return f"+++\n{tomli_w.dumps(fields)}+++\n{self.text}"


def normal_date(value: str) -> str:
    """An ISO 8601 date or time as the metadata rules write it (``2024-09-03``,
    ``2024-09-03T14:00``, an offset kept), else ''."""
    value = value.strip()
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value).isoformat(timespec="minutes")
    except ValueError:
        return ""


def iso_date(value: str) -> str:
    """``value``'s day as ``YYYY-MM-DD`` if it is an ISO 8601 date or time, else ''."""
    return normal_date(value)[:10]


@dataclass(frozen=True)
class Already:
    """A source known to be in the corpus before it is read in full (its address is known)."""

    origin: str
    article_id: str


class Problem(Exception):
    """One source, or one row of a table, that is not added, and why (the rest still is)."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
