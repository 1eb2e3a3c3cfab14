"""SOURCE to :class:`Article`: read, decode, clean, outline."""

from __future__ import annotations

import copy
import re
from typing import BinaryIO

import lxml.etree
from lxml.html import HtmlElement

from news.clean import clean
from news.decode import decode
from news.errors import SourceError, failed_on
from news.htmlparse import parse_html
from news.leadimage import lead_image, share_image
from news.limits import Budget, FetchLimits
from news.metadata import Metadata, read_metadata
from news.model import Article, Block
from news.outline import build_article
from news.sanitize import safe_article, safe_text
from news.sources import RawSource, read_source

# Less text than a short sentence is what a cleaner salvages from a login form or a bare menu: no article.
_MIN_ARTICLE_CHARS = 15
_EMPTY = {"url": "the page is empty", "file": "the file is empty", "stdin": "standard input is empty"}

#: Seconds the full clean (metadata, readability and our rules, outline) costs per element of the page's
#: tree. Measured with bench/hostile.py on its page of 200,000 paragraphs (7.5 MB): 12.4 s for 200,005
#: elements on the 2-core development machine, 62 us each; real news pages have 1,000-10,000 elements.
CLEAN_SECONDS_PER_ELEMENT = 62e-6
#: How much slower than that machine a reader's may be (a loaded laptop, a small VPS) while the estimate
#: still has to hold: a page is cleaned in full only when three times its measured cost fits the budget.
CLEAN_SAFETY = 3.0
# Where the plain-text fallback ends a paragraph: block elements and line breaks.
_PLAIN_BREAKS = (
    "p", "div", "br", "li", "tr", "dt", "dd", "blockquote", "pre", "section", "article", "header",
    "footer", "aside", "nav", "main", "figure", "figcaption", "table", "ul", "ol", "dl", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6",
)  # fmt: skip
# What the fallback leaves out: never text (as in news.clean), and the site's menus.
_PLAIN_HIDDEN = (
    "head", "script", "style", "noscript", "template", "iframe", "svg", "button", "select", "textarea",
    "object", "embed", "video", "audio", "canvas", "nav",
)  # fmt: skip
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A page this small (characters of body text, spaces left out) whose body is two or more paragraphs and
# nothing to fill in or move through is a note, not a shell: its paragraphs are its article, however
# short (the minimum above is for what a cleaner salvages from a larger page). 500 is a short note's
# length; a login form has inputs, a menu no paragraphs, and a page built by script one "Loading" line.
_TINY_PAGE_CHARS = 500
_NOT_A_NOTE = ("form", "input", "button", "select", "textarea", "nav", "iframe")


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

    The whole source has one budget, ``limits.deadline`` seconds: what the fetch leaves is the cleaning's,
    and a page too large to clean in what is left is shown as its plain text instead of waited for.

    Whatever goes wrong, the caller gets a :class:`SourceError` (one line), never another exception: a page
    that breaks the cleaner is reported as that page's failure, not as a crash of the whole command.
    """
    limits = limits or FetchLimits()
    budget = Budget.start(limits.deadline)
    raw = read_source(source, limits=limits, stdin=stdin, origin=origin)
    try:
        return _article(raw, budget)
    except SourceError:
        raise
    except RecursionError:
        raise SourceError(source, "the page is nested too deeply to read") from None
    except MemoryError:
        raise SourceError(source, "the page is too large to read") from None
    except Exception as error:
        raise failed_on(source, error) from None


def _article(raw: RawSource, budget: Budget) -> Article:
    text = decode(raw.body, raw.charset)
    if not text.strip():
        raise SourceError(raw.source, _EMPTY[raw.origin])
    if _mostly_control(text):
        raise SourceError(raw.source, "not a web page or text (binary data)")
    if raw.kind == "html":
        return article_from_html(text, raw.source, raw.url, budget=budget)
    return article_from_text(text, raw.source, raw.url)


def _mostly_control(text: str) -> bool:
    """Whether ``text`` reads as decoded binary: many control or undecodable characters near the start."""
    head = text[:4096]
    odd = sum(1 for char in head if char == "\ufffd" or (ord(char) < 32 and char not in "\t\n\r\f"))
    return odd > max(8, len(head) // 20)


def article_from_html(
    html: str, source: str, url: str | None = None, *, budget: Budget | None = None
) -> Article:
    """The article of an HTML page, every string in it made safe for a terminal.

    With a ``budget``, a page whose full clean would not fit in it (estimated from its element count,
    :data:`CLEAN_SECONDS_PER_ELEMENT`) becomes its plain text: every paragraph of the page, no extraction.
    """
    try:
        doc = parse_html(safe_text(html))
    except (lxml.etree.ParserError, ValueError):
        raise SourceError(source, "no article text found on the page") from None
    body = doc.find("body")
    if body is None or not "".join(body.itertext()).strip():
        # A truncated page (a head and nothing after it): the cleaners would fail on it, not say so.
        raise SourceError(source, "no article text found on the page")
    if budget is not None:
        cost = sum(1 for _ in doc.iter()) * CLEAN_SECONDS_PER_ELEMENT * CLEAN_SAFETY
        if not budget.affords(cost):
            title, text = _plain_text(doc)
            del doc  # the tree is most of the memory a huge page takes: let it go before the outline
            return _plain_article(title, text, source, url)
    meta = read_metadata(doc, url)
    # Read before cleaning: extraction drops the head, and may drop the figure the share image is.
    share = share_image(doc, url)
    note = copy.deepcopy(doc) if _is_note(body) else None
    blocks = clean(doc, url)
    if sum(len("".join(block.text.split())) for block in blocks) < _MIN_ARTICLE_CHARS:
        if note is not None:
            title, text = _plain_text(note)
            return _plain_article(meta.title or title, text, source, url, minimum=1)
        raise SourceError(source, "no article text found on the page")
    article = build_article(source, blocks, meta)
    article.lead_image = lead_image(share, article.blocks)
    # Character references (&#x202E;, &#27;) become characters only inside the parser: clean again at the end.
    return safe_article(article)


def _plain_text(doc: HtmlElement) -> tuple[str | None, str]:
    """The page's title and the text of its body, paragraphs apart, in a time linear in its size."""
    title = " ".join((doc.findtext(".//title") or "").split()) or None
    for hidden in list(doc.iter(*_PLAIN_HIDDEN)):
        hidden.drop_tree()
    for element in doc.iter(*_PLAIN_BREAKS):
        element.tail = "\n\n" + (element.tail or "")
        element.text = "\n\n" + (element.text or "")
    return title, doc.text_content()


def _is_note(body: HtmlElement) -> bool:
    """Whether ``body`` is a tiny page of two or more paragraphs and no form, menu or frame."""
    if sum(1 for _ in body.iter()) > _TINY_PAGE_CHARS:
        return False  # more elements than a note has characters: no need to read its text
    size = len("".join(body.text_content().split()))
    if not size or size > _TINY_PAGE_CHARS or next(body.iter(*_NOT_A_NOTE), None) is not None:
        return False
    paragraphs = [len("".join(p.text_content().split())) for p in body.iter("p")]
    return sum(1 for length in paragraphs if length) >= 2 and sum(paragraphs) * 2 >= size


def _plain_article(
    title: str | None, text: str, source: str, url: str | None, *, minimum: int = _MIN_ARTICLE_CHARS
) -> Article:
    """The article of a page's plain text: one paragraph per paragraph of the page, no extraction.

    Fewer than ``minimum`` characters of text is no article.
    """
    parts = (" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text))
    blocks = [Block("paragraph", part) for part in parts if part]
    if sum(len(block.text) for block in blocks) < minimum:
        raise SourceError(source, "no article text found on the page")
    return safe_article(build_article(source, blocks, Metadata(title=title, url=url)))


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
