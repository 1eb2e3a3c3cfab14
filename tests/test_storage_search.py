"""Full-text search of the library: text and bookmarks, the matching sentence, kept current, rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from news.model import Article, Block, Section
from storage import Library


def story(title: str, url: str, *paragraphs: str) -> Article:
    blocks = [Block("paragraph", text) for text in paragraphs]
    return Article(source=url, url=url, title=title, site="Example", blocks=blocks, lead=paragraphs[0])


def budget_library(root: Path) -> tuple[Library, str, str]:
    library = Library(root / "data")
    council = library.save_article(
        story(
            "Council meets",
            "https://example.org/council",
            "The council met on Tuesday.",
            "Members argued for hours. The mayor said the budget for 2025 would balance. Nobody believed it.",
            "Later the meeting ended.",
        )
    )
    harbour = library.save_article(
        story(
            "Harbour reopens", "https://example.org/harbour", "Ships returned to the Tōkyō harbour at dawn."
        )
    )
    return library, council.id, harbour.id


def test_a_word_of_the_text_finds_its_article_block_and_sentence(tmp_path: Path) -> None:
    library, council, _ = budget_library(tmp_path)
    (hit,) = library.search("budget")
    assert (hit.kind, hit.article_id, hit.block) == ("text", council, 1)
    assert hit.sentence == "The mayor said the budget for 2025 would balance."
    assert hit.title == "Council meets" and hit.url == "https://example.org/council"
    assert hit.to_dict()["sentence"] == hit.sentence and hit.section is None


def test_a_hit_names_the_section_it_stands_in(tmp_path: Path) -> None:
    library = Library(tmp_path / "data")
    article = story("Report", "https://example.org/r", "Intro words.", "Trade", "Tariffs rose again.")
    article.blocks[1] = Block("heading", "Trade", level=2)
    article.sections = [Section("Trade", 2, 1)]
    library.save_article(article)
    (hit,) = library.search("tariffs")
    assert (hit.block, hit.section) == (2, "Trade")


def test_every_word_must_match_any_case_and_accent_the_last_as_a_prefix(tmp_path: Path) -> None:
    library, council, harbour = budget_library(tmp_path)
    assert [hit.article_id for hit in library.search("MAYOR budg")] == [council]
    assert library.search("mayor harbour") == []
    assert [hit.article_id for hit in library.search("tokyo")] == [harbour]
    (title,) = library.search("reopens")
    assert (title.kind, title.block, title.sentence) == ("title", 0, "Harbour reopens")


def test_query_syntax_is_taken_as_words(tmp_path: Path) -> None:
    library, council, _ = budget_library(tmp_path)
    for query in ('"budget', "budget*", "NEAR(budget mayor)", "budget OR x", "(", "-budget", "^budget"):
        hits = library.search(query)
        assert all(hit.article_id == council for hit in hits), query
    assert library.search("") == [] and library.search("  ;; ") == []


def test_bookmarks_are_found_by_text_and_note_and_outlive_their_article(tmp_path: Path) -> None:
    library, council, _ = budget_library(tmp_path)
    mark = library.add_bookmark(
        council, text="Nobody believed it.", kind="passage", speaker=None, section=None, block=1
    )
    library.set_bookmark_note(mark.id, "check the sceptics")
    found = library.search("sceptics")
    assert [(hit.kind, hit.bookmark_id, hit.article_id, hit.block) for hit in found] == [
        ("bookmark", mark.id, council, 1)
    ]
    library.delete_article(council)
    assert library.search("budget") == []
    (orphan,) = library.search("sceptics")
    assert orphan.article_id is None and orphan.url == "https://example.org/council"
    assert orphan.title == "Council meets"


def test_saving_again_replaces_the_old_text_and_restoring_brings_it_back(tmp_path: Path) -> None:
    library, council, _ = budget_library(tmp_path)
    library.save_article(story("Council meets", "https://example.org/council", "A new text about rates."))
    assert library.search("budget") == []
    assert [hit.article_id for hit in library.search("rates")] == [council]
    entry = library.delete_article(council)
    assert library.search("rates") == []
    library.restore_article(entry)
    assert [hit.article_id for hit in library.search("rates")] == [council]


def test_articles_saved_by_another_process_are_found(tmp_path: Path) -> None:
    library, _, _ = budget_library(tmp_path)
    assert library.search("lighthouse") == []
    other = Library(tmp_path / "data")
    saved = other.save_article(story("Coast", "https://example.org/coast", "A lighthouse was lit."))
    assert [hit.article_id for hit in library.search("lighthouse")] == [saved.id]


def test_a_missing_or_damaged_index_is_rebuilt_from_the_library(tmp_path: Path) -> None:
    library, council, _ = budget_library(tmp_path)
    library.add_bookmark(
        council, text="the budget quote", kind="quote", speaker="Mayor", section=None, block=1
    )
    expected = [(hit.kind, hit.article_id, hit.block) for hit in library.search("budget")]
    assert len(expected) == 2
    library._catalog.close()
    catalog = tmp_path / "data" / "catalog.sqlite"
    for suffix in ("-wal", "-shm"):
        Path(f"{catalog}{suffix}").unlink(missing_ok=True)
    catalog.write_bytes(b"\0garbage" * 1000)
    damaged = Library(tmp_path / "data")
    assert sorted(expected) == sorted(
        (hit.kind, hit.article_id, hit.block) for hit in damaged.search("budget")
    )
    assert any("catalog.sqlite was damaged" in warning for warning in damaged.warnings)
    damaged._catalog.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{catalog}{suffix}").unlink(missing_ok=True)
    progress: list[int] = []
    fresh = Library(tmp_path / "data")
    assert len(fresh.search("budget", progress=progress.append)) == 2


def test_a_word_too_common_to_rank_in_time_still_finds_the_newest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library, council, harbour = budget_library(tmp_path)
    from storage import fulltext

    monkeypatch.setattr(fulltext, "RANK_BUDGET", -1.0)  # every ranking runs out of time at once
    monkeypatch.setattr(fulltext, "RANK_CHECK_EVERY", 1)
    hits = library.search("the")
    assert [hit.article_id for hit in hits][:1] == [harbour]  # saved last
    assert {hit.article_id for hit in hits} == {council, harbour}
