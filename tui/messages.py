"""Messages that screens post up to the app, which owns navigation between screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from textual.screen import Screen


class OpenArticle(Message):
    """Open a saved article from the library, optionally at a block (a bookmark)."""

    def __init__(self, article_id: str, block: int | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.block = block


class OpenSource(Message):
    """Fetch and open a new source (URL or path).

    ``origin`` is the address the user typed that led to it (the feed an item link comes from), None when
    the user typed ``source`` itself or had it fetched before: it decides which private addresses the fetch
    may reach (news.fetch).
    """

    def __init__(self, source: str, origin: str | None = None) -> None:
        super().__init__()
        self.source = source
        self.origin = origin


class OpenBookmarks(Message):
    """Show every bookmark (the reader's B)."""


class NextUnread(Message):
    """Leave ``reader`` for the feed list below it and open that list's next unread item (the reader's J)."""

    def __init__(self, reader: Screen[Any]) -> None:
        super().__init__()
        self.reader = reader
