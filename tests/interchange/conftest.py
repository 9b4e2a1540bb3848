"""The hostile sample every format is exported, consumed and imported with.

One article with a subfolder and a space in its id, saved with CRLF line ends, holding an
emoji before a span, a ZWJ emoji sequence, CJK, a combining accent, a BEL control
character inside a span, a span across a line break, a span nested in another, the same
span three times (two authors, two tags) and a span inside a word (not on spaCy token
boundaries); plus a real article of the bundled corpus.  Annotations are saved through
the store with fixed ids, authors and times, so every export is the same bytes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.annotations.model import Annotation
from tui.annotations.store import AnnotationStore
from tui.interchange.model import ExportDocument, Report
from tui.interchange.selection import Selection, export_documents
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import BUNDLED_CORPUS, FIRST, FUNDING_QUOTE

HOSTILE = "2016/hostile news"
#: As saved on disk: CRLF line ends (the article text has \n).
HOSTILE_BYTES = (
    "Start-up 😀 funds ¥16.5 million\r\n"
    "资金 policy: 中文政策 — Cafe\u0301 and Café\r\n"
    "A bell\x07 rang; 👩\u200d💻 engineers code.\r\n"
    "Ends here.\r\n"
).encode()
WHEN = datetime(2026, 11, 22, 10, 15, tzinfo=UTC)


@dataclass(frozen=True)
class Spec:
    id: str
    tag: str
    quote: str
    author: str = "Ada Lovelace"
    note: str = ""
    created: datetime = WHEN
    #: Which occurrence of the quote (0 = first).
    occurrence: int = 0


SPECS = (
    Spec("a1000000000000f1", "funding", "funds ¥16.5 million", note='seed round, "quoted"; 😀'),
    Spec("a2000000000000f2", "policy", "Start-up 😀 funds ¥16.5 million"),
    Spec("a3000000000000f3", "funding", "funds ¥16.5 million", author="Bob 🐝"),
    Spec("a4000000000000f4", "company", "funds ¥16.5 million", author="Bob 🐝"),
    Spec("a5000000000000f5", "funding", "million\n资金", note="line one\nline two\twith a tab"),
    Spec("a6000000000000f6", "policy", "中文政策", author="李雷"),
    Spec("a7000000000000f7", "company", "Cafe\u0301", created=datetime(2026, 11, 23, 8, 0, 1, 250000, UTC)),
    Spec("a8000000000000f8", "policy", "A bell\x07 rang"),
    Spec("a9000000000000f9", "company", "👩\u200d💻 engineers"),
    Spec("b1000000000000fa", "funding", "fund"),
)
#: The one span not on spaCy token boundaries ("fund" inside "funds").
MISALIGNED = "b1000000000000fa"
FIRST_SPEC = Spec("c1000000000000fb", "funding", FUNDING_QUOTE, note="the bundled article")


def annotate(workspace: Workspace, article_id: str, specs: tuple[Spec, ...]) -> None:
    text = load_article(workspace, article_id).text
    made = []
    for spec in specs:
        start = -1
        for _ in range(spec.occurrence + 1):
            start = text.index(spec.quote, start + 1)
        made.append(
            Annotation(
                id=spec.id, tag=spec.tag, start=start, end=start + len(spec.quote), quote="",
                author=spec.author, created=spec.created, note=spec.note,
            ).with_span(text, start, start + len(spec.quote))
        )  # fmt: skip
    AnnotationStore(workspace).update(article_id, text, lambda on_disk: [*on_disk.annotations, *made])


@pytest.fixture
def hostile(make_workspace: Callable[[dict[str, str | bytes]], Workspace]) -> Workspace:
    """The hostile article and the bundled first article, annotated."""
    workspace = make_workspace(
        {HOSTILE: HOSTILE_BYTES, FIRST: (BUNDLED_CORPUS / f"{FIRST}.txt").read_bytes()}
    )
    annotate(workspace, HOSTILE, SPECS)
    annotate(workspace, FIRST, (FIRST_SPEC,))
    return workspace


def new_workspace(folder: Path, corpus_from: Workspace | None = None) -> Workspace:
    """An empty workspace (no annotations; the corpus of ``corpus_from`` if given, else none)."""
    if corpus_from is not None:
        shutil.copytree(corpus_from.corpus_dir, folder / "corpus")
    (folder / "corpus").mkdir(parents=True, exist_ok=True)
    (folder / "annotations").mkdir()
    return Workspace.open(folder)


def documents(workspace: Workspace, **selection: object) -> tuple[list[ExportDocument], Report]:
    report = Report()
    chosen = list(export_documents(workspace, Selection(**selection), report))  # type: ignore[arg-type]
    return chosen, report


def annotation_files(workspace: Workspace) -> dict[str, bytes]:
    """Every annotation file's bytes, by path inside ``annotations/``."""
    folder = workspace.annotations_dir
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*.toml"))
        if not path.name.startswith(".")
    }


def write_files(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def expected_spans(workspace: Workspace, article_id: str) -> list[tuple[int, int, str, str]]:
    """(start, end, tag, quote) of the article's annotations, as saved."""
    text = load_article(workspace, article_id).text
    loaded = AnnotationStore(workspace).load(article_id, text)
    return [(a.start, a.end, a.tag, a.quote) for a in loaded.annotations]
