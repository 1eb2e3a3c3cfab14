"""RSS and Atom feeds: fetch one safely (or read a local file), find it from a site's page, parse its entries.

The bytes always come from :func:`news.fetch.fetch` (deadline, size cap, address policy) or from a file read
with the same cap; feedparser only ever sees them wrapped in a stream, because given a string it would fetch
a URL or open a file by itself. Every string that leaves this module is stripped of control characters.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.parsers.expat import errors as expat_errors

from news.errors import SourceError, failed_on
from news.fetch import FEED_TYPES, FetchLimits, FetchSession, Page, Validators, fetch, megabytes
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
    """One entry of a feed: ``published`` is ISO 8601 UTC or None, ``summary`` plain text.

    ``id`` is unique within its feed (a feed that repeats one guid gets ids made unique from the links).
    ``site_link`` is True when the entry had no address of its own and ``link`` is the feed's site.
    """

    id: str
    title: str
    link: str
    published: str | None
    summary: str
    author: str | None
    site_link: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The item as JSON-ready data."""
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its title, the URL it was read from, the site it belongs to, and its entries.

    ``etag`` and ``last_modified`` are the server's validators for the next conditional fetch.
    ``not_modified`` is True when the server answered 304 to a conditional fetch: nothing was parsed,
    ``title`` is empty and ``entries`` too.
    """

    title: str
    url: str
    site_url: str | None
    entries: list[FeedItem] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def is_url(source: str) -> bool:
    """Whether ``source`` is an http or https URL (anything else is read as a local file)."""
    return source.lower().startswith(("http://", "https://"))


def fetch_feed(
    source: str,
    *,
    limits: FetchLimits | None = None,
    session: FetchSession | None = None,
    validators: Validators | None = None,
) -> Feed:
    """Read the feed at ``source`` (an http(s) URL, or a path to a feed file).

    A URL that answers with a web page is followed to the feed the page links to
    (``<link rel="alternate" type="application/rss+xml" href=...>``).

    Args:
        session: the connection pool to fetch through (a refresh of many feeds shares one).
        validators: the ETag / Last-Modified kept from the last fetch; a 304 answer then comes back as a
            :class:`Feed` with ``not_modified`` set, and nothing is parsed.

    Raises:
        TryLater: the server asked us to come back later (HTTP 429 / 503, maybe with a Retry-After).
        SourceError: the feed cannot be fetched, is not a well-formed feed, or the page links to none; also
            whatever a parser raises on it, as one line, so one bad feed never stops the others.
    """
    limits = limits or FetchLimits()
    try:
        return feed_of(
            source,
            fetch_feed_page(source, limits=limits, session=session, validators=validators),
            limits=limits,
            session=session,
        )
    except SourceError:
        raise
    except Exception as error:  # whatever a parser raises is this feed's one line: the others go on
        raise failed_on(source, error, "feed") from None


def fetch_feed_page(
    source: str,
    *,
    limits: FetchLimits | None = None,
    session: FetchSession | None = None,
    validators: Validators | None = None,
) -> Page:
    """The first step of :func:`fetch_feed`: the bytes at ``source``, unparsed (``not_modified`` on a 304).

    A refresh fetches with this in its network threads and leaves :func:`feed_of` (CPU) to another, so
    parsing one feed never holds back the next feed's request.
    """
    return _read(source, limits or FetchLimits(), session, validators)


def feed_of(
    source: str, page: Page, *, limits: FetchLimits | None = None, session: FetchSession | None = None
) -> Feed:
    """The second step of :func:`fetch_feed`: parse ``page`` as fetched from ``source``.

    A web page is followed to the feed it links to (fetched here, through ``session``).

    Raises:
        SourceError: as :func:`fetch_feed`.
    """
    limits = limits or FetchLimits()
    if page.not_modified:
        return Feed("", source, None, etag=page.etag, last_modified=page.last_modified, not_modified=True)
    body, base, media, charset = page.body, page.url, page.content_type, page.charset
    feed = _parse(source, body, base, media, charset)
    if feed is not None:
        return replace(feed, etag=page.etag, last_modified=page.last_modified)
    if media in _HTML_TYPES or _LOOKS_HTML.match(body):
        found = discover(body, base, charset)
        if not found:
            raise SourceError(source, "not a feed (a web page that links to no RSS or Atom feed)")
        # One step only: a feed link that leads to another page is not followed further. The page chose
        # that address, not the user: only what the user typed vouches for a private one.
        try:
            page = _read(found[0], limits, session, None, origin=source)
        except SourceError as error:
            # Named by the address the user typed: the feed link is the page's, not theirs.
            raise SourceError(source, f"its feed link {safe_line(found[0])}: {error.reason}") from None
        body, base, media, charset = page.body, page.url, page.content_type, page.charset
        feed = _parse(found[0], body, base, media, charset)
        if feed is not None:
            return replace(feed, etag=page.etag, last_modified=page.last_modified)
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


def _read(
    source: str,
    limits: FetchLimits,
    session: FetchSession | None,
    validators: Validators | None,
    origin: str | None = None,
) -> Page:
    """The page at ``source``; a file has no type, no validators and its own path as base.

    ``origin``: the address the user typed that led to ``source`` (see :func:`news.fetch.fetch`).
    """
    if is_url(source):
        return fetch(
            source, limits=limits, accept=FEED_TYPES, session=session, validators=validators, origin=origin
        )
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
    return Page(path.resolve().as_uri(), body, "", None)


def _charset_of(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


# --- parsing ----------------------------------------------------------------------------------------------


def _parse(source: str, body: bytes, base: str, media: str, charset: str | None) -> Feed | None:
    """The feed in ``body``, or None when it holds no RSS or Atom (a web page, junk).

    Raises:
        SourceError: the feed is cut off or its XML is broken where no reader could recover (see
            :data:`_FATAL_XML`), or the parser failed on it.
    """
    import feedparser

    content_type = media or "application/xml"
    headers = {"content-location": base, "content-type": content_type}
    if charset:
        headers["content-type"] += f"; charset={charset}"
    # A stream, never bytes or str: feedparser would treat those as a file name or URL to open.
    # No sanitizing or link rewriting in the HTML: every field is reduced to plain text below.
    try:
        parsed: Any = feedparser.parse(
            io.BytesIO(_defuse_char_refs(body)),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as error:  # a third-party parser's failure is this feed's one line, not a crash
        raise failed_on(source, error, "feed") from None
    if not parsed.get("version") and not parsed.get("entries"):
        return None
    broken = _fatal_xml_error(parsed)
    if broken:
        raise SourceError(source, f"not a well-formed feed ({broken})")
    info = parsed.get("feed", {})
    url = source if is_url(source) else _local_url(source)
    site = _http_link(info.get("link"), base)
    fallback = site or (url if is_url(url) else None)
    now = datetime.now(UTC)
    entries = (_item(entry, fallback, now) for entry in parsed.get("entries", []))
    items = _unique_ids([item for item in entries if item is not None])
    title = safe_line(str(info.get("title") or "")) or _host(site) or _host(url) or safe_line(source)
    return Feed(title=title, url=url, site_url=site, entries=items)


def _fatal_xml_error(parsed: Any) -> str | None:
    """Why the XML cannot be trusted to hold the whole feed, or None.

    feedparser recovers from many faults (a stray ``&``, an unknown entity) and those feeds read fine; a
    document that stops before it closes, or whose tags do not nest, has lost items we cannot see.
    """
    error = parsed.get("bozo_exception")
    get_message = getattr(error, "getMessage", None)
    if not callable(get_message):
        return None
    message = str(get_message())
    if message not in _FATAL_XML:
        return None
    line = getattr(error, "getLineNumber", lambda: None)()
    where = f"line {line}: " if isinstance(line, int) else ""
    cut = " (cut off?)" if message in _TRUNCATED_XML else ""
    return f"{where}{message}{cut}"


def _unique_ids(items: list[FeedItem]) -> list[FeedItem]:
    """``items`` with every id unique: a repeated guid is told apart by the item's link, then by position."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.id] = counts.get(item.id, 0) + 1
    if all(n == 1 for n in counts.values()):
        return items
    seen: set[str] = set()
    unique: list[FeedItem] = []
    for n, item in enumerate(items):
        wanted = item.id if counts[item.id] == 1 else f"{item.id} {item.link}"
        if wanted in seen:
            wanted = f"{wanted} #{n}"
        seen.add(wanted)
        unique.append(replace(item, id=wanted))
    return unique


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


def _item(entry: Any, fallback: str | None, now: datetime) -> FeedItem | None:
    """One feed entry as a :class:`FeedItem`.

    Without an http(s) link of its own the entry links to its id when that is a URL (Atom may give only an
    enclosure or a non-alternate link), else to ``fallback`` (the feed's site, marked ``site_link``);
    None only when there is no address at all.
    """
    link = _http_link(entry.get("link"), "")
    site_link = False
    if link is None:
        link = _http_link(entry.get("id"), "")
    if link is None and fallback is not None:
        link, site_link = fallback, True
    if link is None:
        return None
    summary = _plain(_summary_html(entry))
    title = safe_line(_plain(str(entry.get("title") or ""))) or _glance(summary) or link
    author = safe_line(str(entry.get("author") or "")) or None
    item_id = safe_line(str(entry.get("id") or ""))
    if not item_id:
        item_id = link if not site_link else f"{link} {title}"
    return FeedItem(
        id=item_id,
        title=title,
        link=link,
        published=_published(entry, now),
        summary=summary,
        author=author,
        site_link=site_link,
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


def _published(entry: Any, now: datetime) -> str | None:
    """The entry's date as ISO 8601 UTC: feedparser's reading of it, else a looser one; never the future.

    feedparser knows the RFC 822 and W3C forms; feeds also write "Nov 12, 2026" or "12 November 2026
    10:00", which python-dateutil reads. A date with no year is taken in the latest year that does not
    put it in the future; a date still more than :data:`FUTURE_SLACK` ahead is dropped, not believed.
    """
    for parsed_key, raw_key in (("published_parsed", "published"), ("updated_parsed", "updated")):
        # dict.get: feedparser's own get maps a missing "updated" to "published", with a warning.
        moment = _from_struct(dict.get(entry, parsed_key))
        if moment is None:
            moment = _loose_date(dict.get(entry, raw_key), now)
        if moment is not None and moment <= now + FUTURE_SLACK:
            return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return None


#: How far ahead of our clock a date may be and still be believed: time zones and skewed server clocks.
FUTURE_SLACK = timedelta(days=1)


def _from_struct(moment: Any) -> datetime | None:
    """A feedparser date (a UTC ``struct_time``) as an aware datetime, or None."""
    if not isinstance(moment, time.struct_time):
        return None
    try:
        return datetime(*moment[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def _loose_date(value: object, now: datetime) -> datetime | None:
    """``value`` read by python-dateutil (UTC when it names no zone), or None when it is not a date."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    from dateutil import parser

    text = safe_line(value)
    base = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    try:
        moment = parser.parse(text, default=base)
        # Parsed again with another default year: if the year changes, the text named none.
        yearless = parser.parse(text, default=base.replace(year=base.year - 4)).year != moment.year
    except (ValueError, OverflowError, parser.ParserError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
        if yearless and moment > now + FUTURE_SLACK:
            moment = moment.replace(year=moment.year - 1)
    except (ValueError, OverflowError):
        return None
    return moment


#: expat's messages for XML that cannot be read to its end: the feed lost what comes after.
_TRUNCATED_XML = frozenset(
    {
        expat_errors.XML_ERROR_NO_ELEMENTS,
        expat_errors.XML_ERROR_UNCLOSED_TOKEN,
        expat_errors.XML_ERROR_PARTIAL_CHAR,
        expat_errors.XML_ERROR_UNCLOSED_CDATA_SECTION,
    }
)
#: ... and for XML whose structure is broken: which item holds what can no longer be told.
_FATAL_XML = _TRUNCATED_XML | {expat_errors.XML_ERROR_TAG_MISMATCH}

__all__ = ["FUTURE_SLACK", "Feed", "FeedItem", "discover", "fetch_feed", "parse_feed"]
