"""The one exception a source can fail with: it carries a line fit to show a person."""

from __future__ import annotations


class SourceError(Exception):
    """A source could not be read, fetched or cleaned.

    ``str(error)`` is one line: the source and the reason, e.g.
    ``https://example.com/a: too many redirects (more than 5)``.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
