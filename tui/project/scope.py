"""Which articles a project command works on, and their texts.

Every article by default; with a query, the articles the search finds: all of them, not a
first page of results, sorted by id so the same files give the same order whatever the index.
"""

from __future__ import annotations

from tui.workspace.articles import decode_article
from tui.workspace.layout import Workspace


def searched_ids(workspace: Workspace, query: str) -> list[str]:
    """The ids of every article ``query`` finds (the index is brought up to date first)."""
    from tui.search import CorpusIndex  # here: commands that search nothing need not load the index

    corpus_index = CorpusIndex.open(workspace)
    try:
        return corpus_index.matching_ids(query)
    finally:
        corpus_index.close()


def article_text(workspace: Workspace, article_id: str) -> str:
    """The article text every offset counts against (its metadata is not needed here, nor read).

    ``OSError`` (``FileNotFoundError`` when it is not in the corpus) or ``GlossatorError``
    (a link out of the workspace, a FIFO, too big), as ``Workspace.read`` raises them.
    """
    return decode_article(workspace.read(workspace.article_path(article_id))).text
