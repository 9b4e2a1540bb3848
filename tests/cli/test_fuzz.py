"""The whole command line against hostile input: random argv in a workspace full of traps.

Each example builds a fresh workspace whose article and annotation files have hostile
names (ESC, OSC 52, BEL, CR, bidi overrides, a backslash, ``C:x``, 245 characters) and
contents (bytes that are not UTF-8 in articles, front matter and TOML, control characters
in notes), links pointing out of the workspace and a FIFO; then runs one command line
drawn at random (commands, options, hostile strings).  Whatever happens:

- no traceback, and no "internal error" (the last-resort guard would hide a bug);
- the exit status is 0, 1 or 2;
- no raw control character (C0 but newline and tab, DEL, C1), bidi control or invisible
  character reaches stdout or stderr;
- nothing outside the workspace is written or deleted (a sibling folder holding the
  links' targets, and the folder of files to add, are compared before and after).

Most examples run the command line in-process with stdout and stderr captured (fast);
a few fixed command lines run ``python -m tui`` as a real subprocess.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli, run_process
from tui.annotations.fileformat import render
from tui.annotations.model import TAGS, Annotation, AnnotationFile, new_annotation
from tui.cli.main import build_parser, open_app
from tui.workspace.articles import decode_article, text_sha256

#: What must never reach the terminal: C0 (but newline and tab), DEL, C1, bidi controls,
#: zero-width and other invisible characters, line and paragraph separators.
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff]"
)

HOSTILE_PIECES = [
    "\x1b[2J", "\x1b]52;c;aGVsbG8=\x07", "\x1b]8;;http://evil\x1b\\", "\x07", "\r", "\x08", "\x9b31m",
    "\x7f", "\u202e", "\u2066", "\u200f", "\u200b", "\ufeff", "\u2028", "\\", "C:x", "..", "/",
    "~", "*", "(", '"', "tag:", "note:", "funding:", "date:[2020 to]", "zebra", "é", "中文", "\udcff", "\udc80",
    "-", "--", "=", "%s", "{}", "x" * 300,
]  # fmt: skip
HOSTILE_NAMES = [
    "esc\x1b[2J", "osc\x1b]52;c;aGk=\x07", "bel\x07", "cr\rname", "rlo\u202etxt", "zw\u200bsp",
    "back\\slash", "C:x", "l" * 245, "café", "sp ace",
]  # fmt: skip

TEXT = "Zebra funding\nBy Ada (Xinhua) 08:20, September 05, 2024\nThe zebra fund raised 16.5 million yuan.\n"


def hostile_text() -> st.SearchStrategy[str]:
    pieces = st.lists(st.sampled_from(HOSTILE_PIECES), max_size=4).map("".join)
    # What argv can hold: no NUL, and surrogates only as Python decodes undecodable bytes.
    free = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=8)
    return st.one_of(pieces, free, st.builds(lambda a, b: a + b, pieces, free))


# --- the world: a hostile workspace, a sibling folder, files to add ---------------------------------


def build_world(root: Path) -> tuple[Path, Path, Path]:
    """(workspace, outside folder, incoming folder) under ``root``."""
    outside, incoming, ws = root / "outside", root / "incoming", root / "ws"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.txt").write_text("secret zebra\n")
    (outside / "dir" / "inner.txt").write_text("inner zebra\n")
    corpus, annotations = ws / "corpus", ws / "annotations"
    (corpus / "2016").mkdir(parents=True)
    annotations.mkdir()
    (corpus / "plain.txt").write_text(TEXT)
    (corpus / "2016" / "story.txt").write_text(TEXT.replace("Zebra", "Quagga"))
    for name in HOSTILE_NAMES:
        (corpus / f"{name}.txt").write_text(f"{name} headline\n{TEXT}")
    (corpus / "bad-utf8.txt").write_bytes(b"Title \xff\xfe \x9b31m\nzebra \x1b[31m red \xc3\n")
    (corpus / "front.txt").write_bytes(b'+++\ntitle = "\xff\\u001b[2J"\ndate = 2016-03-25\n+++\nzebra body\n')
    (corpus / "front2.txt").write_text('+++\ntitle = "ok\\u001b]52;c;aGk=\\u0007\\u202e"\n+++\nzebra\n')
    (corpus / "link.txt").symlink_to(outside / "secret.txt")
    (corpus / "linkdir").symlink_to(outside / "dir")
    os.mkfifo(corpus / "fifo.txt")
    # Annotation files: valid ones with hostile notes and authors, broken ones, a link, a FIFO.
    for article_id in ("plain", "esc\x1b[2J", "rlo\u202etxt"):
        text = f"{article_id} headline\n{TEXT}" if article_id != "plain" else TEXT
        start = text.index("zebra")
        notes = ("note \x1b]52;c;aGk=\x07 \u202eevil", "\x9b31m\r")
        items = tuple(
            new_annotation(text, start, start + 5, tag, author=f"{tag} \x1b[1m\u2066au", note=note)
            for tag, note in zip(("funding", "company"), notes, strict=True)
        )
        document = AnnotationFile(article_id, text_sha256(text), items)
        (annotations / f"{article_id}.toml").write_text(render(document))
    (annotations / "bad-utf8.toml").write_bytes(b'format = 1\narticle = "bad-utf8"\n\xff\xfe\n')
    (annotations / "front.toml").write_text('format = 1\narticle = "../../outside/secret"\n')
    (outside / "annotation.toml").write_text((annotations / "plain.toml").read_text())
    (annotations / "link.toml").symlink_to(outside / "annotation.toml")
    os.mkfifo(annotations / "fifo.toml")
    # Files to add.
    incoming.mkdir()
    for name in [*HOSTILE_NAMES, "notes.md", "new story", "plain"]:
        (incoming / f"{name}.txt" if name != "notes.md" else incoming / name).write_text(f"{name}\n{TEXT}")
    (incoming / "bad-utf8.txt").write_bytes(b"\xff\xfe zebra \x9b\n")
    (incoming / "link.txt").symlink_to(outside / "secret.txt")
    os.mkfifo(incoming / "fifo.txt")
    return ws, outside, incoming


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry below ``folder`` (links not followed, FIFOs not opened): kind, mode, content."""
    found: dict[str, object] = {}
    for current, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            path = Path(current, name)
            info = os.lstat(path)
            key = str(path.relative_to(folder))
            if stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                found[key] = ("file", stat.S_IMODE(info.st_mode), path.read_bytes())
            else:
                found[key] = ("other", stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
    return found


# --- command lines -----------------------------------------------------------------------------------

WORKSPACE_FILES = [
    "annotations/plain.toml", "annotations/esc\x1b[2J.toml", "annotations/bad-utf8.toml",
    "annotations/link.toml", "annotations/fifo.toml", "annotations/front.toml", "annotations",
    "corpus/plain.txt", "missing.toml", "",
]  # fmt: skip
INCOMING = [
    *(f"../incoming/{name}.txt" for name in HOSTILE_NAMES), "../incoming/notes.md", "../incoming/plain.txt",
    "../incoming/new story.txt", "../incoming/bad-utf8.txt", "../incoming/link.txt",
    "../incoming/fifo.txt", "../incoming", "../incoming/missing.txt", "corpus/plain.txt",
]  # fmt: skip
#: Folders ``init`` may be given: inside the workspace (init writes into the folder it is given).
INIT_FOLDERS = [".", "corpus", "annotations", "corpus/plain.txt", "new", *HOSTILE_NAMES]


COMMANDS = [
    "search",
    "index",
    "stats",
    "check",
    "reanchor",
    "agreement",
    "add",
    "init",
    "merge-driver",
    "junk",
]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    text = hostile_text()
    command = draw(st.sampled_from(COMMANDS))
    argv: list[str] = []
    workspace = draw(st.integers(0, 9))
    if workspace < 2:  # mostly the current folder (the workspace); sometimes odd ones
        odd = text.filter(lambda s: not s.startswith("/"))  # nothing absolute: stay in the sandbox
        argv += ["--workspace", draw(st.sampled_from([".", "..", "corpus", "../outside", "~"]) | odd)]
    elif workspace == 2:
        argv += ["--workspace", "."]
    if command == "junk":
        argv.append(draw(text.filter(lambda s: not s.startswith("-"))))
    else:
        argv.append(command)
    if command == "search":
        argv.append(draw(text | st.sampled_from(["zebra", "tag:funding", "note:evil", "author:au", "*", ""])))
        if draw(st.booleans()):
            argv.append("--json")
        if draw(st.booleans()):
            argv += ["--limit", draw(st.sampled_from(["1", "0", "-3", "x", "99999999999999"]) | text)]
    elif command == "index" and draw(st.booleans()):
        argv.append("--rebuild")
    elif command == "agreement":
        if draw(st.booleans()):
            argv += ["--tag", draw(st.sampled_from(["funding", "policy", "money"]) | text)]
        for _ in range(draw(st.integers(0, 2))):
            argv += ["--ref", draw(st.sampled_from(["HEAD", "main", "--output=x"]) | text)]
        if draw(st.booleans()):
            argv.append("--json")
    elif command == "add":
        argv += draw(st.lists(st.sampled_from(INCOMING) | text, min_size=1, max_size=4))
    elif command == "init":
        # Always a folder inside the workspace: a stray argument must never become the folder
        # (init makes the folder it is given, wherever that is).
        argv.append(draw(st.sampled_from(INIT_FOLDERS)))
    elif command == "merge-driver":
        base, theirs = draw(st.sampled_from(WORKSPACE_FILES)), draw(st.sampled_from(WORKSPACE_FILES))
        argv += [base, draw(st.sampled_from(WORKSPACE_FILES[:-1])), theirs]  # git's %A is in the repository
    if command != "init" and draw(st.integers(0, 9)) == 0:  # a stray argument: a usage mistake (or --help)
        argv.append(draw(text | st.sampled_from(["--help", "-h", "--version", "--json"])))
    return argv


ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@st.composite
def extra_files(draw: st.DrawFn) -> tuple[bytes, bytes | None]:
    """One more article (random bytes or text) and its annotation file: valid with random
    strings in every field, random bytes, or none."""
    if draw(st.booleans()):
        article = draw(st.binary(max_size=300))
    else:
        article = (draw(ANY_TEXT) + " zebra " + draw(ANY_TEXT)).encode("utf-8")
    kind = draw(st.sampled_from(["valid", "bytes", "none"]))
    if kind == "none":
        return article, None
    if kind == "bytes":
        return article, draw(st.binary(max_size=300))
    text = decode_article(article).text
    start = draw(st.integers(0, max(0, len(text) - 1)))
    end = draw(st.integers(start + 1, max(start + 1, len(text))))
    annotation = Annotation(
        id=draw(ANY_TEXT.filter(bool)), tag=draw(st.sampled_from(TAGS)), start=start, end=end,
        quote=text[start:end] or "x", author=draw(ANY_TEXT), created=datetime(2026, 1, 1, tzinfo=UTC),
        prefix=draw(ANY_TEXT), suffix=draw(ANY_TEXT), note=draw(ANY_TEXT),
        extra={draw(ANY_TEXT.filter(bool)): draw(ANY_TEXT)} if draw(st.booleans()) else {},
    )  # fmt: skip
    document = AnnotationFile("zz-extra", text_sha256(text), (annotation,))
    return article, render(document).encode("utf-8")


def opens_the_app(argv: list[str]) -> bool:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            args, _ = build_parser().parse_known_args(argv)
        except (SystemExit, Exception):
            return False  # main says what is wrong
    return args.run is open_app and not getattr(args, "standalone", None)


def check_output(status: int, stdout: str, stderr: str) -> None:
    for name, stream in (("stdout", stdout), ("stderr", stderr)):
        assert "Traceback (most recent call last)" not in stream, stream
        assert "internal error" not in stream, stream
        raw = RAW.search(stream)
        assert raw is None, f"raw {raw.group()!r} in {name}: {stream!r}"
    assert status in (0, 1, 2), (status, stderr)


@pytest.mark.slow  # 200 examples, a minute: CI runs it (-m slow); the fixed cases below run by default
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
@given(command_lines(), extra_files())
def test_any_command_line_in_a_hostile_workspace(argv: list[str], extra: tuple[bytes, bytes | None]) -> None:
    run_in_world(argv, extra)


#: Command lines the fuzz test found failing, kept as fixed examples.  The causes are outside
#: the command line's code (see the report of the change that added them).
FOUND = [
    ["--workspace", "~nosuchuser", "stats"],  # Workspace.open: RuntimeError from Path.expanduser
]


@pytest.mark.parametrize("argv", FOUND, ids=repr)
def test_command_lines_the_fuzz_test_found(argv: list[str]) -> None:
    run_in_world(argv, (b"", None))


def run_in_world(argv: list[str], extra: tuple[bytes, bytes | None]) -> None:
    if opens_the_app(argv):
        return
    with tempfile.TemporaryDirectory() as folder:
        ws, outside, incoming = build_world(Path(folder))
        article, annotations = extra
        (ws / "corpus" / "zz-extra.txt").write_bytes(article)
        if annotations is not None:
            (ws / "annotations" / "zz-extra.toml").write_bytes(annotations)
        before = {"outside": snapshot(outside), "incoming": snapshot(incoming)}
        siblings = sorted(os.listdir(folder))
        result = run_cli(*argv, cwd=ws)
        check_output(result.returncode, result.stdout, result.stderr)
        assert {"outside": snapshot(outside), "incoming": snapshot(incoming)} == before
        assert sorted(os.listdir(folder)) == siblings


SUBPROCESS_CASES = [
    ["search", "zebra"],
    ["search", "zebra", "--json"],
    ["stats"],
    ["check"],
    ["reanchor"],
    ["agreement"],
    ["add", *(f"../incoming/{name}.txt" for name in HOSTILE_NAMES), "../incoming/fifo.txt"],
    ["init", "new\x1b[2J"],
    ["merge-driver", "annotations/plain.toml", "annotations/link.toml", "annotations/fifo.toml"],
    ["search", "x", "--bogus\x1b]52;c;aGk=\x07", "\u202e"],
]


@pytest.mark.parametrize("argv", SUBPROCESS_CASES, ids=lambda argv: argv[0])
def test_hostile_workspace_as_a_real_subprocess(argv: list[str], tmp_path: Path) -> None:
    ws, outside, incoming = build_world(tmp_path)
    before = {"outside": snapshot(outside), "incoming": snapshot(incoming)}
    result = run_process(*argv, cwd=ws)
    check_output(result.returncode, result.stdout, result.stderr)
    assert {"outside": snapshot(outside), "incoming": snapshot(incoming)} == before
