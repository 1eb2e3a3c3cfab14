"""The on-disk schema version and the migrations that bring an older library up to it.

Version 1 kept everything in one TinyDB file, ``library.json``: tables ``meta``,
``articles`` (each entry with its body inline under ``body``), ``bookmarks`` and
``settings``. Version 2 splits that into small files so a change rewrites little
(see :mod:`storage.library` for the layout). Each migration is safe to re-run: a
run killed half way leaves the old version number, and the next open redoes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.library import Library

SCHEMA_VERSION = 2


def stable_hex(text: str, length: int) -> str:
    """``length`` hex digits derived from ``text`` (the same on every run and machine)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def _v1_to_v2(library: Library, old: dict[str, dict[str, Any]]) -> None:
    """Move a single-file v1 library into v2's sharded files (bodies into their own files)."""
    new_ids: dict[str, str] = {}
    articles: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    for doc in old.get("articles", {}).values():
        old_id = str(doc.get("id") or "")
        key = doc.get("url") or doc.get("source") or old_id
        # Deterministic ids make a re-run after a crash overwrite, not duplicate.
        new_id = library.shard_of_key(str(key)) + stable_hex("article:" + old_id, 10)
        new_ids[old_id] = new_id
        entry = {k: v for k, v in doc.items() if k != "body"}
        entry.update(id=new_id, position=0, read_at=doc.get("saved_at") if doc.get("read") else None)
        body = doc.get("body")
        articles.append((entry, body if isinstance(body, dict) else None))
    library.import_entries(articles)

    bookmarks = []
    for doc in old.get("bookmarks", {}).values():
        old_id = str(doc.get("id") or "")
        bookmark = dict(doc)
        bookmark.update(
            id=stable_hex("bookmark:" + old_id, 12),
            article_id=new_ids.get(str(doc.get("article_id"))),
            block=0,
            note="",
        )
        bookmarks.append(bookmark)
    library.import_bookmarks(bookmarks)


#: ``MIGRATIONS[n]`` turns a version ``n`` library into version ``n + 1``, given the old ``library.json``.
MIGRATIONS: dict[int, Callable[[Library, dict[str, dict[str, Any]]], None]] = {1: _v1_to_v2}
