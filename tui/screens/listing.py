"""Helpers the library and bookmarks screens share: filtering, safe display text, leaving a screen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.screen import Screen

from news.sanitize import safe_text


def terms(query: str) -> list[str]:
    """The lower-cased words of a filter query."""
    return query.casefold().split()


def matches(words: list[str], fields: Iterable[str | None]) -> bool:
    """True when every word occurs in at least one of ``fields`` (case-insensitive)."""
    if not words:
        return True
    haystack = "\n".join(field.casefold() for field in fields if field)
    return all(word in haystack for word in words)


def one_line(text: str | None, limit: int = 0) -> str:
    """``text`` safe for the terminal, on one line, cut to ``limit`` characters (0: no limit)."""
    line = " ".join(safe_text(text or "").split())
    if limit and len(line) > limit:
        return line[: limit - 1].rstrip() + "…"
    return line


def count(number: int, noun: str) -> str:
    """``number`` and ``noun``, the noun plural unless the number is one ("1 bookmark", "2 articles")."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def day(stamp: str | None) -> str:
    """The date part of an ISO 8601 date or datetime, or "" when there is none."""
    return (stamp or "")[:10]


def leave(screen: Screen[Any]) -> None:
    """Go back to the screen below ``screen``, or quit when nothing but the blank default is below."""
    app = screen.app
    stack = app.screen_stack
    below = stack[: stack.index(screen)] if screen in stack else []
    # Textual keeps a blank default screen at the bottom when the first screen was pushed.
    if any(other.id != "_default" for other in below):
        app.pop_screen()
    else:
        app.exit()
