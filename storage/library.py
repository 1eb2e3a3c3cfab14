"""The library: saved articles, reading state, bookmarks, feeds and settings, shared safely between processes.

Layout under ``data_dir`` (schema 2)::

    library.json            schema version, settings, and housekeeping notes
    catalog.sqlite          derived: index/ mirrored to list, sort and filter fast (storage.catalog),
                            and the text index of articles and bookmarks (storage.fulltext)
    library.lock            the inter-process lock held around every access
    index/<xx>.json         article entries whose id starts with the hex digits xx (256 shards)
    bookmarks/<x>.json      bookmarks whose id starts with the hex digit x (16 shards)
    articles/<id>.json      each article's body, for offline reading
    trash/<id>.json         bodies of deleted articles, kept a week so a delete can be undone
    feeds.json, feeds/      feed subscriptions and their latest items (see :mod:`storage.feeds`)

Every file is a small TinyDB document replaced atomically, so one change rewrites
one shard, not the whole library. An article's id starts with the shard of its key
(canonical URL, else the file's resolved path, else source), so both ``get(id)`` and
``find(url)`` read one shard. A file is known by its resolved path, not by the name it was
given, so two ``a.txt`` in different folders are two articles; an entry saved before paths
were kept (no ``path``) is still matched by its source as given.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from operator import attrgetter
from pathlib import Path
from typing import Any

import platformdirs
from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from news.model import Article, Section
from news.sanitize import safe_article
from news.sources import is_url
from storage.atomic import fsync_dir, is_temp, write_atomic
from storage.catalog import Catalog, View, in_memory
from storage.entries import ArticleEntry, BookmarkEntry, BookmarkKind
from storage.feeds import FeedItemEntry, FeedShelf, FeedSubscription
from storage.fulltext import FullText, SearchHit
from storage.jsonstore import AtomicJSONStorage, CorruptFile, parse
from storage.schema import MIGRATIONS, SCHEMA_VERSION, stable_hex

TRASH_DAYS = 7
LOCK_TIMEOUT = 15.0
# A body this young with no index entry may belong to a save still under way in another process.
UNLISTED_GRACE = 600.0
#: Bodies read into the text index per hold of the lock: ~0.3 s, short of what another byline waits.
REINDEX_BATCH = 200
_ARTICLE_ID = re.compile(r"[0-9a-f]{12}")
_SHARD_FILE = re.compile(r"[0-9a-f]{1,2}\.json")


class LibraryError(Exception):
    """The library cannot do what was asked; ``str()`` is one line fit to show a person."""


class NotInLibrary(LibraryError, KeyError):
    """No article or bookmark has the given id."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not in the library"


def default_data_dir() -> Path:
    """``$BYLINE_HOME`` when set, else the per-user data folder (XDG on Linux)."""
    home = os.environ.get("BYLINE_HOME")
    return Path(home).expanduser() if home else Path(platformdirs.user_data_dir("byline"))


class _Clock:
    """ISO 8601 UTC timestamps that never repeat or go backwards within a process."""

    def __init__(self) -> None:
        self._last = datetime.min.replace(tzinfo=UTC)

    def now(self) -> str:
        moment = datetime.now(UTC)
        if moment <= self._last:
            moment = self._last + timedelta(microseconds=1)
        self._last = moment
        return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_clock = _Clock()
# What opening the lock file says in a folder this process may not write to.
_READ_ONLY = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})


class Library:
    """Saved articles, bookmarks and settings under one folder; safe against crashes and other processes.

    Args:
        data_dir: where every file lives; ``None`` means :func:`default_data_dir`.
        lock_timeout: seconds to wait for another byline process before giving up.

    Raises:
        LibraryError: the folder cannot be used (not writable, locked, or from a newer byline).
    """

    def __init__(self, data_dir: Path | str | None = None, *, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.data_dir = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
        self.warnings: list[str] = []
        self._dbs: dict[Path, TinyDB] = {}
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise LibraryError(f"cannot use {self.data_dir} for the library: {error.strerror}") from None
        self._threads = threading.RLock()
        # A short poll: filelock's default 50 ms would make a waiting change ten times the budget.
        self._lock = FileLock(self.data_dir / "library.lock", timeout=lock_timeout, poll_interval=0.002)
        self._catalog = Catalog(
            self.data_dir / "catalog.sqlite",
            self.data_dir / "index",
            lambda shard: self._raw_docs(self._articles(shard)),
            self.warnings.append,
        )
        self._fulltext = FullText(
            self._catalog,
            self.data_dir / "bookmarks",
            lambda shard: self._raw_docs(self._bookmarks(shard)),
            self._body_outline,
        )
        with self._locked():
            self._open()
        self._feeds = FeedShelf(self.data_dir, self._locked, self._db, self._articles_by_link, _clock.now)

    # ----------------------------------------------------------------- articles

    def save_article(self, article: Article) -> ArticleEntry:
        """Keep ``article`` (body included); an article with the same key is updated, keeping its state."""
        return self.save_articles([article])[0]

    def save_articles(self, articles: Iterable[Article]) -> list[ArticleEntry]:
        """Keep each article as :meth:`save_article` does, writing each shard once; entries in input order."""
        # Paths resolve against the caller's folder now, before the lock: that is where the names were typed.
        pending = [(article, _local_path(article.source)) for article in articles]
        result: list[ArticleEntry] = []
        with self._locked():
            known: dict[str, list[ArticleEntry]] = {}
            writes: dict[str, dict[int, dict[str, Any]]] = {}

            def shard_entries(shard: str) -> list[ArticleEntry]:
                if shard not in known:
                    known[shard] = list(map(ArticleEntry.from_dict, self._raw_docs(self._articles(shard))))
                return known[shard]

            for article, path in pending:
                shard = self.shard_of_key(_key(article.url, path, article.source))
                candidates = shard_entries(shard)
                if path is not None and article.url is None:
                    # An entry saved before paths were kept lives in the shard of its source as typed.
                    legacy = self.shard_of_key(article.source)
                    if legacy != shard:
                        candidates = candidates + shard_entries(legacy)
                existing = _match(candidates, article.url, path, article.source)
                if existing is None and path is not None and article.url is None and self._scattered():
                    existing = next(
                        (
                            entry
                            for other in self._shards("index")
                            for entry in shard_entries(other)
                            if entry.url is None and entry.path == path
                        ),
                        None,
                    )
                entry = _entry_for(article, path, existing, shard)
                home = entry.id[:2]
                if path is not None and article.url is None and home != shard and not self._scattered():
                    # An older entry just learned its path but stays in its source's shard (its id names
                    # it): note that, so saves by another name look beyond the path's shard.
                    self._set_scattered()
                self._write_body(entry.id, article)
                writes.setdefault(home, {})[_doc_id(entry.id)] = entry.to_dict()
                known[home] = [e for e in shard_entries(home) if e.id != entry.id] + [entry]
                result.append(entry)
            for shard, docs in writes.items():
                self._put(self._articles(shard), docs)
            for entry, (article, _) in zip(result, pending, strict=True):
                self._index_text(entry, article)
        return result

    def _index_text(self, entry: ArticleEntry, article: Article) -> None:
        """Add a just-saved article to the text index (the save stands even if this fails)."""
        try:
            blocks = [block.text for block in article.blocks]
            sections = [(section.block, section.title) for section in _flat(article.sections)]
            self._fulltext.index_article(entry.id, entry.saved_at, entry.title, entry.url, (blocks, sections))
        except sqlite3.Error as error:
            # The saved article is safe in the index shards; the next search indexes it again.
            self.warnings.append(f"search index: {error}; it is brought up to date on the next search")

    def search(
        self, query: str, limit: int = 50, *, progress: Callable[[int], None] | None = None
    ) -> list[SearchHit]:
        """The places in saved articles (title and text) and bookmarks where ``query`` matches, best first.

        First brings the text index up to date with the library (articles saved elsewhere, bookmarks
        changed), a batch of bodies at a time with the lock released in between; ``progress`` is told
        how many articles are still to index while that goes on (a library of 20,000 not indexed yet
        takes about a minute, once).

        Raises:
            LibraryError: the index cannot be used (its file cannot be written, say).
        """
        try:
            while True:
                with self._locked():
                    left = self._fulltext.reconcile(batch=REINDEX_BATCH)
                if not left:
                    break
                if progress is not None:
                    progress(left)
            with self._locked():
                return self._fulltext.search(query, limit)
        except sqlite3.Error as error:
            raise LibraryError(f"cannot search the library: {error}") from None

    def _body_outline(self, article_id: str) -> tuple[list[str], list[tuple[int, str]]] | None:
        """The block texts of the article's saved body and its sections as (first block, title) in
        reading order, or None when it cannot be read (call with the lock held)."""
        try:
            article = _article_from_body(self._body_path(article_id).read_bytes())
        except (OSError, CorruptFile):
            return None
        sections = [(section.block, section.title) for section in _flat(article.sections)]
        return [block.text for block in article.blocks], sections

    def import_entries(self, items: Iterable[tuple[dict[str, Any], dict[str, Any] | None]]) -> None:
        """Write ready-made article entries and their bodies' records as-is (ids: 12 hex digits, see get)."""
        with self._locked():
            by_shard: dict[str, dict[int, dict[str, Any]]] = {}
            for doc, body in items:
                entry = ArticleEntry.from_dict(doc)
                if body is not None:
                    self._write_body_record(entry.id, body)
                by_shard.setdefault(entry.id[:2], {})[_doc_id(entry.id)] = entry.to_dict()
            for shard, docs in by_shard.items():
                self._put(self._articles(shard), docs)

    def find(self, source_or_url: str) -> ArticleEntry | None:
        """The saved article whose canonical URL or source is ``source_or_url``, if any.

        A file is found by its path, relative to the current folder or absolute, whatever it was saved as.
        """
        path = _local_path(source_or_url)
        likely = [self.shard_of_key(source_or_url)]
        if path is not None:
            likely.insert(0, self.shard_of_key(_key(None, path, source_or_url)))
        fallback: ArticleEntry | None = None
        with self._locked():
            for shard in [*dict.fromkeys(likely), *self._shards("index")]:
                for doc in self._raw_docs(self._articles(shard)):
                    found = _found(doc, source_or_url, path)
                    if found == "exact":
                        return ArticleEntry.from_dict(doc)
                    if found == "legacy" and fallback is None:
                        fallback = ArticleEntry.from_dict(doc)
        return fallback

    def get(self, article_id: str) -> ArticleEntry | None:
        """The saved article with this id, or None."""
        if not _ARTICLE_ID.fullmatch(article_id):
            return None
        with self._locked():
            doc = self._articles(article_id[:2]).get(doc_id=_doc_id(article_id))
        return ArticleEntry.from_dict(doc) if isinstance(doc, dict) and doc.get("id") == article_id else None

    def load_article(self, article_id: str) -> Article:
        """The saved body of the article, read from disk (no network).

        Raises:
            NotInLibrary: no article has this id.
            LibraryError: its body file is missing or damaged (a damaged one is moved aside).
        """
        entry = self.get(article_id)
        if entry is None:
            raise NotInLibrary(f"no saved article has the id {article_id}")
        path = self._body_path(article_id)
        with self._locked():
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                raise LibraryError(f"the saved copy of {entry.title!r} is missing; save it again") from None
            except IsADirectoryError:
                raw = None  # a folder where the body should be: in the way, like a damaged file
            try:
                if raw is None:
                    raise CorruptFile("a folder, not a file")
                return _article_from_body(raw)
            except CorruptFile as error:
                aside = self._move_aside(path, str(error))
                raise LibraryError(
                    f"the saved copy of {entry.title!r} was damaged; moved to {aside}; save it again"
                ) from None

    def articles(self) -> list[ArticleEntry]:
        """Every saved article, the most recently saved first."""
        entries: list[ArticleEntry] = []
        with self._locked():
            for shard in self._shards("index"):
                entries.extend(map(ArticleEntry.from_dict, self._raw_docs(self._articles(shard))))
        entries.sort(key=attrgetter("saved_at", "id"), reverse=True)
        return entries

    def listing(self, view: View | None = None, offset: int = 0, limit: int = -1) -> list[ArticleEntry]:
        """The articles ``view`` lists (default: not archived, newest saved first), rows ``offset`` on.

        Reads a derived mirror of the index (see :mod:`storage.catalog`), so one page of a library of
        50,000 costs what a page of a small one does; ``limit`` -1 means every row. Where the mirror
        cannot be written (a read-only disk) the shards are read instead, and a warning says so.
        """
        view = view or View()
        with self._locked():
            try:
                return self._catalog.page(view, offset, limit)
            except sqlite3.Error as error:
                rows = self._without_catalog(view, error)
        return rows[offset:] if limit < 0 else rows[offset : offset + limit]

    def listing_json(self, view: View | None = None) -> list[str]:
        """Every entry ``view`` lists as its JSON text (the ``byline list --format json`` entries)."""
        view = view or View()
        with self._locked():
            try:
                return self._catalog.docs(view)
            except sqlite3.Error as error:
                rows = self._without_catalog(view, error)
        return [json.dumps(entry.to_dict(), ensure_ascii=False) for entry in rows]

    def count_articles(self, view: View | None = None) -> tuple[int, int]:
        """How many articles ``view`` lists, and how many of those are unread."""
        view = view or View()
        with self._locked():
            try:
                return self._catalog.count(view), self._catalog.unread(view)
            except sqlite3.Error as error:
                rows = self._without_catalog(view, error)
        return len(rows), sum(1 for entry in rows if not entry.read)

    def position_in(self, view: View, article_id: str) -> int | None:
        """The row of article ``article_id`` in ``view`` (0 first), or None when ``view`` leaves it out."""
        with self._locked():
            try:
                return self._catalog.position(view, article_id)
            except sqlite3.Error as error:
                rows = self._without_catalog(view, error)
        return next((n for n, entry in enumerate(rows) if entry.id == article_id), None)

    def _without_catalog(self, view: View, error: sqlite3.Error) -> list[ArticleEntry]:
        """``view`` worked out from the shards (call locked), after saying once why the catalog failed."""
        note = f"catalog.sqlite cannot be used ({error}); listing from the library itself, more slowly"
        # On a read-only disk nothing derived can be kept, and that is no news: the reads still work.
        if note not in self.warnings and os.access(self.data_dir, os.W_OK):
            self.warnings.append(note)
        entries = [
            ArticleEntry.from_dict(doc)
            for shard in self._shards("index")
            for doc in self._raw_docs(self._articles(shard))
        ]
        return in_memory(entries, view)

    def set_archived(self, article_id: str, archived: bool) -> None:
        """Archive the article (hidden from the library's main list, kept with its state) or bring it back."""
        self._update_article(article_id, {"archived_at": _clock.now() if archived else None})

    def set_read(self, article_id: str, read: bool) -> None:
        """Mark the article read or unread (nothing happens for an unknown id)."""
        self._update_article(article_id, {"read": read, "read_at": _clock.now() if read else None})

    def set_progress(self, article_id: str, progress: float, position: int) -> None:
        """Remember how far the article was read (0.0-1.0) and the block at the top of the view."""
        progress = min(1.0, max(0.0, float(progress))) if progress == progress else 0.0
        self._update_article(article_id, {"progress": progress, "position": max(0, int(position))})

    def delete_article(self, article_id: str) -> ArticleEntry:
        """Remove the article from the library and return its entry, which :meth:`restore_article` takes back.

        The body goes to the trash for a week; the article's bookmarks stay.
        """
        with self._locked():
            entry = self.get(article_id)
            if entry is None:
                raise NotInLibrary(f"no saved article has the id {article_id}")
            body, trashed = self._body_path(article_id), self._trash_path(article_id)
            # A fresh mtime lets the open-time check find the body if a crash strands it below.
            with contextlib.suppress(FileNotFoundError):
                os.utime(body)
            self._articles(article_id[:2]).remove(doc_ids=[_doc_id(article_id)])
            # Entry first: a crash in between leaves an unlisted body, never a listed article without one.
            if body.exists():
                trashed.parent.mkdir(exist_ok=True)
                os.replace(body, trashed)
                os.utime(trashed)
                fsync_dir(trashed.parent)
                fsync_dir(body.parent)
        return entry

    def restore_article(self, entry: ArticleEntry) -> None:
        """Undo :meth:`delete_article`; if the same article was saved again since, that newer copy stays."""
        with self._locked():
            if self.get(entry.id) is not None:
                return
            key = _key(entry.url, entry.path, entry.source)
            body, trashed = self._body_path(entry.id), self._trash_path(entry.id)
            known = map(ArticleEntry.from_dict, self._raw_docs(self._articles(self.shard_of_key(key))))
            newer = _match(list(known), entry.url, entry.path, entry.source)
            if newer is not None:
                with contextlib.suppress(FileNotFoundError):
                    trashed.unlink()
                return
            if trashed.exists():
                os.utime(trashed)  # so a crash before the entry lands leaves a body the open-time check sees
                os.replace(trashed, body)
                fsync_dir(body.parent)
            elif not body.exists():
                raise LibraryError(f"the saved copy of {entry.title!r} is gone from the trash; save it again")
            self._put(self._articles(entry.id[:2]), {_doc_id(entry.id): entry.to_dict()})

    # ---------------------------------------------------------------- bookmarks

    def add_bookmark(
        self,
        article_id: str,
        *,
        text: str,
        kind: BookmarkKind,
        speaker: str | None,
        section: str | None,
        block: int,
    ) -> BookmarkEntry:
        """Keep ``text`` from the saved article ``article_id``; returns once it is on disk.

        Raises:
            NotInLibrary: the article is not saved (save it first: a bookmark names its article).
        """
        if kind not in ("quote", "passage"):
            raise ValueError(f"a bookmark is a quote or a passage, not {kind!r}")
        with self._locked():
            article = self.get(article_id)
            if article is None:
                raise NotInLibrary(f"no saved article has the id {article_id}")
            bookmark = BookmarkEntry(
                id=secrets.token_hex(6),
                text=text,
                kind=kind,
                speaker=speaker,
                section=section,
                article_title=article.title,
                article_url=article.url,
                created_at=_clock.now(),
                article_id=article_id,
                block=max(0, int(block)),
            )
            self._bookmarks(bookmark.id[0]).insert(Document(bookmark.to_dict(), doc_id=_doc_id(bookmark.id)))
        return bookmark

    def import_bookmarks(self, docs: Iterable[dict[str, Any]]) -> None:
        """Write ready-made bookmarks (ids already assigned, 12 hex digits) as-is."""
        with self._locked():
            by_shard: dict[str, dict[int, dict[str, Any]]] = {}
            for doc in docs:
                bookmark = BookmarkEntry.from_dict(doc)
                by_shard.setdefault(bookmark.id[0], {})[_doc_id(bookmark.id)] = bookmark.to_dict()
            for shard, batch in by_shard.items():
                self._put(self._bookmarks(shard), batch)

    def bookmarks(self) -> list[BookmarkEntry]:
        """Every bookmark, the oldest first."""
        found: list[BookmarkEntry] = []
        with self._locked():
            for shard in self._shards("bookmarks"):
                found.extend(map(BookmarkEntry.from_dict, self._raw_docs(self._bookmarks(shard))))
        found.sort(key=attrgetter("created_at", "id"))
        return found

    def set_bookmark_note(self, bookmark_id: str, note: str) -> None:
        """Attach ``note`` to the bookmark, replacing any earlier one (nothing happens for an unknown id)."""
        if _ARTICLE_ID.fullmatch(bookmark_id):
            with self._locked():
                table = self._bookmarks(bookmark_id[0])
                if table.get(doc_id=_doc_id(bookmark_id)) is not None:
                    table.update({"note": note}, doc_ids=[_doc_id(bookmark_id)])

    def delete_bookmark(self, bookmark_id: str) -> None:
        """Remove the bookmark (nothing happens for an unknown id)."""
        if _ARTICLE_ID.fullmatch(bookmark_id):
            with self._locked():
                table = self._bookmarks(bookmark_id[0])
                if table.get(doc_id=_doc_id(bookmark_id)) is not None:
                    table.remove(doc_ids=[_doc_id(bookmark_id)])

    # -------------------------------------------------------------------- feeds

    @property
    def feed_shelf(self) -> FeedShelf:
        """The feeds part of the library: refresh records, read marks, folders (see :mod:`storage.feeds`)."""
        return self._feeds

    def add_feed(self, url: str, title: str, site_url: str | None = None) -> FeedSubscription:
        """Subscribe to the feed at ``url`` (once: subscribing again only takes the new title)."""
        return self._feeds.add(url, title, site_url)

    def feeds(self) -> list[FeedSubscription]:
        """Every subscription, by title, with its cached item count and unread count (items not saved)."""
        return self._feeds.subscriptions()

    def get_feed(self, feed_id: str) -> FeedSubscription | None:
        """The subscription with this id (without counts), or None."""
        return self._feeds.get(feed_id)

    def remove_feed(self, feed_id: str) -> FeedSubscription:
        """Unsubscribe and drop the feed's cached items; returns what :meth:`restore_feed` takes back.

        Raises:
            NotInLibrary: no subscription has this id.
        """
        removed = self._feeds.remove(feed_id)
        if removed is None:
            raise NotInLibrary(f"no feed has the id {feed_id}")
        return removed

    def restore_feed(self, subscription: FeedSubscription, items: Iterable[dict[str, Any]]) -> None:
        """Undo :meth:`remove_feed`, putting its items back (nothing happens if it was subscribed again)."""
        self._feeds.restore(subscription, items)

    def set_feed_items(
        self, feed_id: str, items: Iterable[dict[str, Any]], *, title: str | None = None
    ) -> None:
        """Replace the feed's cached items with ``items`` (newest first, at most 200) and stamp the refresh.

        Raises:
            NotInLibrary: no subscription has this id (it was removed meanwhile).
        """
        try:
            self._feeds.set_items(feed_id, items, title=title)
        except KeyError:
            raise NotInLibrary(f"no feed has the id {feed_id}") from None

    def feed_items(self, feed_id: str) -> list[FeedItemEntry]:
        """The feed's cached items, newest first; each says whether its link is saved or read here."""
        return self._feeds.items(feed_id)

    def _articles_by_link(self) -> dict[str, ArticleEntry]:
        """Every saved article keyed by its canonical URL and by its source (call with the lock held)."""
        found: dict[str, ArticleEntry] = {}
        for shard in self._shards("index"):
            for doc in self._raw_docs(self._articles(shard)):
                entry = ArticleEntry.from_dict(doc)
                found.setdefault(entry.source, entry)
                if entry.url:
                    found[entry.url] = entry
        return found

    # ----------------------------------------------------------------- settings

    def get_setting(self, key: str, default: Any = None) -> Any:
        """The stored value of setting ``key``, or ``default``."""
        with self._locked():
            doc = self._meta_db().table("settings", cache_size=0).get(Query().key == key)
        return doc["value"] if isinstance(doc, dict) and "value" in doc else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store ``value`` (anything JSON can hold) as setting ``key``."""
        json.dumps(value)  # refuse what cannot be stored before taking the lock
        doc_id = _doc_id(stable_hex("setting:" + key, 12))

        def put(docs: dict[int, Any]) -> None:
            # The id comes from the key: TinyDB's own next id is cached per process and would
            # collide with a setting another process added meanwhile.
            for stale in [i for i, doc in docs.items() if doc.get("key") == key]:
                del docs[stale]
            docs[doc_id] = {"key": key, "value": value}

        with self._locked():
            self._meta_db().table("settings", cache_size=0)._update_table(put)

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def shard_of_key(key: str) -> str:
        """The two hex digits naming the index shard of an article with this key (URL or source)."""
        return stable_hex(key, 2)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # Threads of one process queue on the RLock without polling; processes meet at the file lock.
        with self._threads:
            try:
                self._lock.acquire()
            except Timeout:
                raise LibraryError(
                    f"the library in {self.data_dir} is busy: another byline held it {self._lock.timeout:g}s"
                ) from None
            except OSError as error:
                if error.errno not in _READ_ONLY:
                    reason = f"cannot lock the library in {self.data_dir}: {error.strerror}"
                    raise LibraryError(reason) from None
                # A folder we may not write to (a read-only disk, another user's library) can still be
                # read: its files are only ever replaced whole, and no write of ours can happen there.
                # A write then fails in write_atomic, naming the file it could not write.
                yield
                return
            try:
                yield
            finally:
                self._lock.release()

    def _db(self, path: Path, required: str | None) -> TinyDB:
        db = self._dbs.get(path)
        if db is None:
            db = TinyDB(path, storage=AtomicJSONStorage, on_corrupt=self._on_corrupt, required=required)
            self._dbs[path] = db
        return db

    def _meta_db(self) -> TinyDB:
        return self._db(self.data_dir / "library.json", None)

    def _articles(self, shard: str) -> Table:
        return self._db(self.data_dir / "index" / f"{shard}.json", "id").table("articles", cache_size=0)

    def _bookmarks(self, shard: str) -> Table:
        return self._db(self.data_dir / "bookmarks" / f"{shard}.json", "id").table("bookmarks", cache_size=0)

    def _shards(self, folder: str) -> list[str]:
        try:
            names = os.listdir(self.data_dir / folder)
        except FileNotFoundError:
            return []
        return sorted(name[:-5] for name in names if _SHARD_FILE.fullmatch(name))

    @staticmethod
    def _raw_docs(table: Table) -> Iterable[dict[str, Any]]:
        """The table's documents as stored, without wrapping each in a TinyDB Document (listing is hot)."""
        data = table.storage.read() or {}
        return data.get(table.name, {}).values()

    def _put(self, table: Table, docs: dict[int, dict[str, Any]]) -> None:
        """Insert or replace whole documents by id with one read and one write of the shard."""

        def put(raw: dict[int, Any]) -> None:
            raw.update(docs)

        table._update_table(put)

    def _update_article(self, article_id: str, fields: dict[str, Any]) -> None:
        if not _ARTICLE_ID.fullmatch(article_id):
            return
        with self._locked():
            table = self._articles(article_id[:2])
            if table.get(doc_id=_doc_id(article_id)) is not None:
                table.update(fields, doc_ids=[_doc_id(article_id)])

    def _scattered(self) -> bool:
        """Whether some file's entry may live outside its path's shard (see :meth:`save_articles`)."""
        meta = self._meta_db().storage.read() or {}
        return meta.get("paths", {}).get("1", {}).get("scattered") is True

    def _set_scattered(self) -> None:
        meta = self._meta_db().storage.read() or {}
        meta["paths"] = {"1": {"scattered": True}}
        self._meta_db().storage.write(meta)

    def _body_path(self, article_id: str) -> Path:
        return self.data_dir / "articles" / f"{article_id}.json"

    def _trash_path(self, article_id: str) -> Path:
        return self.data_dir / "trash" / f"{article_id}.json"

    def _write_body(self, article_id: str, article: Article) -> None:
        self._write_body_record(article_id, article.to_record())

    def _write_body_record(self, article_id: str, record: dict[str, Any]) -> None:
        path = self._body_path(article_id)
        data = {"schema": SCHEMA_VERSION, "article": record}
        write_atomic(path, json.dumps(data, separators=(",", ":")).encode("ascii"))

    def _on_corrupt(self, path: Path, reason: str) -> dict[str, dict[str, Any]] | None:
        self._move_aside(path, reason)
        if path.parent == self.data_dir / "index":
            return self._rebuilt_shard(path.stem)
        return None

    def _rebuilt_shard(self, shard: str) -> dict[str, dict[str, Any]] | None:
        """Index entries for the bodies of ``shard``, so a damaged shard set aside keeps its articles listed.

        What only the entry held (read, progress) is lost; the time saved is the body's file time.
        """
        try:
            bodies = [item for item in os.scandir(self.data_dir / "articles") if item.name.startswith(shard)]
        except FileNotFoundError:
            return None
        docs: dict[str, dict[str, Any]] = {}
        for item in bodies:
            article_id = item.name[:-5]
            if not (item.name.endswith(".json") and _ARTICLE_ID.fullmatch(article_id)):
                continue
            try:
                article = _article_from_body(Path(item.path).read_bytes())
            except (OSError, CorruptFile):
                continue  # an unreadable body is for load_article to report when it is opened
            saved = datetime.fromtimestamp(item.stat().st_mtime, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            entry = replace(_entry_for(article, None, None, shard), id=article_id, saved_at=saved)
            docs[str(_doc_id(article_id))] = entry.to_dict()
        if not docs:
            return None
        count = f"{len(docs)} article{'' if len(docs) == 1 else 's'}"
        self.warnings.append(f"index/{shard}.json: {count} listed again from their saved copies")
        return {"articles": docs}

    def _move_aside(self, path: Path, reason: str) -> Path:
        """Rename a damaged file out of the way (never over anything) and say so in :attr:`warnings`."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        os.rename(path, aside)
        fsync_dir(path.parent)
        where = path.relative_to(self.data_dir) if path.is_relative_to(self.data_dir) else path
        self.warnings.append(f"{where} was corrupt ({reason}); moved to {aside}; starting fresh")
        return aside

    def _open(self) -> None:
        """Check the schema (migrating an older library), and tidy what an interrupted run left behind."""
        meta_path = self.data_dir / "library.json"
        data = self._meta_db().storage.read() or {}
        version = _schema_of(data, fresh=not meta_path.exists())
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"the library in {self.data_dir} was written by a newer byline (schema {version}); "
                f"this one reads schema {SCHEMA_VERSION} or older"
            )
        if version < SCHEMA_VERSION and meta_path.exists():
            backup = meta_path.with_name(f"library.json.v{version}-backup")
            if not backup.exists():
                write_atomic(backup, meta_path.read_bytes())
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](self, data)
            version += 1
            data = {"meta": {"1": {"schema": version}}, "settings": data.get("settings", {})}
            self._meta_db().storage.write(data)
        if not meta_path.exists():
            self._meta_db().storage.write({"meta": {"1": {"schema": SCHEMA_VERSION}}, "settings": {}})
        listings = self._tidy()
        # Housekeeping: a library on a read-only disk can still be read.
        with contextlib.suppress(OSError):
            self._trash_unlisted(listings.get("articles", []), listings.get("index", []))

    def _tidy(self) -> dict[str, list[os.DirEntry[str]]]:
        """Remove temp files of writes killed half way, and trashed bodies older than a week.

        Returns:
            what is left in each folder, keyed by folder name, for the other open-time checks.
        """
        expiry = time.time() - TRASH_DAYS * 86400
        kept: dict[str, list[os.DirEntry[str]]] = {}
        # Listing articles/ costs ~9 ms at 20,000 bodies: worth it, as a killed save leaves its temp there.
        for folder in ("", "index", "bookmarks", "articles", "trash", "feeds"):
            try:
                listing = list(os.scandir(self.data_dir / folder))
            except FileNotFoundError:
                continue
            kept[folder] = []
            for item in listing:
                stale = is_temp(item.name) or (folder == "trash" and item.stat().st_mtime < expiry)
                if not stale:
                    kept[folder].append(item)
                    continue
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(item.path)
        return kept

    def _trash_unlisted(self, bodies: list[os.DirEntry[str]], index: list[os.DirEntry[str]]) -> None:
        """Move each body no index entry names (a killed save's) to the trash once past the grace period.

        Statting every body costs ~45 ms at 20,000, so that only happens when articles/ changed
        since the last check or a body too young to judge then has come of age; and only bodies
        newer than the last check send their shard to be read.
        """
        try:
            folder_mtime = os.stat(self.data_dir / "articles").st_mtime_ns
        except FileNotFoundError:
            return
        meta = self._meta_db().storage.read() or {}
        state = meta.get("tidy", {}).get("1", {})
        now = time.time()
        if state.get("articles_mtime") == folder_mtime and now < state.get("recheck_at", 0.0):
            return
        checked_to, cutoff = float(state.get("checked_to", 0.0)), now - UNLISTED_GRACE
        # A shard moved aside as corrupt still names its bodies; leave them for whoever recovers it.
        damaged = {item.name[:2] for item in index if ".json.corrupt-" in item.name}
        suspects: dict[str, list[os.DirEntry[str]]] = {}
        recheck_at = float("inf")
        for item in bodies:
            article_id = item.name[:-5]
            if not (item.name.endswith(".json") and _ARTICLE_ID.fullmatch(article_id)):
                continue
            mtime = item.stat().st_mtime
            if mtime > cutoff:
                recheck_at = min(recheck_at, mtime + UNLISTED_GRACE)
            elif mtime > checked_to and article_id[:2] not in damaged:
                suspects.setdefault(article_id[:2], []).append(item)
        moved = False
        for shard, items in suspects.items():
            warned = len(self.warnings)
            listed = {doc.get("id") for doc in self._raw_docs(self._articles(shard))}
            if len(self.warnings) > warned:  # the shard was just found corrupt and moved aside
                continue
            for item in items:
                if item.name[:-5] not in listed:
                    self._trash_body(Path(item.path), item.name[:-5])
                    moved = True
        if moved:
            fsync_dir(self.data_dir / "trash")
            fsync_dir(self.data_dir / "articles")
            folder_mtime = os.stat(self.data_dir / "articles").st_mtime_ns
        meta["tidy"] = {
            "1": {"articles_mtime": folder_mtime, "checked_to": cutoff, "recheck_at": min(recheck_at, 1e18)}
        }
        self._meta_db().storage.write(meta)

    def _trash_body(self, body: Path, article_id: str) -> None:
        """Rename an unlisted body into the trash, never over a trashed body (a delete may yet be undone)."""
        trashed = self._trash_path(article_id)
        trashed.parent.mkdir(exist_ok=True)
        while trashed.exists():
            trashed = trashed.with_name(f"{article_id}.unlisted-{secrets.token_hex(3)}.json")
        with contextlib.suppress(FileNotFoundError):
            os.rename(body, trashed)
            os.utime(trashed)  # the week in the trash counts from now, not from the save


def _schema_of(data: dict[str, dict[str, Any]], *, fresh: bool) -> int:
    """The schema version recorded in ``library.json``'s data (a file without one predates versioning)."""
    for doc in data.get("meta", {}).values():
        version = doc.get("schema")
        if isinstance(version, int) and not isinstance(version, bool):
            return version
    if fresh or not ({"articles", "bookmarks"} & data.keys()):
        return SCHEMA_VERSION
    return 1


def _local_path(source: str) -> str | None:
    """The resolved absolute path a file source names from the current folder; None for a URL or stdin."""
    if source == "-" or not source.strip() or is_url(source):
        return None
    try:
        return str(Path(source).resolve())
    except (OSError, RuntimeError):  # a symlink loop, or a folder that vanished under us
        return os.path.abspath(source)


def _key(url: str | None, path: str | None, source: str) -> str:
    """What the shard of an article is derived from: canonical URL, else file path, else source."""
    return url or ("file:" + path if path is not None else source)


def _match(known: list[ArticleEntry], url: str | None, path: str | None, source: str) -> ArticleEntry | None:
    """The saved entry an article replaces: same canonical URL, else same file (stdin never matches).

    A file is the same by resolved path; an entry saved before paths were kept, by source as given.
    """
    if url is not None:
        return next((entry for entry in known if entry.url == url), None)
    if source == "-":
        return None
    legacy: ArticleEntry | None = None
    for entry in known:
        if entry.url is not None:
            continue
        if entry.path is not None:
            if entry.path == path:
                return entry
        elif entry.source == source and legacy is None:
            legacy = entry
    return legacy


def _found(doc: dict[str, Any], source_or_url: str, path: str | None) -> str | None:
    """How an index document answers a :meth:`Library.find` query: ``"exact"``, ``"legacy"`` or None."""
    doc_path = doc.get("path")
    if doc.get("url") == source_or_url or (path is not None and doc_path == path):
        return "exact"
    # A file saved with its path is found by that path only: the same name may be another folder's file.
    if doc.get("source") == source_or_url and not isinstance(doc_path, str):
        return "exact" if path is None else "legacy"
    return None


def _entry_for(article: Article, path: str | None, existing: ArticleEntry | None, shard: str) -> ArticleEntry:
    now = _clock.now()
    fresh = ArticleEntry(
        id=existing.id if existing else shard + secrets.token_hex(5),
        title=article.title,
        url=article.url,
        source=article.source,
        path=path,
        site=article.site,
        saved_at=now,
        subtitle=article.subtitle,
        authors=tuple(article.authors),
        published=article.published,
        words=sum(len(block.text.split()) for block in article.blocks),
    )
    if existing is None:
        return fresh
    return replace(
        fresh,
        read=existing.read,
        read_at=existing.read_at,
        progress=existing.progress,
        position=existing.position,
        archived_at=existing.archived_at,
    )


def _flat(sections: Iterable[Section]) -> Iterator[Section]:
    """Every section and subsection in reading order."""
    for section in sections:
        yield section
        yield from _flat(section.children)


def _doc_id(entry_id: str) -> int:
    return int(entry_id, 16)


def _article_from_body(raw: bytes) -> Article:
    """The article held in a body file; raise :class:`CorruptFile` when it cannot be read."""
    if not raw.strip():
        raise CorruptFile("empty file")
    try:
        data = json.loads(raw)
        # Every string as it comes in from disk: the file may have been written by hand or by an old byline.
        return safe_article(Article.from_record(data["article"]))
    except (ValueError, UnicodeDecodeError, KeyError, TypeError, IndexError) as error:
        raise CorruptFile(f"not a saved article ({type(error).__name__})") from None


__all__ = ["Library", "LibraryError", "NotInLibrary", "default_data_dir", "parse"]
