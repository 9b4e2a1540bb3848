"""Property-based tests (hypothesis) of the store and of anchoring."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tui.annotations.anchoring import anchor
from tui.annotations.fileformat import render
from tui.annotations.model import TAGS, Annotation, new_annotation
from tui.annotations.store import AnnotationStore
from tui.workspace.layout import Workspace

# Article-like text: letters, digits, punctuation, newlines, tabs, CJK, emoji, combining marks.
ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Zs"),
    include_characters="\n\t",
)
TEXTS = st.text(ALPHABET, min_size=1, max_size=400)
FREE_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@st.composite
def annotated_texts(draw: st.DrawFn) -> tuple[str, list[Annotation]]:
    text = draw(TEXTS)
    annotations = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        created = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
        annotations.append(
            Annotation(
                id=draw(st.from_regex(r"[0-9a-f]{16}", fullmatch=True)),
                tag=draw(st.sampled_from(TAGS)),
                start=start,
                end=end,
                quote=text[start:end],
                author=draw(FREE_TEXT),
                created=created.replace(microsecond=0, tzinfo=UTC),
                prefix=text[max(0, start - 32) : start],
                suffix=text[end : end + 32],
                note=draw(FREE_TEXT),
            )
        )
    ids = [a.id for a in annotations]
    assume(len(ids) == len(set(ids)))
    return text, annotations


def _store(folder: str) -> tuple[Workspace, AnnotationStore]:
    root = Path(folder)
    (root / "corpus").mkdir(exist_ok=True)
    workspace = Workspace.open(root)
    return workspace, AnnotationStore(workspace)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated_texts())
def test_any_valid_set_round_trips_byte_identically(case: tuple[str, list[Annotation]]) -> None:
    text, annotations = case
    with tempfile.TemporaryDirectory() as folder:
        _, store = _store(folder)
        saved = store.update("a", text, lambda _: annotations)
        if not annotations:
            assert not saved.path.exists()
            return
        first = saved.path.read_bytes()
        loaded = store.load("a", text)
        assert loaded.problems == ()
        assert sorted(loaded.annotations, key=lambda a: a.id) == sorted(annotations, key=lambda a: a.id)
        store.update("a", text, lambda on_disk: on_disk.annotations)
        assert saved.path.read_bytes() == first
        assert render(loaded.document) == first.decode("utf-8")  # type: ignore[arg-type]


@st.composite
def edits_outside_a_span(draw: st.DrawFn) -> tuple[str, Annotation, str, int]:
    """A text, an annotation on it, the text edited only outside the span, and the span's new start."""
    words = draw(
        st.lists(
            st.sampled_from(["rust", "belt", "yuan", "Harbin", "park", "fund", "the", "a"]),
            min_size=8,
            max_size=60,
        )
    )
    text = " ".join(words) + "."
    start = draw(st.integers(0, len(text) - 2))
    end = draw(st.integers(start + 1, min(len(text), start + 30)))
    assume(text[start:end].strip())
    annotation = new_annotation(text, start, end, "funding", author="p")
    edited = text
    shift = 0
    for _ in range(draw(st.integers(1, 4))):
        insert = draw(st.text(ALPHABET, min_size=0, max_size=25))
        delete = draw(st.integers(0, 10))
        if draw(st.booleans()):  # before the span
            where = draw(st.integers(0, annotation.start + shift))
            removed = min(delete, annotation.start + shift - where)
            edited = edited[:where] + insert + edited[where + removed :]
            shift += len(insert) - removed
        else:  # after the span
            where = draw(st.integers(annotation.end + shift, len(edited)))
            edited = edited[:where] + insert + edited[where + delete :]
    return text, annotation, edited, annotation.start + shift


@settings(max_examples=300, deadline=None)
@given(edits_outside_a_span())
def test_edits_never_make_an_annotation_point_at_a_wrong_quote(
    case: tuple[str, Annotation, str, int],
) -> None:
    _, annotation, edited, expected = case
    found = anchor(annotation, edited)
    if not found.found:
        return  # an orphan is always acceptable: it is kept unchanged, never misplaced
    landed = edited[found.start : found.end]
    assert landed == annotation.quote  # the quote was never touched, so it is found exactly
    if found.start != expected:
        # Only where the very same words stand with the same context can it land elsewhere.
        assert edited.count(annotation.quote) > 1


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.data())
def test_any_text_with_any_spans_saves_and_loads_unchanged(text: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace, store = _store(folder)
        (workspace.corpus_dir / "a.txt").write_text(text, "utf-8")
        spans = []
        for _ in range(data.draw(st.integers(1, 5))):
            start = data.draw(st.integers(0, len(text) - 1))
            end = data.draw(st.integers(start + 1, len(text)))
            if text[start:end].strip():
                spans.append(new_annotation(text, start, end, data.draw(st.sampled_from(TAGS)), author="x"))
        store.update("a", text, lambda _: spans)
        loaded = store.load("a", text)
        assert loaded.problems == ()
        assert {(a.start, a.end, a.quote, a.tag) for a in loaded.annotations} == {
            (a.start, a.end, a.quote, a.tag) for a in spans
        }
