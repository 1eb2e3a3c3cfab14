"""Full-text search of the library: the saved articles' text and the bookmarks, in SQLite FTS5.

Why FTS5: it ships inside Python's own ``sqlite3`` (no wheel to build, nothing to install), it is
an inverted index with BM25 ranking and prefix queries, it shares the catalog's file and its
transactions (one derived file to rebuild, not two), and its WAL journal makes indexing one article
a sub-millisecond append with no fsync. A Rust engine such as tantivy would be faster on millions
of documents, but a library of years holds tens of thousands, which FTS5 answers in milliseconds
(``bench/storage.py --search``), and it would add a compiled dependency for no visible gain.

What is indexed: each article's title (as block 0, kind "title") and each block of its body (kind
"text", its block number kept so a hit opens the article there), and each bookmark (kind
"bookmark": its text, speaker and note). The index is derived: an article saved by this process is
indexed in the same step; :meth:`FullText.reconcile` catches up with anything else (another byline,
an older byline, a crash in between, a file that was deleted or damaged and is rebuilt) by comparing
what is indexed with the catalog, and the bookmark shards by their stamps.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from storage.catalog import Catalog, shard_changes, sql_text
from storage.entries import BookmarkEntry

HitKind = Literal["title", "text", "bookmark"]
Body = tuple[list[str], list[tuple[int, str]]]
"""An article's block texts, and its sections as (first block, title) in reading order."""

#: Hits fetched before grouping: enough that a few articles matching in every paragraph leave room.
_CANDIDATES = 200
#: Seconds a search may spend ranking before it takes the newest matches instead (see _candidates).
RANK_BUDGET = 0.03
#: SQLite steps between looks at the clock while ranking (a look costs far less than the steps).
RANK_CHECK_EVERY = 1000
#: At most this many hits of one article, so one long article does not fill the list.
PER_ARTICLE = 3
_WORD = re.compile(r"\w+", re.UNICODE)
# A sentence ends at . ! ? (or …) followed by space, with closing quotes or brackets kept with it.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One place the query matched.

    ``kind``: the article's title, a block of its text, or a bookmark. ``article_id`` is None for a
    bookmark whose article was deleted; ``block`` the block to open the article at, ``section`` the
    title of the section holding it (None before the first heading); ``sentence`` the
    sentence of the passage that holds the most of the query's words (the whole text of a title or a
    short bookmark); ``terms`` the query's words as matched (lower case), to highlight.
    """

    kind: HitKind
    article_id: str | None
    bookmark_id: str | None
    block: int
    section: str | None
    title: str
    url: str | None
    sentence: str
    terms: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The hit as JSON-ready data (the ``byline search --format json`` entry)."""
        return {
            "kind": self.kind,
            "article_id": self.article_id,
            "bookmark_id": self.bookmark_id,
            "block": self.block,
            "section": self.section,
            "article_title": self.title,
            "article_url": self.url,
            "sentence": self.sentence,
        }


class FullText:
    """The text index kept in the catalog's SQLite file.

    Args:
        catalog: owns the file and its connection (and rebuilds it when damaged).
        bookmarks_folder: the bookmark shards (``bookmarks/``).
        read_bookmarks: the documents of bookmark shard ``x`` as stored.
        read_body: the block texts of the saved body of an article and its sections as (first block,
            title) in reading order (None when it cannot be read).
    """

    def __init__(
        self,
        catalog: Catalog,
        bookmarks_folder: Path,
        read_bookmarks: Callable[[str], Iterable[dict[str, Any]]],
        read_body: Callable[[str], Body | None],
    ) -> None:
        self.catalog = catalog
        self.bookmarks_folder = bookmarks_folder
        self._read_bookmarks = read_bookmarks
        self._read_body = read_body

    # ------------------------------------------------------------------------ writes

    def index_article(self, article_id: str, saved_at: str, title: str, url: str | None, body: Body) -> None:
        """Index (or index again) one saved article's title and blocks, in one transaction."""
        # No sync first: a save need not wait for the listing mirror, which catches up when next read.
        self.catalog.run(lambda db: self._put_article(db, article_id, saved_at, title, url, body), sync=False)

    @staticmethod
    def _put_article(
        db: sqlite3.Connection,
        article_id: str,
        saved_at: str,
        title: str,
        url: str | None,
        body: Body,
    ) -> None:
        blocks, sections = body
        heading: list[str | None] = [None] * len(blocks)
        for start, name in sections:
            for n in range(max(0, start), len(blocks)):
                heading[n] = name
        rows = [("title", 0, title), *(("text", n, text) for n, text in enumerate(blocks) if text.strip())]
        with db:
            _drop_owner(db, article_id)
            for kind, block, text in rows:
                section = heading[block] if kind == "text" else None
                _put_passage(db, article_id, kind, article_id, None, block, section, title, url, text)
            db.execute("INSERT OR REPLACE INTO indexed VALUES (?, ?)", (article_id, saved_at))

    def reconcile(self, batch: int = 0) -> int:
        """Catch up with the library: drop what is gone, index the bookmark shards that changed, and
        index up to ``batch`` articles (0: all) that the catalog lists and the index lacks or holds an
        older save of. Returns how many such articles are left (for the caller to release its lock
        between batches: reading 20,000 bodies takes a while)."""
        return self.catalog.run(lambda db: self._reconcile(db, batch))

    def _reconcile(self, db: sqlite3.Connection, batch: int) -> int:
        # Only the shards the catalog re-read since the last catch-up can hold news (all, the first time).
        dirty = self.catalog.dirty
        self.catalog.dirty = set()
        if dirty is None:
            where, args = "", []
        else:
            where = f" AND a.shard IN ({','.join('?' * len(dirty))})"
            args = sorted(dirty)
        stale = db.execute(
            "SELECT a.id, a.saved_at, a.doc FROM articles a LEFT JOIN indexed i ON i.article_id = a.id "
            "WHERE i.saved_at IS NOT a.saved_at" + where,
            args,
        ).fetchall()
        gone = [
            row[0]
            for row in db.execute(
                "SELECT i.article_id FROM indexed i LEFT JOIN articles a ON a.id = i.article_id "
                "WHERE a.id IS NULL" + where.replace("a.shard", "substr(i.article_id, 1, 2)"),
                args,
            )
        ]
        left = max(0, len(stale) - batch) if batch else 0
        if left:
            # The rest waits for the next batch: keep its shards in view.
            self.catalog.dirty = None if dirty is None else dirty | self.catalog.dirty
        stale = stale[:batch] if batch else stale
        gone = [
            row[0]
            for row in db.execute(
                "SELECT i.article_id FROM indexed i LEFT JOIN articles a ON a.id = i.article_id "
                "WHERE a.id IS NULL"
            )
        ]
        if gone:
            with db:
                for article_id in gone:
                    _drop_owner(db, article_id)
                    db.execute("DELETE FROM indexed WHERE article_id = ?", (article_id,))
        for article_id, saved_at, doc in stale:
            entry = json.loads(doc)
            body = self._read_body(article_id) or ([], [])
            # An unreadable body still has its title indexed; a later save brings its text.
            title, url = entry.get("title") or "", entry.get("url")
            self._put_article(db, article_id, saved_at, title, url, body)
        self._reconcile_bookmarks(db)
        return left

    def _reconcile_bookmarks(self, db: sqlite3.Connection) -> None:
        known = dict(db.execute("SELECT name, stamp FROM bookmark_shards").fetchall())
        on_disk, changed, gone = shard_changes(self.bookmarks_folder, 1, known)
        if not changed and not gone:
            return
        with db:
            for shard in gone:
                _drop_owner(db, f"bookmarks:{shard}")
                db.execute("DELETE FROM bookmark_shards WHERE name = ?", (shard,))
            for shard in changed:
                _drop_owner(db, f"bookmarks:{shard}")
                for doc in self._read_bookmarks(shard):
                    mark = BookmarkEntry.from_dict(doc)
                    text = "\n".join(part for part in (mark.text, mark.speaker, mark.note) if part)
                    _put_passage(
                        db,
                        f"bookmarks:{shard}",
                        "bookmark",
                        mark.article_id,
                        mark.id,
                        mark.block,
                        mark.section,
                        mark.article_title,
                        mark.article_url,
                        text,
                    )
                db.execute("INSERT OR REPLACE INTO bookmark_shards VALUES (?, ?)", (shard, on_disk[shard]))

    # ------------------------------------------------------------------------- reads

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """The best places ``query`` matches, best first; each word must occur, the last one as a prefix.

        Call :meth:`reconcile` first for results that reflect every change made elsewhere.

        Words are matched whole, case and accents aside ("Tokyo" finds "tokyo", "Tōkyō" too); the last
        word also matches as the start of a longer one, so results follow typing. Bookmarks of an
        article that was deleted are found as well (``article_id`` then names no saved article).
        """
        # lower(), not casefold(): the tokenizer folds case that way ("ß" stays "ß").
        terms = tuple(word.lower() for word in _WORD.findall(query))
        if not terms:
            return []
        expression = " ".join(f'"{term}"' for term in terms[:-1]) + f' "{terms[-1]}"*'
        rows = self.catalog.run(lambda db: _candidates(db, sql_text(expression.strip())), sync=False)
        hits: list[SearchHit] = []
        per_article: dict[str, int] = {}
        for kind, article_id, bookmark_id, block, section, title, url, text, saved in rows:
            key = article_id or bookmark_id or ""
            if kind != "bookmark" and per_article.get(key, 0) >= PER_ARTICLE:
                continue
            per_article[key] = per_article.get(key, 0) + 1
            hits.append(
                SearchHit(
                    kind=kind,
                    article_id=article_id if saved else None,
                    bookmark_id=bookmark_id,
                    block=int(block),
                    section=section,
                    title=title,
                    url=url,
                    sentence=best_sentence(text, terms),
                    terms=terms,
                )
            )
            if len(hits) >= limit:
                break
        return hits


def _candidates(db: sqlite3.Connection, expression: str) -> list[tuple[Any, ...]]:
    """The best-ranked passages matching ``expression`` with their details, titles first.

    Ranking scores every match: for a word found in most passages ("the", or a prefix of two
    letters) that takes far longer than a keystroke. Past RANK_BUDGET the ranking is stopped and the
    newest matches are taken instead (FTS5 walks those in rowid order and stops at the limit).
    """
    # The best candidates from FTS5 alone (its own top-k), then their details: a join or another
    # order in the same query would make SQLite rank and join every match.
    sql = (
        "SELECT p.kind, p.article_id, p.bookmark_id, p.block, p.section, p.title, p.url, w.text, "
        "(SELECT 1 FROM articles a WHERE a.id = p.article_id) "
        "FROM (SELECT rowid, text, {value} AS ordering FROM words WHERE words MATCH ? "
        "ORDER BY {order} LIMIT ?) w "
        "JOIN passages p ON p.rowid = w.rowid ORDER BY p.kind != 'title', w.ordering"
    )
    deadline = time.perf_counter() + RANK_BUDGET
    db.set_progress_handler(lambda: int(time.perf_counter() > deadline), RANK_CHECK_EVERY)
    try:
        return db.execute(sql.format(value="rank", order="rank"), (expression, _CANDIDATES)).fetchall()
    except sqlite3.OperationalError as error:
        if "interrupt" not in str(error):
            raise
    finally:
        db.set_progress_handler(None, 0)
    newest = sql.format(value="-rowid", order="rowid DESC")
    return db.execute(newest, (expression, _CANDIDATES)).fetchall()


def _put_passage(
    db: sqlite3.Connection,
    owner: str,
    kind: str,
    article_id: str | None,
    bookmark_id: str | None,
    block: int,
    section: str | None,
    title: str,
    url: str | None,
    text: str,
) -> None:
    """One searchable passage: what it belongs to in ``passages``, its words in ``words``, one rowid."""
    cursor = db.execute(
        "INSERT INTO passages (owner, kind, article_id, bookmark_id, block, section, title, url) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            owner,
            kind,
            article_id,
            bookmark_id,
            block,
            section and sql_text(section),
            sql_text(title),
            url and sql_text(url),
        ),
    )
    db.execute("INSERT INTO words (rowid, text) VALUES (?, ?)", (cursor.lastrowid, sql_text(text)))


def _drop_owner(db: sqlite3.Connection, owner: str) -> None:
    rowids = [row[0] for row in db.execute("SELECT rowid FROM passages WHERE owner = ?", (owner,))]
    if rowids:
        db.executemany("DELETE FROM words WHERE rowid = ?", [(rowid,) for rowid in rowids])
        db.execute("DELETE FROM passages WHERE owner = ?", (owner,))


def best_sentence(text: str, terms: Sequence[str]) -> str:
    """The sentence of ``text`` holding the most of ``terms`` (the last one as a prefix), on one line."""
    sentences = [part.strip() for part in _SENTENCE_END.split(" ".join(text.split())) if part.strip()]
    if not sentences:
        return ""

    def score(sentence: str) -> int:
        words = [word.lower() for word in _WORD.findall(sentence)]
        found = sum(1 for term in terms[:-1] if term in words)
        return found + (1 if any(word.startswith(terms[-1]) for word in words) else 0)

    return max(sentences, key=score)
