"""Build the outline of an article from its body blocks and the page's metadata."""

from __future__ import annotations

import re

from news.metadata import Metadata
from news.model import Article, Block, Quote, Section

_QUOTE = re.compile(r"[“\"«「]([^”\"»」]{8,})[”\"»」]")


def build_article(source: str, blocks: list[Block], meta: Metadata) -> Article:
    """Assemble an :class:`Article`: headline, takeaways, sections and quotes from ``blocks``."""
    title = meta.title or next((b.text for b in blocks if b.kind == "heading"), "") or source
    sections: list[Section] = []
    quotes: list[Quote] = []
    current: str | None = None
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            sections.append(Section(block.text, 1, index))
            current = block.text
        for match in _QUOTE.finditer(block.text):
            quotes.append(Quote(match.group(1), None, current, index))
    lead = next((b.text for b in blocks if b.kind == "paragraph"), "")
    return Article(source=source, title=title, url=meta.url, subtitle=meta.subtitle, site=meta.site,
                   authors=list(meta.authors), published=meta.published, lead=lead,
                   sections=sections, quotes=quotes, blocks=blocks)
