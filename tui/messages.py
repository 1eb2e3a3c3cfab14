"""Messages that screens post up to the app, which owns navigation between screens."""

from __future__ import annotations

from textual.message import Message


class OpenArticle(Message):
    """Open a saved article from the library, optionally at a block (a bookmark)."""

    def __init__(self, article_id: str, block: int | None = None) -> None:
        super().__init__()
        self.article_id = article_id
        self.block = block


class OpenSource(Message):
    """Fetch and open a new source (URL or path) typed by the user."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source
