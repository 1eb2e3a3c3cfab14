"""Faults a new user hits in the reader in the first week of daily use (issue 11): each test fails without
its fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader_support import DATA, seed_article, wait_for
from textual.pilot import Pilot

from storage import Library
from tui.app import BylineApp
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.status_line import StatusLine

SEED = str(DATA / "newslooks-ishiba.html")


def library_app(tmp_path: Path, source: str = SEED, **kwargs: Any) -> BylineApp:
    return BylineApp(source, data_dir=str(tmp_path), load_user_files=False, **kwargs)


def reader_of(app: BylineApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def ready(app: BylineApp) -> bool:
    screen = app.screen
    return isinstance(screen, ReaderScreen) and screen.view is not None and screen.entry_id is not None


def view_of(app: BylineApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def status_of(app: BylineApp) -> StatusLine:
    return app.screen.query_one(StatusLine)


def toasts(app: BylineApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


# -- 1: a highlight out of view is gone ----------------------------------------------------------


async def test_a_quote_scrolled_out_of_view_is_cleared_and_b_keeps_what_is_in_view(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        view = view_of(app)
        await press(pilot, "right_curly_bracket")
        assert view.quote_index == 0 and status_of(app).search.startswith("quote 1/")
        await press(pilot, *["right_square_bracket"] * 8)
        assert view.quote_index is None
        assert status_of(app).search == ""
        top = view.top_block
        await press(pilot, "b")
        await wait_for(pilot, lambda: len(Library(tmp_path).bookmarks()) == 1)
        [kept] = Library(tmp_path).bookmarks()
        assert kept.kind == "passage" and kept.block == top


async def test_a_quote_still_partly_on_screen_stays_highlighted() -> None:
    app = BylineApp(article=seed_article(), use_library=False, load_user_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app)
        await press(pilot, "right_curly_bracket")
        index = view.quote_index
        assert index is not None
        # One line down keeps the quote on screen: the highlight and the status line stay.
        await press(pilot, "j")
        assert view.quote_index == index and status_of(app).search.startswith("quote 1/")


# -- 2 and 3: progress is how far the reader has read; the end is kept at once --------------------


async def test_progress_is_zero_at_the_top_and_an_article_opened_and_closed_is_not_read_at_all(
    tmp_path: Path,
) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        await pilot.pause()
        assert status_of(app).percent == 0.0
        assert status_of(app).render_line(0).text.rstrip().endswith(" 0%")
        await press(pilot, "q")
        await wait_for(pilot, lambda: not app.is_running)
    [entry] = Library(tmp_path).articles()
    assert entry.progress == 0.0 and not entry.read


async def test_reaching_the_end_marks_read_at_once_and_reopening_offers_the_top(tmp_path: Path) -> None:
    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        # G then q at once: no pause for the progress timer.
        await pilot.press("G", "q")
        await wait_for(pilot, lambda: not app.is_running)
    [entry] = Library(tmp_path).articles()
    assert entry.read and entry.progress == 1.0

    app = library_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: ready(app))
        view = view_of(app)
        await wait_for(pilot, lambda: view.percent == 1.0)
        assert any("finished" in toast and "g for the top" in toast for toast in toasts(app))
        await press(pilot, "g")
        assert view.percent == 0.0
