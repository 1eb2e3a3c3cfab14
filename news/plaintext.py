"""Text and Markdown sources to body blocks."""

from __future__ import annotations

from news.model import Block


def text_blocks(text: str) -> list[Block]:
    """One block a non-empty line; ``- `` lines are list items, ``#`` lines headings."""
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith(("- ", "* ")):
            blocks.append(Block("item", line[2:].strip(), 1, "-"))
        elif line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            blocks.append(Block("heading", line.lstrip("#").strip(), min(level, 6)))
        else:
            blocks.append(Block("paragraph", line))
    return blocks
