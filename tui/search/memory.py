"""A second engine, in memory: the smallest thing that implements ``tui.search.backend``.

It shows the seam is real (the coordinator's tests run on it and on Whoosh alike) and is
what a new engine's author reads first.  Not for real corpora: every search looks at every
document, words are lowercased but not stemmed, and there are no stop words.  The index is
one JSON file in the build folder, read when opened and written whole at each commit.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from tui.annotations.store import AnnotationStore
from tui.search import query as q
from tui.search.backend import BuildItem, Built, Found, FoundHit, Fragment, Stored, Token
from tui.search.documents import DOCUMENT_FORMAT, ArticleDocument, prepare
from tui.search.errors import BuildStoppedError, DamagedIndexError
from tui.search.results import Progress
from tui.workspace.fileio import write_atomic
from tui.workspace.layout import Workspace

_WORD = re.compile(r"\w+")
_FILE = "documents.json"
#: Fields holding names (one token each, split at white space) rather than prose.
_NAME_FIELDS = ("tag", "status")


class MemoryEngine:
    name = "memory"

    def __init__(self, tags: Sequence[str]) -> None:
        self.tags = tuple(tags)

    def fingerprint(self, tags: Sequence[str]) -> str:
        digest = hashlib.sha256(f"memory\n{DOCUMENT_FORMAT}\n{' '.join(tags)}".encode()).hexdigest()
        return f"memory-{digest[:16]}"

    def analyse(self, field: str, text: str) -> list[Token]:
        if field in _NAME_FIELDS:
            return [Token(m.group().lower(), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        return [Token(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]

    def create(
        self,
        folder: Path,
        workspace: Workspace,
        items: Sequence[BuildItem],
        progress: Progress | None,
        stopped: Callable[[], bool],
    ) -> Built:
        store = AnnotationStore(workspace)
        built = Built()
        documents: dict[str, dict[str, Any]] = {}
        for done, (article_id, text_stamp, note_stamp) in enumerate(items, start=1):
            if stopped():
                raise BuildStoppedError("the index build was stopped")
            document, entry, problems = prepare(workspace, store, article_id, text_stamp, note_stamp)
            built.skipped += problems
            if document is not None and entry is not None:
                documents[article_id] = _to_json(document)
                built.manifest[article_id] = entry
            if progress:
                progress(done, len(items))
        _save(folder, documents)
        return built

    def open(self, folder: Path, tags: Sequence[str]) -> MemoryIndex:
        return MemoryIndex(self, folder)

    def stop_builds(self) -> None:
        """Builds run in the caller's thread and look at ``stopped`` between articles."""


class MemoryIndex:
    def __init__(self, engine: MemoryEngine, folder: Path) -> None:
        self.engine = engine
        self.path = folder / _FILE
        self._lock = threading.RLock()
        self._documents = self._load()
        self._seen = self._stat()

    def _stat(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def _load(self) -> dict[str, ArticleDocument]:
        try:
            data = json.loads(self.path.read_bytes())
            return {article_id: _from_json(fields) for article_id, fields in data.items()}
        except (OSError, ValueError, TypeError, KeyError) as error:
            raise DamagedIndexError("the index is damaged") from error

    def count(self) -> int:
        with self._lock:
            return len(self._documents)

    def alive(self) -> bool:
        return self.path.exists()

    def refresh(self) -> bool:
        with self._lock:
            if self._stat() == self._seen:
                return False
            self._documents, self._seen = self._load(), self._stat()
            return True

    @contextlib.contextmanager
    def writer(self, *, single: bool = False) -> Iterator[_Writer]:
        with self._lock:
            writer = _Writer(dict(self._documents))
            yield writer
            self._documents = writer.documents
            _save(self.path.parent, {key: _to_json(doc) for key, doc in self._documents.items()})
            self._seen = self._stat()

    def search(self, query: q.Node | None, limit: int, text_of: Callable[[str], str]) -> Found:
        with self._lock:
            documents = list(self._documents.values())
        if query is None:
            ranked = sorted(documents, key=lambda d: (-d.recency, d.article))
            return Found(len(ranked), [FoundHit(_stored(d), 0.0, []) for d in ranked[:limit]])
        scored = [(score, d) for d in documents if (score := self._score(query, d))]
        scored.sort(key=lambda pair: (-pair[0], pair[1].article))
        hits = [
            FoundHit(_stored(d), float(score), self._fragments(query, text_of(d.article)))
            for score, d in scored[:limit]
        ]
        return Found(len(scored), hits)

    def _score(self, node: q.Node, document: ArticleDocument) -> float:
        """How many of the query's leaves the document matches (a note's match counts less,
        ``weight_of``); 0 if it does not match."""
        if isinstance(node, q.And):
            scores = [self._score(part, document) for part in node.parts]
            return sum(scores) if all(scores) else 0
        if isinstance(node, q.Or):
            return sum(self._score(part, document) for part in node.parts)
        if isinstance(node, q.Not):
            return 0 if self._score(node.part, document) else 1
        if isinstance(node, q.DateSpan):
            when = document.date
            inside = when is not None and (node.start is None or node.start <= when)
            return int(inside and when is not None and (node.end is None or when <= node.end))
        return sum(
            q.weight_of(node, field) for field in q.fields_of(node) if self._matches(node, field, document)
        )

    def _matches(self, leaf: q.Words | q.Phrase | q.Pattern, field: str, document: ArticleDocument) -> bool:
        words = [token.word for token in self.engine.analyse(field, _field_text(document, field))]
        if isinstance(leaf, q.Pattern):
            pattern = leaf.text.lower()
            return any(fnmatch.fnmatchcase(word, pattern) for word in words)
        wanted = [token.word for token in self.engine.analyse(field, leaf.text)]
        if not wanted:
            return False
        if isinstance(leaf, q.Phrase):
            size = len(wanted)
            return any(words[i : i + size] == wanted for i in range(len(words) - size + 1))
        return set(wanted) <= set(words)

    def _fragments(self, query: q.Node, text: str) -> list[Fragment]:
        from tui.search.matching import hit_spans

        spans = hit_spans(self.engine, query, text)
        if not spans:
            return []
        start, end = spans[0]
        first, last = max(0, start - 80), min(len(text), end + 80)
        return [(first, last, [(s, e) for s, e in spans if first <= s and e <= last])]

    def matching(self, query: q.Node | None) -> list[str]:
        with self._lock:
            documents = list(self._documents.values())
        return [d.article for d in documents if query is None or self._score(query, d)]

    def sharing_bands(self, keys: Sequence[str]) -> list[tuple[str, str]]:
        wanted = set(keys)
        with self._lock:
            return [(d.article, d.minhash) for d in self._documents.values() if wanted & set(d.band)]

    def compact(self, *, everything: bool = False) -> bool:
        return False  # one file, rewritten whole: nothing to merge

    def close(self) -> None:
        with self._lock:
            self._documents = {}


class _Writer:
    def __init__(self, documents: dict[str, ArticleDocument]) -> None:
        self.documents = documents

    def put(self, document: ArticleDocument) -> None:
        self.documents[document.article] = document

    def delete(self, article_id: str) -> None:
        self.documents.pop(article_id, None)


def _field_text(document: ArticleDocument, field: str) -> str:
    if field in document.tagged:
        return document.tagged[field]
    value = getattr(document, {"tag": "tags"}.get(field, field), "")
    return " ".join(value) if isinstance(value, tuple) else str(value)


def _stored(document: ArticleDocument) -> Stored:
    return Stored(
        article=document.article,
        title=document.title,
        source=document.source,
        byline=document.byline,
        date_text=document.date_text,
        tag_counts=document.tag_counts,
        listing=document.listing,
        minhash=document.minhash,
    )


def _to_json(document: ArticleDocument) -> dict[str, Any]:
    fields = dataclasses.asdict(document)
    fields["date"] = document.date.isoformat() if document.date else None
    return fields


def _from_json(fields: dict[str, Any]) -> ArticleDocument:
    fields = dict(fields)
    fields["date"] = datetime.fromisoformat(fields["date"]) if fields["date"] else None
    for name in ("tags", "status", "band"):
        fields[name] = tuple(fields[name])
    return ArticleDocument(**fields)


def _save(folder: Path, documents: dict[str, dict[str, Any]]) -> None:
    write_atomic(folder / _FILE, json.dumps(documents).encode(), durable=False)
