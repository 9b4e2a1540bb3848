"""One view of a report as a table: a title, named columns and rows, each row with the query behind it.

Every output (aligned text, JSON, CSV, charts, the app's screen) is made from this one shape,
so the counts cannot differ between them.
"""

from __future__ import annotations

from dataclasses import dataclass

Cell = str | int


@dataclass(frozen=True)
class Table:
    #: A short name: the key in JSON and the CSV file's name.
    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: Per row, the query that finds the articles behind it (the report's query narrowed).
    row_queries: tuple[str, ...]
    #: Per column, the tag it counts (a cell's query adds ``tag:TAG``), or None.
    column_tags: tuple[str | None, ...]

    def cell_query(self, row: int, column: int | None = None) -> str:
        """The query behind a row, or behind one of its cells (its tag's annotations)."""
        query = self.row_queries[row]
        tag = self.column_tags[column] if column is not None else None
        return narrowed(query, f"tag:{tag}") if tag else query

    def as_dicts(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def narrowed(query: str, condition: str) -> str:
    """``query`` narrowed by ``condition`` (an empty query: the condition alone)."""
    if not condition:
        return query
    return f"({query}) AND {condition}" if query.strip() else condition


def phrase(field: str, text: str) -> str:
    """A query for ``text`` as a phrase of ``field`` (quotes in it, which a phrase cannot hold, dropped)."""
    words = " ".join(text.replace('"', " ").split())
    return f'{field}:"{words}"' if words else ""
