"""What the reader does to paint its first screen sooner, checked for the behaviour it must keep."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from reader_support import DATA, seed_article, send_burst, wait_for
from textual.pilot import Pilot

from tui.app import BylineApp
from tui.prefetch import Prefetch
from tui.screens.reader import LOCAL_WAIT, ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.outline import Outline
from tui.widgets.search_bar import SearchBar

ROOT = Path(__file__).resolve().parent.parent


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


async def test_outline_comes_after_the_text_without_rewrapping_it() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: view.scrollable_content_region.width > 0)
        width = view.scrollable_content_region.width
        await wait_for(pilot, lambda: bool(app.screen.query(Outline)))
        await pilot.pause()
        outline = app.screen.query_one(Outline)
        assert not app.screen.query("#outline-slot")
        assert outline.section_nodes and outline.quote_nodes
        # The slot held the outline's place: the text kept the width it was first laid out at.
        assert view.scrollable_content_region.width == width
        assert outline.size.width > 0


async def test_search_typed_in_one_burst_right_after_start_lands_in_the_search_input() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        # No pause: the keys come before the outline, in one burst, as from `tmux send-keys /japan`.
        send_burst(app, "/japan")
        bar = app.screen.query_one(SearchBar)
        await wait_for(pilot, lambda: bar.input.value == "japan")
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        assert bar.is_open and app.focused is bar.input
        assert view.query_text == "japan" and view.matches
        # The n of "japan" was typed, not taken as "next match".
        assert not any("Search first" in note.message for note in app._notifications)
        send_burst(app, "/\r")  # / in the input is part of the query; enter keeps it
        await wait_for(pilot, lambda: not bar.is_open)
        assert view.query_text == "japan/" and app.focused is view


async def test_search_typed_before_the_screen_is_up_keeps_the_focus_and_the_query() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    seen: dict[str, object] = {}

    async def drive(pilot: Pilot[None]) -> None:
        # Nothing awaited first: the keys come while the reader is still being put on screen.
        send_burst(app, "/japan")
        bar = app.screen.query_one(SearchBar)
        await wait_for(pilot, lambda: bool(app.screen.query(Outline)))
        await pilot.pause()
        seen.update(value=bar.input.value, focused=app.focused is bar.input, open=bar.is_open)
        app.exit()

    await app.run_async(headless=True, size=(120, 40), auto_pilot=drive)
    assert seen == {"value": "japan", "focused": True, "open": True}


async def test_contract_keys_pressed_at_once_work_before_the_outline_comes() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(140, 40)) as pilot:
        send_burst(app, "]z")
        view = app.screen.query_one(ArticleView)
        await wait_for(pilot, lambda: bool(app.screen.query(Outline)))
        await pilot.pause()
        first = view.text_layout.heading_lines[0]
        assert view.top_line == first
        outline = app.screen.query_one(Outline)
        # What the keys did before the outline existed shows in it: folded, marking the section.
        assert outline.current is outline.node_for_heading(view.section) is not outline.root
        assert not any(node.is_expanded for node in outline.section_nodes.values() if node.children)


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


def run_python(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter from the project folder; return its output lines."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_helper_reads_a_page_without_loading_what_readability_never_uses() -> None:
    # http.client is no longer in the list: trafilatura, the second extractor every page is read with,
    # loads it (through urllib3) whatever the source; chardet it never needs.
    lines = run_python(
        "import sys\n"
        "from tui.prefetch import DEFERRED, defer_imports\n"
        "defer_imports(DEFERRED)\n"
        "from news import load\n"
        f"print(load({str(DATA / 'newslooks-ishiba.html')!r}).title)\n"
        "print(sorted(m for m in ('chardet.universaldetector',) if m in sys.modules))\n"
    )
    assert lines == ["Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit", "[]"]


def test_a_deferred_module_loads_when_it_is_used() -> None:
    lines = run_python(
        "from tui.prefetch import DEFERRED, defer_imports\n"
        "defer_imports(DEFERRED)\n"
        "import chardet, urllib.request\n"
        "print(chardet.detect('Grüße aus Köln'.encode('utf-8'))['encoding'])\n"
        "print(urllib.request.Request('http://example.com/a').full_url)\n"
        "import chardet.universaldetector\n"
        "print(chardet.universaldetector.UniversalDetector.__name__)\n"
    )
    assert lines == ["utf-8", "http://example.com/a", "UniversalDetector"]
