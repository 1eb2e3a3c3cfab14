"""Data tables told from layout tables, and the cells a data table keeps whole."""

from __future__ import annotations

from lxml.html import HtmlElement


def is_data_table(table: HtmlElement) -> bool:
    """Whether a ``<table>`` holds data (two rows or more, two columns or more) rather than page layout."""
    if (table.get("role") or "").lower() in {"presentation", "none"}:
        return False
    if next(table.iterdescendants("table"), None) is not None:
        return False
    rows = 0
    wide = False
    for tr in table.iter("tr"):
        cells = sum(1 for cell in tr if isinstance(cell.tag, str) and cell.tag in {"td", "th"})
        rows += cells > 0
        wide = wide or cells >= 2
        if rows >= 2 and wide:
            return True
    return False


def inside_data_tables(root: HtmlElement) -> set[HtmlElement]:
    """Every element within a data table of ``root`` (the tables themselves left out).

    A data table is kept or dropped whole: its cells are data, and a class such as "header_cell" or
    "footnote" names their role in the table, not page furniture.
    """
    inside: set[HtmlElement] = set()
    for table in root.iter("table"):
        if is_data_table(table):
            inside.update(table.iterdescendants())
    return inside
