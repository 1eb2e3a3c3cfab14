"""Feed subscriptions and the items last read from each feed, kept beside the library's articles.

Layout under the library's folder::

    feeds.json          the subscriptions (TinyDB table ``feeds``; doc id = the feed id as an integer)
    feeds/<id>.json     the items last fetched from one feed (TinyDB table ``items``), newest first

A refresh rewrites one feed's small file, and subscribing or removing rewrites ``feeds.json`` only.
Whether an item is saved or read is derived from the library's articles, so opening an item in the reader
(which saves it) is all it takes to mark it; an item marked read without opening it keeps ``marked_read``
in its feed's file, carried over by every refresh.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.schema import stable_hex

if TYPE_CHECKING:
    from tinydb import TinyDB

    from storage.entries import ArticleEntry

#: Items kept per feed: enough for weeks of a busy feed, small enough to rewrite on every refresh.
MAX_ITEMS = 200
_FEED_ID = re.compile(r"[0-9a-f]{12}")
_ITEM_FIELDS = (
    "id",
    "title",
    "link",
    "published",
    "summary",
    "author",
    "site_link",
    "marked_read",
    "prefetched",
)
_FLAGS = ("site_link", "marked_read", "prefetched")


def feed_id_of(url: str) -> str:
    """The id of the subscription to ``url``: the same on every machine, so subscribing twice is one feed."""
    return stable_hex("feed:" + url, 12)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _tags(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(dict.fromkeys(tag for tag in value if isinstance(tag, str) and tag))


@dataclass(frozen=True, slots=True)
class FeedSubscription:
    """One subscribed feed; ``item_count`` and ``unread`` count its cached items (unread: not saved here).

    ``tags`` are its folders (from an OPML import, outermost first); ``etag`` / ``last_modified`` the
    validators of its last fetch; ``error`` the one line its last fetch failed with (None once one works),
    ``failures`` how many fetches in a row failed, ``retry_at`` (ISO 8601 UTC) when to try it again;
    ``aliases`` what ``feeds add`` was given that led here (a site's page, a relative path).
    """

    id: str
    url: str
    title: str
    site_url: str | None
    added_at: str
    refreshed_at: str | None = None
    tags: tuple[str, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    failures: int = 0
    retry_at: str | None = None
    aliases: tuple[str, ...] = ()
    item_count: int = 0
    unread: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The subscription as JSON-ready data."""
        data = {name: getattr(self, name) for name in self.__slots__}
        data["tags"] = list(self.tags)
        data["aliases"] = list(self.aliases)
        return data

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
            tags=_tags(data.get("tags")),
            etag=_str(data.get("etag")),
            last_modified=_str(data.get("last_modified")),
            error=_str(data.get("error")),
            failures=data["failures"] if isinstance(data.get("failures"), int) else 0,
            retry_at=_str(data.get("retry_at")),
            aliases=_tags(data.get("aliases")),
        )


@dataclass(frozen=True, slots=True)
class FeedItemEntry:
    """A cached feed item and its state here.

    ``saved`` once its article is in the library (it reads offline), ``read`` once read through,
    ``marked_read`` when opened from the feeds or marked read there, ``prefetched`` when it was saved for
    offline (in the background, or by ``s``) rather than opened. ``unread``: not marked read, and either
    not saved or only prefetched and not read through.
    ``site_link``: the entry had no address of its own and ``link`` is its feed's site. ``feed_id`` names
    the feed it came from.
    """

    id: str
    title: str
    link: str
    published: str | None
    summary: str
    author: str | None
    saved: bool = False
    read: bool = False
    article_id: str | None = None
    site_link: bool = False
    marked_read: bool = False
    feed_id: str = ""
    prefetched: bool = False

    @property
    def unread(self) -> bool:
        """Not opened or marked read (an item saved for offline stays unread until it is)."""
        if self.marked_read:
            return False
        return not self.saved or (self.prefetched and not self.read)

    def to_dict(self) -> dict[str, Any]:
        """The item as JSON-ready data (``unread`` included)."""
        data = {name: getattr(self, name) for name in self.__slots__}
        data["unread"] = self.unread
        return data

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], article: ArticleEntry | None = None, feed_id: str = ""
    ) -> FeedItemEntry:
        """The item held in ``data``; ``article`` is the saved article its link leads to, if any."""
        link = str(data.get("link") or "")
        site_link = data.get("site_link") is True
        if site_link:
            article = None  # the site's front page being saved says nothing of this item
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
            site_link=site_link,
            marked_read=data.get("marked_read") is True,
            prefetched=data.get("prefetched") is True,
            feed_id=feed_id,
        )


@dataclass(frozen=True, slots=True)
class FeedCheck:
    """What one fetch of one feed learned, to keep: see :meth:`FeedShelf.record`.

    ``items`` None means the items stay as they are (a 304, or a failure: ``error`` says which).
    """

    feed_id: str
    items: Sequence[Mapping[str, Any]] | None = None
    title: str | None = None
    site_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    retry_at: str | None = None
    keep: int = field(default=0)


def _stored_item(item: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fields of a feed item worth keeping, or None when it has no link to open."""
    link = item.get("link")
    if not isinstance(link, str) or not link:
        return None
    stored = {name: item.get(name) if name != "link" else link for name in _ITEM_FIELDS}
    for flag in _FLAGS:
        stored[flag] = stored[flag] is True
    if not isinstance(stored["id"], str) or not stored["id"]:
        stored["id"] = link
    return stored


def _unread(item: Mapping[str, Any], links: Mapping[str, ArticleEntry]) -> bool:
    """:attr:`FeedItemEntry.unread` of a stored item, ``links`` being the saved articles."""
    if item.get("marked_read") is True:
        return False
    article = links.get(item["link"]) if item.get("site_link") is not True else None
    return article is None or (item.get("prefetched") is True and not article.read)


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

    def add(
        self,
        url: str,
        title: str,
        site_url: str | None,
        *,
        alias: str | None = None,
        tags: Sequence[str] = (),
    ) -> FeedSubscription:
        """Subscribe to ``url``; a feed already subscribed keeps its id and date, taking the new title.

        ``alias`` is what the user gave that led to ``url`` (kept so ``feeds remove`` takes it too);
        ``tags`` are folders to put the feed in, added to those it is in already.
        """
        feed_id = feed_id_of(url)
        aliases = (alias,) if alias and alias != url else ()
        with self._locked():
            known = self._subscriptions().get(feed_id)
            if known is not None:
                fresh = replace(
                    known,
                    title=title or known.title,
                    site_url=site_url or known.site_url,
                    aliases=tuple(dict.fromkeys((*known.aliases, *aliases))),
                    tags=tuple(dict.fromkeys((*known.tags, *tags))),
                )
            else:
                fresh = FeedSubscription(
                    feed_id, url, title or url, site_url, self._now(), aliases=aliases, tags=tuple(tags)
                )
            if fresh != known:
                self._put(fresh)
        return fresh

    def add_many(self, feeds: Sequence[tuple[str, str, Sequence[str]]]) -> tuple[int, int]:
        """Subscribe to many feeds at once (an OPML import): ``(url, title, tags)`` each, one write in all.

        A feed followed already keeps its title and gains the tags. Returns (new feeds, feeds already
        followed).
        """
        added = known_count = 0
        with self._locked():
            subs = self._subscriptions()
            changed: dict[str, FeedSubscription] = {}
            seen: set[str] = set()
            for url, title, tags in feeds:
                feed_id = feed_id_of(url)
                known = changed.get(feed_id) or subs.get(feed_id)
                if known is None:
                    changed[feed_id] = FeedSubscription(
                        feed_id, url, title or url, None, self._now(), tags=tuple(tags)
                    )
                    added += 1
                    continue
                if feed_id in subs and feed_id not in seen:
                    known_count += 1
                seen.add(feed_id)
                merged = tuple(dict.fromkeys((*known.tags, *tags)))
                if merged != known.tags:
                    changed[feed_id] = replace(known, tags=merged)
            if changed:
                self._put_many(list(changed.values()))
        return added, known_count

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
            counted = [self._with_counts(sub, links) for sub in subs]
        counted.sort(key=lambda sub: (sub.title.casefold(), sub.url))
        return counted

    def records(self) -> list[FeedSubscription]:
        """Every subscription as stored, by title, without counts (no items file is read)."""
        with self._locked():
            subs = list(self._subscriptions().values())
        subs.sort(key=lambda sub: (sub.title.casefold(), sub.url))
        return subs

    def counted(self, feed_id: str) -> FeedSubscription | None:
        """The subscription with this id with its item and unread counts, or None."""
        if not _FEED_ID.fullmatch(feed_id):
            return None
        with self._locked():
            known = self._subscriptions().get(feed_id)
            return self._with_counts(known, self._articles_by_link()) if known is not None else None

    def _with_counts(self, sub: FeedSubscription, links: Mapping[str, Any]) -> FeedSubscription:
        """``sub`` with the count of its cached items and of those unread (``links``: the saved articles)."""
        stored = self._read_items(sub.id)
        return replace(sub, item_count=len(stored), unread=sum(1 for item in stored if _unread(item, links)))

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
        self, feed_id: str, items: Iterable[Mapping[str, Any]], *, title: str | None = None, keep: int = 0
    ) -> int:
        """Replace the feed's cached items (newest ``keep`` or :data:`MAX_ITEMS`) and stamp the refresh.

        Items marked read stay marked. Returns how many items are new (ids not cached before).

        Raises:
            KeyError: no subscription has this id.
        """
        new = self.record([FeedCheck(feed_id, items=list(items), title=title, keep=keep)])
        if feed_id not in new:
            raise KeyError(feed_id)
        return new[feed_id]

    def record(self, checks: Sequence[FeedCheck]) -> dict[str, int]:
        """Keep what a refresh learned about several feeds: each one's items file, then ``feeds.json`` once.

        A check with items replaces that feed's items (marks carried over) and clears its error; one with
        an ``error`` keeps the items, counts the failure and stores ``retry_at``; one with neither (a 304)
        only stamps the refresh. Feeds removed meanwhile are skipped.

        Returns:
            feed id -> how many of its items are new, for every feed still subscribed.
        """
        new: dict[str, int] = {}
        with self._locked():
            docs = self._subscription_docs()
            changed: list[FeedSubscription] = []
            for check in checks:
                doc = docs.get(check.feed_id)
                if doc is None:
                    continue
                # Only the feeds in this batch are read into objects: a refresh records often.
                known = FeedSubscription.from_dict(doc)
                if check.error is not None:
                    new[check.feed_id] = 0
                    changed.append(
                        replace(
                            known, error=check.error, failures=known.failures + 1, retry_at=check.retry_at
                        )
                    )
                    continue
                if check.items is not None:
                    new[check.feed_id] = self._merge_items(check.feed_id, check.items, check.keep)
                else:
                    new[check.feed_id] = 0
                changed.append(
                    replace(
                        known,
                        refreshed_at=self._now(),
                        title=check.title or known.title,
                        site_url=check.site_url or known.site_url,
                        etag=check.etag,
                        last_modified=check.last_modified,
                        error=None,
                        failures=0,
                        retry_at=check.retry_at,
                    )
                )
            if changed:
                self._put_many(changed)
        return new

    def set_tags(self, feed_id: str, tags: Sequence[str]) -> None:
        """Put the feed in these folders (outermost first), merged with the ones it is in already."""
        with self._locked():
            known = self._subscriptions().get(feed_id) if _FEED_ID.fullmatch(feed_id) else None
            if known is None:
                raise KeyError(feed_id)
            merged = tuple(dict.fromkeys((*known.tags, *tags)))
            if merged != known.tags:
                self._put(replace(known, tags=merged))

    def mark_read(self, marks: Mapping[str, Iterable[str]], read: bool = True) -> dict[str, list[str]]:
        """Mark items read (or, ``read=False``, unread again) without opening them.

        Args:
            marks: feed id -> the ids of its items to mark.

        Returns:
            feed id -> the ids whose mark changed (what an undo passes back with ``read=False``).
        """
        return self._flag("marked_read", marks, read)

    def mark_prefetched(self, marks: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
        """Say these items were saved for offline, not opened: they stay unread (feed id -> item ids)."""
        return self._flag("prefetched", marks, True)

    def _flag(self, flag: str, marks: Mapping[str, Iterable[str]], value: bool) -> dict[str, list[str]]:
        changed: dict[str, list[str]] = {}
        with self._locked():
            for feed_id, ids in marks.items():
                if not _FEED_ID.fullmatch(feed_id) or not self._items_path(feed_id).exists():
                    continue
                wanted = set(ids)
                stored = self._read_items(feed_id)
                flipped = [item["id"] for item in stored if item["id"] in wanted and item[flag] != value]
                if not flipped:
                    continue
                flips = set(flipped)
                for item in stored:
                    if item["id"] in flips:
                        item[flag] = value
                self._write_items(feed_id, stored)
                changed[feed_id] = flipped
        return changed

    def items(self, feed_id: str) -> list[FeedItemEntry]:
        """The feed's cached items, newest first, each with its state in the library."""
        if not _FEED_ID.fullmatch(feed_id):
            return []
        with self._locked():
            stored = self._read_items(feed_id)
            links = self._articles_by_link() if stored else {}
        return [FeedItemEntry.from_dict(item, links.get(item["link"]), feed_id) for item in stored]

    def all_items(self, feed_ids: Iterable[str] | None = None) -> list[FeedItemEntry]:
        """The items of every feed (or of ``feed_ids``), newest first across feeds: the combined view."""
        with self._locked():
            ids = list(self._subscriptions()) if feed_ids is None else list(feed_ids)
            stored = [
                (feed_id, item)
                for feed_id in ids
                if _FEED_ID.fullmatch(feed_id)
                for item in self._read_items(feed_id)
            ]
            links = self._articles_by_link() if stored else {}
        entries = [
            FeedItemEntry.from_dict(item, links.get(item["link"]), feed_id) for feed_id, item in stored
        ]
        dated = sorted((e for e in entries if e.published), key=lambda e: str(e.published), reverse=True)
        return dated + [e for e in entries if not e.published]

    # ------------------------------------------------------------------ files

    def _table(self) -> Any:
        return self._db(self._dir / "feeds.json", "id").table("feeds", cache_size=0)

    def _subscription_docs(self) -> dict[str, Mapping[str, Any]]:
        data = self._table().storage.read() or {}
        found: dict[str, Mapping[str, Any]] = {}
        for doc in data.get("feeds", {}).values():
            if isinstance(doc, dict) and _FEED_ID.fullmatch(str(doc.get("id"))):
                found[str(doc["id"])] = doc
        return found

    def _subscriptions(self) -> dict[str, FeedSubscription]:
        docs = self._subscription_docs()
        return {feed_id: FeedSubscription.from_dict(doc) for feed_id, doc in docs.items()}

    def _put(self, subscription: FeedSubscription) -> None:
        self._put_many([subscription])

    def _put_many(self, subscriptions: Sequence[FeedSubscription]) -> None:
        records = {int(sub.id, 16): sub._record() for sub in subscriptions}

        def put(docs: dict[int, Any]) -> None:
            docs.update(records)

        self._table()._update_table(put)

    def _items_path(self, feed_id: str) -> Path:
        return self._dir / "feeds" / f"{feed_id}.json"

    def _read_items(self, feed_id: str) -> list[dict[str, Any]]:
        data = self._db(self._items_path(feed_id), "link").storage.read() or {}
        table = data.get("items", {})
        found = (_stored_item(table[key]) for key in sorted(table, key=int))
        return [item for item in found if item is not None]

    def _merge_items(self, feed_id: str, items: Sequence[Mapping[str, Any]], keep: int) -> int:
        """Write a fresh fetch's items, carrying the read marks over; how many ids were not cached before."""
        old = {item["id"]: item for item in self._read_items(feed_id)}
        fresh: list[dict[str, Any]] = []
        for item in items:
            stored = _stored_item(item)
            if stored is None:
                continue
            before = old.get(stored["id"])
            for flag in ("marked_read", "prefetched"):
                stored[flag] = before is not None and before[flag]
            fresh.append(stored)
        kept = self._write_items(feed_id, fresh, keep)
        return sum(1 for item in kept if item["id"] not in old)

    def _write_items(
        self, feed_id: str, items: Iterable[Mapping[str, Any]], keep: int = 0
    ) -> list[dict[str, Any]]:
        kept: list[dict[str, Any]] = []
        seen: set[str] = set()
        for item in items:
            stored = _stored_item(item)
            if stored is not None and stored["id"] not in seen:
                seen.add(stored["id"])
                kept.append(stored)
        ordered = _newest_first(kept)[: keep if keep > 0 else MAX_ITEMS]
        table = {str(n): item for n, item in enumerate(ordered, start=1)}
        self._db(self._items_path(feed_id), "link").storage.write({"items": table})
        return ordered


__all__ = ["MAX_ITEMS", "FeedCheck", "FeedItemEntry", "FeedShelf", "FeedSubscription", "feed_id_of"]
