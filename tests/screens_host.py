"""A small app that hosts one screen and records what it posts, plus a library with a few articles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from news.model import Article, Block, Quote
from storage import Library
from tui.messages import OpenArticle, OpenSource
from tui.themes import register_themes

HOSTILE_TITLE = "[b]bold?[/b] [@click=app.quit]quit[/] [red]x"


class Host(App[None]):
    """Pushes ``screen`` on mount and keeps every OpenArticle / OpenSource it receives."""

    def __init__(self, screen: Screen[None], theme: str | None = None) -> None:
        super().__init__()
        register_themes(self, user=False)
        self._theme_name = theme
        self._first = screen
        self.opened: list[tuple[str, int | None]] = []
        self.sources: list[str] = []
        self.origins: list[str | None] = []

    def on_mount(self) -> None:
        if self._theme_name:
            self.theme = self._theme_name
        self.push_screen(self._first)

    def on_open_article(self, message: OpenArticle) -> None:
        self.opened.append((message.article_id, message.block))

    def on_open_source(self, message: OpenSource) -> None:
        self.sources.append(message.source)
        self.origins.append(message.origin)


def article(title: str, url: str, *, site: str = "Example News", quotes: int = 0) -> Article:
    """A small article with ``quotes`` quotes, one per paragraph after the first."""
    blocks = [Block("paragraph", f"{title}: the opening paragraph.")]
    found: list[Quote] = []
    for n in range(quotes):
        blocks.append(Block("paragraph", f"“Quote number {n},” said Speaker {n}."))
        found.append(Quote(f"Quote number {n}", f"Speaker {n}", None, len(blocks) - 1))
    return Article(
        source=url,
        title=title,
        url=url,
        site=site,
        published="2024-05-0" + str(1 + len(title) % 9),
        lead=blocks[0].text,
        blocks=blocks,
        quotes=found,
    )


def filled_library(root: Path) -> Library:
    """A library saved oldest to newest: "Old news", "Middle story", "Fresh report"."""
    library = Library(root / "data")
    library.save_article(article("Old news", "https://example.org/old", site="Old Gazette"))
    library.save_article(article("Middle story", "https://example.org/middle", quotes=2))
    library.save_article(article("Fresh report", "https://example.org/fresh", site="Daily Planet"))
    return library


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and the messages they caused are handled."""
    # A few rounds: a worker's callback may start another worker (a failed write reloads).
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Let the app run until ``condition`` holds (a pushed screen is up), failing after a while."""
    # Up to 20 s: a loaded CI machine may be slow, and pytest-timeout still bounds a hang.
    for _ in range(2000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never reached the expected state")
