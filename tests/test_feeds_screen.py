"""The feeds screen driven by keys, against a real library on disk and feeds on a local HTTP server."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from screens_host import Host, filled_library, settle, until
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets._toast import Toast

from news.feeds import fetch_feed
from news.model import Article
from storage import Library
from tui.screens.feeds import FeedsScreen
from tui.screens.library import LibraryScreen
from tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from conftest import LocalHTTPServer
    from textual.pilot import Pilot

SIZE = (110, 30)
FEEDS = Path(__file__).parent / "data" / "feeds"
RSS = (FEEDS / "rss2.xml").read_bytes()
HOSTILE = (FEEDS / "hostile.xml").read_bytes()


def prompts(screen: Screen[Any], which: str) -> list[str]:
    option_list = screen.query_one(which, OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


def feed_lines(screen: Screen[Any]) -> list[str]:
    return prompts(screen, "#feeds-list")


def item_titles(screen: Screen[Any]) -> list[str]:
    return [line.splitlines()[0] for line in prompts(screen, "#feeds-items")]


def told(app: Host) -> list[str]:
    return [notification.message for notification in app._notifications]


async def add_feed(pilot: Pilot[None], url: str) -> None:
    await pilot.press("a")
    await until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
    pilot.app.screen.query_one(Input).value = url
    await pilot.press("enter")
    await settle(pilot)


async def test_empty_screen_says_how_to_follow_a_feed(tmp_path: Path) -> None:
    app = Host(FeedsScreen(Library(tmp_path / "data")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        message = str(app.screen.query_one("#feeds-message", Static).content)
        assert message.startswith("You follow no feeds yet.")
        assert str(app.screen.query_one("#feeds-status", Static).content) == "0 feeds · 0 new"


async def test_add_open_refresh_remove(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    library = Library(tmp_path / "data")
    url = http_server.add("/rss", RSS, content_type="application/rss+xml")
    app = Host(FeedsScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await add_feed(pilot, url)
        await until(pilot, lambda: bool(feed_lines(app.screen)))
        await settle(pilot)
        assert feed_lines(app.screen) == ["All items  3", "The Harbour Gazette  3"]
        assert item_titles(app.screen) == [
            "● Ferry timetable changes for winter",
            "● Lighthouse reopens to visitors",
            "● An item with no link at all",
        ]
        assert prompts(app.screen, "#feeds-items")[0].splitlines()[1].strip() == "2024-03-05 · Ada Lovelace"
        [sub] = library.feeds()
        assert (sub.url, sub.item_count) == (url, 3)
        summary = str(app.screen.query_one("#feeds-summary", Static).content)
        link, text = summary.split("\n")
        assert link == "https://gazette.example/2024/ferry-timetable"
        assert text == "The ferry will run twice a day. Tickets are unchanged."

        # Enter on the feed goes to its items; enter on an item asks the app to open its link.
        await pilot.press("enter")
        assert app.screen.query_one("#feeds-items", OptionList).has_focus
        await pilot.press("down", "enter")
        assert app.sources == ["https://gazette.example/2024/lighthouse"]
        # Opening is reading: the item loses its marker, the feed its count.
        await settle(pilot)
        assert feed_lines(app.screen)[1] == "The Harbour Gazette  2"

        # The feed changes on the server: r fetches it again.
        http_server.add("/rss", RSS.replace(b"Lighthouse reopens", b"Lighthouse reopened"))
        await pilot.press("r")
        await settle(pilot)
        await until(pilot, lambda: "  Lighthouse reopened to visitors" in item_titles(app.screen))
        assert len(http_server.hits_for("/rss")) == 2

        # A failing refresh says so in one line and keeps the items.
        http_server.add("/rss", b"", status=503)
        await pilot.press("R")
        await settle(pilot)
        await until(pilot, lambda: any("could not refresh" in line for line in told(app)))
        assert any(f"{url}: HTTP 503 Service Unavailable" in line for line in told(app))
        assert len(item_titles(app.screen)) == 3
        assert "!" in feed_lines(app.screen)[1]  # the row says its last fetch failed

        # d removes the feed from disk, u puts it back with its items.
        await pilot.press("left", "d")
        await settle(pilot)
        assert feed_lines(app.screen) == []
        assert library.feeds() == []
        await pilot.press("u")
        await settle(pilot)
        await until(pilot, lambda: feed_lines(app.screen)[1:] == ["The Harbour Gazette  2  !"])
        assert [feed.id for feed in library.feeds()] == [sub.id]
        assert len(library.feed_items(sub.id)) == 3


async def test_a_saved_item_loses_its_marker(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    sub = library.add_feed(str(FEEDS / "rss2.xml"), "The Harbour Gazette", None)
    library.set_feed_items(
        sub.id,
        [
            {"id": "1", "title": "Opened", "link": "https://example.org/old", "published": "2024-01-02"},
            {"id": "2", "title": "Not yet", "link": "https://example.org/new", "published": "2024-01-01"},
        ],
    )
    filled_library(tmp_path)  # saves https://example.org/old among others
    app = Host(FeedsScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert feed_lines(app.screen) == ["All items  1", "The Harbour Gazette  1"]
        assert item_titles(app.screen) == ["  Opened", "● Not yet"]
        # A saved item opens from the library (offline too), not from the network.
        await pilot.press("right", "enter")
        assert len(app.opened) == 1 and app.sources == []


async def test_hostile_feed_text_is_shown_as_text(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    url = http_server.add("/evil", HOSTILE, content_type="application/rss+xml")
    app = Host(FeedsScreen(Library(tmp_path / "data")))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await add_feed(pilot, url)
        await until(pilot, lambda: bool(feed_lines(app.screen)))
        await settle(pilot)
        _, line = feed_lines(app.screen)
        assert line.startswith("[b]x[/b] News")
        title, _ = item_titles(app.screen)
        assert title.startswith("● [b]x[/b] [@click=app.quit]quit[/]")
        assert "\x1b" not in title and "\x07" not in title
        # The notification quotes the title as text: no markup error, no click action run.
        await until(pilot, lambda: bool(app.screen.query(Toast)))
        assert any("Following “[b]x[/b] News" in toast.render().plain for toast in app.screen.query(Toast))
        await pilot.press("enter", "enter")
        assert app.sources == ["https://hostile.example/a"]
        assert app.is_running


async def test_a_bad_address_is_one_line(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    page = http_server.add("/page", "<html><head><title>x</title></head><body>No feed here.</body></html>")
    app = Host(FeedsScreen(Library(tmp_path / "data")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await add_feed(pilot, page)
        await until(pilot, lambda: any("could not follow" in line for line in told(app)))
        [said] = [line for line in told(app) if "could not follow" in line]
        assert said.endswith("not a feed (a web page that links to no RSS or Atom feed)")
        assert feed_lines(app.screen) == []


async def test_library_F_opens_the_feeds(tmp_path: Path) -> None:
    library = filled_library(tmp_path)
    app = Host(LibraryScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, FeedsScreen))
        await settle(pilot)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))


def test_snapshot_feeds_in_the_default_theme(tmp_path: Path, snap_compare: Any) -> None:
    library = Library(tmp_path / "data")
    for name in ("rss2.xml", "atom.xml"):
        feed = fetch_feed(str(FEEDS / name))
        sub = library.add_feed(f"https://feeds.example/{name}", feed.title, feed.site_url)
        library.set_feed_items(sub.id, [item.to_dict() for item in feed.entries])
    library.save_article(Article(source="https://gazette.example/2024/lighthouse", title="Lighthouse"))
    app = Host(FeedsScreen(library), theme="byline-dark")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def two_feeds_in_a_folder(library: Library) -> tuple[str, str]:
    """Feeds A (3 items) and B (2 items) in the folder News; their ids."""
    shelf = library.feed_shelf
    shelf.add_many(
        [("https://a.example/feed", "Feed A", ("News",)), ("https://b.example/feed", "Feed B", ("News",))]
    )
    ids = []
    for feed in library.feeds():
        letter = feed.title[-1].lower()
        count = 3 if letter == "a" else 2
        items = [
            {
                "id": f"{letter}{n}",
                "title": f"{feed.title} story {n}",
                "link": f"https://{letter}.example/{n}",
                "published": f"2024-01-0{n + 1}T0{'ab'.index(letter)}:00:00Z",
            }
            for n in range(count)
        ]
        library.set_feed_items(feed.id, items)
        ids.append(feed.id)
    return ids[0], ids[1]


async def test_combined_view_marks_and_undo(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    a, b = two_feeds_in_a_folder(library)
    app = Host(FeedsScreen(library))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert feed_lines(app.screen) == ["All items  5", "▾ News  5", "  Feed A  3", "  Feed B  2"]
        # All items: every feed's items, newest first, each naming its feed.
        assert item_titles(app.screen) == [
            "● Feed A story 2",
            "● Feed B story 1",
            "● Feed A story 1",
            "● Feed B story 0",
            "● Feed A story 0",
        ]
        assert "Feed A" in prompts(app.screen, "#feeds-items")[0].splitlines()[1]

        # m marks the highlighted item read without opening it, and moves on.
        await pilot.press("right", "m")
        await settle(pilot)
        assert feed_lines(app.screen)[:2] == ["All items  4", "▾ News  4"]
        assert item_titles(app.screen)[0] == "  Feed A story 2"
        assert [item.marked_read for item in library.feed_items(a)] == [True, False, False]
        assert app.opened == [] and app.sources == []

        # U shows unread items only.
        await pilot.press("U")
        await settle(pilot)
        assert len(item_titles(app.screen)) == 4
        await pilot.press("U")
        await settle(pilot)

        # M on the folder marks all of it read; u marks exactly those unread again.
        await pilot.press("left", "down")
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert feed_lines(app.screen) == ["All items", "▾ News", "  Feed A", "  Feed B"]
        assert any("Marked 4 items read in News" in line for line in told(app))
        assert library.feeds()[0].unread == 0
        await pilot.press("u")
        await settle(pilot)
        assert feed_lines(app.screen) == ["All items  4", "▾ News  4", "  Feed A  2", "  Feed B  2"]
        # The one marked by hand stays marked.
        assert [item.marked_read for item in library.feed_items(a)] == [True, False, False]
        assert not any(item.marked_read for item in library.feed_items(b))


async def test_each_row_updates_when_its_own_feed_ends(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    import threading

    release = threading.Event()
    fast = http_server.add("/fast", RSS, content_type="application/rss+xml")

    slow_rss = RSS.replace(b"Harbour Gazette", b"Slow Gazette")

    def stall(request: Any) -> None:
        release.wait(20)
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Length", str(len(slow_rss)))
        request.end_headers()
        request.wfile.write(slow_rss)

    slow = http_server.handle("/slow", stall)
    library = Library(tmp_path / "data")
    library.feed_shelf.add_many([(fast, "Fast", ()), (slow, "Slow", ())])
    app = Host(FeedsScreen(library))
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert feed_lines(app.screen) == ["All items", "Fast", "Slow"]
            await pilot.press("R")
            # The fast feed's row shows its items while the slow one still fetches.
            await until(pilot, lambda: "The Harbour Gazette  3" in feed_lines(app.screen))
            assert any(line.startswith("Slow") and "⟳" in line for line in feed_lines(app.screen))
            assert "fetching 1 feed" in str(app.screen.query_one("#feeds-status", Static).content)
            assert [feed.item_count for feed in library.feeds() if feed.url == fast] == [3]
            release.set()
            await until(pilot, lambda: "The Slow Gazette  3" in feed_lines(app.screen))
    finally:
        release.set()


async def test_new_items_are_saved_for_offline_and_stay_unread(
    tmp_path: Path, http_server: LocalHTTPServer
) -> None:
    page = (Path(__file__).parent / "data" / "newslooks-ishiba.html").read_bytes()
    story = http_server.add("/story", page)
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>'
        f"<item><title>The story</title><link>{story}</link></item></channel></rss>"
    )
    url = http_server.add("/feed", feed, content_type="application/rss+xml")
    library = Library(tmp_path / "data")
    library.feed_shelf.add_many([(url, "Local", ())])
    app = Host(FeedsScreen(library))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await until(pilot, lambda: bool(library.articles()))
        await settle(pilot)
        [item] = library.feed_items(library.feeds()[0].id)
        assert (item.saved, item.prefetched, item.unread) == (True, True, True)
        assert feed_lines(app.screen) == ["All items  1", "Local  1"]
        await until(pilot, lambda: item_titles(app.screen) == ["● The story"])
        # It opens from the library (offline), and opening it is what reads it.
        await pilot.press("right", "enter")
        await settle(pilot)
        assert app.opened == [(library.articles()[0].id, None)] and app.sources == []
        assert feed_lines(app.screen) == ["All items", "Local"]
