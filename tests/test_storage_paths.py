"""How the library tells saved files apart: by resolved path, whatever name each was given."""

from __future__ import annotations

from pathlib import Path

import pytest

from news.model import Article, Block
from storage import Library


def local(source: str, title: str) -> Article:
    return Article(source=source, url=None, title=title, blocks=[Block("paragraph", f"{title} body.")])


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    x, y = tmp_path / "x", tmp_path / "y"
    x.mkdir()
    y.mkdir()
    (x / "a.txt").write_text("First story\n\nbody one.\n")
    (y / "a.txt").write_text("Second story\n\nbody two.\n")
    return x, y


def test_same_name_in_two_folders_is_two_articles(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    x, y = folders
    library = Library(tmp_path / "lib")
    monkeypatch.chdir(x)
    first = library.save_article(local("a.txt", "First story"))
    monkeypatch.chdir(y)
    second = library.save_article(local("a.txt", "Second story"))
    assert first.id != second.id
    assert (first.source, second.source) == ("a.txt", "a.txt")  # as given
    assert (first.path, second.path) == (str((x / "a.txt").resolve()), str((y / "a.txt").resolve()))
    assert sorted(e.title for e in library.articles()) == ["First story", "Second story"]
    assert library.load_article(first.id).title == "First story"


def test_saving_the_same_file_again_by_any_name_updates_one_entry(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    x, _ = folders
    library = Library(tmp_path / "lib")
    monkeypatch.chdir(x)
    entry = library.save_article(local("a.txt", "First story"))
    library.set_progress(entry.id, 0.5, 2)
    by_absolute = library.save_article(local(str(x / "a.txt"), "First story, edited"))
    monkeypatch.chdir(tmp_path)
    by_dotted = library.save_article(local("y/../x/a.txt", "First story, again"))
    assert entry.id == by_absolute.id == by_dotted.id
    [only] = library.articles()
    assert (only.source, only.title, only.progress) == ("y/../x/a.txt", "First story, again", 0.5)
    # Several in one call are matched the same way.
    batch = library.save_articles([local("x/a.txt", "One"), local(str(x / "a.txt"), "Two")])
    assert [e.id for e in batch] == [entry.id, entry.id] and len(library.articles()) == 1


def test_find_a_file_by_relative_or_absolute_path(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    x, y = folders
    library = Library(tmp_path / "lib")
    monkeypatch.chdir(x)
    first = library.save_article(local("a.txt", "First story"))
    monkeypatch.chdir(y)
    second = library.save_article(local("a.txt", "Second story"))
    assert library.find("a.txt") == second  # from y, a.txt is y's file
    assert library.find(str(x / "a.txt")) == first
    assert library.find(str(y / "a.txt")) == second
    monkeypatch.chdir(x)
    assert library.find("a.txt") == first
    assert library.find("../y/a.txt") == second
    monkeypatch.chdir(tmp_path)
    assert library.find("a.txt") is None  # no such file was saved from here, though two were named so
    assert library.find("x/a.txt") == first


def test_entry_saved_before_paths_were_kept_is_still_matched_by_source(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    x, _ = folders
    library = Library(tmp_path / "lib")
    old = local("a.txt", "Old copy")
    # An index entry as the previous version wrote it: no path, in the shard of the source as typed.
    old_id = Library.shard_of_key("a.txt") + "0123456789"
    entry = {"id": old_id, "title": old.title, "url": None, "source": "a.txt", "site": None}
    library.import_entries(
        [({**entry, "saved_at": "2026-01-01T00:00:00Z", "progress": 0.3}, old.to_record())]
    )
    monkeypatch.chdir(x)
    found = library.find("a.txt")
    assert found is not None and (found.id, found.path) == (old_id, None)
    updated = library.save_article(local("a.txt", "New copy"))
    assert (updated.id, updated.progress, updated.path) == (old_id, 0.3, str((x / "a.txt").resolve()))
    assert [e.id for e in library.articles()] == [old_id]
    # Now it carries its path, so the absolute name finds and updates it too (from a fresh process),
    # and the same name from elsewhere does not.
    assert Library(tmp_path / "lib").find(str(x / "a.txt")) == updated
    assert Library(tmp_path / "lib").save_article(local(str(x / "a.txt"), "Newer")).id == old_id
    monkeypatch.chdir(tmp_path)
    assert library.find("a.txt") is None
    assert library.save_article(local("a.txt", "Another file")).id != old_id
    assert len(library.articles()) == 2


def test_standard_input_is_always_new_and_each_restores(tmp_path: Path) -> None:
    library = Library(tmp_path)
    one = library.save_article(local("-", "From a pipe"))
    two = library.save_article(local("-", "From a pipe"))
    assert one.id != two.id and one.path is None
    gone = library.delete_article(one.id)
    library.restore_article(gone)  # another stdin article is not "the same article saved again"
    assert {e.id for e in library.articles()} == {one.id, two.id}


def test_restore_a_file_saved_again_since_keeps_the_newer(
    tmp_path: Path, folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    x, y = folders
    library = Library(tmp_path / "lib")
    monkeypatch.chdir(x)
    old = library.delete_article(library.save_article(local("a.txt", "First story")).id)
    newer = library.save_article(local(str(x / "a.txt"), "First story, again"))
    monkeypatch.chdir(y)
    other = library.save_article(local("a.txt", "Second story"))  # same name, another file
    library.restore_article(old)
    assert {e.id for e in library.articles()} == {newer.id, other.id}
    library.delete_article(other.id)
    gone = library.delete_article(newer.id)
    library.restore_article(gone)
    assert [e.id for e in library.articles()] == [newer.id]
