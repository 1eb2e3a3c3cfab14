"""storage.Library: the API the reader and the CLI rely on, against real files in a temp folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from news.model import Article, Block, Quote, Section
from storage import ArticleEntry, BookmarkEntry, Library, LibraryError, NotInLibrary
from storage.atomic import write_atomic


def make_article(
    n: int = 1, *, url: str | None = "default", source: str | None = None, title: str | None = None
) -> Article:
    link = f"https://news.example.org/story-{n}" if url == "default" else url
    return Article(
        source=source or link or f"story-{n}.html",
        url=link,
        title=title or f"Story {n}",
        site="Example News",
        authors=["A. Writer", "B. Editor"],
        published="2026-11-01",
        lead="It began on Monday.",
        sections=[Section("Reaction", 2, 1)],
        quotes=[Quote("We will rebuild", "The Mayor", "Reaction", 2)],
        blocks=[
            Block("paragraph", "It began on Monday."),
            Block("heading", "Reaction", 2),
            Block("paragraph", "“We will rebuild,” said the Mayor."),
        ],
    )


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_save_get_and_load_round_trip(tmp_path: Path) -> None:
    library = Library(tmp_path)
    article = make_article()
    entry = library.save_article(article)
    assert isinstance(entry, ArticleEntry)
    assert (entry.title, entry.url, entry.source, entry.site) == (
        "Story 1",
        "https://news.example.org/story-1",
        "https://news.example.org/story-1",
        "Example News",
    )
    assert entry.authors == ("A. Writer", "B. Editor")
    assert (entry.read, entry.progress, entry.position, entry.words) == (False, 0.0, 0, 11)
    assert entry.saved_at.endswith("Z") and entry.saved_at[:4].isdigit()
    assert Library(tmp_path).get(entry.id) == entry
    assert Library(tmp_path).load_article(entry.id).to_record() == article.to_record()
    # The body is a file of its own beside the (small) index.
    assert (tmp_path / "articles" / f"{entry.id}.json").is_file()
    assert (tmp_path / "index" / f"{entry.id[:2]}.json").is_file()


def test_to_dict_has_the_contract_fields(tmp_path: Path) -> None:
    library = Library(tmp_path)
    entry = library.save_article(make_article())
    data = entry.to_dict()
    for key in ("id", "title", "url", "source", "site", "saved_at", "read", "progress"):
        assert key in data
    assert data["authors"] == ["A. Writer", "B. Editor"]
    json.dumps(data)
    mark = library.add_bookmark(
        entry.id, text="We will rebuild", kind="quote", speaker="The Mayor", section="Reaction", block=2
    )
    keys = mark.to_dict().keys()
    for key in (
        "id",
        "text",
        "kind",
        "speaker",
        "section",
        "article_title",
        "article_url",
        "created_at",
        "note",
    ):
        assert key in keys


def test_saving_again_updates_in_place_and_keeps_reading_state(tmp_path: Path) -> None:
    library = Library(tmp_path)
    first = library.save_article(make_article())
    library.set_progress(first.id, 0.4, 7)
    library.set_read(first.id, True)
    again = library.save_article(make_article(title="Story 1, updated"))
    assert again.id == first.id
    assert (again.title, again.read, again.progress, again.position) == ("Story 1, updated", True, 0.4, 7)
    assert [e.id for e in library.articles()] == [first.id]
    assert library.load_article(first.id).title == "Story 1, updated"


def test_key_is_canonical_url_else_source(tmp_path: Path) -> None:
    library = Library(tmp_path)
    via_feed = library.save_article(make_article(source="https://news.example.org/story-1?utm=feed"))
    via_share = library.save_article(make_article(source="https://news.example.org/story-1?utm=share"))
    assert via_feed.id == via_share.id  # same canonical URL
    file_a = library.save_article(make_article(2, url=None, source="story.html"))
    file_b = library.save_article(make_article(2, url=None, source="story.html"))
    other = library.save_article(make_article(2, url=None, source="elsewhere/story.html"))
    assert file_a.id == file_b.id != other.id
    # Standard input has no identity: each save from "-" is a new article.
    one = library.save_article(make_article(3, url=None, source="-"))
    two = library.save_article(make_article(3, url=None, source="-"))
    assert one.id != two.id
    assert len(library.articles()) == 5


def test_find_by_url_or_source(tmp_path: Path) -> None:
    library = Library(tmp_path)
    entry = library.save_article(make_article(source="https://t.example/abc"))
    assert library.find("https://news.example.org/story-1") == entry
    assert library.find("https://t.example/abc") == entry  # the source as given, in another shard
    assert library.find("https://news.example.org/nope") is None


def test_get_unknown_or_malformed_ids(tmp_path: Path) -> None:
    library = Library(tmp_path)
    library.save_article(make_article())
    for bad in ("", "0" * 12, "not-an-id", "../../etc/passwd", "ABCDEF123456"):
        assert library.get(bad) is None
    with pytest.raises(NotInLibrary, match="no saved article"):
        library.load_article("0" * 12)


def test_articles_newest_saved_first(tmp_path: Path) -> None:
    library = Library(tmp_path)
    ids = [library.save_article(make_article(n)).id for n in range(6)]
    assert [e.id for e in library.articles()] == ids[::-1]
    library.save_article(make_article(2))  # saving again brings it to the top
    assert library.articles()[0].id == ids[2]


def test_set_read_and_progress(tmp_path: Path) -> None:
    library = Library(tmp_path)
    entry = library.save_article(make_article())
    library.set_read(entry.id, True)
    read = library.get(entry.id)
    assert read is not None and read.read and read.read_at is not None
    library.set_read(entry.id, False)
    unread = library.get(entry.id)
    assert unread is not None and not unread.read and unread.read_at is None
    library.set_progress(entry.id, 0.62, 14)
    assert Library(tmp_path).get(entry.id) == ArticleEntry(
        **{**unread.to_dict(), "authors": unread.authors, "progress": 0.62, "position": 14}
    )
    library.set_progress(entry.id, 3.0, -5)
    clamped = library.get(entry.id)
    assert clamped is not None and (clamped.progress, clamped.position) == (1.0, 0)
    library.set_progress(entry.id, float("nan"), 1)
    assert library.get(entry.id).progress == 0.0  # type: ignore[union-attr]
    # Unknown ids change nothing and create no files.
    before = files_under(tmp_path)
    library.set_read("abcdefabcdef", True)
    library.set_progress("abcdefabcdef", 0.5, 1)
    assert files_under(tmp_path) == before


def test_delete_and_restore(tmp_path: Path) -> None:
    library = Library(tmp_path)
    entry = library.save_article(make_article())
    library.set_progress(entry.id, 0.5, 3)
    mark = library.add_bookmark(entry.id, text="kept", kind="passage", speaker=None, section=None, block=0)
    gone = library.delete_article(entry.id)
    assert gone.id == entry.id and gone.progress == 0.5
    assert library.articles() == [] and library.get(entry.id) is None
    assert library.bookmarks() == [mark]  # bookmarks outlive their article
    assert not (tmp_path / "articles" / f"{entry.id}.json").exists()
    assert (tmp_path / "trash" / f"{entry.id}.json").exists()
    library.restore_article(gone)
    assert library.articles() == [gone]
    assert library.load_article(entry.id).title == "Story 1"
    assert not (tmp_path / "trash" / f"{entry.id}.json").exists()
    library.restore_article(gone)  # twice is harmless
    assert len(library.articles()) == 1
    with pytest.raises(NotInLibrary):
        library.delete_article("abcdefabcdef")


def test_restore_after_the_article_was_saved_again_keeps_the_newer(tmp_path: Path) -> None:
    library = Library(tmp_path)
    old = library.delete_article(library.save_article(make_article()).id)
    newer = library.save_article(make_article(title="Newer"))
    library.restore_article(old)
    assert [e.title for e in library.articles()] == ["Newer"]
    assert library.get(newer.id) == newer


def test_restore_fails_clearly_when_the_body_is_gone(tmp_path: Path) -> None:
    library = Library(tmp_path)
    old = library.delete_article(library.save_article(make_article()).id)
    (tmp_path / "trash" / f"{old.id}.json").unlink()
    with pytest.raises(LibraryError, match="gone from the trash"):
        library.restore_article(old)


def test_bookmarks_oldest_first_with_notes(tmp_path: Path) -> None:
    library = Library(tmp_path)
    a = library.save_article(make_article(1))
    b = library.save_article(make_article(2, title="Second"))
    marks = [
        library.add_bookmark(
            (a, b)[n % 2].id, text=f"text {n}", kind="quote", speaker=f"S{n}", section=None, block=n
        )
        for n in range(40)
    ]
    assert all(isinstance(m, BookmarkEntry) for m in marks)
    assert [m.text for m in Library(tmp_path).bookmarks()] == [f"text {n}" for n in range(40)]
    assert (
        marks[1].article_title == "Second" and marks[1].article_url == b.url and marks[1].article_id == b.id
    )
    library.set_bookmark_note(marks[3].id, "follow up")
    library.delete_bookmark(marks[0].id)
    after = Library(tmp_path).bookmarks()
    assert len(after) == 39 and after[2].note == "follow up" and after[0].id == marks[1].id
    library.delete_bookmark(marks[0].id)  # already gone: nothing happens
    library.set_bookmark_note("abcdefabcdef", "x")
    assert len(library.bookmarks()) == 39


def test_add_bookmark_needs_a_saved_article_and_a_valid_kind(tmp_path: Path) -> None:
    library = Library(tmp_path)
    with pytest.raises(NotInLibrary):
        library.add_bookmark("abcdefabcdef", text="x", kind="quote", speaker=None, section=None, block=0)
    entry = library.save_article(make_article())
    with pytest.raises(ValueError, match="quote or a passage"):
        library.add_bookmark(entry.id, text="x", kind="note", speaker=None, section=None, block=0)  # type: ignore[arg-type]
    assert library.bookmarks() == []


def test_settings_persist(tmp_path: Path) -> None:
    library = Library(tmp_path)
    assert library.get_setting("theme") is None
    assert library.get_setting("theme", "dark") == "dark"
    library.set_setting("theme", "nord")
    library.set_setting("keymap", {"reader.next_section": "j"})
    library.set_setting("theme", "gruvbox")
    again = Library(tmp_path)
    assert again.get_setting("theme") == "gruvbox"
    assert again.get_setting("keymap") == {"reader.next_section": "j"}
    before = (tmp_path / "library.json").read_bytes()
    with pytest.raises(TypeError):
        again.set_setting("bad", object())
    assert (tmp_path / "library.json").read_bytes() == before


def test_settings_from_two_processes_do_not_collide(tmp_path: Path) -> None:
    # Two Library objects stand for two processes: neither may trust ids it cached from an earlier read.
    first, second = Library(tmp_path), Library(tmp_path)
    first.set_setting("theme", "nord")
    second.set_setting("keymap", {"q": "quit"})
    first.set_setting("width", 80)
    second.set_setting("theme", "gruvbox")
    third = Library(tmp_path)
    assert [third.get_setting(k) for k in ("theme", "keymap", "width")] == ["gruvbox", {"q": "quit"}, 80]
    assert len(json.loads((tmp_path / "library.json").read_text())["settings"]) == 3


def test_hostile_strings_are_stored_without_their_control_characters(tmp_path: Path) -> None:
    # Cleaned as they enter (issue 8, kind 6); markup-looking text, a lone surrogate and quotes stay as text.
    library = Library(tmp_path)
    nasty = '\x1b[31mred\x1b[0m [bold]markup[/] \u202eevil \ud800 \x00 "quoted" 日本語'
    kept = '[31mred[0m [bold]markup[/] evil \ud800  "quoted" 日本語'
    entry = library.save_article(make_article(title=nasty))
    mark = library.add_bookmark(entry.id, text=nasty, kind="passage", speaker=nasty, section=nasty, block=0)
    library.set_bookmark_note(mark.id, nasty)
    again = Library(tmp_path)
    assert again.get(entry.id).title == kept  # type: ignore[union-attr]
    assert again.load_article(entry.id).title == kept
    assert again.bookmarks()[0].note == kept and again.bookmarks()[0].speaker == kept
    assert again.warnings == []


def test_default_folder_is_byline_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYLINE_HOME", str(tmp_path / "home"))
    library = Library()
    assert library.data_dir == tmp_path / "home"
    library.save_article(make_article())
    assert (tmp_path / "home" / "library.json").is_file()
    monkeypatch.delenv("BYLINE_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Library().data_dir == tmp_path / "xdg" / "byline"


def test_unusable_folder_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(LibraryError, match="cannot use"):
        Library(blocker / "library")


def test_writes_leave_no_temp_files_and_one_change_touches_one_shard(tmp_path: Path) -> None:
    library = Library(tmp_path)
    entries = [library.save_article(make_article(n)) for n in range(30)]
    library.add_bookmark(entries[0].id, text="x", kind="quote", speaker=None, section=None, block=0)
    assert not [name for name in files_under(tmp_path) if ".tmp-" in name]
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "index").iterdir()}
    time.sleep(0.01)
    library.set_progress(entries[5].id, 0.3, 2)
    changed = [p.name for p in (tmp_path / "index").iterdir() if p.stat().st_mtime_ns != stamps[p]]
    assert changed == [f"{entries[5].id[:2]}.json"]


def test_open_removes_leftovers_of_killed_writes_and_old_trash(tmp_path: Path) -> None:
    library = Library(tmp_path)
    entry = library.save_article(make_article())
    gone = library.delete_article(entry.id)
    leftover = tmp_path / "index" / ".ab.json.tmp-deadbeef"
    leftover.write_text("{half")
    trashed = tmp_path / "trash" / f"{gone.id}.json"
    week_old = time.time() - 8 * 86400
    os.utime(trashed, (week_old, week_old))
    Library(tmp_path)
    assert not leftover.exists() and not trashed.exists()


def test_failed_atomic_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.json"
    write_atomic(target, b"old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_lock_held_elsewhere_times_out_with_one_line(tmp_path: Path) -> None:
    Library(tmp_path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time, filelock\n"
            f"with filelock.FileLock({str(tmp_path / 'library.lock')!r}):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LibraryError, match="busy") as caught:
            Library(tmp_path, lock_timeout=0.3)
        assert "\n" not in str(caught.value)
    finally:
        holder.kill()
        holder.wait()
    assert Library(tmp_path, lock_timeout=5).articles() == []


def test_threads_sharing_a_library_lose_nothing(tmp_path: Path) -> None:
    shared = Library(tmp_path)
    entry = shared.save_article(make_article())

    def add(tag: str, library: Library) -> None:
        for n in range(60):
            library.add_bookmark(
                entry.id, text=f"{tag} {n}", kind="quote", speaker=tag, section=None, block=n
            )

    workers = [threading.Thread(target=add, args=(tag, shared)) for tag in "ab"]
    workers += [threading.Thread(target=add, args=(tag, Library(tmp_path))) for tag in "cd"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(m.text for m in Library(tmp_path).bookmarks()) == sorted(
        f"{t} {n}" for t in "abcd" for n in range(60)
    )


def test_storage_imports_no_textual() -> None:
    code = (
        "import sys, storage, storage.library\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if m.startswith('textual'))\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
