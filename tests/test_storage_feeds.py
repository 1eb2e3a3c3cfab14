"""Feed subscriptions and their items in the library: round trip, idempotent add, remove, damage, limits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from news.model import Article, Block
from storage import Library, NotInLibrary
from storage.feeds import MAX_ITEMS

URL = "https://gazette.example/feed.xml"


def item(n: int, *, published: str | None = None) -> dict[str, Any]:
    return {
        "id": f"item-{n}",
        "title": f"Story {n}",
        "link": f"https://gazette.example/story/{n}",
        "published": published,
        "summary": f"Summary {n}.",
        "author": None,
    }


def article(link: str, canonical: str | None = None) -> Article:
    return Article(source=link, url=canonical or link, title="Saved", blocks=[Block("paragraph", "Body.")])


def test_round_trip_through_a_new_process(tmp_path: Path) -> None:
    library = Library(tmp_path)
    sub = library.add_feed(URL, "The Gazette", "https://gazette.example/")
    assert len(sub.id) == 12 and sub.refreshed_at is None and sub.added_at
    library.set_feed_items(sub.id, [item(1, published="2024-03-01T00:00:00Z"), item(2)])

    again = Library(tmp_path)
    [listed] = again.feeds()
    assert (listed.id, listed.url, listed.title, listed.site_url) == (
        sub.id,
        URL,
        "The Gazette",
        "https://gazette.example/",
    )
    assert listed.added_at == sub.added_at and listed.refreshed_at is not None
    assert (listed.item_count, listed.unread) == (2, 2)
    items = again.feed_items(sub.id)
    assert [i.title for i in items] == ["Story 1", "Story 2"]
    assert items[0].to_dict() == {
        **item(1, published="2024-03-01T00:00:00Z"),
        "saved": False,
        "read": False,
        "article_id": None,
        "site_link": False,
        "marked_read": False,
        "feed_id": sub.id,
        "prefetched": False,
        "unread": True,
    }
    assert again.warnings == []


def test_adding_twice_is_one_feed_keeping_its_date_and_items(tmp_path: Path) -> None:
    library = Library(tmp_path)
    first = library.add_feed(URL, "Old title", None)
    library.set_feed_items(first.id, [item(1)])
    second = library.add_feed(URL, "New title", "https://gazette.example/")
    assert second.id == first.id and second.added_at == first.added_at
    [listed] = library.feeds()
    assert listed.title == "New title" and listed.item_count == 1


def test_remove_and_restore(tmp_path: Path) -> None:
    library = Library(tmp_path)
    keep = library.add_feed("https://b.example/rss", "B", None)
    gone = library.add_feed(URL, "A", None)
    library.set_feed_items(gone.id, [item(1), item(2)])
    removed = library.remove_feed(gone.id)
    assert removed.id == gone.id
    assert [sub.id for sub in library.feeds()] == [keep.id]
    assert library.feed_items(gone.id) == []
    assert not (tmp_path / "feeds" / f"{gone.id}.json").exists()
    with pytest.raises(NotInLibrary):
        library.remove_feed(gone.id)
    with pytest.raises(NotInLibrary):
        library.set_feed_items(gone.id, [item(3)])

    library.restore_feed(removed, [item(1), item(2)])
    assert [sub.title for sub in Library(tmp_path).feeds()] == ["A", "B"]
    assert [i.link for i in library.feed_items(gone.id)] == [item(1)["link"], item(2)["link"]]


def test_items_are_newest_first_deduplicated_and_capped(tmp_path: Path) -> None:
    library = Library(tmp_path)
    sub = library.add_feed(URL, "A", None)
    many = [item(n, published=f"2024-01-01T00:{n // 60:02d}:{n % 60:02d}Z") for n in range(MAX_ITEMS + 50)]
    library.set_feed_items(sub.id, [item(9999), *many, many[0], {"title": "no link"}])
    items = library.feed_items(sub.id)
    assert len(items) == MAX_ITEMS
    assert items[0].title == f"Story {MAX_ITEMS + 49}"  # the newest
    assert "Story 9999" not in {i.title for i in items}  # undated ones go after the dated
    assert len({i.link for i in items}) == MAX_ITEMS


def test_saved_and_read_come_from_the_library(tmp_path: Path) -> None:
    library = Library(tmp_path)
    sub = library.add_feed(URL, "A", None)
    library.set_feed_items(sub.id, [item(1), item(2), item(3)])
    # Opened from the feed: the source is the item's link, the canonical URL may differ.
    opened = library.save_article(article(item(1)["link"], "https://gazette.example/canonical/1"))
    library.save_article(article(item(2)["link"]))
    library.set_read(opened.id, True)
    states = {i.id: (i.saved, i.read, i.article_id) for i in library.feed_items(sub.id)}
    assert states["item-1"] == (True, True, opened.id)
    assert states["item-2"][:2] == (True, False)
    assert states["item-3"] == (False, False, None)
    assert library.feeds()[0].unread == 1


def test_damaged_feeds_file_is_moved_aside(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.add_feed(URL, "A", None)
    (tmp_path / "feeds.json").write_bytes(b'{"feeds": {"1": "x"')
    again = Library(tmp_path)
    assert again.feeds() == []
    [line] = again.warnings
    assert line.startswith("feeds.json was corrupt") and "\n" not in line
    [aside] = tmp_path.glob("feeds.json.corrupt-*")
    assert aside.read_bytes() == b'{"feeds": {"1": "x"'
    # Subscribing again works on a fresh file.
    again.add_feed(URL, "A", None)
    assert [sub.url for sub in Library(tmp_path).feeds()] == [URL]


def test_damaged_items_file_is_moved_aside(tmp_path: Path) -> None:
    library = Library(tmp_path)
    sub = library.add_feed(URL, "A", None)
    library.set_feed_items(sub.id, [item(1)])
    path = tmp_path / "feeds" / f"{sub.id}.json"
    path.write_text(json.dumps({"items": {"1": {"title": "no link"}}}))
    assert library.feed_items(sub.id) == []
    assert library.warnings[0].startswith(f"feeds/{sub.id}.json was corrupt")
    assert [sub.item_count for sub in library.feeds()] == [0]


def test_unknown_ids_are_harmless(tmp_path: Path) -> None:
    library = Library(tmp_path)
    assert library.feed_items("../../etc") == []
    assert library.get_feed("nothing") is None
    with pytest.raises(NotInLibrary):
        library.remove_feed("../library")
