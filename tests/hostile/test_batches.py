"""Kind 2: one feed (or page) that breaks a parser gives that source's one line; the others go on.

The trial's input: a bad character reference in an item title (``&#xFFFFFFF;``) escaped as a 40-line
traceback from ``feeds add`` and ``feeds refresh``, and the refresh kept no feed at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from byline.cli import main
from news.errors import SourceError
from news.feeds import fetch_feed, parse_feed

if TYPE_CHECKING:
    from conftest import LocalHTTPServer

BAD_REFS = ["&#xFFFFFFF;", "&#xD800;", "&#99999999999999999999999;", "&#x" + "f" * 5000 + ";"]


def rss(title: str, item: str) -> bytes:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{item}</title><link>https://news.example/{len(item)}</link>"
        f"<description>Said {item} today.</description></item></channel></rss>"
    ).encode()


def byline(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "byline", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "BYLINE_HOME": str(data)},
        check=False,
    )


@pytest.mark.parametrize("ref", BAD_REFS)
def test_a_reference_to_no_character_reads_as_a_replacement_character(ref: str) -> None:
    feed = parse_feed(rss("Refs", f"Big {ref} news"), "https://news.example/rss")
    [item] = feed.entries
    assert item.title == "Big \ufffd news"
    assert item.summary == "Said Big \ufffd news today."


def test_feeds_add_and_refresh_keep_every_feed(tmp_path: Path, http_server: LocalHTTPServer) -> None:
    data = tmp_path / "data"
    good = http_server.add("/good", rss("Good", "Fine"), content_type="application/rss+xml")
    bad = http_server.add("/bad", rss("Bad", "Big &#xFFFFFFF; ref"), content_type="application/rss+xml")
    added = byline(data, "feeds", "add", bad, good)
    assert (added.returncode, added.stderr) == (0, "")
    assert added.stdout.splitlines() == [f"{bad}\tBad", f"{good}\tGood"]
    refreshed = byline(data, "feeds", "refresh")
    assert (refreshed.returncode, refreshed.stderr) == (0, "")
    assert len(refreshed.stdout.splitlines()) == 2
    listed = json.loads(byline(data, "feeds", "--format", "json").stdout)
    assert sorted(feed["items"][0]["title"] for feed in listed) == ["Big \ufffd ref", "Fine"]


def test_any_parser_exception_is_that_feeds_one_line(
    tmp_path: Path, http_server: LocalHTTPServer, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    import feedparser

    real = feedparser.parse

    def breaks_on_one(stream: Any, **options: Any) -> Any:
        body = stream.read()
        if b"Broken" in body:
            raise RuntimeError("the parser broke\non two lines")
        stream.seek(0)
        return real(stream, **options)

    monkeypatch.setattr(feedparser, "parse", breaks_on_one)
    good = http_server.add("/good", rss("Good", "Fine"), content_type="application/rss+xml")
    broken = http_server.add("/broken", rss("Broken", "Story"), content_type="application/rss+xml")
    with pytest.raises(SourceError) as caught:
        fetch_feed(broken)
    assert (
        str(caught.value)
        == f"{broken}: byline failed on this feed (RuntimeError: the parser broke on two lines)"
    )

    data = str(tmp_path / "data")
    assert main(["feeds", "add", good, broken, "--data-dir", data]) == 1
    out, err = capsys.readouterr()
    assert out == f"{good}\tGood\n"
    assert err == f"byline: {caught.value}\n"
