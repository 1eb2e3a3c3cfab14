"""Lay an article out into wrapped lines for one width, with anchors from blocks to lines.

Pure Python (no Textual): the layout is computed once per width and the article view
renders only the visible lines from it. Text is kept as offsets into plain strings so
highlights (quotes, search matches) map from characters to line spans.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime

from rich.cells import cell_len

from news.model import Article
from news.sanitize import safe_text

MAX_TEXT_WIDTH = 80
"""Widest text column, in cells: long lines are hard to read."""

WORDS_PER_MINUTE = 230

_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class Unit:
    """One run of text laid out as a whole: the headline, a paragraph, a list item.

    ``block`` is the article block it shows, or None for parts built from metadata.
    """

    text: str
    role: str
    block: int | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line: ``unit`` (-1 for a blank line) from ``start`` to ``end`` chars, after ``prefix``."""

    unit: int
    start: int = 0
    end: int = 0
    prefix: str = ""
    prefix_role: str = "marker"


BLANK = Line(-1)


@dataclass(slots=True)
class Layout:
    """The article laid out for one text width."""

    text_width: int
    margin: int
    units: list[Unit] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    unit_lines: list[tuple[int, int]] = field(default_factory=list)
    block_line: dict[int, int] = field(default_factory=dict)
    heading_lines: list[int] = field(default_factory=list)
    heading_blocks: list[int] = field(default_factory=list)
    takeaways_line: int | None = None
    takeaway_lines: list[int] = field(default_factory=list)

    def spans(self, unit: int, start: int, end: int) -> list[tuple[int, int, int]]:
        """The (line, start, end) pieces, in unit char offsets, of chars ``start:end`` of ``unit``."""
        first, stop = self.unit_lines[unit]
        pieces: list[tuple[int, int, int]] = []
        for y in range(first, stop):
            line = self.lines[y]
            lo, hi = max(start, line.start), min(end, line.end)
            if lo < hi:
                pieces.append((y, lo, hi))
        return pieces

    def heading_at(self, y: int) -> int | None:
        """The block index of the last heading at or above line ``y``, or None before the first."""
        index = bisect_right(self.heading_lines, y) - 1
        return self.heading_blocks[index] if index >= 0 else None

    def block_at(self, y: int) -> int | None:
        """The article block shown on line ``y`` or the next line that shows one."""
        for line in self.lines[max(0, y) :]:
            if line.unit >= 0 and self.units[line.unit].block is not None:
                return self.units[line.unit].block
        return None


def cells(text: str) -> int:
    """Terminal cells taken by ``text``."""
    return len(text) if text.isascii() else cell_len(text)


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Word-wrap ``text`` to ``width`` cells; return (start, end) char offsets of each line.

    Newlines force a break; a word wider than the line is broken between characters.
    """
    width = max(1, width)
    result: list[tuple[int, int]] = []
    offset = 0
    for hard in text.split("\n"):
        _wrap_line(hard, offset, width, result)
        offset += len(hard) + 1
    return result


def _wrap_line(text: str, base: int, width: int, out: list[tuple[int, int]]) -> None:
    start = 0
    col = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        word = token.rstrip()
        word_cells = cells(word)
        pos = match.start()
        if col and col + word_cells > width:
            out.append((base + start, base + pos))
            start, col = pos, 0
        if word_cells > width:
            for index, char in enumerate(token):
                char_cells = cells(char)
                if col and col + char_cells > width and not char.isspace():
                    out.append((base + start, base + pos + index))
                    start, col = pos + index, 0
                col += char_cells
            continue
        col += cells(token)
    out.append((base + start, base + len(text)))


def reading_minutes(article: Article) -> int:
    """Minutes to read the body at an ordinary pace (at least 1)."""
    words = sum(len(block.text.split()) for block in article.blocks)
    return max(1, round(words / WORDS_PER_MINUTE))


def _date(published: str) -> str:
    try:
        when = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return published
    return f"{when.day} {when:%b %Y}"


def meta_line(article: Article) -> str:
    """Site · authors · date · reading time, for the line under the headline."""
    parts: list[str] = []
    if article.site:
        parts.append(article.site)
    if article.authors:
        parts.append(", ".join(article.authors))
    if article.published:
        parts.append(_date(article.published))
    parts.append(f"{reading_minutes(article)} min read")
    return " · ".join(safe_text(part).replace("\n", " ") for part in parts)


def text_width_for(width: int) -> tuple[int, int]:
    """(text width, left margin) for a pane ``width`` cells wide: at most 80 columns, centred."""
    text_width = max(10, min(MAX_TEXT_WIDTH, width - 4))
    margin = max(0, (width - text_width) // 2)
    return text_width, margin


class _Builder:
    def __init__(self, text_width: int, margin: int) -> None:
        self.layout = Layout(text_width, margin)

    def blank(self) -> None:
        lines = self.layout.lines
        if lines and lines[-1].unit != -1:
            lines.append(BLANK)

    def add(
        self,
        text: str,
        role: str,
        block: int | None = None,
        first_prefix: str = "",
        prefix: str = "",
        prefix_role: str = "marker",
        *,
        breaking: bool = False,
    ) -> int:
        layout = self.layout
        index = len(layout.units)
        # Tabs would break cell counting; control characters must never reach the terminal.
        text = safe_text(text).replace("\t", "    ")
        layout.units.append(Unit(text, role, block))
        first = len(layout.lines)
        width = layout.text_width - cells(first_prefix)
        pieces = _char_chunks(text, width) if breaking else wrap(text, width)
        for number, (start, end) in enumerate(pieces):
            layout.lines.append(Line(index, start, end, first_prefix if number == 0 else prefix, prefix_role))
        layout.unit_lines.append((first, len(layout.lines)))
        if block is not None and block not in layout.block_line:
            layout.block_line[block] = first
        return first


def _char_chunks(text: str, width: int) -> list[tuple[int, int]]:
    """Break preformatted ``text`` at newlines and every ``width`` cells, keeping its spaces."""
    width = max(1, width)
    result: list[tuple[int, int]] = []
    offset = 0
    for hard in text.split("\n"):
        start, col = 0, 0
        for index, char in enumerate(hard):
            char_cells = cells(char)
            if col + char_cells > width:
                result.append((offset + start, offset + index))
                start, col = index, 0
            col += char_cells
        result.append((offset + start, offset + len(hard)))
        offset += len(hard) + 1
    return result


def layout_article(article: Article, width: int) -> Layout:
    """Lay ``article`` out for an article pane ``width`` cells wide."""
    text_width, margin = text_width_for(width)
    builder = _Builder(text_width, margin)
    layout = builder.layout
    builder.add(article.title or article.source, "title")
    if article.subtitle:
        builder.add(article.subtitle, "subtitle")
    builder.add(meta_line(article), "meta")
    layout.lines.append(Line(-2, prefix="─" * text_width, prefix_role="rule"))
    builder.blank()

    if article.takeaways and article.takeaways_block is None:
        title = "Key takeaways (chosen by byline)" if article.takeaways_generated else "Key takeaways"
        layout.takeaways_line = builder.add(title, "heading2")
        for takeaway in article.takeaways:
            layout.takeaway_lines.append(builder.add(takeaway, "item", None, "• ", "  "))
        builder.blank()

    blocks = article.blocks
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            builder.blank()
            first = builder.add(block.text, f"heading{min(max(block.level, 1), 4)}", index)
            layout.heading_lines.append(first)
            layout.heading_blocks.append(index)
            builder.blank()
        elif block.kind == "item":
            indent = "  " * max(0, block.level - 1)
            marker = block.marker if block.marker and block.marker not in "-*+" else "•"
            builder.add(
                block.text, "item", index, f"{indent}{marker} ", " " * (len(indent) + cells(marker) + 1)
            )
            following = blocks[index + 1].kind if index + 1 < len(blocks) else None
            if following != "item":
                builder.blank()
        elif block.kind == "quote":
            builder.add(block.text, "quote", index, "▌ ", "▌ ", "bar")
            builder.blank()
        elif block.kind == "code":
            builder.add(block.text, "code", index, "  ", "  ", breaking=True)
            builder.blank()
        else:
            builder.add(block.text, "paragraph", index)
            builder.blank()
    start = article.takeaways_block
    if layout.takeaways_line is None and start is not None and start < len(blocks):
        # The list's own heading ("Key takeaways") belongs with it when the page has one.
        if start > 0 and blocks[start - 1].kind == "heading":
            start -= 1
        layout.takeaways_line = layout.block_line.get(start)
    while layout.lines and layout.lines[-1].unit == -1:
        layout.lines.pop()
    return layout
