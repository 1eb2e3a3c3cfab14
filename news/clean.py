"""Turn a page's HTML tree into the article body as blocks (readability-lxml, then our own rules)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

from news.candidates import choose, could_be_replaced, other_extraction, page_words, words
from news.furniture import Piece, drop_furniture_blocks, prune
from news.model import Block, BlockKind
from news.sanitize import drop_invisible_marks

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u3000]+")
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that end the running paragraph; everything else is inline and joins it.
_BLOCK_TAGS = """
    p div section article main header footer aside nav figure table tbody thead tfoot tr dl dt dd
    address hr center details summary form fieldset body html caption figcaption
"""
_BLOCK = frozenset(_BLOCK_TAGS.split())
# Elements whose content is never article text.
_SKIP_TAGS = """
    script style noscript template iframe svg button select textarea input object embed video audio
    canvas head title meta link
"""
_SKIP = frozenset(_SKIP_TAGS.split())


def clean(doc: HtmlElement, url: str | None = None) -> list[Block]:
    """The article body of ``doc`` as blocks in reading order; ``doc`` may be changed.

    Two extractors read the page, ours and trafilatura; :func:`news.candidates.choose` keeps the one
    that found the article.
    """
    drop_invisible_marks(doc)
    page = page_words(doc)
    _show_noscript_article(doc, page)
    mine = _ours(copy.deepcopy(doc), url)  # ours prunes the tree; the other reads the page as it came
    if not could_be_replaced(mine, page):
        return mine
    other = other_extraction(doc, url)
    theirs = drop_furniture_blocks(blocks_of(other)) if other is not None else []
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


def _ours(doc: HtmlElement, url: str | None) -> list[Block]:
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
    return drop_furniture_blocks(blocks_of(body))


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
        return allowed


@dataclass
class _Walk:
    """The state of one pass over a tree: the running text, its kind, and what has been emitted."""

    pieces: list[Piece] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    in_link: int = 0
    quote: int = 0
    kinds: list[tuple[BlockKind, int, str]] = field(default_factory=lambda: [("paragraph", 0, "")])
    lists: list[list[int]] = field(default_factory=list)  # [ordered, next number] per open list

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            if self.in_link:
                self.link_chars += len(text.strip())

    def block_edge(self) -> None:
        """End the running block, or inside a list item or heading (which stay one block) start a new line."""
        if self.kinds[-1][0] in {"item", "heading"}:
            self.add("\n")
        else:
            self.flush()

    def flush(self) -> None:
        kind, level, marker = self.kinds[-1]
        raw = "".join(self.parts)
        self.parts.clear()
        links, self.link_chars = self.link_chars, 0
        if kind == "code":
            text = raw.strip("\n")
            if not text.strip():
                return
        else:
            lines = (_SPACE.sub(" ", line).strip() for line in raw.split("\n"))
            text = ("\n" if kind != "heading" else " ").join(line for line in lines if line)
            if not text:
                return
            if kind == "paragraph" and self.quote:
                kind = "quote"
        share = min(1.0, links / max(1, len(text.replace("\n", ""))))
        self.pieces.append(Piece(Block(kind, text, level, marker), share))


def blocks_of(root: HtmlElement) -> list[Piece]:
    """The blocks under ``root`` in document order, each with the share of its text that is links.

    Walks with events rather than recursion, so any nesting depth is safe.
    """
    walk = _Walk()
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if not tag or tag in _SKIP:
                walker.skip_subtree()
                continue
            _open(walk, element, tag)
            walk.add(element.text)
        else:
            if tag and tag not in _SKIP:
                _close(walk, tag)
            if element is not root:
                walk.add(element.tail)
    walk.flush()
    return walk.pieces


def _open(walk: _Walk, element: HtmlElement, tag: str) -> None:
    if tag == "br":
        walk.add("\n")
    elif tag == "a":
        walk.in_link += 1
    elif tag in _HEADING:
        walk.flush()
        walk.kinds.append(("heading", _HEADING[tag], ""))
    elif tag in {"ul", "ol"}:
        walk.flush()
        start = element.get("start") or "1"
        walk.lists.append([tag == "ol", int(start) if start.isdigit() else 1])
    elif tag == "li":
        walk.flush()
        ordered, number = walk.lists[-1] if walk.lists else [False, 1]
        if walk.lists:
            walk.lists[-1][1] += 1
        walk.kinds.append(("item", max(1, len(walk.lists)), f"{number}." if ordered else "-"))
    elif tag == "pre":
        walk.flush()
        walk.kinds.append(("code", 0, ""))
    elif tag == "blockquote":
        walk.flush()
        walk.quote += 1
    elif tag in _BLOCK:
        walk.block_edge()
    elif tag in {"td", "th"}:
        walk.add(" ")


def _close(walk: _Walk, tag: str) -> None:
    if tag == "a":
        walk.in_link = max(0, walk.in_link - 1)
    elif tag in _HEADING or tag in {"li", "pre"}:
        walk.flush()
        if len(walk.kinds) > 1:
            walk.kinds.pop()
    elif tag in {"ul", "ol"}:
        walk.flush()
        if walk.lists:
            walk.lists.pop()
    elif tag == "blockquote":
        walk.flush()
        walk.quote = max(0, walk.quote - 1)
    elif tag in _BLOCK:
        walk.block_edge()
    elif tag in {"td", "th"}:
        walk.add(" ")
