import difflib
import os
import stat
import subprocess
import sys
import time
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FIRST, FUNDING_QUOTE
from tui.annotations.fileformat import _annotation_table, _emit_table, _literal_line, _usual_annotation
from tui.annotations.model import (
    Annotation,
    AnnotationFileLockedError,
    InvalidSpanError,
    new_annotation,
    trim_span,
)
from tui.annotations.store import AnnotationStore
from tui.errors import GlossatorError
from tui.workspace.articles import load_article, text_sha256
from tui.workspace.layout import Workspace

WHEN = datetime(2026, 11, 22, 10, 15, tzinfo=UTC)


def annotate(text: str, quote: str, tag: str, **kwargs: str) -> Annotation:
    start = text.index(quote)
    return new_annotation(text, start, start + len(quote), tag, author=kwargs.pop("author", "Ada"), **kwargs)


@pytest.fixture
def article(workspace: Workspace):
    return load_article(workspace, FIRST)


@pytest.fixture
def store(workspace: Workspace) -> AnnotationStore:
    return AnnotationStore(workspace)


def test_saved_file_is_the_documented_format(store, article) -> None:
    annotation = annotate(article.text, FUNDING_QUOTE, "funding", note="first round")
    saved = store.update(FIRST, article.text, lambda _: [annotation])
    content = saved.path.read_text("utf-8")
    data = tomllib.loads(content)
    assert list(data) == ["format", "article", "text_sha256", "annotation"]
    assert data["format"] == 1 and data["article"] == FIRST
    assert data["text_sha256"] == text_sha256(article.text)
    entry = data["annotation"][0]
    assert list(entry) == [
        "id",
        "tag",
        "start",
        "end",
        "quote",
        "prefix",
        "suffix",
        "note",
        "author",
        "created",
    ]
    assert article.text[entry["start"] : entry["end"]] == entry["quote"] == FUNDING_QUOTE
    assert entry["prefix"] == article.text[entry["start"] - 32 : entry["start"]]
    assert entry["suffix"] == article.text[entry["end"] : entry["end"] + 32]
    assert "[[annotation]]\n" in content
    assert f"created = {annotation.created:%Y-%m-%dT%H:%M:%S}Z\n" in content


def test_round_trip_and_unchanged_save_gives_identical_bytes(store, article) -> None:
    annotations = [
        annotate(article.text, FUNDING_QUOTE, "funding"),
        annotate(article.text, "Harbin", "company"),
    ]
    saved = store.update(FIRST, article.text, lambda _: annotations)
    first_bytes = saved.path.read_bytes()
    loaded = store.load(FIRST, article.text)
    assert loaded.problems == ()
    assert sorted(loaded.annotations, key=lambda a: a.id) == sorted(annotations, key=lambda a: a.id)
    store.update(loaded.article_id, article.text, lambda _: loaded.annotations)
    assert saved.path.read_bytes() == first_bytes


def test_annotations_are_sorted_and_adding_one_only_adds_its_lines(store, article) -> None:
    late = annotate(article.text, FUNDING_QUOTE, "funding")
    early = annotate(article.text, "Heilongjiang", "policy")
    saved = store.update(FIRST, article.text, lambda _: [late, early])
    before = saved.path.read_text("utf-8").splitlines(keepends=True)
    assert [a.id for a in store.load(FIRST, article.text).annotations] == [early.id, late.id]
    middle = annotate(article.text, "student incubator park", "company")
    loaded = store.load(FIRST, article.text)
    store.update(loaded.article_id, article.text, lambda _: [*loaded.annotations, middle])
    after = saved.path.read_text("utf-8").splitlines(keepends=True)
    changes = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    assert all(line.startswith("+ ") for line in changes)
    assert any(middle.id in line for line in changes)
    assert len(changes) == 11  # nine keys (no note), the [[annotation]] header and one blank line


def test_overlapping_and_nested_spans_are_allowed(store, article) -> None:
    outer = annotate(article.text, FUNDING_QUOTE, "funding")
    inner = annotate(article.text, "16.5 million yuan", "funding")
    store.update(FIRST, article.text, lambda _: [outer, inner])
    assert len(store.load(FIRST, article.text).annotations) == 2


def test_removing_the_last_annotation_deletes_the_file(store, article) -> None:
    saved = store.update(FIRST, article.text, lambda _: [annotate(article.text, "Harbin", "company")])
    assert saved.path.exists()
    store.update(saved.article_id, article.text, lambda _: [])
    assert not saved.path.exists()


def test_ids_are_random_not_sequential() -> None:
    text = "alpha beta"
    ids = {new_annotation(text, 0, 5, "policy", author="a").id for _ in range(200)}
    assert len(ids) == 200
    assert all(len(i) >= 12 for i in ids)


def test_new_annotations_trim_whitespace_and_refuse_empty_spans() -> None:
    text = "  hello world  "
    annotation = new_annotation(text, 0, len(text), "policy", author="a")
    assert annotation.quote == "hello world"
    assert trim_span(text, 0, 2) == (2, 2)
    with pytest.raises(InvalidSpanError):
        new_annotation(text, 0, 2, "policy", author="a")
    with pytest.raises(InvalidSpanError, match="unknown tag"):
        new_annotation(text, 2, 7, "person", author="a")


def test_unknown_keys_survive_a_rewrite(store, article) -> None:
    annotation = annotate(article.text, FUNDING_QUOTE, "funding")
    saved = store.update(FIRST, article.text, lambda _: [annotation])
    content = saved.path.read_text("utf-8")
    content = content.replace("format = 1\n", 'format = 1\nproject = "rust belt"\n')
    content = content.replace("[[annotation]]\n", "[[annotation]]\nconfidence = 0.9\n")
    content += '\n[annotation.review]\nby = "Bob"\nok = true\n'
    saved.path.write_text(content, "utf-8")
    loaded = store.load(FIRST, article.text)
    assert loaded.problems == ()
    store.update(
        loaded.article_id,
        article.text,
        lambda _: [*loaded.annotations, annotate(article.text, "Harbin", "company")],
    )
    data = tomllib.loads(saved.path.read_text("utf-8"))
    assert data["project"] == "rust belt"
    kept = next(a for a in data["annotation"] if a["id"] == annotation.id)
    assert kept["confidence"] == 0.9
    assert kept["review"] == {"by": "Bob", "ok": True}


def write(workspace: Workspace, article_id: str, content: str) -> Path:
    path = workspace.annotation_path(article_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, "utf-8")
    return path


def valid_file(article, **overrides: object) -> str:
    entry = {
        "id": "a1b2c3d4e5f6a7b8",
        "tag": "funding",
        "start": article.text.index(FUNDING_QUOTE),
        "end": article.text.index(FUNDING_QUOTE) + len(FUNDING_QUOTE),
        "quote": FUNDING_QUOTE,
        "author": "Ada",
    } | overrides
    body = "".join(
        f"{key} = {value!r}\n".replace("'", '"') for key, value in entry.items() if value is not None
    )
    return (
        f'format = 1\narticle = "{FIRST}"\ntext_sha256 = "{text_sha256(article.text)}"\n\n'
        f"[[annotation]]\n{body}created = 2026-11-22T10:15:00Z\n"
    )


@pytest.mark.parametrize(
    ("content", "reason", "line"),
    [
        ("format = 1\narticle = [\n", "invalid TOML", 2),
        ("format = 2\narticle = 'x'\n", "unknown format 2", 1),
        (None, "'start' must be an integer, not str", 8),
        (None, "unknown tag 'person'", 7),
        (None, "missing key 'quote'", 5),
        (None, "empty or reversed", 8),
    ],
)
def test_invalid_files_are_reported_with_file_line_and_reason(
    workspace, store, article, content, reason, line
) -> None:
    if content is None:
        overrides = {
            "'start' must be an integer, not str": {"start": "12"},
            "unknown tag 'person'": {"tag": "person"},
            "missing key 'quote'": {"quote": None},
            "empty or reversed": {"start": 900, "end": 880},
        }[reason]
        content = valid_file(article, **overrides)
    write(workspace, FIRST, content)
    loaded = store.load(FIRST, article.text)
    assert not loaded.writable
    problem = loaded.problems[0]
    assert problem.file == f"annotations/{FIRST}.toml"
    assert reason in problem.reason
    assert problem.line == line, str(problem)


def test_a_file_with_problems_is_never_rewritten(workspace, store, article) -> None:
    path = write(workspace, FIRST, "format = 1\nthis is not toml\n")
    before = path.read_bytes()
    loaded = store.load(FIRST, article.text)
    with pytest.raises(AnnotationFileLockedError, match="not rewritten"):
        store.update(loaded.article_id, article.text, lambda _: [annotate(article.text, "Harbin", "company")])
    with pytest.raises(AnnotationFileLockedError):
        store.update(loaded.article_id, article.text, lambda _: [])
    assert path.read_bytes() == before


def test_duplicate_ids_name_the_id_and_line(workspace, store, article) -> None:
    content = valid_file(article)
    content += content.split("\n\n", 1)[1].replace("[[annotation]]", "\n[[annotation]]", 1)
    write(workspace, FIRST, content)
    loaded = store.load(FIRST, article.text)
    problem = loaded.problems[0]
    assert "duplicate id" in problem.reason
    assert problem.annotation_id == "a1b2c3d4e5f6a7b8"
    assert problem.line == 14
    assert str(problem).startswith(f"annotations/{FIRST}.toml:14: a1b2c3d4e5f6a7b8: duplicate id")


@pytest.mark.parametrize(
    ("article_value", "reason"),
    [
        ("other", "does not match the file name"),
        ("../../etc/passwd", "leave the corpus"),
        ("/etc/passwd", "absolute"),
    ],
)
def test_article_value_must_be_this_article(workspace, store, article, article_value, reason) -> None:
    write(
        workspace, FIRST, valid_file(article).replace(f'article = "{FIRST}"', f'article = "{article_value}"')
    )
    loaded = store.load(FIRST, article.text)
    assert reason in loaded.problems[0].reason
    assert loaded.problems[0].line == 2


def test_a_quote_that_no_longer_matches_is_reported_but_kept_on_rewrite(workspace, store, article) -> None:
    path = write(workspace, FIRST, valid_file(article, quote="16.5 billion yuan ($2.53 million)"))
    loaded = store.load(FIRST, article.text)
    assert loaded.writable
    assert "does not match the article text" in loaded.problems[0].reason
    assert loaded.problems[0].annotation_id == "a1b2c3d4e5f6a7b8"
    store.update(
        loaded.article_id,
        article.text,
        lambda _: [*loaded.annotations, annotate(article.text, "Harbin", "company")],
    )
    data = tomllib.loads(path.read_text("utf-8"))
    kept = next(a for a in data["annotation"] if a["id"] == "a1b2c3d4e5f6a7b8")
    assert kept["quote"] == "16.5 billion yuan ($2.53 million)"
    # The fingerprint still names the text the unmatched offsets were made against.
    assert data["text_sha256"] == loaded.document.text_sha256


def test_not_utf8_annotation_file(workspace, store, article) -> None:
    path = workspace.annotation_path(FIRST)
    path.write_bytes(b'format = 1\nnote = "caf\xe9"\n')
    loaded = store.load(FIRST, article.text)
    assert "not valid UTF-8" in loaded.problems[0].reason
    assert loaded.problems[0].line == 2


def test_writes_are_atomic_and_leave_no_temporary_files(store, article, workspace) -> None:
    for n in range(5):
        store.update(
            FIRST,
            article.text,
            lambda on_disk, n=n: [
                *on_disk.annotations,
                annotate(article.text, "Harbin", "company", note=str(n)),
            ],
        )
    assert sorted(p.name for p in workspace.annotations_dir.iterdir()) == [f"{FIRST}.toml"]


def test_a_failed_write_leaves_the_old_file_intact(store, article, workspace) -> None:
    """A write that fails half-way (here: the file-size limit, like a full disk) changes nothing."""
    saved = store.update(FIRST, article.text, lambda _: [annotate(article.text, "Harbin", "company")])
    before = saved.path.read_bytes()
    script = f"""
import resource, signal, sys
from tui.workspace.articles import load_article
from tui.annotations.store import AnnotationStore
from tui.annotations.model import new_annotation
from tui.workspace.layout import Workspace
workspace = Workspace.open({str(workspace.root)!r})
text = load_article(workspace, {FIRST!r}).text
store = AnnotationStore(workspace)
loaded = store.load({FIRST!r}, text)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))
try:
    store.update(loaded.article_id, text, lambda _: [*loaded.annotations, new_annotation(text, 0, 50, "policy", author="a")])
except OSError as error:
    print("failed:", error.strerror)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert "failed: File too large" in result.stdout, result.stderr
    assert saved.path.read_bytes() == before
    assert sorted(p.name for p in workspace.annotations_dir.iterdir()) == [f"{FIRST}.toml"]


# --- the one write path: lock, re-read, change, atomic write ------------------------------------


def test_update_changes_the_file_as_it_is_on_disk_now(store, article) -> None:
    """A writer holding an old copy never overwrites what another writer saved meanwhile."""
    stale = store.load(FIRST, article.text)
    store.update(
        FIRST,
        article.text,
        lambda on_disk: [*on_disk.annotations, annotate(article.text, "Harbin", "company")],
    )
    store.update(
        FIRST,
        article.text,
        lambda on_disk: [*on_disk.annotations, annotate(article.text, FUNDING_QUOTE, "funding")],
    )
    assert stale.annotations == ()
    assert sorted(a.quote for a in store.load(FIRST, article.text).annotations) == sorted(
        ["Harbin", FUNDING_QUOTE]
    )


def test_a_save_keeps_the_file_mode_and_a_new_file_gets_the_umask(store, article, workspace) -> None:
    store.update(FIRST, article.text, lambda _: [annotate(article.text, "Harbin", "company")])
    path = workspace.annotation_path(FIRST)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    path.chmod(0o640)
    store.update(
        FIRST,
        article.text,
        lambda on_disk: [*on_disk.annotations, annotate(article.text, "Harbin", "policy")],
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_name_close_to_the_file_system_limit_can_be_saved(make_workspace) -> None:
    """The temporary file of an atomic write must not be longer than the file's own name."""
    long_id = "n" * 245  # corpus/<id>.txt and annotations/<id>.toml both fit in 255 bytes
    workspace = make_workspace({long_id: "A story about Harbin."})
    store = AnnotationStore(workspace)
    text = load_article(workspace, long_id).text
    store.update(long_id, text, lambda _: [annotate(text, "Harbin", "company")])
    assert [a.quote for a in store.load(long_id, text).annotations] == ["Harbin"]


def test_a_bom_is_named_as_such(workspace, store, article) -> None:
    path = workspace.annotation_path(FIRST)
    path.write_bytes(b"\xef\xbb\xbf" + valid_file(article).encode())
    problem = store.load(FIRST, article.text).problems[0]
    assert "byte-order mark (BOM)" in problem.reason
    assert problem.line == 1


@pytest.mark.parametrize(
    ("created", "said"),
    [("2026-11-22T10:15:00", "no time zone"), ("2026-11-22T12:15:00+02:00", "the offset +0200")],
)
def test_a_created_time_not_in_utc_is_reported(workspace, store, article, created, said) -> None:
    write(workspace, FIRST, valid_file(article).replace("2026-11-22T10:15:00Z", created))
    loaded = store.load(FIRST, article.text)
    assert loaded.writable  # reported, but the annotation is still usable
    problem = loaded.problems[0]
    assert f"'created' has {said}; write it in UTC" in problem.reason
    assert problem.line == 12


def test_a_negative_start_is_called_negative(workspace, store, article) -> None:
    write(workspace, FIRST, valid_file(article, start=-5))
    problem = store.load(FIRST, article.text).problems[0]
    assert problem.reason == "'start' is -5; offsets count from 0"


# --- files that are not plain files, or lead outside the workspace ------------------------------


def test_an_annotation_file_linked_to_a_device_or_a_fifo_is_one_problem(workspace, store, article) -> None:
    path = workspace.annotation_path(FIRST)
    path.symlink_to("/dev/zero")
    reason = store.load(FIRST, article.text).problems[0].reason
    assert "leads outside the workspace" in reason
    path.unlink()
    os.mkfifo(path)
    started = time.monotonic()
    loaded = store.load(FIRST, article.text)
    assert time.monotonic() - started < 2
    assert "is not a regular file (a named pipe)" in loaded.problems[0].reason
    assert not loaded.writable


def test_saves_never_write_through_a_link_out_of_the_workspace(make_workspace, tmp_path) -> None:
    workspace = make_workspace({"2016/rust-belt": "Harbin start-ups"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (workspace.annotations_dir / "2016").symlink_to(elsewhere)
    store = AnnotationStore(workspace)
    text = load_article(workspace, "2016/rust-belt").text
    with pytest.raises(GlossatorError, match="leads outside the workspace through a symbolic link"):
        store.update("2016/rust-belt", text, lambda _: [annotate(text, "Harbin", "company")])
    assert list(elsewhere.iterdir()) == []


def test_a_link_inside_the_workspace_is_followed(make_workspace) -> None:
    workspace = make_workspace({"story": "Harbin start-ups"})
    (workspace.root / "shared-notes").mkdir()
    store = AnnotationStore(workspace)
    text = load_article(workspace, "story").text
    store.update("story", text, lambda _: [annotate(text, "Harbin", "company")])
    target = workspace.root / "shared-notes" / "story.toml"
    workspace.annotation_path("story").rename(target)
    workspace.annotation_path("story").symlink_to(target)
    assert [a.quote for a in store.load("story", text).annotations] == ["Harbin"]


@given(key=st.sampled_from(["note", "quote", "weird key", "ключ"]), value=st.text() | st.integers())
def test_values_are_written_exactly_as_tomli_w_writes_them(key: str, value: str | int) -> None:
    """The store formats strings and integers itself (for speed); the bytes must not change."""
    assert _literal_line(key, value) == tomli_w.dumps({key: value})
    assert tomllib.loads(_literal_line(key, value)) == {key: value}


@given(
    strings=st.lists(st.text(), min_size=8, max_size=8),
    span=st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)),
    created=st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=8))]) | st.none()),
    whole_second=st.booleans(),
    extra=st.dictionaries(st.sampled_from(["conflict_with", "x"]), st.text(), max_size=1),
)
def test_the_usual_annotation_is_written_as_its_table_walked_key_by_key(
    strings: list[str], span: tuple[int, int], created: datetime, whole_second: bool, extra: dict[str, str]
) -> None:
    """``render`` formats the usual annotation at once (for speed); the bytes must not change."""
    created = created.replace(microsecond=0) if whole_second else created
    ident, tag, quote, prefix, suffix, note, status, author = strings
    annotation = Annotation(ident, tag, *span, quote, author, created, prefix, suffix, note, status, extra)
    walked: list[str] = []
    _emit_table(_annotation_table(annotation), "annotation", walked, array_item=True)
    usual = not extra and created.utcoffset() == timedelta(0) and not created.microsecond
    assert _usual_annotation(annotation) == ("".join(walked) if usual else None)


def test_a_save_through_a_link_inside_the_workspace_keeps_the_targets_mode(make_workspace) -> None:
    workspace = make_workspace({"story": "Harbin start-ups"})
    store = AnnotationStore(workspace)
    text = load_article(workspace, "story").text
    store.update("story", text, lambda _: [annotate(text, "Harbin", "company")])
    target = workspace.root / "kept.toml"
    workspace.annotation_path("story").rename(target)
    target.chmod(0o640)
    workspace.annotation_path("story").symlink_to(target)
    store.update("story", text, lambda on_disk: [*on_disk.annotations, annotate(text, "Harbin", "policy")])
    assert stat.S_IMODE(workspace.annotation_path("story").stat().st_mode) == 0o640
