"""The coordinator: a workspace's search index kept in step with its files, and searched.

The index is a cache of ``corpus/`` + ``annotations/`` (see ``tui.search.builds`` for where
it lives).  A build (``rebuild``, or the first ``sync``) indexes every article into a new
build folder and then names it in the pointer file; syncing compares the manifest with the
files and re-indexes only what changed; a save re-indexes its one article.  An index made
for another tag set, engine or document format (its fingerprint differs), or a damaged or
missing one, is rebuilt.  The engine (``tui.search.backend``) stores and searches; the
coordinator decides what to index and turns what the engine found into ``SearchHit``s.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from tui.annotations.model import Annotation
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.search import builds
from tui.search.backend import EngineIndex, Found, FoundHit, IndexWriter, Stored
from tui.search.builds import Build
from tui.search.documents import MAX_LISTED_ANNOTATIONS, listed_annotations, prepare
from tui.search.engines import EngineFactory, configured_engine, configured_name
from tui.search.errors import (
    BuildStoppedError,
    DamagedIndexError,
    IndexBuildingError,
    IndexWriteError,
    reason,
)
from tui.search.folders import Folders, folder_of, load_folders, save_folders, walk
from tui.search.manifest import (
    MAX_JOURNAL_LINES,
    UNREAD,
    Entry,
    Manifest,
    Stamp,
    append_journal,
    load_manifest,
    manifest_count,
    read_journal,
    remove_journal,
    replay_journal,
    sha256_of,
    stat_stamp,
    write_manifest,
)
from tui.search.manifest_rows import LookedUp, open_rows
from tui.search.matching import AnnotationMatcher, hit_spans
from tui.search.query import Node, parse_query
from tui.search.results import Progress, SearchHit, SearchResults, SyncReport
from tui.search.snippets import annotation_snippet, join_fragments, opening
from tui.search.watched import watched_sync
from tui.workspace import nearduplicates
from tui.workspace.articles import decode_article
from tui.workspace.fileio import remove_tree
from tui.workspace.layout import ANNOTATION_SUFFIX, ARTICLE_SUFFIX, Skipped, Workspace, is_article_id

#: How long a process that needs a build waits for another process's build to finish.
BUILD_WAIT_S = 3.0


class CorpusIndex:
    """A workspace's search index: sync it with the files, update one article, search.

    Thread-safe: the app syncs, saves, merges and searches from worker threads, and calls
    ``close`` on quit from another one, which stops a build or sync that is running.
    ``engine`` makes the engine for the tag set; by default, the one ``glossator.toml``
    names (``tui.search.engines``).
    """

    def __init__(self, workspace: Workspace, engine: EngineFactory | None = None) -> None:
        self.workspace = workspace
        self.store = AnnotationStore(workspace)
        self.tag_set = self.store.tag_set
        self.engine = (engine or configured_engine(self.tag_set))(self.tag_set.names)
        self.fingerprint = self.engine.fingerprint(self.tag_set.names)
        self._build: Build | None = None
        self._held: int | None = None  # the shared flock on the open build's in-use file
        self._pointer: tuple[int, int, int] | None = None  # the pointer file the build was opened by
        self._index: EngineIndex | None = None
        #: What each indexed article was built from; None until first needed (read lazily:
        #: a million rows take seconds, and a command told "nothing changed" needs none).
        self._manifest: Manifest | None = None
        #: Until then, the entries a save or a watched sync needs, looked up one by one.
        self._looked_up: LookedUp | None = None
        #: How many articles the open build holds, from the manifest's header.
        self._manifest_count = 0
        #: The folders' modification times as of the last sync (for quick syncs).
        self._folders: dict[str, Folders] | None = None
        self._lock = threading.RLock()
        #: Near-duplicates by article id.  They depend on the article texts only, so they
        #: outlive commits that change annotations; any text change, or another process's
        #: commit, clears them.
        self._same_story_cache: dict[str, tuple[str, ...]] = {}
        #: ``close`` counts up; a build or sync that started before stops.
        self._stops = 0
        #: Held through a build, so ``close`` can wait until its workers are gone.
        self._building = threading.Lock()

    # -- where the open build is (for tests and tools) --

    def _open_build_or_fail(self) -> Build:
        if self._build is None:
            raise GlossatorError("the search index is not open")
        return self._build

    @property
    def folder(self) -> Path:
        """The engine's folder of the build in use."""
        return self._open_build_or_fail().index_dir

    @property
    def manifest_path(self) -> Path:
        return self._open_build_or_fail().manifest

    @property
    def journal_path(self) -> Path:
        return self._open_build_or_fail().journal

    def opened_build(self) -> tuple[Build | None, int, str]:
        """The build in use (after opening the one the pointer names), how many articles it
        holds, and why it cannot be used ('' if it can)."""
        with self._lock:
            reason = self._check_open()
            count = self._manifest_count if self._manifest is None else len(self._manifest)
            return self._build, count, reason

    @property
    def engine_name(self) -> str:
        """The name of the engine ``glossator.toml`` names (whoosh, tantivy, ...)."""
        return configured_name(self.tag_set)

    @property
    def build_in_use(self) -> Build | None:
        """The build the last sync, save or search used (without looking for a newer one)."""
        with self._lock:
            return self._build

    @property
    def engine_index(self) -> EngineIndex | None:
        """The open engine index (for the engine's own tests and tools)."""
        return self._index

    # -- opening and syncing --

    @classmethod
    def open(
        cls,
        workspace: Workspace,
        progress: Progress | None = None,
        engine: EngineFactory | None = None,
        *,
        watched: bool = False,
    ) -> CorpusIndex:
        """Open the index, building or syncing it so it reflects the files now."""
        corpus_index = cls(workspace, engine)
        corpus_index.sync(progress, watched=watched)
        return corpus_index

    def sync(
        self, progress: Progress | None = None, *, quick: bool = False, watched: bool = False
    ) -> SyncReport:
        """Bring the index up to date with the files: incremental, or a build if needed.

        On an index that is already open it only reads the files' stats, and does that
        without holding the lock that saves and searches need.  ``quick``: only the files
        of folders whose modification time changed (see ``tui.search.folders``); a file
        rewritten in place is then seen by the next full sync.  If another process has
        swapped in a new build, this one is opened.  With no usable index and another
        process building one, it waits ``BUILD_WAIT_S`` and then raises
        ``IndexBuildingError``.  ``watched``: ask the workspace's watcher what changed
        (``tui.search.watched``), and look only at that when it can say (else as ``quick`` says).
        """
        if watched:
            return watched_sync(self, progress, quick=quick)
        started = time.perf_counter()
        stops = self._stops
        with builds.cache_errors(self.workspace):
            with self._lock:
                reason = self._check_open()
                recorded = self._folders if quick else None
                if not reason and not recorded:  # every file is compared with the manifest
                    reason = self._check_open(entries=True)
            if reason:
                built = self._build_if_needed(progress, stops, reason)
                if built is not None:
                    built.seconds = time.perf_counter() - started
                    return built
            skipped: list[Skipped] = []
            texts, corpus_folders, corpus_listed = walk(
                self.workspace, self.workspace.corpus_dir, ARTICLE_SUFFIX, skipped,
                recorded["corpus"] if recorded else None,
            )  # fmt: skip
            notes, note_folders, notes_listed = walk(
                self.workspace, self.workspace.annotations_dir, ANNOTATION_SUFFIX, skipped,
                recorded["annotations"] if recorded else None,
            )  # fmt: skip
            try:
                with self._lock:
                    scope = None
                    if recorded:
                        listed = (corpus_listed, notes_listed)
                        texts, notes, scope = self._in_listed_folders(texts, notes, *listed)
                    report = self._incremental(texts, notes, progress, stops, scope)
                    self._record_folders({"corpus": corpus_folders, "annotations": note_folders})
            except DamagedIndexError:  # a quick sync's first read of the manifest found it damaged
                if not recorded:
                    raise
                with self._lock:
                    self._close_current()
                return self.sync(progress)  # which rebuilds
            report.skipped[:0] = skipped
        if report.total_changes:
            self.compact()
        report.seconds = time.perf_counter() - started
        return report

    def _in_listed_folders(
        self, texts: dict[str, Stamp], notes: dict[str, Stamp], corpus: set[str], annotations: set[str]
    ) -> tuple[dict[str, Stamp], dict[str, Stamp], set[str]]:
        """What a quick sync compares: the articles with a file in a folder that was listed
        (it changed), their stamps taken from the manifest for their other, unchanged folder."""
        scope = {*texts, *notes}
        listed = corpus | annotations
        if not scope and not listed:
            return {}, {}, set()
        if listed:  # the indexed articles of those folders, whose files may be gone
            scope.update(i for i in self._entries() if folder_of(i) in listed)
        in_texts: dict[str, Stamp] = {}
        in_notes: dict[str, Stamp] = {}
        for article_id in scope:
            entry, folder = self._entries().get(article_id), folder_of(article_id)
            text = texts.get(article_id) if folder in corpus else entry.text[:2] if entry else None
            if text is not None:
                in_texts[article_id] = (text[0], text[1])
            if folder in annotations:
                note = notes.get(article_id)
            else:
                note = entry.notes[:2] if entry and entry.notes else None
            if note is not None:
                in_notes[article_id] = (note[0], note[1])
        return in_texts, in_notes, scope

    def sync_articles(self, article_ids: Iterable[str]) -> SyncReport:
        """Take in what changed in these articles' files only: what a file watcher reported.

        Costs grow with the number of ids, not with the corpus.  Names that cannot be
        article ids are ignored (the watcher sees every file); an index that needs a build
        is brought up to date by ``sync``.
        """
        started = time.perf_counter()
        wanted = sorted({article_id for article_id in article_ids if is_article_id(article_id)})
        stops = self._stops
        with builds.cache_errors(self.workspace):
            with self._lock:
                reason = self._check_open()
            if reason:
                return self.sync()
            if not wanted:
                return SyncReport(seconds=time.perf_counter() - started)
            texts = {i: s for i in wanted if (s := stat_stamp(self.workspace.article_path(i))) is not None}
            notes = {i: s for i in wanted if (s := stat_stamp(self.workspace.annotation_path(i))) is not None}
            try:
                with self._lock:
                    report = self._incremental(texts, notes, None, stops, scope=wanted)
            except DamagedIndexError:  # the manifest's rows, looked up for the first time
                with self._lock:
                    self._close_current()
                return self.sync()  # which rebuilds
        report.seconds = time.perf_counter() - started
        return report

    def rebuild(self, progress: Progress | None = None) -> SyncReport:
        """Index every article from scratch, into a new build that replaces the current one.

        Searches meanwhile (in this process or another) use the previous build.  One build
        at a time: if another process is building, this waits ``BUILD_WAIT_S`` and then
        raises ``IndexBuildingError``.
        """
        started = time.perf_counter()
        stops = self._stops
        with (
            builds.cache_errors(self.workspace),
            builds.build_lock(self.workspace, BUILD_WAIT_S, lambda: self._stops != stops),
        ):
            report = self._rebuild_locked(progress, stops)
        report.seconds = time.perf_counter() - started
        return report

    def _build_if_needed(self, progress: Progress | None, stops: int, reason: str) -> SyncReport | None:
        """Build under the build lock, unless another process built one while this waited."""
        with builds.build_lock(self.workspace, BUILD_WAIT_S, lambda: self._stops != stops):
            with self._lock:
                if not self._check_open(entries=True):
                    return None
            report = self._rebuild_locked(progress, stops)
            report.reason = reason
            return report

    def _check_open(self, *, entries: bool = False) -> str:
        """Make sure the build the pointer names is the one open; why not, or '' if it is.

        Cheap when nothing changed (the stat of the pointer file and a look at the engine's
        folder).  ``entries``: also read the build's manifest if it is not read yet (a
        damaged one is a reason like any other).  Must be called with ``_lock`` held.
        """
        reason = self._check_build()
        if reason or not entries or self._manifest is not None:
            return reason
        try:
            self._entries()
        except DamagedIndexError as damaged:
            self._close_current()
            return str(damaged)
        return ""

    def _check_build(self) -> str:
        cache = self.workspace.usable_cache_dir()
        if self._index is not None and builds.pointer_stat(cache) == self._pointer and self._index.alive():
            return ""
        reason = ""
        for _attempt in range(3):  # the pointer may move on while a build is being opened
            try:
                found = builds.read_pointer(self.workspace, cache, self.fingerprint)
            except DamagedIndexError as damaged:
                self._close_current()
                return str(damaged)
            if found is None:
                self._close_current()
                return "no index yet"
            name, _ = found
            try:
                self._open_build(Build(cache / name))
            except DamagedIndexError as damaged:
                reason = str(damaged)
                continue
            self._tidy(cache)
            return ""
        self._close_current()
        return reason

    def _open_build(self, build: Build, manifest: Manifest | None = None) -> None:
        """Open ``build`` and make it the one in use; ``DamagedIndexError`` if it cannot be used."""
        pointer = builds.pointer_stat(build.path.parent)
        fd = builds.hold(build)
        try:
            count = (
                len(manifest)
                if manifest is not None
                else manifest_count(self.workspace, build.manifest, self.fingerprint)
            )
            if count is None:  # a manifest without a header: checked whole now, and given one
                manifest = self._read_manifest(build, rewrite=True)
                count = len(manifest)
            engine_index = self.engine.open(build.index_dir, self.tag_set.names)
        except BaseException:
            os.close(fd)
            raise
        self._close_current()
        self._build, self._held, self._pointer = build, fd, pointer
        self._index = engine_index
        self._manifest, self._manifest_count = manifest, count
        self._folders = load_folders(self.workspace, build.folders, self.fingerprint)

    def _read_manifest(self, build: Build, *, rewrite: bool = False) -> Manifest:
        """The build's manifest and journal; ``DamagedIndexError`` if they cannot be used.

        Written again with the journal folded in when the journal is long (so opening stays
        quick) or ``rewrite`` says so; if that fails, the next read tries again.
        """
        manifest = load_manifest(self.workspace, build.manifest, self.fingerprint)
        if replay_journal(self.workspace, build.journal, manifest) > MAX_JOURNAL_LINES or rewrite:
            with contextlib.suppress(OSError):
                self._write_manifest(build, manifest)
        return manifest

    def _write_manifest(self, build: Build, manifest: Manifest) -> None:
        """``manifest`` as the build's whole record, its journal folded in."""
        write_manifest(build.manifest, manifest, self.fingerprint)
        remove_journal(build.journal)

    def _entries(self) -> Manifest:
        """The open build's manifest, read at the first need; ``_lock`` is held.

        ``DamagedIndexError`` if it cannot be used (``_check_open(entries=True)`` turns
        that into a rebuild).
        """
        if self._manifest is None:
            manifest = self._read_manifest(self._open_build_or_fail())
            if self._looked_up is not None:  # its changes may not be journalled yet
                self._looked_up.apply_to(manifest)
                self._looked_up.close()
                self._looked_up = None
            self._manifest = manifest
        return self._manifest

    def _view(self) -> Manifest | LookedUp:
        """The manifest if it is read, else its rows looked up one by one (``_lock`` is held).

        For the few articles a save or a watched sync changes.  ``DamagedIndexError`` if
        the rows cannot be read.
        """
        if self._manifest is not None:
            return self._manifest
        if self._looked_up is None:
            build = self._open_build_or_fail()
            rows = open_rows(self.workspace, build.manifest, self.fingerprint)
            try:
                changes, _ = read_journal(self.workspace, build.journal)
            except BaseException:
                rows.close()
                raise
            self._looked_up = LookedUp(rows, changes)
        return self._looked_up

    def _close_current(self) -> None:
        self._same_story_cache.clear()
        if self._index is not None:
            self._index.close()
        self._index = None
        self._build = None
        self._pointer = None
        self._manifest = None
        if self._looked_up is not None:
            self._looked_up.close()
            self._looked_up = None
        self._manifest_count = 0
        self._folders = None
        if self._held is not None:
            os.close(self._held)
            self._held = None

    def _tidy(self, cache: Path) -> None:
        """Remove old builds nobody has open, killed builds, the old layout, killed merges."""
        with builds.try_build_lock(self.workspace) as held:
            if not held:
                return  # a build is running: its folder must stay
            try:
                found = builds.read_pointer(self.workspace, cache, self.fingerprint)
            except (DamagedIndexError, GlossatorError):
                return
            if found is not None:
                builds.remove_stale_builds(cache, found[0])
            builds.remove_legacy_layout(cache)
            builds.remove_abandoned_merges(cache)

    def _rebuild_locked(self, progress: Progress | None, stops: int) -> SyncReport:
        """Build into a new folder, name it in the pointer, open it; the build lock is held."""
        cache = self.workspace.usable_cache_dir()
        with contextlib.suppress(DamagedIndexError):
            builds.read_pointer(self.workspace, cache, self.fingerprint)  # a folder or link in its place
        builds.ignore_in_git(cache)
        report = SyncReport(rebuilt=True)
        texts, corpus_folders, _ = walk(
            self.workspace, self.workspace.corpus_dir, ARTICLE_SUFFIX, report.skipped
        )
        notes, note_folders, _ = walk(
            self.workspace, self.workspace.annotations_dir, ANNOTATION_SUFFIX, report.skipped
        )
        build = builds.new_build(cache)
        items = [(article_id, texts[article_id], notes.get(article_id)) for article_id in sorted(texts)]
        del texts, notes  # a million articles' stamps: kept once, in ``items``, through the build
        try:
            with self._building:
                if self._stops != stops:
                    raise BuildStoppedError("the index build was stopped")
                built = self.engine.create(
                    build.index_dir, self.workspace, items, progress, lambda: self._stops != stops
                )
            report.skipped += built.skipped
            write_manifest(build.manifest, built.manifest, self.fingerprint)
            builds.write_pointer(cache, build, self.fingerprint)
        except BaseException:
            remove_tree(build.path)
            raise
        with self._lock:
            try:
                self._open_build(build, built.manifest)
            except DamagedIndexError as damaged:
                raise IndexWriteError(f"the index just built cannot be opened: {damaged}") from damaged
            self._record_folders({"corpus": corpus_folders, "annotations": note_folders})
        builds.remove_stale_builds(cache, build.name)
        builds.remove_legacy_layout(cache)
        builds.remove_abandoned_merges(cache)
        report.added = sorted(built.manifest)
        return report

    def _incremental(
        self,
        texts: dict[str, Stamp],
        notes: dict[str, Stamp],
        progress: Progress | None,
        stops: int,
        scope: Iterable[str] | None = None,
    ) -> SyncReport:
        """Re-index what changed since the manifest; ``_lock`` is held.

        ``scope``: the only articles looked at (else all); an article of it with no text
        file is gone.  With nothing in scope, the manifest is not read.
        """
        scope = None if scope is None else set(scope)
        if scope is not None and not scope and not texts:
            return SyncReport()
        report = SyncReport()
        todo: list[str] = []
        touched: list[str] = []
        manifest = self._entries() if scope is None else self._view()
        for article_id, text_stamp in texts.items():
            entry = manifest.get(article_id)
            if entry is None:
                todo.append(article_id)
                continue
            state = self._compare(entry, article_id, text_stamp, notes.get(article_id), report.skipped)
            if state == "changed":
                todo.append(article_id)
            elif state == "touched":
                manifest[article_id] = entry  # its new stamps (a row looked up is a copy)
                touched.append(article_id)
        indexed = set(self._entries()) if scope is None else {i for i in scope if i in manifest}
        gone = sorted(indexed - set(texts))
        with contextlib.ExitStack() as stack:
            writers: list[IndexWriter] = []

            def writer() -> IndexWriter:
                """Opened at the first change: an unreadable new file commits nothing."""
                if not writers:
                    writers.append(stack.enter_context(self._opened().writer()))
                return writers[0]

            for article_id in gone:
                self._forget(writer(), article_id)
                report.removed.append(article_id)
            for done, article_id in enumerate(todo, start=1):
                if self._stops != stops:
                    raise BuildStoppedError("updating the index was stopped")
                was_indexed = article_id in manifest
                document, entry, problems = prepare(
                    self.workspace, self.store, article_id, texts[article_id], notes.get(article_id)
                )
                report.skipped += problems
                if document is None or entry is None:
                    if was_indexed:
                        self._forget(writer(), article_id)
                        report.removed.append(article_id)
                else:
                    writer().put(document)
                    self._record(article_id, entry)
                    (report.changed if was_indexed else report.added).append(article_id)
                if progress:
                    progress(done, len(todo))
        report.added.sort()
        report.changed.sort()
        report.removed.sort()
        recorded = [*report.added, *report.changed, *report.removed, *touched]
        if len(recorded) > 100:
            self._save_manifest()
        else:
            for article_id in recorded:
                self._journal(article_id)
        return report

    def _compare(
        self,
        entry: Entry,
        article_id: str,
        text_stamp: Stamp,
        note_stamp: Stamp | None,
        skipped: list[Skipped],
    ) -> str:
        """'same', 'touched' (stat changed, content not) or 'changed'."""
        touched = False
        if entry.text[:2] != text_stamp:
            try:
                if sha256_of(self.workspace, self.workspace.article_path(article_id)) != entry.text[2]:
                    return "changed"
            except (OSError, GlossatorError):
                return "changed"  # re-indexing it says why it cannot be read
            entry.text = (*text_stamp, entry.text[2])
            touched = True
        if (entry.notes is None) != (note_stamp is None):
            return "changed"
        if entry.notes is not None and note_stamp is not None:
            path = self.workspace.annotation_path(article_id)
            if entry.notes[2] == UNREAD or entry.notes[:2] != note_stamp:
                try:
                    sha = sha256_of(self.workspace, path)
                except FileNotFoundError:
                    return "changed"
                except (OSError, GlossatorError) as error:
                    skipped.append(Skipped(self.workspace.relative(path), f"cannot be read: {reason(error)}"))
                    sha = UNREAD
                if sha != entry.notes[2]:
                    return "changed"
                if entry.notes[:2] != note_stamp:
                    entry.notes = (*note_stamp, entry.notes[2])
                    touched = True
        return "touched" if touched else "same"

    def update_article(self, article_id: str) -> bool:
        """Re-index one article after its text or annotation file changed (e.g. a save).

        Returns whether the article's text differs from the text indexed before (or the
        article is gone or cannot be read): after a save, that means the text changed on
        disk meanwhile, and whoever shows it should read it again.
        """
        with builds.cache_errors(self.workspace), self._lock:
            previous = None
            if self._index is not None:
                try:
                    previous = self._view().get(article_id)
                except DamagedIndexError:
                    self._close_current()  # the sync below rebuilds
            before = previous.text[2] if previous else None
            if self._index is None:
                self.sync()
            else:
                self._update_one(article_id)
            after = self._view().get(article_id)
            return before != (after.text[2] if after else None)

    def _update_one(self, article_id: str) -> None:
        text_stamp = stat_stamp(self.workspace.article_path(article_id))
        note_stamp = stat_stamp(self.workspace.annotation_path(article_id))
        with self._opened().writer(single=True) as writer:
            document = entry = None
            if text_stamp is not None:
                document, entry, _problems = prepare(
                    self.workspace, self.store, article_id, text_stamp, note_stamp
                )
            if document is None or entry is None:
                self._forget(writer, article_id)
            else:
                writer.put(document)
                self._record(article_id, entry)
        self._journal(article_id)

    def compact(self, *, everything: bool = False) -> bool:
        """Merge what saves left behind (each save adds a little to every search's work).

        Meant for a background worker right after a save (the app's), never for the save
        path: saves made meanwhile do not wait.  ``everything`` merges all that can be
        (``glossator index`` does).  Returns whether it merged.
        """
        with self._lock:
            engine_index = self._index
        if engine_index is None:
            return False
        return engine_index.compact(everything=everything)

    def _opened(self) -> EngineIndex:
        if self._index is None:
            raise IndexBuildingError("the search index is not ready yet; try again in a moment")
        return self._index

    def _record(self, article_id: str, entry: Entry) -> None:
        """The manifest entry of an article just put in the commit being prepared."""
        manifest = self._view()
        previous = manifest.get(article_id)
        if previous is None or previous.text[2] != entry.text[2]:
            self._same_story_cache.clear()
        manifest[article_id] = entry

    def _forget(self, writer: IndexWriter, article_id: str) -> None:
        """An article whose file is gone: out of the index, the manifest and near-duplicates."""
        writer.delete(article_id)
        self._view().pop(article_id, None)
        self._same_story_cache.clear()

    def _record_folders(self, folders: dict[str, Folders]) -> None:
        """Remember the folders' records as of the sync just made (``_lock`` is held)."""
        if folders != self._folders and self._build is not None:
            with contextlib.suppress(OSError):
                save_folders(self._build.folders, folders, self.fingerprint)
            self._folders = folders

    def _journal(self, article_id: str) -> None:
        """Record one article's new state by a line in the journal (the manifest if it cannot)."""
        if not append_journal(self.journal_path, article_id, self._view().get(article_id)):
            self._save_manifest()  # e.g. a folder in the journal's place: the manifest says it all

    def _save_manifest(self) -> None:
        self._write_manifest(self._open_build_or_fail(), self._entries())

    def close(self) -> None:
        """Stop a build or sync that is running (from any thread) and close the index.

        A build's worker processes are killed at once and its half-made folder removed; the
        previous build is untouched.  The build or sync raises ``BuildStoppedError``.
        """
        self._stops += 1
        self.engine.stop_builds()
        if self._building.acquire(timeout=10):
            self._building.release()
        with self._lock:
            self._close_current()

    def __len__(self) -> int:
        with self._lock:
            return 0 if self._index is None else self._index.count()

    # -- searching --

    def parse(self, text: str) -> Node | None:
        """The query tree of ``text`` for this workspace's fields; ``QueryError`` if malformed."""
        return parse_query(text, self.tag_set)

    def search(self, text: str, limit: int = 20) -> SearchResults:
        """Ranked results for a query; an empty query lists every article, newest first."""
        started = time.perf_counter()
        parsed = self.parse(text)
        texts: dict[str, str] = {}

        def text_of(article_id: str) -> str:
            if article_id not in texts:
                texts[article_id] = _read_text(self.workspace, article_id)
            return texts[article_id]

        with self._lock:
            engine_index = self._opened()
            if engine_index.refresh():
                self._same_story_cache.clear()  # another process committed: texts may differ
            found: Found = engine_index.search(parsed, limit, text_of)
            matcher = AnnotationMatcher(self.engine, parsed, self.tag_set.names)
            hits = tuple(self._hit(engine_index, hit, text_of, matcher) for hit in found.hits)
        return SearchResults(text, found.total, hits, time.perf_counter() - started)

    def matching_ids(self, text: str) -> list[str]:
        """The ids of every article a query finds, sorted: what commands that work on "the
        articles of a search" need, without ranking or snippets (all of them, not a page)."""
        parsed = self.parse(text)
        with self._lock:
            engine_index = self._opened()
            if engine_index.refresh():
                self._same_story_cache.clear()  # another process committed: texts may differ
            return sorted(set(engine_index.matching(parsed)))

    def stored_matching(self, text: str) -> list[Stored]:
        """What the index holds of every article a query finds (title, source, date, tag
        counts, annotation listing): what reports count, with no snippet and no file read."""
        parsed = self.parse(text)
        with self._lock:
            engine_index = self._opened()
            if engine_index.refresh():
                self._same_story_cache.clear()
            found = engine_index.search(parsed, max(1, engine_index.count()), lambda _article: "")
        return [hit.stored for hit in found.hits]

    def count_matching(self, text: str) -> int:
        """How many articles a query finds, reading none of them."""
        parsed = self.parse(text)
        with self._lock:
            engine_index = self._opened()
            if engine_index.refresh():
                self._same_story_cache.clear()
            if parsed is None:
                return engine_index.count()
            return engine_index.search(parsed, 1, lambda _article: "").total

    def _hit(
        self,
        engine_index: EngineIndex,
        hit: FoundHit,
        text_of: Callable[[str], str],
        matcher: AnnotationMatcher,
    ) -> SearchHit:
        stored = hit.stored
        text = text_of(stored.article)
        matching: list[Annotation] = []
        more = False
        if matcher:
            for annotation in listed_annotations(stored.listing):
                if matcher.matches(annotation):
                    if len(matching) == MAX_LISTED_ANNOTATIONS:
                        more = True
                        break
                    matching.append(annotation)
        snippet = join_fragments(text, hit.fragments) if text and hit.fragments else None
        if snippet is None or not snippet.highlights:
            snippet = annotation_snippet(text, matching[0]) if matching else opening(text)
        return SearchHit(
            article_id=stored.article,
            title=stored.title,
            source=stored.source,
            date=stored.date_text,
            byline=stored.byline,
            score=hit.score,
            snippet=snippet,
            tag_counts=stored.tag_counts,
            same_story_as=self._same_story(engine_index, stored.article, stored.minhash),
            annotations=tuple(matching),
            more_annotations=more,
        )

    def _same_story(self, engine_index: EngineIndex, article_id: str, encoded: str) -> tuple[str, ...]:
        if article_id not in self._same_story_cache:
            self._same_story_cache[article_id] = _same_story(engine_index, article_id, encoded)
        return self._same_story_cache[article_id]

    def hit_spans(self, query_text: str, text: str) -> list[tuple[int, int]]:
        """Where the body terms of a query occur in ``text``: (start, end) offsets, in order."""
        return hit_spans(self.engine, self.parse(query_text), text)


def _same_story(engine_index: EngineIndex, article_id: str, encoded: str) -> tuple[str, ...]:
    if not encoded:
        return ()
    sig = nearduplicates.decode(encoded)
    keys = nearduplicates.band_keys(sig)
    if not keys:
        return ()
    same = [
        other
        for other, minhash in engine_index.sharing_bands(keys)
        if other != article_id
        and nearduplicates.similarity(sig, nearduplicates.decode(minhash)) >= nearduplicates.SAME_STORY
    ]
    return tuple(sorted(same))


def _read_text(workspace: Workspace, article_id: str) -> str:
    try:
        return decode_article(workspace.read(workspace.article_path(article_id))).text
    except (OSError, GlossatorError):
        return ""
