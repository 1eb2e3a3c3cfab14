"""The one exception a source can fail with: it carries a line fit to show a person."""

from __future__ import annotations

from news.sanitize import safe_line


class SourceError(Exception):
    """A source could not be read, fetched or cleaned.

    ``str(error)`` is one line: the source and the reason, e.g.
    ``https://example.com/a: too many redirects (more than 5)``. Both parts are flattened to one line and
    stripped of control characters, since either can come from outside (a file name, a server's header).
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{safe_line(source)}: {safe_line(reason)}")
        self.source = source
        self.reason = reason


class TryLater(SourceError):
    """The server is busy or rate-limits us (HTTP 429 or 503): ask again later, not at once.

    ``retry_after`` is the wait in seconds its ``Retry-After`` header asked for, or None when it named none.
    """

    def __init__(self, source: str, reason: str, retry_after: float | None = None) -> None:
        super().__init__(source, reason)
        self.retry_after = retry_after


def failed_on(source: str, error: Exception, what: str = "page") -> SourceError:
    """The one line for an exception a parser raised on ``source`` (a bug or a limit of ours or of a library).

    It names the exception's type and the start of its message, flattened: some parser errors quote the
    whole page. ``what`` names the source's kind in the line ("page", "feed").
    """
    detail = " ".join(str(error).split())[:120] or "no detail"
    return SourceError(source, f"byline failed on this {what} ({type(error).__name__}: {detail})")
