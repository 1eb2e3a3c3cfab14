"""Page metadata from JSON-LD, Open Graph and meta tags."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement


@dataclass(slots=True)
class Metadata:
    """What the page says about itself; every field may be missing."""

    title: str | None = None
    subtitle: str | None = None
    site: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None


def _meta(doc: HtmlElement, *keys: str) -> str | None:
    for key in keys:
        for element in doc.xpath(f'//meta[@property="{key}" or @name="{key}"]'):
            content = (element.get("content") or "").strip()
            if content:
                return content
    return None


def read_metadata(doc: HtmlElement, url: str | None = None) -> Metadata:
    """Read the metadata of the page ``doc`` (left unchanged)."""
    title = _meta(doc, "og:title", "twitter:title")
    if not title:
        found = doc.findtext(".//title")
        title = found.strip() if found else None
    canonical = doc.xpath('//link[@rel="canonical"]/@href')
    author = _meta(doc, "author", "article:author")
    return Metadata(
        title=title,
        site=_meta(doc, "og:site_name", "application-name"),
        url=(canonical[0] if canonical else None) or _meta(doc, "og:url") or url,
        authors=[author] if author else [],
        published=_meta(doc, "article:published_time", "date", "pubdate"),
    )
