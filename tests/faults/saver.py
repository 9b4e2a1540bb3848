"""A process that saves annotations in a loop the way the app does, to be killed or raced.

Usage: python -m tests.faults.saver WORKSPACE ARTICLE MODE N
  MODE "cycle": save versions 0..N-1 of a set (version i: i % 7 + 1 spans, note "v<i>"),
               re-indexing after each save; killed at random by the test.
  MODE "even"/"odd": add N company spans on the even / odd words, one save each (as fast
               as possible, to race the other process), merging with what it wrote meanwhile.
"""

from __future__ import annotations

import re
import sys

from tui.annotations.editing import ArticleEditor
from tui.annotations.model import new_annotation
from tui.annotations.store import AnnotationStore
from tui.search import CorpusIndex
from tui.workspace.articles import load_article
from tui.workspace.layout import Workspace


def main() -> None:
    root, article_id, mode, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    workspace = Workspace.open(root)
    store = AnnotationStore(workspace)
    article = load_article(workspace, article_id)
    words = [m.span() for m in re.finditer(r"[A-Za-z]{4,}", article.text)]
    index = CorpusIndex.open(workspace)
    if mode == "cycle":
        for i in range(count):
            loaded = store.load(article_id, article.text)
            spans = [
                new_annotation(article.text, *words[j], "funding", author="saver", note=f"v{i}")
                for j in range(i % 7 + 1)
            ]
            store.update(loaded.article_id, article.text, lambda _, spans=spans: spans)
            index.update_article(article_id)
        return
    editor = ArticleEditor(store, article, author=mode)
    mine = words[0 if mode == "even" else 1 :: 2][:count]
    for start, end in mine:
        editor.add(start, end, "company")
        result = editor.save(*editor.snapshot())
        if result.merged is not None:
            editor.adopt(editor.version, result.merged)
    index.update_article(article_id)
    print(len(editor.annotations))


if __name__ == "__main__":
    main()
