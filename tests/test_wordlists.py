"""The one reader of news/data word lists: comments, case and blank lines handled the same for every file."""

from __future__ import annotations

from importlib import resources

import pytest

from news.wordlists import phrases, words

LIST_FILES = sorted(
    entry.name for entry in resources.files("news").joinpath("data").iterdir() if entry.name.endswith(".txt")
)


@pytest.mark.parametrize("name", LIST_FILES)
def test_every_list_reads_as_lower_case_entries_without_comments(name: str) -> None:
    entries = phrases(name)
    assert entries, f"{name} holds no entries"
    for entry in entries:
        assert "#" not in entry and entry == entry.strip().lower() and entry


def test_phrases_keep_their_spaces_and_words_split_them() -> None:
    # not_author_phrases.txt lists single words; call_to_action.txt lists first words; component-words.txt
    # has several words a line, which `words` splits and `phrases` keeps together.
    assert "widget" in words("component-words.txt")
    assert "widget" not in phrases("component-words.txt")
    assert any(" " in line for line in phrases("component-words.txt"))
