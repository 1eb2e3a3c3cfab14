"""Feeds refresh against a real server on 127.0.0.1: conditional GETs, Retry-After, backoff, bad feeds."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from news.errors import SourceError
from news.feeds import fetch_feed, parse_feed
from news.fetch import FetchLimits, FetchSession, fetch
from storage import Library
from storage.refresh import BACKOFF_BASE, refresh_feeds

if TYPE_CHECKING:
    from conftest import LocalHTTPServer

FAST = FetchLimits(deadline=5)


def rss(items: list[tuple[str, str, str]], title: str = "Test Feed") -> bytes:
    """An RSS 2.0 feed of (guid, link, pubDate) items."""
    body = "".join(
        f"<item><title>Story {n}</title><link>{link}</link><guid>{guid}</guid>"
        f"<pubDate>{date}</pubDate></item>"
        for n, (guid, link, date) in enumerate(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://site.example/</link>{body}</channel></rss>"
    ).encode()


def story(n: int) -> tuple[str, str, str]:
    return (
        f"https://site.example/{n}",
        f"https://site.example/{n}",
        f"Mon, 0{n % 9 + 1} Jan 2024 10:00:00 GMT",
    )


def byline(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CONFIG_HOME": str(data.parent / "config")}
    return subprocess.run(
        [sys.executable, "-m", "byline", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def listing(data: Path) -> list[dict[str, Any]]:
    done = byline(data, "feeds", "--format", "json", "--items", "0")
    assert done.returncode == 0, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def conditional(http_server: LocalHTTPServer, path: str, body: bytes, header: str, value: str) -> str:
    """Serve ``body`` with validator ``header: value``; answer 304 when the request sends it back."""
    asked = {"ETag": "if-none-match", "Last-Modified": "if-modified-since"}[header]

    def respond(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get(asked) == value:
            request.send_response(304)
            request.send_header(header, value)
            request.end_headers()
            return
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header(header, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return http_server.handle(path, respond)


@pytest.mark.parametrize(
    ("header", "value"), [("ETag", '"v1"'), ("Last-Modified", "Tue, 05 Mar 2024 09:30:00 GMT")]
)
def test_a_second_refresh_is_conditional_and_a_304_keeps_the_items(
    tmp_path: Path, http_server: LocalHTTPServer, header: str, value: str
) -> None:
    data = tmp_path / "data"
    url = conditional(http_server, "/feed", rss([story(1), story(2)]), header, value)
    assert byline(data, "feeds", "add", url).returncode == 0
    done = byline(data, "feeds", "refresh")
    assert done.returncode == 0, done.stderr
    [feed] = listing(data)
    assert done.stdout == f"{feed['id']}\tTest Feed\tunchanged\n"
    first, second = http_server.hits_for("/feed")
    assert "if-none-match" not in first.headers and "if-modified-since" not in first.headers
    sent = "if-none-match" if header == "ETag" else "if-modified-since"
    assert second.headers[sent] == value
    assert feed["item_count"] == 2 and feed["refreshed_at"]


def test_new_items_are_counted(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    data = tmp_path / "data"
    url = http_server.add("/feed", rss([story(1), story(2)]), content_type="application/rss+xml")
    assert byline(data, "feeds", "add", url).returncode == 0
    http_server.add("/feed", rss([story(3), story(1), story(2)]), content_type="application/rss+xml")
    done = byline(data, "feeds", "refresh")
    [feed] = listing(data)
    assert done.stdout == f"{feed['id']}\tTest Feed\t3 items, 1 new\n"


def test_a_304_to_a_request_without_validators_is_refused(
    tmp_path: Path, http_server: LocalHTTPServer
) -> None:
    url = http_server.add("/feed", b"", status=304, content_type=None)
    done = byline(tmp_path / "data", "feeds", "add", url)
    assert done.returncode == 1
    assert done.stderr == f"byline: {url}: answered 304 Not Modified to a request that was not conditional\n"


def test_retry_after_is_honoured_until_the_feed_is_named(
    tmp_path: Path, http_server: LocalHTTPServer
) -> None:
    data = tmp_path / "data"
    url = http_server.add("/feed", rss([story(1)]), content_type="application/rss+xml")
    assert byline(data, "feeds", "add", url).returncode == 0
    http_server.add("/feed", b"", status=429, headers={"Retry-After": "3600"})
    done = byline(data, "feeds", "refresh")
    assert done.returncode == 1
    assert done.stderr == f"byline: {url}: HTTP 429 Too Many Requests\n"
    [feed] = listing(data)
    retry = datetime.strptime(feed["retry_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert timedelta(minutes=59) < retry - datetime.now(UTC) <= timedelta(hours=1)
    hits = len(http_server.hits_for("/feed"))
    assert byline(data, "feeds", "refresh").returncode == 0  # not fetched: the server asked us to wait
    assert len(http_server.hits_for("/feed")) == hits
    http_server.add("/feed", rss([story(1)]), content_type="application/rss+xml")
    assert byline(data, "feeds", "refresh", feed["id"]).returncode == 0  # named: fetched all the same
    assert len(http_server.hits_for("/feed")) == hits + 1
    assert listing(data)[0]["retry_at"] is None


def test_a_feed_that_keeps_failing_backs_off(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    library = Library(tmp_path / "data")
    url = http_server.add("/feed", b"", status=500)
    library.feed_shelf.add_many([(url, "Down", ())])
    clock = [datetime(2026, 12, 3, 12, 0, tzinfo=UTC)]

    def refresh() -> str | None:
        [result] = refresh_feeds(library.feed_shelf, library.feeds(), now=lambda: clock[0], limits=FAST)
        return result.skipped

    assert refresh() is None and library.feeds()[0].retry_at is None  # one failure: no wait yet
    assert refresh() is None  # the second in a row: wait BACKOFF_BASE
    assert library.feeds()[0].failures == 2
    clock[0] += BACKOFF_BASE - timedelta(minutes=1)
    assert refresh() is not None
    assert len(http_server.hits_for("/feed")) == 2
    clock[0] += timedelta(minutes=2)
    assert refresh() is None  # due again; the third failure doubles the wait
    assert library.feeds()[0].retry_at == (clock[0] + 2 * BACKOFF_BASE).strftime("%Y-%m-%dT%H:%M:%SZ")
    http_server.add("/feed", rss([story(1)]), content_type="application/rss+xml")
    clock[0] += 2 * BACKOFF_BASE
    assert refresh() is None
    fine = library.feeds()[0]
    assert (fine.failures, fine.retry_at, fine.error, fine.item_count) == (0, None, None, 1)


def test_a_truncated_feed_is_refused_and_a_refresh_keeps_the_old_items(
    tmp_path: Path, http_server: LocalHTTPServer
) -> None:
    data = tmp_path / "data"
    whole = rss([story(1), story(2)])
    cut = whole[: whole.index(b"</item>") + 20]
    bad = http_server.add("/cut", cut, content_type="application/rss+xml")
    done = byline(data, "feeds", "add", bad)
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith(f"byline: {bad}: not a well-formed feed (line 1: ")
    assert line.endswith("(cut off?))")
    assert listing(data) == []

    url = http_server.add("/feed", whole, content_type="application/rss+xml")
    assert byline(data, "feeds", "add", url).returncode == 0
    http_server.add("/feed", cut, content_type="application/rss+xml")
    assert byline(data, "feeds", "refresh").returncode == 1
    [feed] = listing(data)
    assert feed["item_count"] == 2
    assert feed["error"].startswith(f"{url}: not a well-formed feed")


def test_items_sharing_one_guid_are_all_kept(http_server: LocalHTTPServer) -> None:
    same = [("same-guid", f"https://site.example/{n}", "Mon, 01 Jan 2024 10:00:00 GMT") for n in range(5)]
    feed = parse_feed(rss(same), "https://site.example/feed")
    assert len({item.id for item in feed.entries}) == 5
    assert {item.link for item in feed.entries} == {f"https://site.example/{n}" for n in range(5)}


def test_ten_thousand_items_are_kept_to_the_newest_n(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    many = [
        (
            f"g{n}",
            f"https://site.example/{n}",
            f"{datetime(2020, 1, 1, tzinfo=UTC) + timedelta(hours=n):%a, %d %b %Y %H:%M:%S GMT}",
        )
        for n in range(10_000)
    ]
    url = http_server.add("/big", rss(many), content_type="application/rss+xml")
    library = Library(tmp_path / "data")
    library.feed_shelf.add_many([(url, "Big", ())])
    [result] = refresh_feeds(library.feed_shelf, library.feeds(), keep=50)
    assert (result.error, result.items, result.new) == (None, 50, 50)
    items = library.feed_items(library.feeds()[0].id)
    assert [item.link for item in items] == [f"https://site.example/{n}" for n in range(9_999, 9_949, -1)]


def test_loose_dates_are_read_and_never_put_in_the_future() -> None:
    now = datetime.now(UTC)
    dated = [
        ("a", "https://site.example/a", "Nov 12, 2024"),
        ("b", "https://site.example/b", "12 November 2024 10:30"),
        ("c", "https://site.example/c", f"Jan 5, {now.year + 3}"),  # stated, but years ahead: not believed
        ("d", "https://site.example/d", "not a date at all"),
    ]
    feed = parse_feed(rss(dated), "https://site.example/feed")
    published = {item.link.rsplit("/", 1)[-1]: item.published for item in feed.entries}
    assert published == {"a": "2024-11-12T00:00:00Z", "b": "2024-11-12T10:30:00Z", "c": None, "d": None}
    # No year: the latest year that is not in the future.
    tomorrow_week = now + timedelta(days=7)
    yearless = parse_feed(
        rss([("e", "https://site.example/e", f"{tomorrow_week:%b} {tomorrow_week.day}")]), "u"
    )
    [item] = yearless.entries
    assert item.published is not None and item.published.startswith(str(tomorrow_week.year - 1))


def test_remove_takes_every_form_add_took(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    data = tmp_path / "data"
    page = '<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head></html>'
    site = http_server.add("/site/", page)
    http_server.add("/feed", rss([story(1)]), content_type="application/rss+xml")
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "local.xml").write_bytes(rss([story(2)], title="Local"))
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "byline", *args, "--data-dir", str(data)]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=folder, check=False)

    assert run("feeds", "add", site, "local.xml").returncode == 0
    assert len(listing(data)) == 2
    done = run("feeds", "remove", site, "./local.xml")
    assert done.returncode == 0, done.stderr
    assert [line.split("\t")[1] for line in done.stdout.splitlines()] == ["Test Feed", "Local"]
    assert listing(data) == []


def test_a_pooled_connection_is_never_lent_to_a_fetch_that_vouches_for_less(
    http_server: LocalHTTPServer,
) -> None:
    url = http_server.add("/page", "<html><body><p>Local page.</p></body></html>")
    with FetchSession() as session:
        assert fetch(url, limits=FAST, session=session).body.startswith(b"<html>")
        # The same host, named by a public page: this machine is no longer vouched for.
        with pytest.raises(SourceError) as refused:
            fetch(url, limits=FAST, session=session, origin="https://public.invalid/")
        assert "refused to connect to 127.0.0.1" in refused.value.reason
    assert len(http_server.hits_for("/page")) == 1


def test_a_session_fetch_keeps_the_feed_behaviour(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/feed", rss([story(1)]), content_type="application/rss+xml")
    with FetchSession() as session:
        feeds = [fetch_feed(url, limits=FAST, session=session) for _ in range(3)]
    assert [len(feed.entries) for feed in feeds] == [1, 1, 1]


def test_refresh_on_a_terminal_draws_a_bar(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    data = tmp_path / "data"
    good = http_server.add("/feed", rss([story(1)]), content_type="application/rss+xml")
    assert byline(data, "feeds", "add", good).returncode == 0
    http_server.add("/gone", rss([story(2)]), content_type="application/rss+xml")
    assert byline(data, "feeds", "add", http_server.url("/gone")).returncode == 0
    http_server.add("/gone", b"", status=404)
    controller, terminal = pty.openpty()
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    command = [sys.executable, "-m", "byline", "feeds", "refresh", "--data-dir", str(data)]
    child = subprocess.Popen(command, stdout=terminal, stderr=subprocess.PIPE, env=env, text=True)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    _, stderr = child.communicate(timeout=60)
    os.close(controller)
    assert child.returncode == 1
    assert stderr == f"byline: {http_server.url('/gone')}: HTTP 404 Not Found\n"
    text = shown.decode()
    assert "2/2 feeds" in text and "█" in text
    assert text.rstrip().endswith("2 feeds refreshed, 0 new items, 1 failed")
