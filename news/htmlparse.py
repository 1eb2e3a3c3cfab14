"""HTML text to an lxml tree that every later step can walk, however deeply the page nests its tags.

libxml2 stops parsing at 256 levels of nesting (2048 with ``huge_tree``) and silently drops the rest of the
page, and the cleaning code walks trees recursively. So a pathological page is flattened: wrapper tags past
:data:`MAX_DEPTH` are unwrapped (their text kept), and a page too deep even to parse has its wrapper tags
stripped from the markup before a second try.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

MAX_DEPTH = 120
# Tags that only group other content: unwrapping them loses layout, never words.
_WRAPPERS = (
    "div|span|section|article|main|header|footer|aside|nav|font|center|b|i|u|em|strong|small|big|"
    "ins|del|s|strike|tt|sub|sup|mark|abbr|cite|label|form|fieldset|figure|figcaption|a|q|blockquote|"
    "dl|dt|dd|ul|ol|li|table|thead|tbody|tfoot|tr|td|th|caption|colgroup"
)
_WRAPPER_TAG = re.compile(rf"</?(?:{_WRAPPERS})(?:\s[^>]*)?/?>", re.IGNORECASE)
_TOO_DEEP = "Excessive depth"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(html: str) -> HtmlElement:
    """Parse ``html`` into a tree no deeper than about :data:`MAX_DEPTH`; raise ``ParserError`` when empty."""
    # lxml refuses a str that declares its encoding (XHTML pages often start so); the text is decoded already.
    html = _XML_DECLARATION.sub("", html, count=1)
    doc, truncated = _parse(html)
    if truncated:
        doc, _ = _parse(_WRAPPER_TAG.sub("\n", html))
    _flatten(doc)
    return doc


def _parse(html: str) -> tuple[HtmlElement, bool]:
    parser = lxml.html.HTMLParser(huge_tree=True)
    doc = lxml.html.document_fromstring(html, parser=parser)
    truncated = any(_TOO_DEEP in entry.message for entry in parser.error_log)
    return doc, truncated


def _flatten(doc: HtmlElement) -> None:
    depth: dict[lxml.etree._Element, int] = {}
    too_deep: list[HtmlElement] = []
    for element in doc.iter():
        parent = element.getparent()
        level = 0 if parent is None else depth[parent] + 1
        depth[element] = level
        if level > MAX_DEPTH:
            too_deep.append(element)
    # Deepest first, so each unwrap moves already-flat content up one level.
    for element in reversed(too_deep):
        if isinstance(element.tag, str):
            element.drop_tag()
        else:
            element.drop_tree()  # a comment: its text is not page text, its tail is kept
