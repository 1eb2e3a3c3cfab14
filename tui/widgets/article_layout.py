"""Lay an article out into wrapped lines for one width, with anchors from blocks to lines.

Pure Python (no Textual): the layout is computed once per width and the article view
renders only the visible lines from it. Text is kept as offsets into plain strings so
highlights (quotes, search matches) map from characters to line spans.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime

from news.model import Article, Block, Image
from news.sanitize import safe_text
from tui.widgets.figure import Figures, caption_text, placeholder_text
from tui.widgets.inline import LinkIndex, Run, Styled, styled_block
from tui.widgets.table_layout import grid_lines
from tui.widgets.wrapping import cells, char_chunks, wrap

MAX_TEXT_WIDTH = 80
"""Widest text column, in cells: long lines are hard to read."""

WORDS_PER_MINUTE = 230


@dataclass(frozen=True, slots=True)
class Unit:
    """One run of text laid out as a whole: the headline, a paragraph, a list item.

    ``block`` is the article block it shows, or None for parts built from metadata. ``runs`` are
    its styled ranges (links, emphasis); ``inserted`` says where link numbers were put into the
    block's text (see :meth:`offset`). A ``figure`` unit has no text: its lines are the rows of the
    picture at ``url``.
    """

    text: str
    role: str
    block: int | None = None
    runs: tuple[Run, ...] = ()
    inserted: tuple[tuple[int, int], ...] = ()
    url: str | None = None

    def offset(self, block_offset: int, *, end: bool = False) -> int:
        """An offset into the block's own text as an offset into :attr:`text` (past link numbers)."""
        return Styled(self.text, (), self.inserted).offset(block_offset, end=end)


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line: ``unit`` (-1 for a blank line) from ``start`` to ``end`` chars, after ``prefix``."""

    unit: int
    start: int = 0
    end: int = 0
    prefix: str = ""
    prefix_role: str = "marker"


BLANK = Line(-1)


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """What the reader chose to show: link numbers, and pictures (None: off, a placeholder line each)."""

    link_numbers: bool = True
    figures: Figures | None = None
    links: LinkIndex | None = None


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
    links: LinkIndex = field(default_factory=LinkIndex)
    complete: bool = True
    """False for the first screens of a long article only (see ``max_lines`` of :func:`layout_article`)."""

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
        styled: Styled | None = None,
    ) -> int:
        layout = self.layout
        index = len(layout.units)
        runs: tuple[Run, ...] = ()
        inserted: tuple[tuple[int, int], ...] = ()
        if styled is not None and styled.runs:
            text = styled.text
            clean = safe_text(text)
            # Runs are offsets into the text: it may only change in ways that keep its length.
            if len(clean) == len(text):
                text, runs, inserted = clean.replace("\t", " "), styled.runs, styled.inserted
            else:
                text = clean.replace("\t", "    ")
        else:
            # Tabs would break cell counting; control characters must never reach the terminal.
            text = safe_text(text).replace("\t", "    ")
        layout.units.append(Unit(text, role, block, runs, inserted))
        first = len(layout.lines)
        width = layout.text_width - cells(first_prefix)
        pieces = char_chunks(text, width) if breaking else wrap(text, width)
        for number, (start, end) in enumerate(pieces):
            layout.lines.append(Line(index, start, end, first_prefix if number == 0 else prefix, prefix_role))
        layout.unit_lines.append((first, len(layout.lines)))
        if block is not None and block not in layout.block_line:
            layout.block_line[block] = first
        return first

    def whole(self, text: str, role: str, block: int | None) -> int:
        """One line of ``text`` as it is, however wide (a table's row scrolls sideways instead)."""
        layout = self.layout
        index = len(layout.units)
        layout.units.append(Unit(text, role, block))
        first = len(layout.lines)
        layout.lines.append(Line(index, 0, len(text)))
        layout.unit_lines.append((first, first + 1))
        if block is not None and block not in layout.block_line:
            layout.block_line[block] = first
        return first

    def picture(self, image: Image, block: int | None, figures: Figures | None) -> None:
        """The picture's rows and caption, or its one placeholder line when it cannot be drawn."""
        layout = self.layout
        rows = figures.rows(image.url, layout.text_width) if figures is not None else None
        if rows is None:
            self.add(placeholder_text(image), "figure-placeholder", block)
            return
        index = len(layout.units)
        layout.units.append(Unit("", "figure", block, url=image.url))
        first = len(layout.lines)
        layout.lines.extend(Line(index, y, y + 1) for y in range(rows))
        layout.unit_lines.append((first, len(layout.lines)))
        if block is not None and block not in layout.block_line:
            layout.block_line[block] = first
        caption = caption_text(image)
        if caption:
            self.add(caption, "caption", block)

    def table(self, block: Block, index: int) -> None:
        """The block's table as a grid fitted to the measure, then its caption."""
        media = block.media
        rows = getattr(media, "rows", ())
        lines = grid_lines(rows, getattr(media, "header_rows", 0), self.layout.text_width)
        if not lines:
            self.add(block.text, "paragraph", index)
            return
        for line in lines:
            self.whole(line.text, line.role, index)
        caption = getattr(media, "caption", "")
        if caption:
            self.add(caption, "caption", index)


def layout_article(
    article: Article, width: int, options: LayoutOptions | None = None, *, max_lines: int | None = None
) -> Layout:
    """Lay ``article`` out for an article pane ``width`` cells wide, showing what ``options`` asks.

    With ``max_lines``, stop after the block that reaches that many lines: the start of a long
    article, enough for its first paint, with ``complete`` False. Its lines are those the whole
    layout begins with, so a view can show it and swap in the whole layout unnoticed.
    """
    options = options or LayoutOptions()
    given = options.links
    links = given if given is not None else LinkIndex()
    text_width, margin = text_width_for(width)
    builder = _Builder(text_width, margin)
    layout = builder.layout
    layout.links = links

    def styled(block: Block, index: int) -> Styled | None:
        return styled_block(block, index, links, numbers=options.link_numbers) if block.spans else None

    builder.add(article.title or article.source, "title")
    if article.subtitle:
        builder.add(article.subtitle, "subtitle")
    builder.add(meta_line(article), "meta")
    layout.lines.append(Line(-2, prefix="─" * text_width, prefix_role="rule"))
    builder.blank()
    lead = article.lead_image
    if lead is not None and not any(
        block.kind == "image" and getattr(block.media, "url", None) == lead.url for block in article.blocks
    ):
        builder.picture(lead, None, options.figures)
        builder.blank()

    if article.takeaways and article.takeaways_block is None:
        title = "Key takeaways (chosen by byline)" if article.takeaways_generated else "Key takeaways"
        layout.takeaways_line = builder.add(title, "heading2")
        for takeaway in article.takeaways:
            layout.takeaway_lines.append(builder.add(takeaway, "item", None, "• ", "  "))
        builder.blank()

    blocks = article.blocks
    for index, block in enumerate(blocks):
        if max_lines is not None and len(layout.lines) >= max_lines:
            layout.complete = False
            break
        if given is None and (block.spans or block.kind == "embed"):
            links.add(index, block)
        if block.kind == "heading":
            builder.blank()
            first = builder.add(
                block.text, f"heading{min(max(block.level, 1), 4)}", index, styled=styled(block, index)
            )
            layout.heading_lines.append(first)
            layout.heading_blocks.append(index)
            builder.blank()
        elif block.kind == "item":
            indent = "  " * max(0, block.level - 1)
            marker = block.marker if block.marker and block.marker not in "-*+" else "•"
            builder.add(
                block.text,
                "item",
                index,
                f"{indent}{marker} ",
                " " * (len(indent) + cells(marker) + 1),
                styled=styled(block, index),
            )
            following = blocks[index + 1].kind if index + 1 < len(blocks) else None
            if following != "item":
                builder.blank()
        elif block.kind == "quote":
            builder.add(block.text, "quote", index, "▌ ", "▌ ", "bar", styled=styled(block, index))
            builder.blank()
        elif block.kind == "code":
            builder.add(block.text, "code", index, "  ", "  ", breaking=True)
            builder.blank()
        elif block.kind == "image" and isinstance(block.media, Image):
            builder.picture(block.media, index, options.figures)
            builder.blank()
        elif block.kind == "table":
            builder.table(block, index)
            builder.blank()
        elif block.kind == "embed":
            number = links.numbers.get((index, -1)) if options.link_numbers else None
            label = f"▶ {block.text}" + (f" [{number}]" if number is not None else "")
            builder.add(label, "embed", index)
            builder.blank()
        else:
            builder.add(block.text, "paragraph", index, styled=styled(block, index))
            builder.blank()
    start = article.takeaways_block
    if layout.takeaways_line is None and start is not None and start < len(blocks):
        # The list's own heading ("Key takeaways") belongs with it when the page has one.
        if start > 0 and blocks[start - 1].kind == "heading":
            start -= 1
        layout.takeaways_line = layout.block_line.get(start)
    while layout.complete and layout.lines and layout.lines[-1].unit == -1:
        layout.lines.pop()
    return layout
