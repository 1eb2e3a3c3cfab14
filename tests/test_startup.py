"""What the reader does to paint its first screen sooner, checked for the behaviour it must keep."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from reader_support import DATA, seed_article, wait_for

from tui.app import BylineApp
from tui.prefetch import Prefetch
from tui.screens.reader import LOCAL_WAIT, ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.outline import Outline
from tui.widgets.search_bar import SearchBar


@pytest.fixture
def collections_off() -> Iterator[None]:
    """Garbage collection off, as ``byline SOURCE`` starts the app; back to normal afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


async def test_collections_resume_once_the_article_is_shown(collections_off: None) -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query(Outline)))
        await wait_for(pilot, gc.isenabled)
        assert gc.get_freeze_count() > 0  # what start-up built is left out of later collections


async def test_outline_and_search_bar_come_after_the_text_without_rewrapping_it() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: view.scrollable_content_region.width > 0)
        width = view.scrollable_content_region.width
        await wait_for(pilot, lambda: bool(app.screen.query(Outline)) and bool(app.screen.query(SearchBar)))
        await pilot.pause()
        outline = app.screen.query_one(Outline)
        assert not app.screen.query("#outline-slot")
        assert outline.section_nodes and outline.quote_nodes
        # The slot held the outline's place: the text kept the width it was first laid out at.
        assert view.scrollable_content_region.width == width
        assert outline.size.width > 0


def test_a_local_source_that_never_comes_holds_the_first_screen_only_briefly(tmp_path: Path) -> None:
    fifo = tmp_path / "never.txt"
    os.mkfifo(fifo)  # no writer ever comes: the helper blocks on it
    job = Prefetch(str(fifo))
    try:
        screen = ReaderScreen(source=str(fifo), prefetched=job)
        start = time.monotonic()
        screen._take_ready_result()
        waited = time.monotonic() - start
    finally:
        job.cancel()
    assert screen.article is None and screen.error is None
    assert LOCAL_WAIT * 0.9 <= waited < LOCAL_WAIT + 1.0


def test_a_local_source_that_is_ready_is_composed_at_once() -> None:
    job = Prefetch(str(DATA / "newslooks-ishiba.txt"))
    assert job.wait(30)
    screen = ReaderScreen(source=str(DATA / "newslooks-ishiba.txt"), prefetched=job)
    screen._take_ready_result()
    assert screen.article is not None
    assert screen.article.title.startswith("Trump Tells Ishiba")
