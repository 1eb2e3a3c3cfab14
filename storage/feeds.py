"""Feed subscriptions and the items last read from each feed, kept beside the library's articles.

Layout under the library's folder::

    feeds.json          the subscriptions (TinyDB table ``feeds``; doc id = the feed id as an integer)
    feeds/<id>.json     the items last fetched from one feed (TinyDB table ``items``), newest first

A refresh rewrites one feed's small file, and subscribing or removing rewrites ``feeds.json`` only.
Whether an item is saved or read is never stored here: it is derived from the library's articles, so
opening an item in the reader (which saves it) is all it takes to mark it.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.schema import stable_hex

if TYPE_CHECKING:
    from tinydb import TinyDB

    from storage.entries import ArticleEntry

#: Items kept per feed: enough for weeks of a busy feed, small enough to rewrite on every refresh.
MAX_ITEMS = 200
_FEED_ID = re.compile(r"[0-9a-f]{12}")
_ITEM_FIELDS = ("id", "title", "link", "published", "summary", "author")


def feed_id_of(url: str) -> str:
    """The id of the subscription to ``url``: the same on every machine, so subscribing twice is one feed."""
    return stable_hex("feed:" + url, 12)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class FeedSubscription:
    """One subscribed feed; ``item_count`` and ``unread`` count its cached items (unread: not saved here)."""

    id: str
    url: str
    title: str
    site_url: str | None
    added_at: str
    refreshed_at: str | None = None
    item_count: int = 0
    unread: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The subscription as JSON-ready data."""
        return {name: getattr(self, name) for name in self.__slots__}

    def _record(self) -> dict[str, Any]:
        """What is stored in ``feeds.json`` (the counts are derived, never stored)."""
        data = self.to_dict()
        del data["item_count"], data["unread"]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeedSubscription:
        """The subscription held in ``data``, tolerating missing or mistyped optional fields."""
        url = str(data.get("url") or "")
        return cls(
            id=str(data["id"]),
            url=url,
            title=str(data.get("title") or "") or url,
            site_url=_str(data.get("site_url")),
            added_at=str(data.get("added_at") or ""),
            refreshed_at=_str(data.get("refreshed_at")),
        )


@dataclass(frozen=True, slots=True)
class FeedItemEntry:
    """A cached feed item and its state here: ``saved`` once opened or saved, ``read`` once read through."""

    id: str
    title: str
    link: str
    published: str | None
    summary: str
    author: str | None
    saved: bool = False
    read: bool = False
    article_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The item as JSON-ready data."""
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], article: ArticleEntry | None = None) -> FeedItemEntry:
        """The item held in ``data``; ``article`` is the saved article its link leads to, if any."""
        link = str(data.get("link") or "")
        return cls(
            id=str(data.get("id") or "") or link,
            title=str(data.get("title") or "") or link,
            link=link,
            published=_str(data.get("published")),
            summary=str(data.get("summary") or ""),
            author=_str(data.get("author")),
            saved=article is not None,
            read=article is not None and article.read,
            article_id=article.id if article is not None else None,
        )


def _stored_item(item: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fields of a feed item worth keeping, or None when it has no link to open."""
    link = item.get("link")
    if not isinstance(link, str) or not link:
        return None
    return {name: item.get(name) if name != "link" else link for name in _ITEM_FIELDS}


def _newest_first(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dated items newest first; undated ones after them, in the feed's own order."""
    dated = [item for item in items if isinstance(item.get("published"), str)]
    undated = [item for item in items if not isinstance(item.get("published"), str)]
    dated.sort(key=lambda item: str(item["published"]), reverse=True)
    return dated + undated


class FeedShelf:
    """The feeds part of a :class:`storage.Library`, which owns the lock, the files and the clock.

    Args:
        data_dir: the library's folder.
        locked: the library's lock (threads and processes), held around every access.
        db: opens a TinyDB file of the library's kind (atomic writes; damaged files moved aside).
        articles_by_link: the saved articles keyed by canonical URL and by source.
        now: the library's clock (ISO 8601 UTC that never repeats).
    """

    def __init__(
        self,
        data_dir: Path,
        locked: Callable[[], AbstractContextManager[None]],
        db: Callable[[Path, str | None], TinyDB],
        articles_by_link: Callable[[], dict[str, ArticleEntry]],
        now: Callable[[], str],
    ) -> None:
        self._dir = data_dir
        self._locked = locked
        self._db = db
        self._articles_by_link = articles_by_link
        self._now = now

    def add(self, url: str, title: str, site_url: str | None) -> FeedSubscription:
        """Subscribe to ``url``; a feed already subscribed keeps its id and date, taking the new title."""
        feed_id = feed_id_of(url)
        with self._locked():
            known = self._subscriptions().get(feed_id)
            if known is not None:
                fresh = replace(known, title=title or known.title, site_url=site_url or known.site_url)
            else:
                fresh = FeedSubscription(feed_id, url, title or url, site_url, self._now())
            self._put(fresh)
        return fresh

    def restore(self, subscription: FeedSubscription, items: Iterable[Mapping[str, Any]]) -> None:
        """Put back a removed subscription with its items (undo of :meth:`remove`)."""
        with self._locked():
            if subscription.id not in self._subscriptions():
                self._write_items(subscription.id, items)
                self._put(subscription)

    def subscriptions(self) -> list[FeedSubscription]:
        """Every subscription with its item and unread counts, by title."""
        with self._locked():
            subs = list(self._subscriptions().values())
            links = self._articles_by_link() if subs else {}
            counted = []
            for sub in subs:
                stored = self._read_items(sub.id)
                unread = sum(1 for item in stored if item["link"] not in links)
                counted.append(replace(sub, item_count=len(stored), unread=unread))
        counted.sort(key=lambda sub: (sub.title.casefold(), sub.url))
        return counted

    def get(self, feed_id: str) -> FeedSubscription | None:
        """The subscription with this id (without counts), or None."""
        if not _FEED_ID.fullmatch(feed_id):
            return None
        with self._locked():
            return self._subscriptions().get(feed_id)

    def remove(self, feed_id: str) -> FeedSubscription | None:
        """Unsubscribe and drop the cached items; the removed subscription, or None for an unknown id."""
        if not _FEED_ID.fullmatch(feed_id):
            return None
        with self._locked():
            known = self._subscriptions().get(feed_id)
            if known is None:
                return None
            self._table().remove(doc_ids=[int(feed_id, 16)])
            # Subscription first: a crash in between leaves an orphan items file, which a new subscription
            # to the same URL simply overwrites on its first refresh.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._items_path(feed_id))
        return known

    def set_items(
        self, feed_id: str, items: Iterable[Mapping[str, Any]], *, title: str | None = None
    ) -> None:
        """Replace the feed's cached items (at most :data:`MAX_ITEMS`, newest first) and stamp the refresh.

        Raises:
            KeyError: no subscription has this id.
        """
        with self._locked():
            known = self._subscriptions().get(feed_id) if _FEED_ID.fullmatch(feed_id) else None
            if known is None:
                raise KeyError(feed_id)
            self._write_items(feed_id, items)
            self._put(replace(known, refreshed_at=self._now(), title=title or known.title))

    def items(self, feed_id: str) -> list[FeedItemEntry]:
        """The feed's cached items, newest first, each with its state in the library."""
        if not _FEED_ID.fullmatch(feed_id):
            return []
        with self._locked():
            stored = self._read_items(feed_id)
            links = self._articles_by_link() if stored else {}
        return [FeedItemEntry.from_dict(item, links.get(item["link"])) for item in stored]

    # ------------------------------------------------------------------ files

    def _table(self) -> Any:
        return self._db(self._dir / "feeds.json", "id").table("feeds", cache_size=0)

    def _subscriptions(self) -> dict[str, FeedSubscription]:
        data = self._table().storage.read() or {}
        found: dict[str, FeedSubscription] = {}
        for doc in data.get("feeds", {}).values():
            if _FEED_ID.fullmatch(str(doc.get("id"))):
                sub = FeedSubscription.from_dict(doc)
                found[sub.id] = sub
        return found

    def _put(self, subscription: FeedSubscription) -> None:
        record = subscription._record()

        def put(docs: dict[int, Any]) -> None:
            docs[int(subscription.id, 16)] = record

        self._table()._update_table(put)

    def _items_path(self, feed_id: str) -> Path:
        return self._dir / "feeds" / f"{feed_id}.json"

    def _read_items(self, feed_id: str) -> list[dict[str, Any]]:
        data = self._db(self._items_path(feed_id), "link").storage.read() or {}
        table = data.get("items", {})
        return [table[key] for key in sorted(table, key=int)]

    def _write_items(self, feed_id: str, items: Iterable[Mapping[str, Any]]) -> None:
        kept: list[dict[str, Any]] = []
        seen: set[str] = set()
        for item in items:
            stored = _stored_item(item)
            if stored is not None and stored["link"] not in seen:
                seen.add(stored["link"])
                kept.append(stored)
        ordered = _newest_first(kept)[:MAX_ITEMS]
        table = {str(n): item for n, item in enumerate(ordered, start=1)}
        self._db(self._items_path(feed_id), "link").storage.write({"items": table})


__all__ = ["MAX_ITEMS", "FeedItemEntry", "FeedShelf", "FeedSubscription", "feed_id_of"]
