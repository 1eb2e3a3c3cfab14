"""Turn a page's HTML tree into the article body as blocks (readability-lxml, then our own rules).

trafilatura reads the page too, and per page the reading that holds the article is kept
(news.candidates). The walk from the extracted tree to blocks (text, spans, figures, tables, embeds) is
news.blocks."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

from news.blocks import blocks_of, is_data_table, note_media, page_base
from news.candidates import choose, could_be_replaced, fill_gaps, other_extraction, page_words, words
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
        return drop_empty_headings(mine)
    other = other_extraction(doc, url)
    theirs = drop_furniture_blocks(blocks_of(other, base)) if other is not None else []
    chosen = choose(mine, theirs)
    return drop_empty_headings(fill_gaps(mine, theirs) if chosen is mine else chosen)


def drop_empty_headings(blocks: list[Block]) -> list[Block]:
    """``blocks`` without the headings that end the article: nothing they head comes after them.

    Pruning takes a "More stories" or "Further reading" list and leaves its heading behind; the article
    then ends on it, and the outline lists a section with nothing in it. Only the end is judged: inside
    the article a heading straight before another (a headline and the next section, a name over a
    question) is how pages are built.
    """
    end = len(blocks)
    while end and blocks[end - 1].kind == "heading":
        end -= 1
    return blocks[:end] if end else blocks


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

# The climb to a lead (see _Readability.get_article): the ancestor may add at most this share of text to
# the chosen block. On the development pages the missed leads (an intro, an abstract, an epigraph in the
# article's header) added 7-12% to their article; a wrapper that adds more holds other things too.
_LEAD_GROWTH = 0.15
# How far up the climb looks: a lead sits in a header beside the body, one or two wrappers up.
_LEAD_LEVELS = 3
# A lead is prose: a run of at least this many words that ends a sentence, under a quarter of its text
# in links (a header's "By ... (with ...)" and date lines are as long, but end no sentence).
_LEAD_WORDS = 12
_LEAD_LINKS = 0.25
_SENTENCE_ENDS = (".", "!", "?", "…", "»", '"', "”", "“", "'", "’")
_LEAD_TAGS = frozenset({"p", "h2", "h3", "h4", "div", "section", "header", "blockquote"})


def _normalized_length(element: HtmlElement) -> int:
    return len(" ".join(element.text_content().split()))


def _link_share(element: HtmlElement) -> float:
    size = _normalized_length(element)
    links = sum(_normalized_length(link) for link in element.iter("a"))
    return links / size if size else 0.0


def _leads_before(ancestor: HtmlElement, chosen: HtmlElement) -> list[HtmlElement]:
    """The prose paragraphs ``ancestor`` holds before ``chosen`` and outside it, innermost, in order."""
    around = set(chosen.iterancestors())
    found: list[HtmlElement] = []
    for element in ancestor.iter():
        if element is chosen:
            break
        if element in around or not isinstance(element.tag, str) or element.tag not in _LEAD_TAGS:
            continue
        text = " ".join(element.text_content().split())
        if (
            len(text.split()) >= _LEAD_WORDS
            and text.endswith(_SENTENCE_ENDS)
            and _link_share(element) < _LEAD_LINKS
        ):
            found.append(element)
    inner = [e for e in found if not any(other is not e and e in other.iterancestors() for other in found)]
    return [e for e in inner if not any(anc in inner for anc in e.iterancestors())] if inner else []


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

    def get_article(
        self, candidates: dict[HtmlElement, Any], best_candidate: dict[str, Any], html_partial: bool = False
    ) -> HtmlElement:
        # An article's lead (an intro or abstract in its header) often sits beside the body's wrapper,
        # not beside the body, and so is no sibling readability looks at. When an ancestor a few levels
        # up adds little text to the chosen block, the prose paragraphs it holds before the block are
        # moved to the block's start (the rest of what it adds is a header's title, date and share line).
        chosen = best_candidate["elem"]
        size = _normalized_length(chosen)
        leads: list[HtmlElement] = []
        ancestor = chosen.getparent()
        for _ in range(_LEAD_LEVELS):
            if ancestor is None or ancestor.tag in ("body", "html"):
                break
            if _normalized_length(ancestor) > size * (1 + _LEAD_GROWTH):
                break
            leads = _leads_before(ancestor, chosen) or leads
            ancestor = ancestor.getparent()
        for lead in reversed(leads):
            chosen.insert(0, lead)
        article: HtmlElement = super().get_article(candidates, best_candidate, html_partial)
        return article

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
