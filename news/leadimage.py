"""The lead image of a page: the picture it offers for sharing (og:image), else the body's first figure."""

from __future__ import annotations

from lxml.html import HtmlElement

from news.blocks import is_chrome, page_base, resolve
from news.model import Block, Image

# Share-card properties, most specific first (Open Graph, then Twitter cards).
_IMAGE_KEYS = ("og:image:secure_url", "og:image:url", "og:image", "twitter:image", "twitter:image:src")
_ALT_KEYS = ("og:image:alt", "twitter:image:alt")


def _meta(doc: HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = " ".join((meta.get("content") or "").split())
        if key and value and key not in found:
            found[key] = value
    return found


def _size(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 6 else None


def share_image(doc: HtmlElement, url: str | None) -> Image | None:
    """The picture ``doc`` offers for sharing, read before cleaning drops the head; None when there is none.

    A share image that is a logo, icon or pixel by its name or size is not the article's picture.
    """
    meta = _meta(doc)
    base = page_base(doc, url)
    for key in _IMAGE_KEYS:
        address = resolve(meta.get(key), base, frozenset({"http", "https"}))
        if address is None:
            continue
        width, height = _size(meta.get("og:image:width")), _size(meta.get("og:image:height"))
        if is_chrome(address, None, width, height):
            continue
        alt = next((meta[k] for k in _ALT_KEYS if k in meta), "")
        return Image(address, alt, width=width, height=height)
    return None


def lead_image(share: Image | None, blocks: list[Block]) -> Image | None:
    """The lead image: the share image (as the body's figure of the same address, caption and all, if any),
    else the body's first figure."""
    figures = [b.media for b in blocks if isinstance(b.media, Image)]
    if share is None:
        return figures[0] if figures else None
    return next((image for image in figures if image.url == share.url), share)
