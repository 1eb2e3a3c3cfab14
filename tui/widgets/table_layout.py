"""Lay a table out as a grid of box-drawing lines for one width, wrapping cells to fit.

Pure Python (no Textual). Columns get their natural width when the table fits the measure;
otherwise each gets at least its longest word (up to :data:`MAX_MIN_COLUMN`) and the rest is
shared in proportion to how much more each would take. A table whose columns cannot fit even
so comes out wider than the measure: the article view scrolls it sideways (h/l).
"""

from __future__ import annotations

from dataclasses import dataclass

from news.sanitize import safe_line
from tui.widgets.wrapping import cells, wrap

MAX_MIN_COLUMN = 24
"""A column need not be wider than this to keep its longest word whole: longer words break.

About three ordinary words: a wider floor would push most real tables sideways on an 80-column
measure, a narrower one splits common long words (names, "infrastructure")."""

MAX_ROW_LINES = 12
"""Lines one cell may take before it is cut with an ellipsis (a page's table cell can be an essay)."""


@dataclass(frozen=True, slots=True)
class GridLine:
    """One line of a drawn table: its text and role (``table-rule``, ``table-head`` or ``table``)."""

    text: str
    role: str


def column_widths(rows: list[list[str]], width: int) -> list[int]:
    """The width, in cells, of each column of ``rows`` drawn within ``width`` cells (borders included)."""
    columns = max((len(row) for row in rows), default=0)
    if columns == 0:
        return []
    natural = [1] * columns
    floor = [1] * columns
    for row in rows:
        for column, text in enumerate(row):
            natural[column] = max(natural[column], cells(text))
            longest = max((cells(word) for word in text.split()), default=1)
            floor[column] = max(floor[column], min(longest, MAX_MIN_COLUMN))
    room = width - (3 * columns + 1)
    if sum(natural) <= room:
        return natural
    if sum(floor) >= room:
        return floor
    extra = room - sum(floor)
    wants = [n - f for n, f in zip(natural, floor, strict=True)]
    total = sum(wants)
    widths = [f + (extra * want) // total for f, want in zip(floor, wants, strict=True)]
    # What integer division left over goes to the columns that still want more, leftmost first.
    left = room - sum(widths)
    for column in range(columns):
        if left <= 0:
            break
        if widths[column] < natural[column]:
            widths[column] += 1
            left -= 1
    return widths


def _rule(widths: list[int], left: str, middle: str, right: str, fill: str) -> str:
    return left + middle.join(fill * (width + 2) for width in widths) + right


def _wrapped(text: str, width: int) -> list[str]:
    if cells(text) <= width:
        return [text]  # most cells fit: a big table spends its time here
    pieces = [text[start:end].rstrip() for start, end in wrap(text, width)] or [""]
    if len(pieces) > MAX_ROW_LINES:
        pieces = pieces[:MAX_ROW_LINES]
        last = pieces[-1]
        while last and cells(last) + 1 > width:
            last = last[:-1]
        pieces[-1] = last + "…"
    return pieces


def grid_lines(rows: tuple[tuple[str, ...], ...], header_rows: int, width: int) -> list[GridLine]:
    """``rows`` drawn as a grid within ``width`` cells (wider only when it cannot fit); [] for no cells.

    Cell text is page text: control characters are removed and whitespace is flattened to spaces.
    """
    cleaned = [[safe_line(cell) for cell in row] for row in rows]
    columns = max((len(row) for row in cleaned), default=0)
    if columns == 0:
        return []
    for row in cleaned:
        row.extend([""] * (columns - len(row)))
    widths = column_widths(cleaned, width)
    laid = [[_wrapped(cell, widths[c]) for c, cell in enumerate(row)] for row in cleaned]
    tall = any(len(cell) > 1 for row in laid for cell in row)
    lines = [GridLine(_rule(widths, "┌", "┬", "┐", "─"), "table-rule")]
    for number, cells_of_row in enumerate(laid):
        head = number < header_rows
        if number and not head:
            if number == header_rows:
                lines.append(GridLine(_rule(widths, "╞", "╪", "╡", "═"), "table-rule"))
            elif tall:
                # Cells that wrap need a rule between rows, or the eye cannot tell where a row ends.
                lines.append(GridLine(_rule(widths, "├", "┼", "┤", "─"), "table-rule"))
        for y in range(max(len(cell) for cell in cells_of_row)):
            parts = []
            for column, cell in enumerate(cells_of_row):
                piece = cell[y] if y < len(cell) else ""
                parts.append(piece + " " * (widths[column] - cells(piece)))
            lines.append(GridLine("│ " + " │ ".join(parts) + " │", "table-head" if head else "table"))
    lines.append(GridLine(_rule(widths, "└", "┴", "┘", "─"), "table-rule"))
    return lines
