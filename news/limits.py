"""How far reading a source may go: apart from the fetcher, so reading a file never loads httpx."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How far reading one source may go.

    ``deadline`` is seconds for the whole source: the fetch (redirects included) may take all of it, and
    cleaning gets what the fetch left (see :class:`Budget`). ``max_bytes`` counts decoded bytes.
    """

    deadline: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Budget:
    """The time one source may still take, from a monotonic end; made by :meth:`start`."""

    ends_at: float

    @classmethod
    def start(cls, seconds: float) -> Budget:
        """A budget of ``seconds`` from now."""
        return cls(time.monotonic() + seconds)

    def left(self) -> float:
        """Seconds left (negative once spent)."""
        return self.ends_at - time.monotonic()

    def affords(self, seconds: float) -> bool:
        """Whether ``seconds`` of work still fit."""
        return seconds <= self.left()


def megabytes(count: int) -> str:
    """``count`` bytes as a short human figure, e.g. ``10 MB``."""
    return f"{count / 1_000_000:g} MB"
