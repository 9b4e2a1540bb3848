"""The query language, as the help screen shows it under the search box's keys.

The search box's placeholder has room for a hint only; this is the rest, with the
workspace's own tags (each is a field of words inside its spans).
"""

from __future__ import annotations

from tui.workspace.tagset import TagSet

TITLE = "Searching (the query language)"


def query_help(tag_set: TagSet) -> tuple[str, list[tuple[str, str]]]:
    """(title, [(what to type, what it finds)]) for the help screen."""
    first = tag_set.names[0] if tag_set.names else "funding"
    return (
        TITLE,
        [
            (
                "venture investment",
                "Articles with every word: in the title and the text first, then in notes "
                "(ranked below); words are stemmed (investments finds investment)",
            ),
            ('"a phrase"', "The words side by side, in this order"),
            ("a OR b, NOT c, ( )", "Either word, without a word, grouped; AND binds tighter than OR"),
            ("incub*  harb?n", "Wildcards (start with two letters)"),
            ("title: source: byline:", "Words in the title, the source, the byline"),
            ("date:2016-03", "By date; a range: date:[2016 to 2020], date:[2020 to]"),
            (f"tag:{first}", "Articles with at least one annotation of that tag"),
            (
                f"{first}:yuan",
                f"Words inside spans of that tag (tags: {', '.join(tag_set.names)})",
            ),
            ("note:  author:", "Words in annotation notes; annotations by an author"),
            ("status:suggested", "Suggestions waiting for review; status:done, status:skipped: marked so"),
            ("harbin^2  'new york'", "A word that counts more; a term of several words"),
            ("(empty) or *", "Every article, newest first"),
        ],
    )
