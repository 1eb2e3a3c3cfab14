"""Kind 3: an address the server chose (a feed link, an item link) is vouched for by what the user typed.

A public page that names 169.254.169.254, 10.0.0.1 or fd00::1 (or this machine) must not make byline connect
there. Only the user's own typing vouches for a private address, and only for its own class. A public origin
is an IP literal that is never connected to (the address policy only looks it up), so no test leaves the
machine; the private targets are refused before any packet goes out, and a long deadline tells a refusal
from the time-out a real connection attempt would give.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from screens_host import Host, settle, until
from textual.widgets import OptionList

from news.errors import SourceError
from news.feeds import fetch_feed
from news.fetch import FetchLimits, fetch
from news.pipeline import load
from storage import Library
from tui.prefetch import LoadFailed, Prefetch
from tui.screens.feeds import FeedsScreen

if TYPE_CHECKING:
    from conftest import LocalHTTPServer

LONG = FetchLimits(deadline=30)
PUBLIC_ORIGIN = "http://93.184.216.34/news/"  # a public address: looked up (a literal), never connected to
PAGE = b"<html><head><title>T</title></head><body><p>Hello from the test server, a page.</p></body></html>"
TARGETS = [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254", "link-local"),
    ("http://10.0.0.1/admin", "10.0.0.1", "private"),
    ("http://[fd00::1]/", "fd00::1", "private"),
]


def _feed_page(href: str) -> str:
    return (
        "<!doctype html><html><head><title>Site</title>"
        f'<link rel="alternate" type="application/rss+xml" href="{href}">'
        "</head><body><p>Welcome</p></body></html>"
    )


def _rss(link: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        f"<item><title>Story</title><link>{link}</link></item></channel></rss>"
    ).encode()


def test_a_typed_loopback_address_is_vouched_for(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/a", PAGE)
    assert fetch(url).body == PAGE  # no origin: the user typed it
    assert fetch(url, origin=http_server.url("/page")).body == PAGE  # a loopback origin vouches loopback


def test_a_public_origin_vouches_for_no_private_address(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/a", PAGE)
    with pytest.raises(SourceError) as caught:
        fetch(url, origin=PUBLIC_ORIGIN, limits=LONG)
    assert caught.value.reason == "refused to connect to 127.0.0.1 (127.0.0.1, a loopback address)"
    assert http_server.hits_for("/a") == []


@pytest.mark.parametrize("origin", ["", "/home/someone/feed.xml", "-", "http://no-such-host.invalid/"])
def test_an_origin_that_is_no_findable_url_vouches_for_nothing(
    http_server: LocalHTTPServer, origin: str
) -> None:
    url = http_server.add("/a", PAGE)
    with pytest.raises(SourceError, match="a loopback address"):
        fetch(url, origin=origin, limits=LONG)
    assert http_server.hits_for("/a") == []


@pytest.mark.parametrize(("target", "address", "kind"), TARGETS)
def test_a_loopback_origin_does_not_vouch_for_the_lan(target: str, address: str, kind: str) -> None:
    with pytest.raises(SourceError) as caught:
        fetch(target, origin="http://127.0.0.1:9/", limits=LONG)
    assert caught.value.reason == f"refused to connect to {address} ({address}, a {kind} address)"


@pytest.mark.parametrize(("target", "address", "kind"), TARGETS)
def test_a_feed_link_found_on_a_page_gets_the_pages_vouching(
    http_server: LocalHTTPServer, target: str, address: str, kind: str
) -> None:
    # The user typed a loopback page; the page names a private or link-local feed: refused, not connected.
    url = http_server.add("/site/", _feed_page(target))
    with pytest.raises(SourceError) as caught:
        fetch_feed(url, limits=LONG)
    assert caught.value.source == url
    said = f"its feed link {target}: refused to connect to {address} ({address}, a {kind} address)"
    assert caught.value.reason == said


def test_a_feed_link_on_a_page_read_from_a_file_reaches_no_local_server(
    tmp_path: Path, http_server: LocalHTTPServer
) -> None:
    http_server.add("/feed.xml", _rss("https://gazette.example/story"), content_type="application/rss+xml")
    page = tmp_path / "site.html"
    page.write_text(_feed_page(http_server.url("/feed.xml")))
    with pytest.raises(SourceError, match="a loopback address"):
        fetch_feed(str(page), limits=LONG)
    assert http_server.hits_for("/feed.xml") == []


def test_a_feed_link_on_a_loopback_page_to_loopback_is_followed(http_server: LocalHTTPServer) -> None:
    http_server.add("/feed.xml", _rss("https://gazette.example/story"), content_type="application/rss+xml")
    url = http_server.add("/site/", _feed_page("/feed.xml"))
    assert fetch_feed(url, limits=LONG).title == "Gazette"


@pytest.mark.parametrize(("target", "address", "kind"), TARGETS)
def test_an_item_link_is_loaded_with_its_feed_as_origin(
    http_server: LocalHTTPServer, target: str, address: str, kind: str
) -> None:
    with pytest.raises(SourceError) as caught:
        load(target, origin=http_server.url("/feed.xml"), limits=LONG)
    assert caught.value.reason == f"refused to connect to {address} ({address}, a {kind} address)"


def test_the_reader_helper_passes_the_origin_on(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/story", PAGE)
    with pytest.raises(LoadFailed, match=r"a loopback address"):
        Prefetch(url, origin=PUBLIC_ORIGIN).result()
    assert http_server.hits_for("/story") == []
    assert Prefetch(url, origin=http_server.url("/feed.xml")).result().title == "T"


async def test_the_feeds_screen_opens_an_item_with_its_feed_as_origin(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    sub = library.add_feed("https://gazette.example/rss", "Gazette", None)
    item = {"id": "1", "title": "Story", "link": "http://10.0.0.1/story", "published": None, "summary": ""}
    library.set_feed_items(sub.id, [{**item, "author": None}])
    app = Host(FeedsScreen(library))
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.screen.query_one("#feeds-items", OptionList).option_count == 1)
        await pilot.press("enter", "enter")
        await until(pilot, lambda: bool(app.sources))
    assert app.sources == ["http://10.0.0.1/story"]
    assert app.origins == ["https://gazette.example/rss"]


async def test_the_app_opens_a_source_from_a_feed_with_the_feeds_vouching(
    tmp_path: Path, http_server: LocalHTTPServer
) -> None:
    from tui.app import BylineApp
    from tui.messages import OpenSource
    from tui.screens.library import LibraryScreen
    from tui.screens.reader import ReaderScreen
    from tui.widgets.source_views import ErrorView

    url = http_server.add("/story", PAGE)
    app = BylineApp(data_dir=str(tmp_path / "data"), load_user_files=False)
    async with app.run_test(size=(100, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        app.post_message(OpenSource(url, origin=PUBLIC_ORIGIN))
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(app.screen.query(ErrorView)))
        assert "a loopback address" in app.screen.query_one(ErrorView).message
    assert http_server.hits_for("/story") == []
