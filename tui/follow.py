"""Where a followed link opens: in byline (a web page) or in the browser (a file, a mail address...)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

_EXTENSIONS = Path(__file__).parent / "data" / "browser_extensions.txt"


@cache
def browser_extensions() -> frozenset[str]:
    """Endings of a path that name a file rather than a page (``tui/data/browser_extensions.txt``)."""
    lines = _EXTENSIONS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def opens_in_reader(url: str) -> bool:
    """True when ``url`` is an http(s) address whose path does not end in a file type byline cannot read.

    ``mailto:``, ``tel:`` and other schemes, and links to a PDF, a picture, a sound or an archive,
    are for the browser (or whatever the system opens them with).
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return False
    name = parts.path.rsplit("/", 1)[-1]
    ending = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ending not in browser_extensions()
