"""The news domain: fetch, decode, clean and outline an article. Imports neither Textual nor TinyDB.

The public names load on first use, so ``import news.model`` (the reader does it before its first
paint) does not pull in lxml, readability and httpx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from news.errors import SourceError
    from news.formats import FORMATS, render
    from news.limits import FetchLimits
    from news.model import Article, Block, Quote, Section
    from news.pipeline import article_from_html, article_from_text, load
    from news.sanitize import safe_text

_HOME = {
    "FORMATS": "news.formats",
    "Article": "news.model",
    "Block": "news.model",
    "FetchLimits": "news.limits",
    "Quote": "news.model",
    "Section": "news.model",
    "SourceError": "news.errors",
    "article_from_html": "news.pipeline",
    "article_from_text": "news.pipeline",
    "load": "news.pipeline",
    "render": "news.formats",
    "safe_text": "news.sanitize",
}

__all__ = [
    "FORMATS",
    "Article",
    "Block",
    "FetchLimits",
    "Quote",
    "Section",
    "SourceError",
    "article_from_html",
    "article_from_text",
    "load",
    "render",
    "safe_text",
]


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'news' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
