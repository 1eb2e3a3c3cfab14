"""Turn a page's HTML tree into the article body as blocks (readability-lxml, then our own rules)."""

from __future__ import annotations

import re

import lxml.html
from lxml.html import HtmlElement
from readability import Document

from news.model import Block, BlockKind

_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKISH = {"p", "div", "section", "article", "li", "ul", "ol", "blockquote", "pre", "table", "figure",
             "header", "footer", "main", "aside", "dl", "dt", "dd", "tr", "td", "th", *_HEADING}


def clean(doc: HtmlElement, url: str | None = None) -> list[Block]:
    """The article body of ``doc`` as blocks in reading order; ``doc`` may be changed."""
    summary = Document(doc, url=url).summary(html_partial=True)
    body = lxml.html.fragment_fromstring(summary, create_parent="div") if summary.strip() else None
    if body is None:
        return []
    return list(_blocks(body))


def _text(element: HtmlElement) -> str:
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.tag == "br":
            parts.append("\n")
        elif isinstance(node.tag, str):
            if node.text:
                parts.append(node.text)
            for child in node:
                walk(child)
        if node is not element and node.tail:
            parts.append(node.tail)

    walk(element)
    lines = (_SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _blocks(root: HtmlElement, depth: int = 0, in_quote: bool = False):  # type: ignore[no-untyped-def]
    pending: list[str] = []

    def flush(kind: BlockKind = "paragraph") -> Block | None:
        text = _SPACE.sub(" ", "".join(pending)).strip()
        pending.clear()
        return Block("quote" if in_quote else kind, text) if text else None

    if root.text:
        pending.append(root.text)
    for child in root:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCKISH:
            if (block := flush()) is not None:
                yield block
            if tag in _HEADING:
                text = _text(child).replace("\n", " ")
                if text:
                    yield Block("heading", text, _HEADING[tag])
            elif tag in {"ul", "ol"}:
                for n, item in enumerate(child.iterchildren("li"), start=1):
                    text = _text(item)
                    if text:
                        yield Block("item", text, depth + 1, f"{n}." if tag == "ol" else "-")
            elif tag == "pre":
                text = child.text_content().strip("\n")
                if text.strip():
                    yield Block("code", text)
            elif tag == "blockquote":
                yield from _blocks(child, depth, in_quote=True)
            elif tag == "p":
                text = _text(child)
                if text:
                    yield Block("quote" if in_quote else "paragraph", text)
            else:
                yield from _blocks(child, depth, in_quote)
        elif tag in {"script", "style", "noscript", "template"}:
            pass
        else:
            pending.append(_text(child) if tag else "")
        if child.tail:
            pending.append(child.tail)
    if (block := flush()) is not None:
        yield block
