"""Nest an article's headings into its sections."""

from __future__ import annotations

from news.model import Block, Section


def build_sections(blocks: list[Block], skip: set[int]) -> tuple[list[Section], dict[int, str | None]]:
    """The section tree of ``blocks`` and, for each block, the title of its innermost section.

    A heading nests under the nearest earlier heading of a smaller page level; a section's
    ``level`` is its depth in the tree (1 for the top), whatever levels the page used.

    Args:
        blocks: the body.
        skip: indexes of headings that are not sections (headline, dek, takeaways label).
    """
    roots: list[Section] = []
    stack: list[tuple[int, Section]] = []
    enclosing: dict[int, str | None] = {}
    current: str | None = None
    for index, block in enumerate(blocks):
        if block.kind == "heading" and index not in skip:
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            section = Section(block.text, len(stack) + 1, index)
            (stack[-1][1].children if stack else roots).append(section)
            stack.append((block.level, section))
            current = block.text
        elif block.kind == "heading" and stack and block.level <= stack[0][0]:
            # A skipped heading at the top level (a takeaways label) closes the open sections.
            stack.clear()
            current = None
        enclosing[index] = current
    return roots, enclosing
