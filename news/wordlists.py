"""The word lists in ``news/data/``: one reader for every file, so their format is defined once.

A list file holds one entry per line (or, for ``words``, several words on a line); ``#`` starts a comment,
blank lines are skipped, entries are lower-cased. Each file's header says what it lists and where its
entries came from.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(name: str) -> list[str]:
    """The entries of ``news/data/NAME``: comments cut, lower-cased, stripped, blank lines left out.

    Raises FileNotFoundError when the package holds no such file (a packaging fault, never page input).
    """
    text = resources.files("news").joinpath("data", name).read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return [entry for entry in entries if entry]


@cache
def phrases(name: str) -> frozenset[str]:
    """Each line of ``news/data/NAME`` as one entry (a phrase may hold spaces)."""
    return frozenset(_lines(name))


@cache
def words(name: str) -> frozenset[str]:
    """Every whitespace-separated word of ``news/data/NAME``."""
    return frozenset(word for line in _lines(name) for word in line.split())


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The words of each line of ``news/data/NAME``, in file order (for lists where a line's place counts)."""
    return tuple(tuple(line.split()) for line in _lines(name))
