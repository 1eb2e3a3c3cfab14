"""OPML import and export: newsboat-, FreshRSS- and Feedly-style lists survive a round trip through byline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from news.errors import SourceError
from news.opml import OpmlFeed, read_opml, write_opml

OPML = Path(__file__).parent / "data" / "opml"


def byline(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "byline", *args, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        env={**os.environ, "XDG_CONFIG_HOME": str(data.parent / "config")},
        check=False,
    )


def feeds_of(listed: list[OpmlFeed]) -> set[tuple[str, str, tuple[str, ...]]]:
    return {(feed.url, feed.title, feed.tags) for feed in listed}


EXPECTED = {
    "newsboat.opml": {
        ("https://lwn.net/headlines/rss", "LWN.net", ()),
        ("https://www.debian.org/News/news", "Debian News", ()),
    },
    "freshrss.opml": {
        ("https://news.ycombinator.com/rss", "Hacker News", ("Uncategorized",)),
        ("https://feeds.arstechnica.com/arstechnica/index", "Ars Technica", ("Science & Tech", "World")),
        ("https://www.quantamagazine.org/feed/", "Quanta", ("Science & Tech",)),
    },
    "feedly.opml": {
        ("https://alistapart.com/main/feed/", "A List Apart", ("Design",)),
        ("https://ilovetypography.com/feed/", "I Love Typography", ("Design/Type",)),
        ("https://markup.example/feed", "[b]Markup[/b] title", ()),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_style_reads_with_folders_and_duplicates_merged(name: str) -> None:
    listed = read_opml((OPML / name).read_bytes(), name)
    assert feeds_of(listed.feeds) == EXPECTED[name]
    assert len(listed.feeds) == len(EXPECTED[name])  # one entry per URL


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_import_export_import_keeps_every_feed_title_and_folder(tmp_path: Path, name: str) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    done = byline(first, "feeds", "import", str(OPML / name))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{len(EXPECTED[name])} feed")
    exported = byline(first, "feeds", "export")
    assert exported.returncode == 0
    assert exported.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert feeds_of(read_opml(exported.stdout.encode(), "export").feeds) == EXPECTED[name]
    again = byline(second, "feeds", "import", "-", stdin=exported.stdout)
    assert again.returncode == 0, again.stderr
    assert byline(second, "feeds", "export").stdout.split("<body>")[1] == exported.stdout.split("<body>")[1]


def test_import_says_what_it_did_and_merges_with_what_is_followed(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = byline(data, "feeds", "import", str(OPML / "freshrss.opml"))
    assert done.stdout == (
        "3 feeds added, 0 already followed, 3 folders, "
        "1 outlines skipped (not http(s) feeds) (byline feeds refresh fetches them)\n"
    )
    again = byline(data, "feeds", "import", str(OPML / "freshrss.opml"))
    assert again.stdout.startswith("0 feeds added, 3 already followed")
    listing = byline(data, "feeds")
    assert "Ars Technica" in listing.stdout and "[Science & Tech, World]" in listing.stdout


def test_not_an_opml_file_is_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "junk.opml"
    junk.write_text("<html><body>hello</body></html>")
    done = byline(tmp_path / "data", "feeds", "import", str(junk))
    assert done.returncode == 1
    assert done.stderr == f"byline: {junk}: not an OPML subscription list (no <opml> with feed outlines)\n"
    missing = byline(tmp_path / "data", "feeds", "import", str(tmp_path / "nope.opml"))
    assert (missing.returncode, missing.stderr) == (
        1,
        f"byline: {tmp_path / 'nope.opml'}: No such file or directory\n",
    )


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<opml version="2.0"><body><outline type="rss" text="&x;" xmlUrl="https://a.example/feed"/></body></opml>'
    )
    [feed] = read_opml(doc.encode(), "x.opml").feeds
    assert "SECRET" not in feed.title


def test_write_opml_nests_folders_and_escapes() -> None:
    text = write_opml(
        [OpmlFeed("https://a.example/feed?x=1&y=2", 'A "quoted" <title>', ("Top/Sub", "Other"))]
    )
    assert '<outline text="Top" title="Top">' in text
    assert 'xmlUrl="https://a.example/feed?x=1&amp;y=2"' in text
    assert 'category="/Top/Sub,/Other"' in text
    with pytest.raises(SourceError):
        read_opml(b"", "empty.opml")
