"""Turn a page's HTML tree into the article body as blocks (readability-lxml, then our own rules).

The walk from the extracted tree to blocks (text, spans, figures, tables, embeds) is news.blocks."""

from __future__ import annotations

import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

from news.blocks import blocks_of, is_data_table, note_media, page_base
from news.furniture import drop_furniture_blocks, prune
from news.model import Block


def clean(doc: HtmlElement, url: str | None = None) -> list[Block]:
    """The article body of ``doc`` as blocks in reading order; ``doc`` may be changed."""
    base = page_base(doc, url)
    note_media(doc)
    prune(doc)
    try:
        summary = _Readability(doc, url=url).summary(html_partial=True)
    except Unparseable:
        return []
    if not summary.strip():
        return []
    try:
        body = lxml.html.fragment_fromstring(summary, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return []
    return drop_furniture_blocks(blocks_of(body, base))


class _Readability(Document):  # type: ignore[misc]
    """readability-lxml that keeps every list inside the article it found.

    Its conditional cleaning drops short lists and link-heavy ones, which loses list structure and the
    "get it at ..." lines of shopping pieces; lists of other articles are dropped after extraction instead.
    """

    def get_preserved_elements(self, node: HtmlElement) -> dict[HtmlElement, bool]:
        allowed: dict[HtmlElement, bool] = super().get_preserved_elements(node)
        for element in self.tags(node, "ul", "ol"):
            if element.find("li") is not None:
                allowed[element] = True
        # Its conditional cleaning drops short data tables too (Readability.js keeps them).
        for element in self.tags(node, "table"):
            if is_data_table(element):
                allowed[element] = True
        return allowed
