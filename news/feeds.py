"""RSS and Atom feeds: fetch one safely (or read a local file), find it from a site's page, parse its entries.

The bytes always come from :func:`news.fetch.fetch` (deadline, size cap, address policy) or from a file read
with the same cap; feedparser only ever sees them wrapped in a stream, because given a string it would fetch
a URL or open a file by itself. Every string that leaves this module is stripped of control characters.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from news.errors import SourceError, failed_on
from news.fetch import FEED_TYPES, FetchLimits, fetch, megabytes
from news.sanitize import safe_line, safe_text

#: Longest summary kept per item: the list shows a glance, the reader shows the article.
SUMMARY_LIMIT = 1200

_FEED_LINK_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_LOOKS_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S)
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre"}
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_NO_CHARACTER = 0x110000


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: ``published`` is ISO 8601 UTC or None, ``summary`` plain text."""

    id: str
    title: str
    link: str
    published: str | None
    summary: str
    author: str | None

    def to_dict(self) -> dict[str, Any]:
        """The item as JSON-ready data."""
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title, the URL it was read from, the site it belongs to, and its entries."""

    title: str
    url: str
    site_url: str | None
    entries: list[FeedItem] = field(default_factory=list)


def is_url(source: str) -> bool:
    """Whether ``source`` is an http or https URL (anything else is read as a local file)."""
    return source.lower().startswith(("http://", "https://"))


def fetch_feed(source: str, *, limits: FetchLimits | None = None) -> Feed:
    """Read the feed at ``source`` (an http(s) URL, or a path to a feed file).

    A URL that answers with a web page is followed to the feed the page links to
    (``<link rel="alternate" type="application/rss+xml" href=...>``).

    Raises:
        SourceError: the feed cannot be fetched, is not a feed, or the page links to none; also whatever
            a parser raises on it, as one line, so one bad feed never stops the others.
    """
    try:
        return _fetch_feed(source, limits or FetchLimits())
    except SourceError:
        raise
    except Exception as error:
        raise failed_on(source, error, "feed") from None


def _fetch_feed(source: str, limits: FetchLimits) -> Feed:
    body, base, media, charset = _read(source, limits)
    feed = _parse(source, body, base, media, charset)
    if feed is not None:
        return feed
    if media in _HTML_TYPES or _LOOKS_HTML.match(body):
        found = discover(body, base, charset)
        if not found:
            raise SourceError(source, "not a feed (a web page that links to no RSS or Atom feed)")
        # One step only: a feed link that leads to another page is not followed further. The page chose
        # that address, not the user: only what the user typed vouches for a private one.
        try:
            body, base, media, charset = _read(found[0], limits, origin=source)
        except SourceError as error:
            # Named by the address the user typed: the feed link is the page's, not theirs.
            raise SourceError(source, f"its feed link {safe_line(found[0])}: {error.reason}") from None
        feed = _parse(found[0], body, base, media, charset)
        if feed is not None:
            return feed
        raise SourceError(source, f"not a feed (its feed link {safe_line(found[0])} holds no RSS or Atom)")
    raise SourceError(source, "not a feed (no RSS or Atom in it)")


def parse_feed(body: bytes, url: str, *, content_type: str = "") -> Feed:
    """Parse feed bytes read from ``url`` (which resolves relative links).

    Raises:
        SourceError: the bytes hold no RSS or Atom feed.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    try:
        feed = _parse(url, body, url, media, _charset_of(content_type))
    except Exception as error:
        raise failed_on(url, error, "feed") from None
    if feed is None:
        raise SourceError(url, "not a feed (no RSS or Atom in it)")
    return feed


def discover(body: bytes, base: str, charset: str | None = None) -> list[str]:
    """The absolute http(s) URLs of the RSS/Atom feeds an HTML page links to, in page order."""
    import lxml.etree

    from news.decode import decode
    from news.htmlparse import parse_html

    try:
        doc = parse_html(decode(body, charset))
    except (lxml.etree.ParserError, ValueError):
        return []
    for tag in doc.iter("base"):
        href = (tag.get("href") or "").strip()
        if href:
            base = urljoin(base, href)
            break
    found: list[str] = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";", 1)[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or kind not in _FEED_LINK_TYPES or not href:
            continue
        url = urljoin(base, href)
        if is_url(url) and url not in found:
            found.append(url)
    return found


# --- reading ----------------------------------------------------------------------------------------------


def _read(source: str, limits: FetchLimits, origin: str | None = None) -> tuple[bytes, str, str, str | None]:
    """The body, its base URL, media type and charset; a file has no type and its own path as base.

    ``origin``: the address the user typed that led to ``source`` (see :func:`news.fetch.fetch`).
    """
    if is_url(source):
        page = fetch(source, limits=limits, accept=FEED_TYPES, origin=origin)
        return page.body, page.url, page.content_type, page.charset
    path = Path(source).expanduser()
    try:
        with path.open("rb") as handle:
            body = handle.read(limits.max_bytes + 1)
    except IsADirectoryError:
        raise SourceError(source, "is a folder, not a feed file") from None
    except FileNotFoundError:
        raise SourceError(
            source, "no such file (a feed is an http(s) URL or a path to a feed file)"
        ) from None
    except OSError as error:
        raise SourceError(source, error.strerror or type(error).__name__) from None
    if len(body) > limits.max_bytes:
        raise SourceError(source, f"larger than {megabytes(limits.max_bytes)}")
    return body, path.resolve().as_uri(), "", None


def _charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


# --- parsing ----------------------------------------------------------------------------------------------


def _parse(source: str, body: bytes, base: str, media: str, charset: str | None) -> Feed | None:
    """The feed in ``body``, or None when it holds no RSS or Atom (a web page, junk)."""
    import feedparser

    content_type = media or "application/xml"
    headers = {"content-location": base, "content-type": content_type}
    if charset:
        headers["content-type"] += f"; charset={charset}"
    # A stream, never bytes or str: feedparser would treat those as a file name or URL to open.
    parsed: Any = feedparser.parse(io.BytesIO(_defuse_char_refs(body)), response_headers=headers)
    if not parsed.get("version") and not parsed.get("entries"):
        return None
    info = parsed.get("feed", {})
    url = source if is_url(source) else _local_url(source)
    site = _http_link(info.get("link"), base)
    items = [item for item in map(_item, parsed.get("entries", [])) if item is not None]
    title = safe_line(str(info.get("title") or "")) or _host(site) or _host(url) or safe_line(source)
    return Feed(title=title, url=url, site_url=site, entries=items)


def _defuse_char_refs(body: bytes) -> bytes:
    """``body`` with every character reference that names no character (past U+10FFFF, a lone surrogate)
    made U+FFFD, as HTML parsers read them: feedparser's fallback parser calls ``chr()`` on each and raises.

    Bytes in an ASCII-compatible encoding only; a UTF-16/32 feed has no such references to find here.
    """
    if b"&#" not in body:
        return body
    return _CHAR_REF.sub(_defused, body)


def _defused(match: re.Match[bytes]) -> bytes:
    digits, base = (match.group(1), 16) if match.group(1) is not None else (match.group(2), 10)
    digits = digits.lstrip(b"0") or b"0"
    # Eight digits reach past any code point; more would also pass Python's limit for int().
    code = int(digits, base) if len(digits) <= 8 else _NO_CHARACTER
    return b"&#xFFFD;" if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else match.group(0)


def _local_url(source: str) -> str:
    """A file feed's address: its absolute path, so the same file subscribed twice is one feed."""
    return str(Path(source).expanduser().resolve())


def _host(url: str | None) -> str:
    return (urlsplit(url).hostname or "") if url else ""


def _http_link(value: object, base: str) -> str | None:
    """``value`` as an absolute http(s) URL (relative ones resolved against ``base``), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    url = safe_line(urljoin(base, value.strip()))
    return url if is_url(url) else None


def _item(entry: Any) -> FeedItem | None:
    """One feed entry as a :class:`FeedItem`; None when it has no http(s) link to open."""
    link = _http_link(entry.get("link"), "")
    if link is None:
        # Atom may give only an enclosure or a non-alternate link; a permalink guid will do.
        guid = entry.get("id")
        link = _http_link(guid, "") if entry.get("guidislink", True) else None
    if link is None:
        return None
    summary = _plain(_summary_html(entry))
    title = safe_line(_plain(str(entry.get("title") or ""))) or _glance(summary) or link
    author = safe_line(str(entry.get("author") or "")) or None
    return FeedItem(
        id=safe_line(str(entry.get("id") or "")) or link,
        title=title,
        link=link,
        published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        summary=summary,
        author=author,
    )


def _summary_html(entry: Any) -> str:
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip():
        return summary
    for content in entry.get("content") or []:
        value = content.get("value") if isinstance(content, dict) else None
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _plain(html: str) -> str:
    """Text of an HTML fragment: tags gone, paragraphs separated by blank lines, cut to SUMMARY_LIMIT."""
    if "<" not in html and "&" not in html:
        text = html
    else:
        import lxml.etree
        import lxml.html

        try:
            root = lxml.html.fragment_fromstring(html, create_parent="div")
        except (lxml.etree.ParserError, ValueError):
            text = re.sub(r"<[^>]*>", " ", html)
        else:
            for hidden in root.xpath(".//script | .//style"):
                hidden.drop_tree()
            for element in root.iter(*_BLOCK_TAGS):
                element.tail = "\n\n" + (element.tail or "")
            text = root.text_content()
    lines = (_SPACES.sub(" ", line).strip() for line in safe_text(text).split("\n"))
    paragraphs = "\n".join(lines)
    text = re.sub(r"\n{2,}", "\n\n", paragraphs).strip()
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)
    if len(text) > SUMMARY_LIMIT:
        text = text[: SUMMARY_LIMIT - 1].rstrip() + "…"
    return text


def _glance(summary: str, limit: int = 80) -> str:
    line = safe_line(summary)
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _iso(moment: Any) -> str | None:
    """A feedparser date (a UTC ``struct_time``) as ISO 8601, or None."""
    if not isinstance(moment, time.struct_time):
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", moment)
    except (ValueError, OverflowError):
        return None


__all__ = ["Feed", "FeedItem", "discover", "fetch_feed", "parse_feed"]
