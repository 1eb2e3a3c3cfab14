"""storage on damaged and old files: damaged ones are moved aside, never overwritten; v1 libraries migrate."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from news.model import Article, Block
from storage import SCHEMA_VERSION, Library, LibraryError

V1 = Path(__file__).parent / "data" / "library-v1"

DAMAGE = {
    "empty": b"",
    "empty array": b"[]",
    "NUL bytes": b"\x00" * 64,
    "trailing garbage": b'{"articles": {}}garbage',
    "invalid JSON": b'{"articles": {"1": {"id": "ab',
    "table not an object": b'{"articles": [1, 2]}',
    "document not an object": b'{"articles": {"1": "x"}}',
}


def article(n: int) -> Article:
    return Article(
        source=f"https://news.example.org/{n}",
        url=f"https://news.example.org/{n}",
        title=f"Story {n}",
        blocks=[Block("paragraph", f"Body {n}.")],
    )


def asides(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.corrupt-*"))


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_corrupt_library_json_is_moved_aside(tmp_path: Path, damage: bytes) -> None:
    library = Library(tmp_path)
    library.set_setting("theme", "nord")
    entry = library.save_article(article(1))
    (tmp_path / "library.json").write_bytes(damage)

    again = Library(tmp_path)
    [aside] = asides(tmp_path)
    assert aside.read_bytes() == damage
    assert aside.name.startswith("library.json.corrupt-2")
    assert len(again.warnings) == 1
    line = again.warnings[0]
    assert "\n" not in line and line.startswith("library.json was corrupt") and str(aside) in line
    assert line.endswith("starting fresh")
    # Fresh settings, and the articles (in their own files) are untouched.
    assert again.get_setting("theme") is None
    assert [e.id for e in again.articles()] == [entry.id]
    assert json.loads((tmp_path / "library.json").read_text())["meta"]["1"]["schema"] == SCHEMA_VERSION
    assert Library(tmp_path).warnings == []


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_corrupt_index_shard_is_moved_aside(tmp_path: Path, damage: bytes) -> None:
    library = Library(tmp_path)
    entries = [library.save_article(article(n)) for n in range(40)]
    victim = entries[0]
    lost = {e.id for e in entries if e.id[:2] == victim.id[:2]}
    shard = tmp_path / "index" / f"{victim.id[:2]}.json"
    shard.write_bytes(damage)

    again = Library(tmp_path)
    listed = {e.id for e in again.articles()}
    # The shard's articles are listed again from their bodies (what only the entry held is lost).
    assert listed == {e.id for e in entries}
    assert all(e.progress == 0 for e in again.articles() if e.id in lost)
    [aside] = asides(tmp_path)
    assert aside.read_bytes() == damage and aside.parent == shard.parent
    line, rebuilt = again.warnings
    assert line.startswith(f"index/{victim.id[:2]}.json was corrupt") and str(aside) in line
    assert rebuilt.startswith(f"index/{victim.id[:2]}.json: {len(lost)} article")
    # The library goes on: saving the same article again finds its rebuilt entry.
    again.save_article(article(0))
    assert {e.id for e in again.articles()} == listed
    assert again.warnings == [line, rebuilt]


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_corrupt_bookmarks_shard_is_moved_aside(tmp_path: Path, damage: bytes) -> None:
    library = Library(tmp_path)
    entry = library.save_article(article(1))
    mark = library.add_bookmark(entry.id, text="kept", kind="quote", speaker=None, section=None, block=0)
    (tmp_path / "bookmarks" / f"{mark.id[0]}.json").write_bytes(damage)

    again = Library(tmp_path)
    assert again.bookmarks() == []
    [line] = again.warnings
    assert line.startswith(f"bookmarks/{mark.id[0]}.json was corrupt")
    new = again.add_bookmark(entry.id, text="new", kind="passage", speaker=None, section=None, block=0)
    assert again.bookmarks() == [new]


def test_document_without_an_id_is_corruption(tmp_path: Path) -> None:
    library = Library(tmp_path)
    entry = library.save_article(article(1))
    shard = tmp_path / "index" / f"{entry.id[:2]}.json"
    shard.write_text('{"articles": {"1": {"title": "no id"}}}')
    assert [found.id for found in Library(tmp_path).articles()] == [entry.id]  # rebuilt from its body
    assert len(asides(tmp_path)) == 1


def test_a_second_corruption_never_overwrites_the_first(tmp_path: Path) -> None:
    Library(tmp_path)
    (tmp_path / "library.json").write_bytes(b"first")
    Library(tmp_path)
    (tmp_path / "library.json").write_bytes(b"second")
    Library(tmp_path)
    assert sorted(p.read_bytes() for p in asides(tmp_path)) == [b"first", b"second"]


def test_corrupt_body_is_moved_aside_with_one_line(tmp_path: Path) -> None:
    library = Library(tmp_path)
    entry = library.save_article(article(1))
    body = tmp_path / "articles" / f"{entry.id}.json"
    body.write_bytes(b'{"schema": 2, "article": {"title": "no blocks"}}')
    with pytest.raises(LibraryError) as caught:
        library.load_article(entry.id)
    message = str(caught.value)
    assert "\n" not in message and "Story 1" in message and "damaged" in message
    [aside] = asides(tmp_path)
    assert aside.parent == body.parent and str(aside) in message
    with pytest.raises(LibraryError, match="missing; save it again"):
        library.load_article(entry.id)
    library.save_article(article(1))
    assert library.load_article(entry.id).title == "Story 1"


def test_v1_library_migrates_on_open(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(V1, folder)
    original = (folder / "library.json").read_bytes()

    library = Library(folder)
    assert library.warnings == []
    entries = library.articles()
    assert [e.title for e in entries] == ["Ferry timetable changes", "Harbour reopens after storm"]
    ferry, harbour = entries
    assert (harbour.read, harbour.progress, harbour.read_at) == (True, 1.0, "2024-03-02T10:00:00Z")
    assert (ferry.read, ferry.progress, ferry.url, ferry.source) == (False, 0.25, None, "notes/ferry.txt")
    assert library.find("https://example.org/2024/harbour") == harbour
    assert library.find("notes/ferry.txt") == ferry
    assert library.load_article(harbour.id).quotes[0].speaker == "Mayor Ana Ruiz"
    assert [b.text for b in library.load_article(ferry.id).blocks][-1] == "The first ferry leaves at six."
    marks = library.bookmarks()
    assert [(m.text, m.article_id, m.note, m.block) for m in marks] == [
        ("We are open for business", harbour.id, "", 0),
        ("The first ferry leaves at six.", ferry.id, "", 0),
    ]
    assert library.get_setting("theme") == "gruvbox"
    meta = json.loads((folder / "library.json").read_text())
    assert meta["meta"]["1"]["schema"] == SCHEMA_VERSION and "articles" not in meta
    assert (folder / "library.json.v1-backup").read_bytes() == original

    # Opening again changes nothing.
    again = Library(folder)
    assert again.articles() == entries and again.bookmarks() == marks


def test_v1_migration_killed_half_way_is_redone_without_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(V1, folder)
    first = Library(folder)
    entries, marks = first.articles(), first.bookmarks()
    # A crash after the shards were written but before library.json said v2 leaves the v1 file in place.
    shutil.copy(folder / "library.json.v1-backup", folder / "library.json")
    again = Library(folder)
    assert again.articles() == entries
    assert again.bookmarks() == marks


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    data = b'{"meta": {"1": {"schema": 99}}, "settings": {}}'
    (tmp_path / "library.json").write_bytes(data)
    with pytest.raises(LibraryError, match="newer byline") as caught:
        Library(tmp_path)
    assert "\n" not in str(caught.value)
    assert (tmp_path / "library.json").read_bytes() == data
    assert asides(tmp_path) == []


def age(path: Path, seconds: float) -> None:
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp))


def stray_body(folder: Path, article_id: str, seconds_old: float) -> Path:
    """A body file with no index entry, as a save killed between its two writes leaves."""
    path = folder / "articles" / f"{article_id}.json"
    path.write_text(json.dumps({"schema": SCHEMA_VERSION, "article": article(99).to_record()}))
    age(path, seconds_old)
    return path


def test_unlisted_bodies_past_the_grace_period_go_to_the_trash(tmp_path: Path) -> None:
    library = Library(tmp_path)
    saved = library.save_article(article(1))
    real = tmp_path / "articles" / f"{saved.id}.json"
    age(real, 3600)  # old enough to be judged, and listed, so it must stay
    old = stray_body(tmp_path, "0123456789ab", 3600)
    fresh = stray_body(tmp_path, "ba9876543210", 5)

    again = Library(tmp_path)

    assert not old.exists()
    assert (tmp_path / "trash" / old.name).exists()
    assert fresh.exists() and real.exists()
    assert again.load_article(saved.id).title == "Story 1"
    assert [entry.id for entry in again.articles()] == [saved.id]
    assert again.warnings == []


def test_an_unlisted_body_never_replaces_a_trashed_one(tmp_path: Path) -> None:
    library = Library(tmp_path)
    saved = library.save_article(article(1))
    deleted = library.delete_article(saved.id)
    stray_body(tmp_path, saved.id, 3600)

    again = Library(tmp_path)

    assert sorted(p.name for p in (tmp_path / "trash").iterdir())[0] == f"{saved.id}.json"
    assert len(list((tmp_path / "trash").iterdir())) == 2
    assert not (tmp_path / "articles" / f"{saved.id}.json").exists()
    again.restore_article(deleted)
    assert again.load_article(saved.id).title == "Story 1"


def test_bodies_of_a_shard_moved_aside_as_corrupt_stay(tmp_path: Path) -> None:
    library = Library(tmp_path)
    saved = library.save_article(article(1))
    body = tmp_path / "articles" / f"{saved.id}.json"
    (tmp_path / "index" / f"{saved.id[:2]}.json").write_bytes(b"garbage")
    age(body, 3600)

    again = Library(tmp_path)

    assert body.exists()
    assert len(asides(tmp_path)) == 1 and len(again.warnings) == 2  # moved aside, then listed again


def test_reopening_an_unchanged_library_writes_nothing(tmp_path: Path) -> None:
    Library(tmp_path).save_article(article(1))
    Library(tmp_path)  # records what it checked
    meta = tmp_path / "library.json"
    before = meta.stat().st_mtime_ns

    Library(tmp_path)

    assert meta.stat().st_mtime_ns == before
