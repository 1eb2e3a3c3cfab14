"""OPML subscription lists: read one (listparser) into feeds with folders, write one (OPML 2.0).

Folders are kept as tags: a feed inside ``Tech > Linux`` has the tag ``Tech/Linux``, and the OPML 2.0
``category`` attribute (``/a/b,c``) adds its own. On export a feed goes in the folder of its first tag and
carries every tag in ``category``, so reading the export back gives the same feeds, titles and folders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from news.errors import SourceError
from news.sanitize import safe_line

#: The separator of nested folder names in a tag; a folder named with it is kept, slash and all.
FOLDER_SEPARATOR = "/"


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed of a subscription list: its feed URL, title and folders (outermost name first)."""

    url: str
    title: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OpmlList:
    """The feeds of a list, each URL once (folders merged), and how many outlines were not http(s) feeds."""

    feeds: list[OpmlFeed]
    skipped: int = 0
    merged: int = 0


def read_opml(data: bytes, source: str) -> OpmlList:
    """The feeds in the OPML document ``data`` (``source`` names it in errors).

    Raises:
        SourceError: the bytes hold no OPML subscription list.
    """
    import listparser

    # Bytes, never a str: listparser fetches a str that looks like a URL by itself.
    try:
        parsed: Any = listparser.parse(bytes(data))
    except Exception as error:  # the parser's failure is this file's one line
        raise SourceError(source, f"could not read the list ({type(error).__name__}: {error})") from None
    if not str(parsed.get("version") or "").startswith("opml") and not parsed.get("feeds"):
        raise SourceError(source, "not an OPML subscription list (no <opml> with feed outlines)")
    feeds: dict[str, OpmlFeed] = {}
    skipped = merged = 0
    for entry in parsed.get("feeds") or []:
        url = safe_line(str(entry.get("url") or "")).strip()
        if not url.lower().startswith(("http://", "https://")):
            skipped += 1
            continue
        title = safe_line(str(entry.get("title") or "")).strip()
        tags = _tags(entry.get("categories"))
        known = feeds.get(url)
        if known is not None:
            merged += 1
            feeds[url] = OpmlFeed(url, known.title or title, tuple(dict.fromkeys((*known.tags, *tags))))
        else:
            feeds[url] = OpmlFeed(url, title, tags)
    return OpmlList(list(feeds.values()), skipped, merged)


def _tags(categories: object) -> tuple[str, ...]:
    """listparser's categories (a list of folder paths) as tags, in its order, each once."""
    if not isinstance(categories, list):
        return ()
    paths = [path for path in categories if isinstance(path, list) and path]
    tags = (FOLDER_SEPARATOR.join(safe_line(str(name)).strip() for name in path) for path in paths)
    return tuple(dict.fromkeys(tag for tag in tags if tag.strip(FOLDER_SEPARATOR)))


def write_opml(feeds: Sequence[OpmlFeed], *, title: str = "byline feeds", now: datetime | None = None) -> str:
    """An OPML 2.0 document of ``feeds``: nested folders from the first tag, every tag in ``category``."""
    from xml.etree import ElementTree

    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC), usegmt=True)
    body = ElementTree.SubElement(root, "body")
    folders: dict[tuple[str, ...], ElementTree.Element] = {(): body}

    def folder(path: tuple[str, ...]) -> ElementTree.Element:
        if path not in folders:
            parent = folder(path[:-1])
            folders[path] = ElementTree.SubElement(parent, "outline", text=path[-1], title=path[-1])
        return folders[path]

    for feed in feeds:
        path = tuple(part for part in feed.tags[0].split(FOLDER_SEPARATOR) if part) if feed.tags else ()
        attributes = {"type": "rss", "text": feed.title or feed.url, "title": feed.title or feed.url}
        attributes["xmlUrl"] = feed.url
        if len(feed.tags) > 1:
            attributes["category"] = ",".join(f"{FOLDER_SEPARATOR}{tag}" for tag in feed.tags)
        ElementTree.SubElement(folder(path), "outline", attributes)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


__all__ = ["FOLDER_SEPARATOR", "OpmlFeed", "OpmlList", "read_opml", "write_opml"]
