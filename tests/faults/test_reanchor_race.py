"""``glossator reanchor`` and a save at the same moment: neither loses the other's work.

Reported: reanchor read every file first and wrote each later with a plain save, so an
annotation the app saved in between was gone when reanchor finished.  Every writer now
goes through the store's one write path (lock, re-read, change, atomic write).
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tui.annotations.editing import ArticleEditor
from tui.annotations.model import AnnotationFile, new_annotation
from tui.annotations.store import AnnotationStore, write_document
from tui.workspace.articles import load_article, text_sha256
from tui.workspace.layout import Workspace

from ..conftest import FIRST, FUNDING_QUOTE, REPO

#: Real processes, killed and racing: run by CI and with `-m slow`, not by default.
pytestmark = pytest.mark.slow


def big_annotation_file(workspace: Workspace, article_id: str, count: int) -> None:
    """An article with ``count`` annotations: reading it takes seconds (the race window)."""
    text = "Harbin start-ups raised money. " * 200
    workspace.article_path(article_id).write_text(text)
    annotations = tuple(
        new_annotation(text, start, start + 6, "company", author="Ada")
        for start in (text.index("Harbin", (n * 31) % (len(text) - 40)) for n in range(count))
    )
    path = workspace.annotation_path(article_id)
    write_document(path, AnnotationFile(article_id, text_sha256(text), annotations))


def test_reanchor_never_drops_an_annotation_saved_while_it_runs(workspace: Workspace) -> None:
    store = AnnotationStore(workspace)
    article = load_article(workspace, FIRST)
    start = article.text.index(FUNDING_QUOTE)
    funding = new_annotation(article.text, start, start + len(FUNDING_QUOTE), "funding", author="Ada")
    store.update(FIRST, article.text, lambda _: [funding])
    # The text changes (a headline is added), so reanchor must rewrite this file...
    workspace.article_path(FIRST).write_text("BREAKING: " + article.text)
    # ...and big files sorted after it keep reanchor busy for seconds (each is read in about
    # half a second: files in Glossator's own layout are read by its fast canonical reader).
    for number in range(6):
        big_annotation_file(workspace, f"zzz_big_{number}", 60_000)

    reanchor = subprocess.Popen(
        [sys.executable, "-m", "tui", "reanchor", "--workspace", str(workspace.root)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # reanchor has started and read the first files
    assert reanchor.poll() is None, "reanchor finished before the save: the race was not tested"
    editor = ArticleEditor(store, load_article(workspace, FIRST), "Bob")
    harbin = editor.text.index("Harbin")
    editor.add(harbin, harbin + len("Harbin"), "company")
    assert editor.save(*editor.snapshot()).written
    _out, err = reanchor.communicate(timeout=120)
    assert "Traceback" not in err, err

    text = load_article(workspace, FIRST).text
    saved = store.load(FIRST, text).annotations
    assert sorted((a.tag, a.quote) for a in saved) == [("company", "Harbin"), ("funding", FUNDING_QUOTE)]
    assert all(a.matches(text) for a in saved), "the funding span was re-anchored to the new text"
