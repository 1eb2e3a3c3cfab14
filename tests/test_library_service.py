"""The app's library service: a write that fails is said in one line and tried again until it lands, the
position written on quitting still lands, and the reader and the bookmarks reach each other by messages.

The failures are real: the library's index folder is swapped for a plain file, so every change of an
article's reading state fails with NotADirectoryError until the folder is put back.
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from reader_support import seed_article, wait_for
from screens_host import Host, article, filled_library, settle
from test_domain_imports import loaded_after

from storage import Library
from tui.app import BylineApp, say_lost
from tui.library_service import LibraryService
from tui.messages import OpenArticle
from tui.screens.bookmarks import BookmarksScreen
from tui.screens.library import LibraryScreen
from tui.screens.reader import PROGRESS_DELAY, ReaderScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView

ROOT = Path(__file__).resolve().parent.parent
SIZE = (100, 30)


@contextlib.contextmanager
def index_replaced_by_a_file(data: Path) -> Iterator[None]:
    """Swap the library's index folder for a plain file (writes fail) until the block ends."""
    index = data / "index"
    aside = data.parent / "index-aside"
    index.rename(aside)
    index.write_text("not a folder")
    try:
        yield
    finally:
        index.unlink()
        aside.rename(index)


def reader(app: BylineApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def said(app: BylineApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def open_saved(app: BylineApp, pilot: object, entry_id: str) -> ReaderScreen:
    """From the library screen, open the saved article ``entry_id`` and wait until the library answered."""
    await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))  # type: ignore[arg-type]
    app.post_message(OpenArticle(entry_id))
    await wait_for(
        pilot,  # type: ignore[arg-type]
        lambda: (
            isinstance(app.screen, ReaderScreen)
            and app.screen.view is not None
            and app.screen.bookmarks == []
        ),
    )
    await wait_for(pilot, lambda: reader(app)._marks_known)  # type: ignore[arg-type]
    return reader(app)


async def test_a_failed_position_write_is_said_once_and_lands_when_the_cause_is_gone(tmp_path: Path) -> None:
    entry = Library(tmp_path).save_article(seed_article())
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        app.library_service.retry_delays = (0.3, 0.3, 0.3, 30.0)
        screen = await open_saved(app, pilot, entry.id)
        with index_replaced_by_a_file(tmp_path):
            for _ in range(4):
                await pilot.press("right_square_bracket")
            block = screen.query_one(ArticleView).top_block
            failing = re.compile(
                r"could not save the reading position in “[^”]+”: "
                r"\[Errno 20\] Not a directory: .+ \(trying again\)"
            )
            await wait_for(pilot, lambda: any(failing.fullmatch(line) for line in said(app)))
            # The first retry fails too (the folder is still a file): it is not said a second time.
            waiting = app.library_service._waiting
            await wait_for(pilot, lambda: bool(waiting) and waiting[0].tries >= 2)
            assert sum(1 for line in said(app) if line.startswith("could not")) == 1
        # The folder is back: the next try lands the position, and that is said too.
        await wait_for(pilot, lambda: Library(tmp_path).get(entry.id).position == block)  # type: ignore[union-attr]
        landed = "Done after all: save the reading position"
        await wait_for(pilot, lambda: any(line.startswith(landed) for line in said(app)))
        assert app.library_service.lost == []


async def test_positions_failing_for_the_same_reason_are_said_once(tmp_path: Path) -> None:
    entry = Library(tmp_path).save_article(seed_article())
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        app.library_service.retry_delays = (60.0,) * 4  # only new positions try again
        screen = await open_saved(app, pilot, entry.id)
        failing = "could not save the reading position"
        with index_replaced_by_a_file(tmp_path):
            tried: list[object] = []
            for _ in range(3):  # three pauses in reading: three positions written, each failing
                await pilot.press("right_square_bracket")

                def failed_anew() -> bool:
                    waiting = app.library_service._waiting
                    return len(waiting) == 1 and waiting[0] not in tried  # the newer replaced the older

                await wait_for(pilot, failed_anew, timeout=PROGRESS_DELAY + 5)
                tried.append(app.library_service._waiting[0])
            assert sum(1 for line in said(app) if line.startswith(failing)) == 1
        await pilot.press("right_square_bracket")
        block = screen.query_one(ArticleView).top_block
        await wait_for(pilot, lambda: Library(tmp_path).get(entry.id).position == block)  # type: ignore[union-attr]
        await wait_for(
            pilot, lambda: any(line.startswith("Done after all: save the reading") for line in said(app))
        )
        assert app.library_service.pending == 0


async def test_a_new_write_brings_the_retry_of_a_failed_one_forward(tmp_path: Path) -> None:
    entry = Library(tmp_path).save_article(seed_article())
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        app.library_service.retry_delays = (60.0,) * 4  # no timer fires during the test
        await open_saved(app, pilot, entry.id)
        with index_replaced_by_a_file(tmp_path):
            await pilot.press("m")  # mark read: fails
            await wait_for(pilot, lambda: any(line.startswith("could not mark “") for line in said(app)))
        assert Library(tmp_path).get(entry.id).read is False  # type: ignore[union-attr]
        await pilot.press("b")  # another write (a bookmark) is a try for the waiting one
        await wait_for(pilot, lambda: Library(tmp_path).get(entry.id).read is True)  # type: ignore[union-attr]
        await wait_for(pilot, lambda: len(Library(tmp_path).bookmarks()) == 1)
        assert app.library_service.pending == 0


async def test_the_position_is_written_on_q_and_a_waiting_write_lands_on_quitting(tmp_path: Path) -> None:
    entry = Library(tmp_path).save_article(seed_article())
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        app.library_service.retry_delays = (60.0,) * 4
        screen = await open_saved(app, pilot, entry.id)
        with index_replaced_by_a_file(tmp_path):
            await pilot.press("m")
            await wait_for(pilot, lambda: app.library_service._waiting)
        for _ in range(4):
            await pilot.press("right_square_bracket")
        block = screen.query_one(ArticleView).top_block
        await pilot.press("ctrl+q")  # well inside the delay after which the reader writes by itself
        await wait_for(pilot, lambda: not app.is_running)
    kept = Library(tmp_path).get(entry.id)
    assert kept is not None and kept.position == block and 0 < kept.progress < 1
    assert kept.read is True  # the failed mark-read, tried once more while the app ended
    assert app.library_service.lost == []


async def test_a_write_still_failing_when_the_app_ends_is_said_on_standard_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = Library(tmp_path).save_article(seed_article())
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    with contextlib.ExitStack() as broken:
        async with app.run_test(size=SIZE) as pilot:
            app.library_service.retry_delays = (60.0,) * 4
            await open_saved(app, pilot, entry.id)
            broken.enter_context(index_replaced_by_a_file(tmp_path))  # until the app has ended
            await pilot.press("G")  # the end: its position is written at once, and fails
            failed = "could not save the reading position"
            await wait_for(pilot, lambda: any(line.startswith(failed) for line in said(app)))
            await pilot.press("ctrl+q")
            await wait_for(pilot, lambda: not app.is_running)
    say_lost(app.library_service)
    errors = capsys.readouterr().err.splitlines()
    assert errors and all(line.startswith("byline: not saved: ") for line in errors)
    position = re.compile(r"byline: not saved: save the reading position in “[^”]+”: .*Not a directory.*")
    assert any(position.fullmatch(line) for line in errors)
    assert Library(tmp_path).get(entry.id).progress == 0  # type: ignore[union-attr]


async def test_a_list_screen_write_that_fails_is_said_and_lands_once_the_cause_is_gone(
    tmp_path: Path,
) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        LibraryService.of(app).retry_delays = (0.3,) * 4
        await settle(pilot)
        rows = app.screen.query_one(ArticleList)
        newest = rows.current
        assert newest is not None and not newest.read
        with index_replaced_by_a_file(tmp_path / "data"):
            await pilot.press("r")  # mark read
            await wait_for(
                pilot,
                lambda: any(n.message.startswith("could not mark the article: ") for n in app._notifications),
            )
            # Said once (the list read again after it fails too, and says so in a line of its own).
            [told] = [n.message for n in app._notifications if n.message.startswith("could not mark")]
            assert "Not a directory" in told and told.endswith("(trying again)")
        await wait_for(pilot, lambda: Library(tmp_path / "data").get(newest.id).read is True)  # type: ignore[union-attr]
        # Landed: the list is read again and shows it read.
        await wait_for(
            pilot, lambda: rows.current is not None and rows.current.id == newest.id and rows.current.read
        )


async def test_bookmarks_and_reader_reach_each_other_through_the_app(tmp_path: Path) -> None:
    library = Library(tmp_path)
    entry = library.save_article(seed_article())
    block = 5
    library.add_bookmark(
        entry.id,
        text=seed_article().blocks[block].text,
        kind="passage",
        speaker=None,
        section=None,
        block=block,
    )
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        app.post_message(OpenArticle(entry.id))
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.view is not None)
        first = app.screen
        await pilot.press("B")
        await wait_for(
            pilot, lambda: isinstance(app.screen, BookmarksScreen) and app.screen.current is not None
        )
        bookmarks = app.screen
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen is not first)
        opened = reader(app)
        assert opened.start_block == block
        await wait_for(pilot, lambda: opened.view is not None and opened.view.top_block == block)
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is bookmarks)
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is first)


async def test_J_outside_a_feed_list_says_what_it_is_for(tmp_path: Path) -> None:
    entry = Library(tmp_path).save_article(seed_article())
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_saved(app, pilot, entry.id)
        await pilot.press("J")
        await wait_for(pilot, lambda: "J goes to the next unread item of a feed list" in said(app))
        assert app.screen is screen


async def test_J_goes_back_to_the_feed_list_and_opens_its_next_unread_item(tmp_path: Path) -> None:
    from news.feeds import parse_feed
    from storage.feeds import FeedCheck
    from tui.config import FeedSettings
    from tui.screens.feeds import FeedsScreen

    library = Library(tmp_path)
    for title, url in ITEMS:
        library.save_article(article(title, url))  # saved: both items open from the library, offline
    feed = parse_feed(rss(ITEMS).encode(), "https://gazette.example/feed.xml")
    sub = library.feed_shelf.add(feed.url, feed.title, feed.site_url)
    items = [item.to_dict() for item in feed.entries]
    library.feed_shelf.record([FeedCheck(sub.id, items, feed.title, keep=len(items))])
    # Saved for offline, not opened: both stay unread.
    library.feed_shelf.mark_prefetched({sub.id: [entry.id for entry in feed.entries]})
    app = BylineApp(data_dir=str(tmp_path), load_user_files=False)
    app.feed_config = FeedSettings(refresh_minutes=0, full_text=0)  # nothing is fetched
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen) and app.screen._loaded)
        await pilot.press("F")
        await wait_for(pilot, lambda: isinstance(app.screen, FeedsScreen) and len(app.screen._items) == 2)
        feeds = app.screen
        await pilot.press("enter")  # to the items
        await pilot.press("enter")  # open the first
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.view is not None)
        assert reader(app).title == ITEMS[0][0]
        await pilot.press("J")
        await wait_for(
            pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.title == ITEMS[1][0]
        )
        assert app.screen_stack[-2] is feeds  # the first reader was left, not kept below


ITEMS = [
    ("Ferry timetable changes for winter", "https://gazette.example/2024/ferry-timetable"),
    ("Lighthouse reopens to visitors", "https://gazette.example/2024/lighthouse"),
]


def rss(items: list[tuple[str, str]]) -> str:
    """A feed of ``items`` (title, link), newest first."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Tue, 0{5 - number} Mar 2024 09:30:00 GMT</pubDate></item>"
        for number, (title, link) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>The Harbour Gazette</title>'
        f"<link>https://gazette.example/</link>{entries}</channel></rss>"
    )


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_reader_and_the_bookmarks_do_not_import_each_other() -> None:
    screens = ROOT / "tui" / "screens"
    assert "tui.screens.bookmarks" not in imported_modules(screens / "reader.py")
    assert "tui.screens.reader" not in imported_modules(screens / "bookmarks.py")
    # Nor through another module: each loads without the other in a fresh interpreter.
    data = loaded_after(
        "import sys\nimport tui.screens.reader\nresult = 'tui.screens.bookmarks' in sys.modules\n"
    )
    assert data["result"] is False
    data = loaded_after(
        "import sys\nimport tui.screens.bookmarks\nresult = 'tui.screens.reader' in sys.modules\n"
    )
    assert data["result"] is False


async def test_a_write_made_at_closing_lands_after_the_one_the_worker_is_making() -> None:
    # The worker had popped an older reading position when q wrote the newer one on the UI thread; the
    # older one then took the file lock last and the article reopened where the reader had been before.
    import threading

    app = BylineApp(use_library=False, load_user_files=False)
    async with app.run_test(size=SIZE) as pilot:
        service = LibraryService.of(app)
        started, release = threading.Event(), threading.Event()
        order: list[str] = []

        def older() -> None:
            started.set()
            release.wait(5)
            order.append("older")

        service.write(older, what="the reading position", key="position")
        await pilot.pause()
        assert started.wait(5)
        threading.Timer(0.3, release.set).start()
        assert service.write_now(lambda: order.append("newer"), what="the reading position", key="position")
        assert order == ["older", "newer"]
