"""news.feeds: RSS and Atom files parsed, feeds fetched from a real server on 127.0.0.1, found from pages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from news.errors import SourceError
from news.feeds import discover, fetch_feed, parse_feed
from news.fetch import FetchLimits

if TYPE_CHECKING:
    from conftest import LocalHTTPServer

FEEDS = Path(__file__).parent / "data" / "feeds"
FAST = FetchLimits(deadline=3)
CONTROL = {chr(n) for n in [*range(0, 9), *range(11, 32), 127]} | {"\u202e"}


def failure(source: str) -> str:
    with pytest.raises(SourceError) as caught:
        fetch_feed(source, limits=FAST)
    line = str(caught.value)
    assert "\n" not in line and line.startswith(source)
    return caught.value.reason


def test_rss2_file() -> None:
    feed = fetch_feed(str(FEEDS / "rss2.xml"))
    assert feed.title == "The Harbour Gazette"
    assert feed.site_url == "https://gazette.example/"
    assert feed.url == str((FEEDS / "rss2.xml").resolve())
    assert [item.title for item in feed.entries] == [
        "Ferry timetable changes for winter",
        "Lighthouse reopens to visitors",
        "An item with no link at all",
    ]
    first, second, linkless = feed.entries
    # An item with no address of its own is kept, linked to the feed's site and marked so.
    assert (linkless.link, linkless.site_link, linkless.id) == (
        "https://gazette.example/",
        True,
        "gazette-nolink",
    )
    assert not first.site_link and not second.site_link
    assert first.link == "https://gazette.example/2024/ferry-timetable"
    assert first.id == "gazette-1001"
    assert first.published == "2024-03-05T08:30:00Z"  # +0100 converted to UTC
    assert first.author == "Ada Lovelace"
    assert first.summary == "The ferry will run twice a day.\n\nTickets are unchanged."
    assert second.author is None
    assert second.summary == "After two years of repairs the lighthouse opens its doors on Saturday."


def test_atom_file_resolves_relative_links_and_strips_html() -> None:
    feed = fetch_feed(str(FEEDS / "atom.xml"))
    assert (feed.title, feed.site_url) == ("Valley Chronicle", "https://valley.example/")
    bridge, market = feed.entries
    assert bridge.title == "Bridge vote delayed"
    assert bridge.link == "https://valley.example/news/bridge-vote"
    assert bridge.published == "2024-06-01T12:00:00Z"
    assert bridge.author == "Grace Hopper"
    assert bridge.summary == "The council postponed the vote."  # the script is gone, not shown as text
    assert market.summary == "Stalls open at seven.\n\nParking is free."
    assert market.published == "2024-05-30T07:00:00Z"  # no <published>: the update time


def test_hostile_strings_keep_their_text_but_lose_control_characters() -> None:
    feed = fetch_feed(str(FEEDS / "hostile.xml"))
    assert feed.title.startswith("[b]x[/b] News")
    item, script = feed.entries
    # A javascript: link is never one to open: the item links to the feed's site instead.
    assert (script.link, script.site_link) == ("https://hostile.example/", True)
    assert item.title.startswith("[b]x[/b] [@click=app.quit]quit[/]")
    assert item.author == "[red]Mallory[/red]"
    for text in (feed.title, item.title, item.summary, item.author or "", item.id):
        assert not CONTROL & set(text), repr(text)


def test_not_a_feed_is_one_line() -> None:
    assert failure(str(FEEDS / "not-a-feed.xml")) == "not a feed (no RSS or Atom in it)"
    assert failure(str(FEEDS / "missing.xml")).startswith("no such file")


def test_feed_over_http_with_a_feed_type(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/rss", (FEEDS / "rss2.xml").read_bytes(), content_type="application/rss+xml")
    feed = fetch_feed(url, limits=FAST)
    assert feed.url == url
    assert len(feed.entries) == 3
    accept = http_server.hits_for("/rss")[0].headers["accept"]
    assert accept.startswith("application/rss+xml")


@pytest.mark.parametrize("media", ["application/atom+xml", "application/xml", "text/xml; charset=utf-8"])
def test_every_feed_type_is_taken(http_server: LocalHTTPServer, media: str) -> None:
    url = http_server.add("/atom", (FEEDS / "atom.xml").read_bytes(), content_type=media)
    assert fetch_feed(url, limits=FAST).title == "Valley Chronicle"


def test_a_page_leads_to_its_feed(http_server: LocalHTTPServer) -> None:
    atom = (FEEDS / "atom.xml").read_bytes()
    http_server.add("/site/feeds/main.xml", atom, content_type="application/atom+xml")
    page = (
        "<!doctype html><html><head><title>Valley</title>"
        '<link rel="stylesheet" href="/style.css">'
        '<link rel="alternate" type="application/atom+xml" title="All news" href="feeds/main.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/other.rss">'
        "</head><body><p>Welcome</p></body></html>"
    )
    url = http_server.add("/site/", page)
    feed = fetch_feed(url, limits=FAST)
    assert feed.url == http_server.url("/site/feeds/main.xml")
    assert feed.title == "Valley Chronicle"
    assert discover(page.encode(), url) == [
        http_server.url("/site/feeds/main.xml"),
        http_server.url("/other.rss"),
    ]


def test_a_page_without_a_feed_says_so(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/plain", "<html><head><title>x</title></head><body>No feed.</body></html>")
    assert failure(url) == "not a feed (a web page that links to no RSS or Atom feed)"


def test_a_feed_link_to_another_page_is_not_followed_further(http_server: LocalHTTPServer) -> None:
    loop = '<html><head><link rel="alternate" type="application/rss+xml" href="/loop"></head></html>'
    url = http_server.add("/loop", loop)
    assert failure(url).startswith("not a feed (its feed link")
    assert len(http_server.hits_for("/loop")) == 2


def test_other_content_is_refused_before_reading(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/img", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    assert failure(url) == "not a feed (image/png)"


def test_http_error_is_one_line(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/gone", b"", status=404)
    assert failure(url) == "HTTP 404 Not Found"


def test_parse_feed_never_opens_a_file_named_by_the_bytes() -> None:
    # feedparser given raw bytes would open a file of that name: the bytes must only ever be data.
    with pytest.raises(SourceError):
        parse_feed(str(FEEDS / "rss2.xml").encode(), "https://x.example/feed")


def test_feeds_load_neither_textual_nor_tinydb() -> None:
    probe = (
        "import json, sys\n"
        "from news.feeds import fetch_feed\n"
        f"feed = fetch_feed({str(FEEDS / 'rss2.xml')!r})\n"
        "print(json.dumps([feed.title, [m for m in ('textual', 'tinydb', 'rich') if m in sys.modules]]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == ["The Harbour Gazette", []]


def test_entities_are_neither_expanded_nor_read_from_disk() -> None:
    # A "billion laughs" title and an external entity naming a local file: both stay inert text.
    feed = fetch_feed(str(FEEDS / "entities.xml"))
    assert len(feed.title) < 100
    [item] = feed.entries
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert not hostname or hostname not in item.title
