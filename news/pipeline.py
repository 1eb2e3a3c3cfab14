"""SOURCE to :class:`Article`: read, decode, clean, outline."""

from __future__ import annotations

from typing import BinaryIO

import lxml.etree
import lxml.html

from news.clean import clean
from news.decode import decode
from news.errors import SourceError
from news.fetch import FetchLimits
from news.metadata import Metadata, read_metadata
from news.model import Article, Block
from news.outline import build_article
from news.plaintext import text_blocks
from news.sanitize import safe_text
from news.sources import read_source


def load(source: str, *, limits: FetchLimits | None = None, stdin: BinaryIO | None = None) -> Article:
    """Fetch or read ``source`` and return its cleaned article; raise :class:`SourceError` on failure."""
    raw = read_source(source, limits=limits, stdin=stdin)
    if b"\x00" in raw.body[:8192] and not raw.body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(source, "binary data, not a web page or text")
    text = decode(raw.body, raw.charset)
    if not text.strip():
        raise SourceError(source, "empty")
    if raw.kind == "html":
        return article_from_html(text, source, raw.url)
    return article_from_text(text, source)


def article_from_html(html: str, source: str, url: str | None = None) -> Article:
    """The article of an HTML page."""
    try:
        doc = lxml.html.document_fromstring(safe_text(html))
    except (lxml.etree.ParserError, ValueError) as error:
        raise SourceError(source, f"not a readable HTML page ({error})") from None
    meta = read_metadata(doc, url)
    blocks = clean(doc, url)
    if not blocks:
        raise SourceError(source, "no article text found on the page")
    return build_article(source, blocks, meta)


def article_from_text(text: str, source: str) -> Article:
    """The article of a plain-text or Markdown source."""
    blocks: list[Block] = text_blocks(safe_text(text))
    if not blocks:
        raise SourceError(source, "empty")
    return build_article(source, blocks, Metadata())
