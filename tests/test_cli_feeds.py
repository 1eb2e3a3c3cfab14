"""byline feeds, feeds add / refresh / remove as CONTRACT.md describes them, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from news.model import Article
from storage import Library

if TYPE_CHECKING:
    from conftest import LocalHTTPServer

FEEDS = Path(__file__).parent / "data" / "feeds"
RSS = (FEEDS / "rss2.xml").read_bytes()
ATOM = (FEEDS / "atom.xml").read_bytes()


def byline(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BYLINE_HOME": str(data_dir.parent / "not-this-one")}
    return subprocess.run(
        [sys.executable, "-m", "byline", *args, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


def listing(data_dir: Path, *args: str) -> list[dict[str, Any]]:
    done = byline(data_dir, "feeds", "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    data: list[dict[str, Any]] = json.loads(done.stdout)
    return data


def test_add_list_refresh_remove(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    data = tmp_path / "data"
    rss = http_server.add("/rss", RSS, content_type="application/rss+xml; charset=utf-8")
    page = '<html><head><link rel="alternate" type="application/atom+xml" href="/atom"></head></html>'
    site = http_server.add("/valley/", page)
    http_server.add("/atom", ATOM, content_type="application/atom+xml")
    missing = http_server.url("/missing")

    added = byline(data, "feeds", "add", rss, site, missing)
    assert added.returncode == 1
    assert added.stdout.splitlines() == [f"{rss}\tThe Harbour Gazette", f"{site}\tValley Chronicle"]
    assert added.stderr.splitlines() == [f"byline: {missing}: HTTP 404 Not Found"]
    assert not (tmp_path / "not-this-one").exists()

    feeds = listing(data)
    assert [feed["title"] for feed in feeds] == ["The Harbour Gazette", "Valley Chronicle"]
    gazette, valley = feeds
    assert valley["url"] == http_server.url("/atom")  # the feed the page linked to, not the page
    assert (gazette["item_count"], gazette["unread"]) == (3, 3)  # the linkless item is kept too
    assert gazette["items"][0]["link"] == "https://gazette.example/2024/ferry-timetable"
    assert gazette["items"][0]["saved"] is False
    assert len(listing(data, "--items", "1")[0]["items"]) == 1

    # Adding again is the same feed.
    again = byline(data, "feeds", "add", rss)
    assert (again.returncode, again.stdout) == (0, f"{rss}\tThe Harbour Gazette\n")
    assert len(listing(data)) == 2

    text = byline(data, "feeds")
    assert text.returncode == 0
    assert f"{gazette['id']}  The Harbour Gazette  ({rss})" in text.stdout
    assert "● 2024-03-05  Ferry timetable changes for winter" in text.stdout

    # The gazette's feed now fails: refresh says so on one line, keeps the other, exits 1.
    http_server.add("/rss", b"", status=500)
    before = len(http_server.hits_for("/atom"))
    refreshed = byline(data, "feeds", "refresh")
    assert refreshed.returncode == 1
    assert refreshed.stderr.splitlines() == [f"byline: {rss}: HTTP 500 Internal Server Error"]
    assert refreshed.stdout.splitlines() == [f"{valley['id']}\tValley Chronicle\t2 items, 0 new"]
    assert len(http_server.hits_for("/atom")) == before + 1
    kept = listing(data)[0]
    assert kept["item_count"] == 3  # a failed refresh keeps what was there, and says why on the row
    assert kept["error"] == f"{rss}: HTTP 500 Internal Server Error"
    assert "! last fetch failed: " in byline(data, "feeds").stdout

    removed = byline(data, "feeds", "remove", gazette["id"], "nonesuch")
    assert removed.returncode == 1
    assert removed.stdout == f"{gazette['id']}\tThe Harbour Gazette\n"
    assert removed.stderr == "byline: nonesuch: no such feed (byline feeds lists them)\n"
    assert [feed["id"] for feed in listing(data)] == [valley["id"]]


def test_refresh_of_a_local_feed_file_and_the_saved_mark(tmp_path: Path) -> None:
    data = tmp_path / "data"
    feed = tmp_path / "news.xml"
    feed.write_bytes(RSS)
    assert byline(data, "feeds", "add", str(feed)).returncode == 0
    feed.write_bytes(RSS.replace(b"Lighthouse reopens", b"Lighthouse reopened"))
    Library(data).save_article(Article(source="https://gazette.example/2024/lighthouse", title="Lighthouse"))
    done = byline(data, "feeds", "refresh")
    assert done.returncode == 0, done.stderr
    [entry] = listing(data)
    assert entry["url"] == str(feed.resolve())
    assert [item["title"] for item in entry["items"]] == [
        "Ferry timetable changes for winter",
        "Lighthouse reopened to visitors",
        "An item with no link at all",
    ]
    assert [item["saved"] for item in entry["items"]] == [False, True, False]
    assert entry["unread"] == 2


def test_no_feeds_is_said_on_stderr(tmp_path: Path) -> None:
    done = byline(tmp_path / "data", "feeds")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == "byline: no feeds yet (byline feeds add URL subscribes to one)\n"
    assert byline(tmp_path / "data", "feeds", "--format", "json").stdout == "[]\n"
    assert byline(tmp_path / "data", "feeds", "remove").returncode == 2  # usage error
