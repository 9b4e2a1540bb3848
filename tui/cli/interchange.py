"""The ``glossator export`` and ``glossator import`` commands.

``register`` adds them to the command line's sub-parsers through ``tui/cli.py``'s own
``command`` helper (which adds ``--workspace``); each ``run_*`` takes the workspace and
the parsed arguments and returns the exit status: 0 when everything was exported or
taken, 1 when something was left out (each thing said, with where), 2 for a usage mistake.

Every string that comes from outside (file names, ids, quotes, labels, messages that
embed them) reaches the terminal through ``visible``.  Exported data written to standard
output is exact when piped or redirected; on a terminal it is shown through ``visible``
too, since raw article text could hold escape sequences.

The format modules are imported when a command runs, not when the parser is built, so
every other ``glossator`` command starts as fast as before.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, counted, say_error
from tui.cli.parsing import Commands
from tui.errors import GlossatorError
from tui.text.safe import say
from tui.workspace.layout import CACHE_DIR_NAME, Workspace
from tui.workspace.tagset import CONFIG_NAME

if TYPE_CHECKING:
    from tui.interchange.model import ExportDocument, IncomingDocument, Report


EXPORT_FORMATS = ("jsonl", "doccano", "csv", "w3c", "brat", "spacy", "xmi")
IMPORT_FORMATS = ("jsonl", "brat", "w3c", "xmi")
#: Formats written as a folder of files; the others are one file (or standard output).
FOLDER_FORMATS = ("brat", "xmi")
#: Text formats that may go to standard output when ``--out`` is not given.
STREAM_FORMATS = ("jsonl", "doccano", "csv", "w3c")


def register(commands: Commands) -> None:
    export = commands.command(
        "export",
        run_export,
        "write annotations for other tools: jsonl, doccano, csv, w3c, brat, spacy, xmi",
        topic="export",
    )
    export.add_argument(
        "--format", "-f", required=True, choices=EXPORT_FORMATS, metavar="FORMAT",
        help="jsonl (Prodigy/spaCy spans, every field), doccano, csv (one row per annotation), "
        "w3c (Web Annotation JSON-LD), brat (folder), spacy (DocBin file), "
        "xmi (UIMA CAS for INCEpTION, folder)",
    )  # fmt: skip
    export.add_argument(
        "--out", "-o", metavar="PATH", type=Path,
        help="the file (jsonl, doccano, csv, w3c, spacy) or folder (brat, xmi) to write; "
        "without it jsonl, doccano, csv and w3c go to standard output",
    )  # fmt: skip
    export.add_argument(
        "--query", "-q", metavar="QUERY",
        help="export the articles this search finds (default: every annotated article)",
    )  # fmt: skip
    export.add_argument(
        "--tag", action="append", metavar="T", help="only annotations with this tag (repeat for more)"
    )
    export.add_argument(
        "--author", action="append", metavar="A", help="only annotations by this author (repeat for more)"
    )
    export.add_argument(
        "--spreadsheet-safe", action="store_true",
        help="csv only: put ' before cells starting with = + - @ so a spreadsheet shows them as text "
        "instead of running them as formulas (use it for files opened in Excel, LibreOffice, Sheets)",
    )  # fmt: skip
    export.add_argument(
        "--include-suggested", action="store_true",
        help="export suggested annotations too (left out by default: nobody accepted them yet)",
    )  # fmt: skip

    importer = commands.command(
        "import",
        run_import,
        "bring annotations, and articles not in the corpus, from jsonl, brat, w3c or xmi",
        topic="export",
    )
    importer.add_argument(
        "--format", "-f", required=True, choices=IMPORT_FORMATS, metavar="FORMAT",
        help="the format of PATH: jsonl (also doccano's and Prodigy's), brat, w3c, xmi",
    )  # fmt: skip
    importer.add_argument(
        "path", metavar="PATH", type=Path,
        help="a .jsonl or W3C .json file, a brat folder (or .ann file), an XMI folder (or .xmi file)",
    )  # fmt: skip
    importer.add_argument(
        "--map", action="append", default=[], metavar="LABEL=TAG",
        help="take the file's label LABEL as the tag TAG (repeat for more)",
    )  # fmt: skip


# --- export --------------------------------------------------------------------------------------


def run_export(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.interchange.brat import brat_files
    from tui.interchange.labels import tag_set
    from tui.interchange.model import Report
    from tui.interchange.selection import Selection, export_documents
    from tui.interchange.xmi import xmi_files
    from tui.workspace.fileio import write_atomic

    tags = tag_set(workspace)
    unknown = [tag for tag in args.tag or [] if tag not in tags]
    if unknown:
        say_error(f"--tag {unknown[0]}: not a tag (tags are {', '.join(tags)})")
        return EXIT_USAGE
    out: Path | None = args.out
    if args.spreadsheet_safe and args.format != "csv":
        say_error(f"--spreadsheet-safe is for --format csv, not {args.format}")
        return EXIT_USAGE
    if out is None and args.format not in STREAM_FORMATS:
        what = "a folder" if args.format in FOLDER_FORMATS else "a file"
        say_error(f"--format {args.format} needs --out PATH ({what} to write)")
        return EXIT_USAGE
    if out is not None:
        _check_destination(workspace, out, folder=args.format in FOLDER_FORMATS)
    report = Report()
    selection = Selection(
        args.query, tuple(args.tag or ()), tuple(args.author or ()), include_suggested=args.include_suggested
    )
    documents = list(export_documents(workspace, selection, report))
    if args.format in FOLDER_FORMATS:
        assert out is not None
        files = brat_files(documents, tags, report) if args.format == "brat" else xmi_files(documents, report)
        for name in files:
            _refuse_own(workspace, out / name, out)
        for name, data in files.items():
            write_atomic(out / name, data)
    else:
        data = _file_data(args.format, documents, report, safe=args.spreadsheet_safe)
        if out is None:
            _to_stdout(data)
        else:
            write_atomic(out, data)
    for notice in report.notices:
        say(str(notice), stream=sys.stderr)
    count = sum(len(document.annotations) for document in documents)
    summary = (
        f"Exported {counted(count, 'annotation')} of {counted(len(documents), 'article')} as {args.format}"
        + (f" to {out}" if out is not None else "")
    )
    say(summary, stream=sys.stderr if out is None else sys.stdout)
    return EXIT_PROBLEMS if report.anything_left_out else EXIT_OK


def _file_data(name: str, documents: list[ExportDocument], report: Report, *, safe: bool) -> bytes:
    from tui.interchange.csvfile import write_csv
    from tui.interchange.jsonl import write_jsonl
    from tui.interchange.w3c import write_w3c

    if name in ("jsonl", "doccano"):
        return write_jsonl(documents, doccano=name == "doccano")
    if name == "csv":
        return write_csv(documents, safe=safe)
    if name == "w3c":
        return write_w3c(documents)
    from tui.interchange.spacy_docbin import write_docbin

    return write_docbin(documents, report)


def _check_destination(workspace: Workspace, out: Path, *, folder: bool) -> None:
    """Refuse to write where Glossator keeps its own files, or over the wrong kind of thing."""
    real = _refuse_own(workspace, out, out)
    if folder and real.exists() and not real.is_dir():
        raise GlossatorError(f"--out {out} is a file; this format writes a folder")
    if not folder and real.is_dir():
        raise GlossatorError(f"--out {out} is a folder; this format writes one file")


def _refuse_own(workspace: Workspace, path: Path, out: Path) -> Path:
    """``path`` resolved, unless writing it would touch the workspace's own files.

    Checked for ``--out`` and again for every file a folder format writes, since a file's
    name comes from an article id (an id ``corpus/x`` exported to the workspace root would
    otherwise replace ``corpus/x.txt``).
    """
    real = path.expanduser().resolve()
    for own in (workspace.corpus_dir, workspace.annotations_dir, workspace.root / CACHE_DIR_NAME,
                workspace.root / ".git"):  # fmt: skip
        if real == own or own in real.parents:
            raise GlossatorError(
                f"--out {out}: {workspace.relative(real)} is inside {workspace.relative(own)}/, which holds "
                "Glossator's own files; write the export somewhere else"
            )
    if real == workspace.root / CONFIG_NAME:
        raise GlossatorError(f"--out {out} is the workspace's {CONFIG_NAME}; write the export somewhere else")
    return real


def _to_stdout(data: bytes) -> None:
    if sys.stdout.isatty():
        say(data.decode("utf-8"), end="", layout=True)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    sys.stdout.flush()


# --- import --------------------------------------------------------------------------------------


def run_import(workspace: Workspace, args: argparse.Namespace) -> int:
    from tui.interchange.labels import LabelMapError, parse_label_map, tag_set
    from tui.interchange.landing import UnknownLabelsError, import_documents
    from tui.interchange.model import Report
    from tui.interchange.sources import refuse_link

    tags = tag_set(workspace)
    try:
        label_map = parse_label_map(args.map, tags)
    except LabelMapError as error:
        say_error(str(error))
        return EXIT_USAGE
    path: Path = args.path
    refuse_link(path)
    if not path.exists():
        raise GlossatorError(f"{path} does not exist")
    if args.format in ("jsonl", "w3c") and path.is_dir():
        raise GlossatorError(f"{path} is a folder; --format {args.format} reads one file")
    report = Report()
    documents = list(_read(args.format, path, report))
    try:
        summary = import_documents(workspace, documents, label_map, report)
    except UnknownLabelsError as error:
        _print_notices(report)
        say_error(str(error))
        return EXIT_PROBLEMS
    _print_notices(report)
    parts = [
        f"Took {counted(summary.taken, 'annotation')} into {counted(len(summary.files_written), 'file')}"
    ]
    if summary.articles_added:
        parts.append(f"added {counted(len(summary.articles_added), 'article')} to corpus/")
    if summary.already_there:
        parts.append(f"{summary.already_there} already there")
    left_out = sum(notice.left_out for notice in report.notices)
    if left_out:
        parts.append(f"{counted(left_out, 'thing')} not taken (listed above)")
    say("; ".join(parts))
    return EXIT_PROBLEMS if report.anything_left_out else EXIT_OK


def _read(name: str, path: Path, report: Report) -> list[IncomingDocument]:
    from tui.interchange.brat import read_brat
    from tui.interchange.jsonl import read_jsonl
    from tui.interchange.w3c import read_w3c
    from tui.interchange.xmi import read_xmi

    readers: dict[str, Callable[[Path, str, Report], Any]] = {
        "jsonl": read_jsonl, "brat": read_brat, "w3c": read_w3c, "xmi": read_xmi,
    }  # fmt: skip
    return list(readers[name](path, str(path), report))


def _print_notices(report: Report) -> None:
    for notice in report.notices:
        say(str(notice))
