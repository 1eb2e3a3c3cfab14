"""Helpers for the reader tests: the frozen seed article, hostile and long articles, waiting on the app."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot

from news.model import Article, Block, Quote, Section

DATA = Path(__file__).parent / "data"

HOSTILE = "[b]bold[/b] [@click=app.quit]x[/] [red]red"


def seed_article() -> Article:
    """The seed article as the pipeline once cleaned it (frozen, so reader tests do not drift with news/)."""
    return Article.from_record(json.loads((DATA / "reader-ishiba.article.json").read_text(encoding="utf-8")))


def hostile_article() -> Article:
    """An article whose every string is markup a careless widget would obey."""
    blocks = [
        Block("paragraph", f"Lead {HOSTILE} end."),
        Block("heading", f"Section {HOSTILE}", 2),
        Block("paragraph", f"He said “{HOSTILE} quoted” loudly."),
        Block("item", f"Item {HOSTILE}", 1, "-"),
    ]
    return Article(
        source="hostile.html",
        title=f"Title {HOSTILE}",
        subtitle=f"Sub {HOSTILE}",
        site=f"Site {HOSTILE}",
        authors=[f"Author {HOSTILE}"],
        takeaways=[f"Takeaway {HOSTILE}"],
        takeaways_generated=True,
        sections=[Section(f"Section {HOSTILE}", 2, 1)],
        quotes=[Quote(f"{HOSTILE} quoted", f"Speaker {HOSTILE}", f"Section {HOSTILE}", 2)],
        blocks=blocks,
    )


def long_article(paragraphs: int = 600) -> Article:
    """A long article (about 300 KB with the default size) with sections and quotes throughout."""
    blocks: list[Block] = []
    sections: list[Section] = []
    quotes: list[Quote] = []
    sentence = "The committee met again on Tuesday to weigh the budget, the schedule and the risks. "
    for number in range(paragraphs):
        if number % 20 == 0:
            title = f"Part {number // 20 + 1}"
            sections.append(Section(title, 1, len(blocks)))
            blocks.append(Block("heading", title, 2))
        if number % 7 == 0:
            said = f"We will finish part {number} on time"
            quotes.append(Quote(said, "Ms Doe", sections[-1].title, len(blocks)))
            blocks.append(Block("paragraph", f"“{said},” Ms Doe said. " + sentence * 4))
        else:
            blocks.append(Block("paragraph", sentence * 6))
    return Article(source="long.txt", title="A long report", sections=sections, quotes=quotes, blocks=blocks)


async def wait_for(pilot: Pilot[object], predicate: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run until ``predicate()`` is true; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {predicate}")
        await pilot.pause(0.02)


def send_burst(app: App[object], keys: str) -> None:
    """Hand ``keys`` to ``app`` the way a terminal does keys typed fast or sent by a script: all at once.

    Unlike ``Pilot.press``, nothing waits between keys: each is queued before the first is handled.
    """
    driver = app._driver
    assert driver is not None
    for char in keys:
        name = {"\r": "enter", "\x1b": "escape"}.get(char) or (
            char if char.isalnum() else _character_to_key(char)
        )
        event = events.Key(name, char if char.isprintable() else None)
        event.set_sender(app)
        driver.send_message(event)
