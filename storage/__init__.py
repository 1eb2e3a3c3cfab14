"""The library kept on disk: saved articles, bookmarks, feeds and settings (TinyDB + files; no Textual)."""

from storage.catalog import SORTS, SortKey, View
from storage.entries import ArticleEntry, BookmarkEntry, BookmarkKind
from storage.feeds import FeedItemEntry, FeedSubscription
from storage.fulltext import SearchHit
from storage.library import Library, LibraryError, NotInLibrary, default_data_dir
from storage.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "SORTS",
    "ArticleEntry",
    "BookmarkEntry",
    "BookmarkKind",
    "FeedItemEntry",
    "FeedSubscription",
    "Library",
    "LibraryError",
    "NotInLibrary",
    "SearchHit",
    "SortKey",
    "View",
    "default_data_dir",
]
