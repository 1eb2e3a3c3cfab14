"""Turn a page's HTML tree into the article body as blocks (readability-lxml, then our own rules).

trafilatura reads the page too, and per page the reading that holds the article is kept
(news.candidates). The walk from the extracted tree to blocks (text, spans, figures, tables, embeds) is
news.blocks."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

from news.blocks import blocks_of, is_data_table, note_media, page_base
from news.candidates import choose, could_be_replaced, other_extraction, page_words, words
from news.furniture import drop_furniture_blocks, prune
from news.model import Block
from news.sanitize import drop_invisible_marks


def clean(doc: HtmlElement, url: str | None = None) -> list[Block]:
    """The article body of ``doc`` as blocks in reading order; ``doc`` may be changed.

    Two extractors read the page, ours and trafilatura; :func:`news.candidates.choose` keeps the one
    that found the article.
    """
    base = page_base(doc, url)
    drop_invisible_marks(doc)
    page = page_words(doc)
    _show_noscript_article(doc, page)
    note_media(doc)
    mine = _ours(copy.deepcopy(doc), url, base)  # ours prunes the tree; the other reads the page as it came
    if not could_be_replaced(mine, page):
        return mine
    other = other_extraction(doc, url)
    theirs = drop_furniture_blocks(blocks_of(other, base)) if other is not None else []
    return choose(mine, theirs)


def _show_noscript_article(doc: HtmlElement, page: int) -> None:
    """Unwrap ``<noscript>`` elements when they hold most of the page's ``page`` words, in place.

    A page built by script may carry its article only for readers without script; both extractors drop
    ``<noscript>`` (usually a "turn on JavaScript" line or a tracking pixel), so they would find nothing.
    """
    holders = [element for element in doc.iter("noscript") if element.getparent() is not None]
    hidden = sum(len(words(element.text_content())) for element in holders)
    if hidden * 2 <= page:
        return
    for element in holders:
        if element.getparent() is not None:
            element.drop_tag()


def _ours(doc: HtmlElement, url: str | None, base: str | None) -> list[Block]:
    """readability-lxml's article after our pruning, without the furniture blocks."""
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


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _Readability(Document):  # type: ignore[misc]
    """readability-lxml that keeps every list inside the article it found.

    Its conditional cleaning drops short lists and link-heavy ones, which loses list structure and the
    "get it at ..." lines of shopping pieces; lists of other articles are dropped after extraction instead.
    """

    def tags(self, node: HtmlElement, *tag_names: str) -> Iterator[HtmlElement]:
        # Its sanitize step drops each heading that is mostly a link, and so every section of a series
        # whose headings link to the people or places they name (interviews, profiles, guides). Only the
        # headings its class weight condemns are handed to that step; lists of links go after extraction.
        found: Iterator[HtmlElement] = super().tags(node, *tag_names)
        if tag_names == _HEADING_TAGS:
            return (heading for heading in found if self.class_weight(heading) < 0)
        return found

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
