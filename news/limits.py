"""How far reading a source may go: apart from the fetcher, so reading a file never loads httpx."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How far a fetch may go: seconds in all (redirects included), decoded bytes, redirects."""

    deadline: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5


def megabytes(count: int) -> str:
    """``count`` bytes as a short human figure, e.g. ``10 MB``."""
    return f"{count / 1_000_000:g} MB"
