"""Build the outline of an article from its body blocks and the page's metadata."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

from news.boilerplate import is_furniture_line
from news.dateline import Opening, byline_names, read_opening
from news.metadata import Metadata, normalize_date, strip_site_suffix
from news.model import Article, Block
from news.pubdate import date_in_text
from news.quotes import find_quotes
from news.sections import build_sections
from news.summary import summarize
from news.takeaways import find_takeaways, is_label

_SPACE = re.compile(r"\s+")
# How many headings and paragraphs into the body a byline or dateline may stand.
_OPENING_REACH = 4
_LEAD_MIN_WORDS = 12
# A line that only gives the date ("Published: Feb. 7, 2025", "Updated 2025-02-07T10:00Z").
_DATE_LINE = re.compile(
    r"^\s*(?:(?:published|updated|posted|last updated)(?: on)?:?\s+)?(?P<date>[\w ,.:+/-]{6,40}?)\s*$",
    re.IGNORECASE,
)
# A line that only credits a wire service.
_WIRE_CREDIT = re.compile(
    r"^\s*(?:the )?(?:associated press|reuters|agence france-presse|afp|bloomberg(?: news)?|dpa|upi|"
    r"pa media|the canadian press|press association|ansa|efe|kyodo news|xinhua)\s*$",
    re.IGNORECASE,
)


# Cached: the headline is folded again for every paragraph it is compared with.
@functools.lru_cache(maxsize=256)
def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("’", "'").replace("‘", "'")
    return _SPACE.sub(" ", text).strip(" .:").casefold()


def _repeats(text: str, title: str) -> bool:
    """Whether a heading only repeats the headline (exactly, or with a site name or kicker around it)."""
    a, b = _fold(text), _fold(title)
    if not a or not b:
        return False
    return a == b or (
        len(a) >= 20
        and len(b) >= 20
        and (a in b or b in a)
        and min(len(a), len(b)) * 5 > 4 * max(len(a), len(b))
    )


def _kept_text(block: Block) -> bool:
    """Whether a text block holds words of the article (a figure, table or embed is kept for its media)."""
    return bool(block.text.strip()) and (block.kind == "code" or not is_furniture_line(block.text))


def _short_line(block: Block) -> bool:
    return (
        block.kind in ("heading", "paragraph")
        and len(block.text.split()) <= 30
        and not block.text.endswith(":")
    )


def build_article(source: str, blocks: list[Block], meta: Metadata) -> Article:
    """Assemble an :class:`Article`: headline, dek, byline, lead, takeaways, sections and quotes."""
    body = [b for b in blocks if b.media is not None or _kept_text(b)]
    dates: list[str] = []
    opening, byline = _take_opening(body, meta, dates)
    site = meta.site or (opening.site if opening else None)
    authors = list(meta.authors) or byline or (opening.authors if opening else [])

    title = meta.title or (opening.title if opening else None)
    if not title:
        first = next((b for b in body if b.text), None)
        # A short first line is the headline; a first sentence is the text, and the title only quotes it.
        if first is not None and (
            first.kind == "heading" or (_short_line(first) and not first.text.endswith("."))
        ):
            title = first.text
    title = strip_site_suffix(title, site) if title else _fallback_title(source)

    kept = list(body)
    subtitle = _take_headline(body, title) or _opening_dek(body)
    dek_in_text = subtitle is not None
    if subtitle is None and meta.subtitle:
        subtitle = meta.subtitle
        # A dek the page marks as such often comes through as the first paragraph too.
        dek = next((i for i, b in enumerate(body[:_OPENING_REACH]) if b.text and b.kind != "item"), None)
        if dek is not None and _fold(body[dek].text) == _fold(subtitle):
            body[dek] = body[dek].with_text("")
            dek_in_text = True
    # The page may be nothing but its headline: then that line is the text too.
    body = [b for b in body if b.text or b.media] or [b for b in kept if b.text or b.media]

    lead = next(
        (b.text for b in body if b.kind == "paragraph" and len(b.text.split()) >= _LEAD_MIN_WORDS), ""
    )
    lead = lead or next((b.text for b in body if b.kind == "paragraph"), "")
    if opening is not None and opening.part_of_text and lead.endswith(opening.rest):
        lead = opening.rest  # the lead goes without its dateline, which the body keeps
    if subtitle is None:
        subtitle = _description_dek(meta.description, title, body, site)

    found = find_takeaways(body)
    skip: set[int] = set()
    takeaways_block: int | None
    if found is not None:
        takeaways, generated, takeaways_block = found.items, False, found.first
        if found.label is not None and body[found.label].kind == "heading":
            skip.add(found.label)
    elif meta.takeaways:
        # A summary box that extraction left out of the body.
        takeaways, generated = list(meta.takeaways), False
        takeaways_block = next((i for i, b in enumerate(body) if b.text == takeaways[0]), None)
    else:
        takeaways, generated, takeaways_block = summarize(body), True, None
    sections, enclosing = build_sections(body, skip)
    return Article(
        source=source,
        title=title,
        url=meta.url,
        subtitle=subtitle,
        dek_in_text=dek_in_text,
        site=site,
        authors=authors,
        published=meta.published or (dates[0] if dates else None),
        dateline=(opening.dateline if opening else None) or meta.dateline,
        lead=lead,
        takeaways=takeaways,
        takeaways_generated=generated and bool(takeaways),
        takeaways_block=takeaways_block,
        sections=sections,
        quotes=find_quotes(body, enclosing),
        blocks=body,
    )


def _take_opening(body: list[Block], meta: Metadata, dates: list[str]) -> tuple[Opening | None, list[str]]:
    """Blank the byline and date lines at the top of ``body`` and cut the dateline off the first paragraph.

    Returns:
        what the dateline or slash header said (or None), and the authors the byline lines named;
        the dates of date lines are added to ``dates``.
    """
    byline: list[str] = []
    seen = 0
    for index, block in enumerate(body):
        if block.kind not in ("paragraph", "heading"):
            continue  # a takeaways list may stand between the headline and the dateline
        seen += 1
        if seen > _OPENING_REACH + 1:
            break
        # Copied text puts the byline and the agency on short lines of their own, which may read as headings.
        names = byline_names(block.text)
        if names is not None or _WIRE_CREDIT.match(block.text):
            byline = byline or names or [block.text.strip()]
            # "By Ann Lee | Published 4 May 2026": the date of a byline line is the article's too.
            written = date_in_text(block.text)
            if written:
                dates.append(written)
            body[index] = block.with_text("")
            continue
        date = _DATE_LINE.match(block.text)
        if date and normalize_date(date.group("date")):
            dates.append(normalize_date(date.group("date")) or "")
            body[index] = block.with_text("")
            continue
        if block.kind != "paragraph":
            continue
        opening = read_opening(block.text, meta.site, meta.title)
        if opening is not None:
            if not opening.part_of_text:
                body[index] = block.with_text(opening.rest)
            return opening, byline
        if len(block.text.split()) >= _LEAD_MIN_WORDS:
            break
    return None, byline


def _take_headline(body: list[Block], title: str) -> str | None:
    """Blank every repeat of the headline in ``body``; return the dek standing right under one.

    The line right under a repeated headline is the dek when a heading follows it, for then it
    heads nothing of its own.
    """
    subtitle: str | None = None
    for index, block in enumerate(body):
        if not block.text or block.kind not in ("heading", "paragraph") or not _repeats(block.text, title):
            continue
        if block.kind == "paragraph" and block.text.rstrip().endswith("."):
            continue  # a sentence that happens to serve as the title is still the text
        body[index] = block.with_text("")
        nxt = _next_index(body, index)
        if nxt is not None and subtitle is None and _short_line(body[nxt]) and body[nxt].kind == "heading":
            after = _next_index(body, nxt)
            if after is None or body[after].kind == "heading":
                subtitle = body[nxt].text
                body[nxt] = body[nxt].with_text("")
    return subtitle


def _opening_dek(body: list[Block]) -> str | None:
    """An opening heading that reads as a standfirst (a sentence, or below the next heading), taken out."""
    first = _next_index(body, -1)
    if first is None or body[first].kind != "heading" or is_label(body[first].text):
        return None
    block = body[first]
    if block.level == 1:
        return None  # a headline of its own (one the page's title does not repeat), no standfirst
    later = next((b for b in body[first + 1 :] if b.kind == "heading" and b.text), None)
    if len(block.text.split()) >= 10 or (later is not None and later.level < block.level):
        body[first] = block.with_text("")
        return block.text
    return None


def _next_index(blocks: list[Block], index: int) -> int | None:
    return next((i for i in range(index + 1, len(blocks)) if blocks[i].text), None)


def _fallback_title(source: str) -> str:
    """The name of ``source`` when nothing on the page names the article: a file's name, a URL's last path
    part (or its host), "Untitled" for standard input. Never words of the text: a title made of the first
    sentence is one the page never gave (issue 9), and browsers show the address in the same case."""
    parsed = urlparse(source)
    if parsed.scheme in ("http", "https"):
        return PurePosixPath(unquote(parsed.path)).name or parsed.hostname or source
    if source == "-":
        return "Untitled"
    return PurePosixPath(source.replace("\\", "/")).name or source


def _description_dek(
    description: str | None, title: str, blocks: list[Block], site: str | None = None
) -> str | None:
    """The page's description as the dek, unless it only repeats the headline or the opening text."""
    # A standfirst is a sentence or two; a longer description is the page's text run together.
    if not description or _repeats(description, title) or len(description) > 320:
        return None
    if _fold(description).startswith(_fold(title)):
        return None
    opening = read_opening(description)
    head = _fold(opening.rest if opening else description)[:60]
    start = _fold(" ".join(b.text for b in blocks[:6]))
    if head and head in start:
        return None
    if (
        site
        and _names(description, site)
        and not _content_words(description) & _content_words(f"{title} {start}")
    ):
        # The site's blurb for every page ("The latest news and headlines from Yahoo! News"): it names
        # the site and nothing the story is about. A standfirst may share no word with the headline, so
        # both are asked.
        return None
    return description


def _names(text: str, site: str) -> bool:
    """Whether every word of ``site`` stands in ``text`` (case and punctuation aside)."""
    words = {word.casefold() for word in re.findall(r"[^\W_]+", text)}
    wanted = {word.casefold() for word in re.findall(r"[^\W_]+", site)}
    return bool(wanted) and wanted <= words


# Words this long are what a text is about; shorter ones ("the", "from", "news") are shared by any two.
_CONTENT_WORD = re.compile(r"[^\W\d_]{5,}")


def _content_words(text: str) -> set[str]:
    return {word.casefold() for word in _CONTENT_WORD.findall(text)}
