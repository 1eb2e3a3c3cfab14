"""Speakers introduced by the paragraph before the quote (issue 9): a small article of our own."""

from __future__ import annotations

from news.model import Block
from news.quotes import find_quotes


def test_quote_after_a_colon_intro_goes_to_the_person_introduced() -> None:
    blocks = [
        Block("paragraph", "“The wait was far too long for all of us,” said Ben Ortiz, a commuter."),
        Block("paragraph", "Maria Santos had a similar experience:"),
        Block("paragraph", "“I stood on that platform for an hour and nobody told us anything at all.”"),
    ]
    quotes = find_quotes(blocks, {})
    assert [(q.speaker, q.block) for q in quotes] == [("Ben Ortiz", 0), ("Maria Santos", 2)]


def test_colon_intro_reaches_only_the_next_paragraph() -> None:
    blocks = [
        Block("paragraph", "Maria Santos had a similar experience:"),
        Block("paragraph", "The trains were late again on Tuesday across the whole network."),
        Block("paragraph", "“Nobody told us anything at all about the delays on the line.”"),
    ]
    assert [q.speaker for q in find_quotes(blocks, {})] == [None]
