"""An import run: every source read, each article checked against the corpus, the new ones written.

The run is safe to interrupt and to repeat.  Each article file is written whole (a
temporary file renamed), so Ctrl-C leaves the corpus as it was plus whole articles; a
second run finds the articles already there by URL or text and adds only the rest.  Files
are written without a disk flush each (10,000 flushes take minutes) and flushed once at
the end.  The index is not touched: the caller syncs it once, after the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tui.errors import GlossatorError
from tui.intake import html, tables
from tui.intake.dedupe import Known, body
from tui.intake.encodings import decode
from tui.intake.fetch import fetch
from tui.intake.ids import BadNameError, Ids, id_from_name, slug
from tui.intake.incoming import Already, Incoming, Problem
from tui.intake.sources import PAGE_SUFFIXES, Source, expand, read_source
from tui.workspace import nearduplicates
from tui.workspace.fileio import write_atomic
from tui.workspace.layout import Workspace
from tui.workspace.metadata import extract_metadata

Progress = Callable[[int, int], None]


@dataclass
class Summary:
    """What a run did, for its one summary at the end."""

    added: list[tuple[str, str]] = field(default_factory=list)  # (article id, origin)
    already: list[tuple[str, str]] = field(default_factory=list)  # (origin, article id)
    same_story: list[tuple[str, str]] = field(default_factory=list)  # (new id, its twin's id)
    refused: list[Problem] = field(default_factory=list)
    converted: list[tuple[str, str]] = field(default_factory=list)  # (origin, encoding)
    passed_over: int = 0
    interrupted: bool = False


class Intake:
    """Adds sources to one workspace's corpus (``columns`` maps table fields to column names)."""

    def __init__(self, workspace: Workspace, columns: Mapping[str, str] | None = None) -> None:
        self.workspace = workspace
        self.columns = dict(columns or {})
        self.summary = Summary()
        self._known = Known()
        self._ids = Ids(())
        self._checked: set[Path] = set()
        self._total = self._expected = 0

    def run(self, arguments: list[str], progress: Progress | None = None) -> Summary:
        """Add what ``arguments`` name; Ctrl-C stops the run with the summary so far (every article
        written is whole)."""
        expanded = expand(arguments)
        self.summary.refused.extend(expanded.problems)
        self.summary.passed_over = expanded.passed_over
        try:
            self._known = Known.read(self.workspace)
            self._ids = Ids(self.workspace.article_ids())
            # Counted in articles: a source is one, a table as many rows as it says it has.
            self._total, done = len(expanded.sources), 0
            for source in expanded.sources:
                self._expected, before = 1, done
                for incoming in self._read(source):
                    self._take(incoming)
                    done += 1
                    if progress and done < self._total:
                        progress(done, self._total)
                self._total += (done - before) - self._expected  # the estimate, made exact
                if progress:
                    progress(done, self._total)
        except KeyboardInterrupt:
            self.summary.interrupted = True
        finally:
            if self.summary.added:
                os.sync()  # one flush for every file written
        return self.summary

    def _read(self, source: Source) -> Iterator[Incoming | Already | Problem]:
        """The articles in one source, or its problems (a table has one per bad row)."""
        try:
            if source.url:
                if found := self._known.knows_url(source.url):
                    yield Already(source.shown, found)  # not fetched again
                    return
                page = fetch(source.url)
                yield html.read_page(page.data, source.shown, url=page.url, charset=page.charset)
                return
            data = read_source(source)
            if source.suffix in tables.TABLE_SUFFIXES:
                yield from tables.rows(data, source.shown, self.columns, self._sized)
            elif found := self._known.knows_url(html.declared_url(data)):
                yield Already(source.shown, found)  # a saved page known by its address: not extracted
            elif source.suffix in PAGE_SUFFIXES or html.looks_like_page(data):
                yield html.read_page(
                    data, source.shown, id_hint=id_from_name(source.relative, self.workspace.corpus_dir)
                )
            else:
                decoded = decode(data)
                hint = id_from_name(source.relative, self.workspace.corpus_dir)
                yield Incoming(
                    source.shown, decoded.text, id_hint=hint, converted_from=decoded.converted_from
                )
        except Problem as problem:
            yield problem
        except BadNameError as error:
            yield Problem(source.shown, str(error))
        except GlossatorError as error:
            yield Problem(source.shown, str(error))

    def _sized(self, rows: int) -> None:
        """A table's size, once read: the progress bar's total grows by its rows."""
        self._total += rows - self._expected
        self._expected = rows

    def _take(self, incoming: Incoming | Already | Problem) -> None:
        if isinstance(incoming, Problem):
            self.summary.refused.append(incoming)
            return
        if isinstance(incoming, Already):
            self.summary.already.append((incoming.origin, incoming.article_id))
            return
        if twin := self._known.already(incoming):
            self.summary.already.append((incoming.origin, twin.article_id))
            return
        signature = nearduplicates.signature(body(incoming.text))
        same_as = self._known.same_story(signature)
        try:
            article_id = self._id_for(incoming)
            self._write(article_id, incoming.file_text(), incoming.origin)
        except Problem as problem:
            self.summary.refused.append(problem)
            return
        self._known.remember(article_id, body(incoming.text), incoming.metadata.get("url", ""), signature)
        self.summary.added.append((article_id, incoming.origin))
        if incoming.converted_from:
            self.summary.converted.append((incoming.origin, incoming.converted_from))
        if same_as:
            self.summary.same_story.append((article_id, same_as))

    def _id_for(self, incoming: Incoming) -> str:
        if incoming.id_hint:
            if self._ids.is_taken(incoming.id_hint):
                shown = self.workspace.relative(self.workspace.article_path(incoming.id_hint))
                raise Problem(incoming.origin, f"{shown} already exists (rename the file to add it)")
            return incoming.id_hint
        title = incoming.metadata.get("title") or extract_metadata(incoming.text).title
        return self._ids.unique(slug(title, incoming.metadata.get("date", "")))

    def _write(self, article_id: str, file_text: str, origin: str) -> None:
        """Write a new article file; never over an existing one."""
        target = self.workspace.article_path(article_id)
        try:
            if target.parent not in self._checked:  # one check a folder: 100,000 rows go to one
                self.workspace.check_inside(target.parent)
                self._checked.add(target.parent)
            if os.path.lexists(target):
                raise Problem(origin, f"{self.workspace.relative(target)} already exists")
            write_atomic(target, file_text.encode("utf-8"), durable=False)
        except (OSError, GlossatorError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise Problem(
                origin, f"cannot be written to {self.workspace.relative(target)}: {reason}"
            ) from None
        self._ids.take(article_id)
