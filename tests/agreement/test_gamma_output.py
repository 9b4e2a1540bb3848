"""Whatever the gamma solvers print never reaches standard output (``--json`` stays JSON)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace

from ..conftest import FIRST, FUNDING_QUOTE


@pytest.mark.slow  # a real process solving gamma: run by CI and with -m slow
def test_solver_chatter_goes_to_stderr_in_a_real_process(workspace: Workspace) -> None:
    store = AnnotationStore(workspace)
    text = load_article(workspace, FIRST).text
    for author, quote, tag in (("Ada", FUNDING_QUOTE, "funding"), ("Ada", "Harbin", "company"),
                               ("Bob", FUNDING_QUOTE, "policy"), ("Bob", "Harbin", "company")):  # fmt: skip
        start = text.index(quote)
        made = new_annotation(text, start, start + len(quote), tag, author=author)
        store.update(FIRST, text, lambda on_disk, made=made: [*on_disk.annotations, made])
    # The solvers made as talkative as on a machine where GLPK and cvxpy print their progress
    # (C's printf from GLPK, cvxpy's banners on sys.stdout).
    script = textwrap.dedent(
        f"""
        import functools, sys, cvxpy
        cvxpy.Problem.solve = functools.partialmethod(cvxpy.Problem.solve, verbose=True)
        from tui.cli import main
        sys.exit(main(["--workspace", {str(workspace.root)!r}, "agreement", "--gamma", "--json"]))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    (pair,) = json.loads(result.stdout)
    assert pair["annotators"] == ["Ada", "Bob"] and 0 < pair["gamma"]["value"] < 1
    assert "obj =" in result.stderr  # GLPK's own progress lines: printed, on stderr
