"""The news domain: fetch, decode, clean and outline an article. Imports neither Textual nor TinyDB."""

from news.errors import SourceError
from news.fetch import FetchLimits
from news.formats import FORMATS, render
from news.model import Article, Block, Quote, Section
from news.pipeline import article_from_html, article_from_text, load
from news.sanitize import safe_text

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
