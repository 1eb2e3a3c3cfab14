"""A derived SQLite mirror of the index shards: list, sort, filter and count a library of years quickly.

The index shards (TinyDB, :mod:`storage.library`) stay the record; this file only caches what they
hold, one row per article, so a screen can ask for rows 0-99 of "newest saved first, matching
'budget'" without parsing 50,000 entries. It keeps itself current without any hook in the write
paths: each shard's row set carries the shard file's stamp (size, mtime, inode), and :meth:`sync`
re-reads only the shards whose stamp changed, whoever changed them (this process, another byline,
an older byline that knows nothing of this file).

A stamp taken while the file's mtime is within :data:`RACY_SECONDS` of the moment it was read is
not trusted (a second write in the same timestamp tick, of the same size, would look unchanged):
such a shard is read again on the next sync, as git does with its "racily clean" index entries.

The file can be deleted at any time; a damaged one is moved aside and rebuilt. Every call must be
made with the library's lock held (:class:`storage.library.Library` does that).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from storage.entries import ArticleEntry

T = TypeVar("T")
SortKey = Literal["saved", "published", "title", "progress"]
SORTS: tuple[SortKey, ...] = ("saved", "published", "title", "progress")

#: Bump when the table layout or what a column holds changes: an older file is then rebuilt.
CATALOG_VERSION = 3
#: Coarse file systems stamp mtimes to 1-2 s (FAT: 2 s); a change inside that window may keep the stamp.
RACY_SECONDS = 2.0

_ORDER: dict[SortKey, str] = {
    # Ties break on id so that pages never overlap or skip a row.
    "saved": "saved_at DESC, id DESC",
    # Undated articles go last, whatever the direction.
    "published": "published IS NULL, published DESC, saved_at DESC, id DESC",
    "title": "title_key ASC, id ASC",
    # The most read first; finished ones (read) count as fully read.
    "progress": "read_progress DESC, saved_at DESC, id DESC",
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS shards (name TEXT PRIMARY KEY, stamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    shard TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    published TEXT,
    title_key TEXT NOT NULL,
    read_progress REAL NOT NULL,
    read INTEGER NOT NULL,
    archived INTEGER NOT NULL,
    haystack TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_shard ON articles (shard);
CREATE INDEX IF NOT EXISTS articles_saved ON articles (archived, saved_at DESC, id DESC);
-- The text index (storage.fulltext): one row per searchable passage, its words in the FTS5 table
-- under the same rowid. owner is the article id for its text, "bookmarks:x" for bookmark shard x.
CREATE TABLE IF NOT EXISTS passages (
    rowid INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    kind TEXT NOT NULL,
    article_id TEXT,
    bookmark_id TEXT,
    block INTEGER NOT NULL,
    section TEXT,
    title TEXT NOT NULL,
    url TEXT
);
CREATE INDEX IF NOT EXISTS passages_owner ON passages (owner);
-- prefix: indexes of every word's first 2, 3 and 4 letters, so a query typed halfway (its last word
-- is matched as a prefix) reads one list instead of merging those of every word it starts.
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5(
    text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);
CREATE TABLE IF NOT EXISTS indexed (article_id TEXT PRIMARY KEY, saved_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bookmark_shards (name TEXT PRIMARY KEY, stamp TEXT NOT NULL);
"""


_TABLES = ("shards", "articles", "passages", "words", "indexed", "bookmark_shards")


@dataclass(frozen=True, slots=True)
class View:
    """Which articles to list and in what order.

    ``query``: words that must each occur in the title, site, authors, URL or source (any case);
    ``archived``: True lists the archive, False the articles not archived, None both.
    """

    sort: SortKey = "saved"
    query: str = ""
    archived: bool | None = False


class Catalog:
    """The SQLite mirror of the index shards under ``folder``.

    Args:
        path: the SQLite file (created when missing).
        folder: the index shards' folder (``index/``).
        read_shard: the documents of shard ``xx`` as stored (the library's own TinyDB read).
        warn: told one line when the file was damaged and rebuilt.
    """

    def __init__(
        self,
        path: Path,
        folder: Path,
        read_shard: Callable[[str], Iterable[dict[str, Any]]],
        warn: Callable[[str], None],
    ) -> None:
        self.path = path
        self.folder = folder
        self._read_shard = read_shard
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        # The shards re-read since the text index last caught up (None: all of them, as at the start).
        self.dirty: set[str] | None = None

    # ------------------------------------------------------------------------- reads

    def count(self, view: View) -> int:
        """How many articles ``view`` lists."""
        where, args = _where(view)
        return int(self._query(f"SELECT count(*) FROM articles {where}", args)[0][0])

    def unread(self, view: View) -> int:
        """How many of the articles ``view`` lists are unread."""
        where, args = _where(view, "read = 0")
        return int(self._query(f"SELECT count(*) FROM articles {where}", args)[0][0])

    def page(self, view: View, offset: int, limit: int) -> list[ArticleEntry]:
        """Rows ``offset`` to ``offset + limit`` of ``view``, as entries."""
        return [ArticleEntry.from_dict(json.loads(doc)) for doc in self.docs(view, offset, limit)]

    def docs(self, view: View, offset: int = 0, limit: int = -1) -> list[str]:
        """Rows of ``view`` as the JSON text of each entry (what ``byline list --format json`` prints)."""
        where, args = _where(view)
        sql = f"SELECT doc FROM articles {where} ORDER BY {_ORDER[view.sort]} LIMIT ? OFFSET ?"
        return [row[0] for row in self._query(sql, [*args, limit, max(0, offset)])]

    def position(self, view: View, article_id: str) -> int | None:
        """Where article ``article_id`` stands in ``view`` (0 first), or None when it is not listed."""
        where, args = _where(view)
        sql = (
            f"SELECT n FROM (SELECT id, row_number() OVER (ORDER BY {_ORDER[view.sort]}) - 1 AS n "
            f"FROM articles {where}) WHERE id = ?"
        )
        rows = self._query(sql, [*args, article_id])
        return int(rows[0][0]) if rows else None

    # -------------------------------------------------------------------------- sync

    def sync(self) -> None:
        """Bring the mirror up to date with the shards on disk (only changed shards are read)."""
        try:
            self._sync()
        except sqlite3.DatabaseError as error:
            if not damaged(error):
                raise
            self._rebuild(error)
            self._sync()

    def _sync(self) -> None:
        db = self._connect()
        known = dict(db.execute("SELECT name, stamp FROM shards").fetchall())
        on_disk, changed, gone = shard_changes(self.folder, 2, known)
        if not changed and not gone:
            return
        if self.dirty is not None:
            self.dirty.update(changed, gone)
        with db:
            for shard in gone:
                db.execute("DELETE FROM articles WHERE shard = ?", (shard,))
                db.execute("DELETE FROM shards WHERE name = ?", (shard,))
            for shard in changed:
                rows = [_row(shard, ArticleEntry.from_dict(doc)) for doc in self._read_shard(shard)]
                # The read may have found the shard corrupt and moved it aside: then it holds nothing.
                mark = on_disk[shard] if (self.folder / f"{shard}.json").exists() else ""
                db.execute("DELETE FROM articles WHERE shard = ?", (shard,))
                db.executemany("INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
                db.execute("INSERT OR REPLACE INTO shards VALUES (?, ?)", (shard, mark))

    # ----------------------------------------------------------------------- helpers

    def _query(self, sql: str, args: Iterable[Any]) -> list[tuple[Any, ...]]:
        return self.run(lambda db: db.execute(sql, list(args)).fetchall())

    def run(self, work: Callable[[sqlite3.Connection], T], *, sync: bool = True) -> T:
        """``work`` on the mirror's connection (synced first unless ``sync`` is False); a damaged file
        is rebuilt and ``work`` run again.

        Raises:
            sqlite3.Error: it failed again on the fresh file (or for another reason than damage).
        """
        if sync:
            self.sync()
        try:
            return work(self._connect())
        except sqlite3.DatabaseError as error:
            if not damaged(error):
                raise
            self._rebuild(error)
            self._sync()
            return work(self._connect())

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=15.0)
            try:
                # Derived data: WAL with NORMAL sync never corrupts on a crash and needs no fsync per
                # change; a power cut may lose the last changes, which the next sync reads again.
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version != CATALOG_VERSION:
                    db.executescript(
                        "".join(f"DROP TABLE IF EXISTS {name};" for name in _TABLES)
                        + _SCHEMA
                        + f"PRAGMA user_version={CATALOG_VERSION};"
                    )
            except sqlite3.DatabaseError:
                db.close()
                raise
            db.isolation_level = "DEFERRED"
            self._db = db
        return self._db

    def _rebuild(self, error: sqlite3.DatabaseError) -> None:
        """Set the damaged file aside (or drop it) and start a fresh one; say so once."""
        self.close()
        self.dirty = None
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")
        self._warn(f"{self.path.name} was damaged ({error}); rebuilt from the library")

    def close(self) -> None:
        """Close the connection (the next call opens it again)."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


def in_memory(entries: Iterable[ArticleEntry], view: View) -> list[ArticleEntry]:
    """What ``view`` lists, worked out from the entries themselves (when the catalog cannot be used,
    on a read-only disk say): the same filter and order as the catalog's queries."""
    words = view.query.casefold().split()
    chosen = []
    for entry in entries:
        if view.archived is not None and (entry.archived_at is not None) != view.archived:
            continue
        haystack = _row("", entry)[8]
        if all(word in haystack for word in words):
            chosen.append(entry)
    chosen.sort(key=lambda entry: (entry.saved_at, entry.id), reverse=True)
    if view.sort == "published":
        chosen.sort(key=lambda entry: entry.published or "", reverse=True)
        chosen.sort(key=lambda entry: entry.published is None)
    elif view.sort == "title":
        chosen.sort(key=lambda entry: (entry.title.casefold().strip(), entry.id))
    elif view.sort == "progress":
        chosen.sort(key=lambda entry: 1.0 if entry.read else entry.progress, reverse=True)
    return chosen


def damaged(error: sqlite3.DatabaseError) -> bool:
    """Whether ``error`` says the file is damaged (not, say, busy or given a bad query)."""
    if type(error) is sqlite3.DatabaseError or isinstance(error, sqlite3.IntegrityError):
        return True
    text = str(error)
    return "malformed" in text or "no such table" in text or "corrupt" in text


def shard_changes(
    folder: Path, digits: int, known: dict[str, str]
) -> tuple[dict[str, str], list[str], list[str]]:
    """The stamps of the shard files ``<hex digits>.json`` in ``folder``, the shards whose stamp is
    not the ``known`` one (or is not to be trusted), and the known shards that are gone."""
    now = time.time_ns()
    on_disk: dict[str, str] = {}
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        names = []
    for name in names:
        if len(name) == digits + 5 and name.endswith(".json"):
            with contextlib.suppress(FileNotFoundError):
                on_disk[name[:digits]] = stamp(folder / name, now)
    changed = [shard for shard, mark in on_disk.items() if known.get(shard) != mark or mark == ""]
    return on_disk, changed, [shard for shard in known if shard not in on_disk]


def stamp(path: Path, now_ns: int) -> str:
    """The shard file's stamp; "" (never trusted) when it changed too recently to be sure of it."""
    info = os.stat(path)
    if info.st_mtime_ns > now_ns - int(RACY_SECONDS * 1e9):
        return ""
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"


def sql_text(text: str) -> str:
    """``text`` as SQLite can hold it: a lone surrogate (which UTF-8 cannot encode) becomes "?"."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _row(shard: str, entry: ArticleEntry) -> tuple[Any, ...]:
    haystack = "\n".join(
        field.casefold()
        for field in (entry.title, entry.site, entry.url, entry.source, entry.path, *entry.authors)
        if field
    )
    try:
        doc = json.dumps(entry.to_dict(), ensure_ascii=False).encode("utf-8").decode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escaped, the entry stays exactly as stored
        doc = json.dumps(entry.to_dict())
    return (
        entry.id,
        shard,
        entry.saved_at,
        entry.published,
        sql_text(entry.title.casefold().strip()),
        1.0 if entry.read else entry.progress,
        int(entry.read),
        int(entry.archived_at is not None),
        sql_text(haystack),
        doc,
    )


def _where(view: View, *extra: str) -> tuple[str, list[Any]]:
    clauses = list(extra)
    args: list[Any] = []
    if view.archived is not None:
        clauses.append("archived = ?")
        args.append(int(view.archived))
    for word in view.query.casefold().split():
        clauses.append("instr(haystack, ?) > 0")
        args.append(sql_text(word))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args
