"""The article as byline understands it: body blocks, outline and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "item", "quote", "code", "image", "table", "embed"]
SpanKind = Literal["link", "em", "strong", "code"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: SpanKind
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 0
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Embed:
    url: str
    label: str


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the cleaned body, in reading order.

    ``level`` is the heading level as the page has it (1-6) for headings, the
    nesting depth (1 = top) for list items, and 0 otherwise. ``marker`` is the
    list marker of an item ("-", "1.", ...).
    """

    kind: BlockKind
    text: str
    level: int = 0
    marker: str = ""
    spans: tuple[Span, ...] = ()
    media: Image | Table | Embed | None = None


@dataclass(slots=True)
class Section:
    """A headed part of the body; ``block`` indexes its heading in ``Article.blocks``."""

    title: str
    level: int
    block: int
    children: list[Section] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "level": self.level,
            "children": [child.to_dict() for child in self.children],
        }


@dataclass(frozen=True, slots=True)
class Quote:
    """Something said, without its quote marks; ``block`` indexes the block it stands in."""

    text: str
    speaker: str | None
    section: str | None
    block: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "speaker": self.speaker, "section": self.section}


@dataclass(slots=True)
class Article:
    """A cleaned article and its outline (the JSON of CONTRACT.md, plus block anchors).

    ``blocks`` is the body in reading order; ``takeaways_block`` indexes the first
    block of the takeaways list (or is None when they were generated or absent).
    """

    source: str
    title: str
    url: str | None = None
    subtitle: str | None = None
    site: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    dateline: str | None = None
    lead: str = ""
    takeaways: list[str] = field(default_factory=list)
    takeaways_generated: bool = False
    takeaways_block: int | None = None
    sections: list[Section] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    lead_image: Image | None = None

    @property
    def text(self) -> str:
        """The body as plain text, paragraphs separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        """The outline exactly as CONTRACT.md defines it."""
        return {
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "subtitle": self.subtitle,
            "site": self.site,
            "authors": list(self.authors),
            "published": self.published,
            "dateline": self.dateline,
            "lead": self.lead,
            "takeaways": list(self.takeaways),
            "takeaways_generated": self.takeaways_generated,
            "sections": [section.to_dict() for section in self.sections],
            "quotes": [quote.to_dict() for quote in self.quotes],
            "text": self.text,
        }

    def to_record(self) -> dict[str, Any]:
        """Everything needed to rebuild this article offline (blocks and anchors included)."""
        record = self.to_dict()
        del record["text"]
        record["takeaways_block"] = self.takeaways_block
        record["blocks"] = [[b.kind, b.text, b.level, b.marker] for b in self.blocks]
        record["sections"] = [_section_record(s) for s in self.sections]
        record["quotes"] = [[q.text, q.speaker, q.section, q.block] for q in self.quotes]
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Article:
        """The inverse of :meth:`to_record`."""
        return cls(
            source=record["source"],
            title=record["title"],
            url=record.get("url"),
            subtitle=record.get("subtitle"),
            site=record.get("site"),
            authors=list(record.get("authors") or []),
            published=record.get("published"),
            dateline=record.get("dateline"),
            lead=record.get("lead") or "",
            takeaways=list(record.get("takeaways") or []),
            takeaways_generated=bool(record.get("takeaways_generated")),
            takeaways_block=record.get("takeaways_block"),
            sections=[_section_from_record(s) for s in record.get("sections") or []],
            quotes=[
                Quote(text, speaker, section, block) for text, speaker, section, block in record["quotes"]
            ],
            blocks=[Block(kind, text, level, marker) for kind, text, level, marker in record["blocks"]],
        )


def _section_record(section: Section) -> dict[str, Any]:
    return {
        "title": section.title,
        "level": section.level,
        "block": section.block,
        "children": [_section_record(child) for child in section.children],
    }


def _section_from_record(record: dict[str, Any]) -> Section:
    return Section(
        title=record["title"],
        level=record["level"],
        block=record["block"],
        children=[_section_from_record(child) for child in record.get("children") or []],
    )
