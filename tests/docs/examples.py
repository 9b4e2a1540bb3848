"""The examples the help topics show, read from the topics themselves, so a test runs exactly
what a user reads."""

from __future__ import annotations

import re

from tui.docs import read


def code_blocks(topic: str, language: str) -> list[str]:
    """The fenced ``language`` blocks of a topic, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```$", read(topic), re.MULTILINE | re.DOTALL)


def indented_blocks(topic: str) -> list[str]:
    """The indented code blocks of a topic (four spaces more than the text around them)."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in read(topic).splitlines():
        if line.startswith("    ") or (current and not line.strip()):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    blocks += [current] if current else []
    return ["\n".join(line[4:] for line in block).strip("\n") + "\n" for block in blocks]


def python_examples(topic: str) -> dict[str, str]:
    """A topic's Python examples by the word their first comment starts with (``# jsonl: …``)."""
    found = {}
    for block in code_blocks(topic, "python"):
        first = block.splitlines()[0]
        name = re.match(r"# ([a-z0-9]+):", first)
        found[name.group(1) if name else ""] = block
    return found
