"""The library's listing: sorted, filtered, archived and paged from the derived catalog, always current."""

from __future__ import annotations

from pathlib import Path

from screens_host import article

from storage import Library, View


def small_library(root: Path) -> Library:
    library = Library(root / "data")
    library.save_article(article("Beta budget", "https://example.org/b", site="Gazette"))
    library.save_article(article("alpha vote", "https://example.org/a", site="Planet"))
    library.save_article(article("Gamma budget", "https://example.org/c", site="Planet"))
    return library


def titles(entries: list) -> list[str]:  # type: ignore[type-arg]
    return [entry.title for entry in entries]


def test_listing_is_the_library_newest_saved_first(tmp_path: Path) -> None:
    library = small_library(tmp_path)
    assert (
        titles(library.listing())
        == titles(library.articles())
        == ["Gamma budget", "alpha vote", "Beta budget"]
    )
    assert library.listing()[0] == library.articles()[0]
    assert titles(library.listing(offset=1, limit=1)) == ["alpha vote"]
    assert library.count_articles() == (3, 3)


def test_sorts_by_title_published_and_progress(tmp_path: Path) -> None:
    library = small_library(tmp_path)
    assert titles(library.listing(View(sort="title"))) == ["alpha vote", "Beta budget", "Gamma budget"]
    # article() dates each story by its title's length: 2024-05-0(1 + len % 9).
    assert titles(library.listing(View(sort="published"))) == ["Gamma budget", "Beta budget", "alpha vote"]
    beta = next(entry for entry in library.articles() if entry.title == "Beta budget")
    alpha = next(entry for entry in library.articles() if entry.title == "alpha vote")
    library.set_progress(alpha.id, 0.3, 1)
    library.set_read(beta.id, True)
    assert titles(library.listing(View(sort="progress"))) == ["Beta budget", "alpha vote", "Gamma budget"]
    assert library.count_articles() == (3, 2)


def test_filter_words_each_match_title_site_or_author_in_any_case(tmp_path: Path) -> None:
    library = small_library(tmp_path)
    assert titles(library.listing(View(query="BUDGET planet"))) == ["Gamma budget"]
    assert library.count_articles(View(query="budget")) == (2, 2)
    assert library.listing(View(query="nothing like it")) == []
    gamma = library.listing()[0]
    assert library.position_in(View(sort="title"), gamma.id) == 2
    assert library.position_in(View(query="vote"), gamma.id) is None


def test_archive_hides_without_deleting_and_brings_back(tmp_path: Path) -> None:
    library = small_library(tmp_path)
    gamma = library.listing()[0]
    library.set_archived(gamma.id, True)
    assert titles(library.listing()) == ["alpha vote", "Beta budget"]
    assert titles(library.listing(View(archived=True))) == ["Gamma budget"]
    assert library.get(gamma.id) is not None and library.get(gamma.id).archived_at  # type: ignore[union-attr]
    assert library.load_article(gamma.id).title == "Gamma budget"
    # Saving it again keeps it archived, as it keeps its reading state.
    library.save_article(article("Gamma budget", "https://example.org/c", site="Planet"))
    assert library.count_articles(View(archived=True)) == (1, 1)
    library.set_archived(gamma.id, False)
    assert titles(library.listing()) == ["Gamma budget", "alpha vote", "Beta budget"]


def test_changes_by_another_process_show_at_once(tmp_path: Path) -> None:
    library = small_library(tmp_path)
    assert len(library.listing()) == 3
    other = Library(tmp_path / "data")
    newest = other.listing()[0]
    # Changes within the same instant as the last listing: the stamp alone could not tell them apart.
    other.set_read(newest.id, True)
    assert library.listing()[0].read is True
    other.set_read(newest.id, False)
    assert library.listing()[0].read is False
    other.delete_article(newest.id)
    assert titles(library.listing()) == ["alpha vote", "Beta budget"]
    other.save_article(article("Delta", "https://example.org/d"))
    assert titles(library.listing())[0] == "Delta"


def test_a_missing_or_damaged_catalog_is_rebuilt_from_the_library(tmp_path: Path) -> None:
    library = small_library(tmp_path)
    expected = library.listing()
    catalog = tmp_path / "data" / "catalog.sqlite"
    assert catalog.exists()
    fresh = Library(tmp_path / "data")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{catalog}{suffix}").unlink(missing_ok=True)
    assert fresh.listing() == expected
    fresh._catalog.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{catalog}{suffix}").unlink(missing_ok=True)
    catalog.write_bytes(b"this is not a database" * 100)
    damaged = Library(tmp_path / "data")
    assert damaged.listing() == expected
    assert any("catalog.sqlite was damaged" in warning for warning in damaged.warnings)


def test_without_the_catalog_the_same_views_come_from_the_shards(tmp_path: Path) -> None:
    from storage.catalog import SORTS, in_memory

    library = small_library(tmp_path)
    library.set_progress(library.listing()[1].id, 0.5, 1)
    library.set_archived(library.listing()[2].id, True)
    entries = library.articles()
    for sort in SORTS:
        for view in (View(sort=sort), View(sort=sort, query="planet"), View(sort=sort, archived=None)):
            assert in_memory(entries, view) == library.listing(view), view
