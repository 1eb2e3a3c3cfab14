"""SOURCE to :class:`Article`: read, decode, clean, outline."""

from __future__ import annotations

from typing import BinaryIO

import lxml.etree

from news.clean import clean
from news.decode import decode
from news.errors import SourceError
from news.htmlparse import parse_html
from news.leadimage import lead_image, share_image
from news.limits import FetchLimits
from news.metadata import Metadata, read_metadata
from news.model import Article
from news.outline import build_article
from news.sanitize import safe_article, safe_text
from news.sources import RawSource, read_source

# Less text than a short sentence is what a cleaner salvages from a login form or a bare menu: no article.
_MIN_ARTICLE_CHARS = 15
_EMPTY = {"url": "the page is empty", "file": "the file is empty", "stdin": "standard input is empty"}


def load(
    source: str,
    *,
    limits: FetchLimits | None = None,
    stdin: BinaryIO | None = None,
    origin: str | None = None,
) -> Article:
    """Fetch or read ``source`` and return its cleaned article; raise :class:`SourceError` on failure.

    ``origin``: the address the user typed that led to ``source`` (a feed whose item this is), None when
    ``source`` was typed itself; it decides which private addresses the fetch may reach (news.fetch).

    Whatever goes wrong, the caller gets a :class:`SourceError` (one line), never another exception: a page
    that breaks the cleaner is reported as that page's failure, not as a crash of the whole command.
    """
    raw = read_source(source, limits=limits, stdin=stdin, origin=origin)
    try:
        return _article(raw)
    except SourceError:
        raise
    except RecursionError:
        raise SourceError(source, "the page is nested too deeply to read") from None
    except MemoryError:
        raise SourceError(source, "the page is too large to read") from None
    except Exception as error:
        # Some parser errors quote the whole page: keep the line short.
        detail = " ".join(str(error).split())[:120] or "no detail"
        raise SourceError(source, f"byline failed on this page ({type(error).__name__}: {detail})") from None


def _article(raw: RawSource) -> Article:
    text = decode(raw.body, raw.charset)
    if not text.strip():
        raise SourceError(raw.source, _EMPTY[raw.origin])
    if _mostly_control(text):
        raise SourceError(raw.source, "not a web page or text (binary data)")
    if raw.kind == "html":
        return article_from_html(text, raw.source, raw.url)
    return article_from_text(text, raw.source, raw.url)


def _mostly_control(text: str) -> bool:
    """Whether ``text`` reads as decoded binary: many control or undecodable characters near the start."""
    head = text[:4096]
    odd = sum(1 for char in head if char == "\ufffd" or (ord(char) < 32 and char not in "\t\n\r\f"))
    return odd > max(8, len(head) // 20)


def article_from_html(html: str, source: str, url: str | None = None) -> Article:
    """The article of an HTML page, every string in it made safe for a terminal."""
    try:
        doc = parse_html(safe_text(html))
    except (lxml.etree.ParserError, ValueError):
        raise SourceError(source, "no article text found on the page") from None
    meta = read_metadata(doc, url)
    # Read before cleaning: extraction drops the head, and may drop the figure the share image is.
    share = share_image(doc, url)
    blocks = clean(doc, url)
    if sum(len("".join(block.text.split())) for block in blocks) < _MIN_ARTICLE_CHARS:
        raise SourceError(source, "no article text found on the page")
    article = build_article(source, blocks, meta)
    article.lead_image = lead_image(share, article.blocks)
    # Character references (&#x202E;, &#27;) become characters only inside the parser: clean again at the end.
    return safe_article(article)


def is_markdown(text: str, source: str, url: str | None = None) -> bool:
    """Whether a text source is Markdown: by its name (``.md``, ``.markdown``), else, unless it is named
    as plain text (``.txt``), by how it reads (standard input, a URL served as text)."""
    from news.markdown import looks_like_markdown

    name = (url or source).lower().split("?", 1)[0]
    if name.endswith((".md", ".markdown")):
        return True
    return not name.endswith((".txt", ".text")) and looks_like_markdown(text)


def article_from_text(text: str, source: str, url: str | None = None) -> Article:
    """The article of a plain-text or Markdown source, every string in it made safe for a terminal.

    Markdown is parsed by markdown-it-py (news.markdown); plain text by byline's own line rules.
    """
    text = safe_text(text)
    meta = Metadata()
    if is_markdown(text, source, url):
        # Imported here: a web page never needs them, and the reader's helper is timed.
        from news.markdown import markdown_article

        blocks, meta = markdown_article(text, url)
    else:
        from news.plaintext import text_blocks

        blocks = text_blocks(text)
    if not blocks:
        raise SourceError(source, "no text")
    article = build_article(source, blocks, meta)
    article.lead_image = lead_image(None, article.blocks)
    return safe_article(article)
