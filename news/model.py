"""The article as byline understands it: body blocks (with inline runs and media), outline and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SpanKind = Literal["link", "em", "strong", "code"]
BlockKind = Literal["heading", "paragraph", "item", "quote", "code", "image", "table", "embed"]
SPAN_KINDS: frozenset[str] = frozenset({"link", "em", "strong", "code"})
BLOCK_KINDS: frozenset[str] = frozenset(
    {"heading", "paragraph", "item", "quote", "code", "image", "table", "embed"}
)


@dataclass(frozen=True, slots=True)
class Span:
    """An inline run inside :attr:`Block.text`: a link, emphasis, strong emphasis or inline code.

    ``start`` and ``end`` are character offsets into the block's text (``0 <= start < end <= len(text)``).
    ``url`` is set for links only: an absolute http(s) or mailto URL, resolved against the page's base.
    Spans of one block are in order of ``start``; they may nest (a link inside strong) but never cross.
    """

    start: int
    end: int
    kind: SpanKind
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of the article: absolute ``url``; ``width``/``height`` in CSS pixels when the page says."""

    url: str
    alt: str = ""
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The image as the outline JSON gives it (CONTRACT.md)."""
        return {"url": self.url, "alt": self.alt, "caption": self.caption}


@dataclass(frozen=True, slots=True)
class Table:
    """A data table: ``rows`` of cells as plain text; ``rows[:header_rows]`` are header rows."""

    rows: tuple[tuple[str, ...], ...]
    header_rows: int = 0
    caption: str = ""


@dataclass(frozen=True, slots=True)
class Embed:
    """Something the page embeds (a video, a social post) that a terminal cannot play: link and label."""

    url: str
    label: str


Media = Image | Table | Embed


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the cleaned body, in reading order.

    ``level`` is the heading level as the page has it (1-6) for headings, the
    nesting depth (1 = top) for list items, and 0 otherwise. ``marker`` is the
    list marker of an item ("-", "1.", ...). ``spans`` are the inline runs of ``text``.

    ``text`` is plain text for every kind, so counting, search and quotes need no markup: an image
    block's text is its caption (alt text describes the picture and is often the headline again, so it
    stays in ``media`` and out of the text); a table's its cells, tab-separated, one row a line;
    an embed's its label (with one link span over it, so its link is listed with the others).
    ``media`` holds the :class:`Image`, :class:`Table` or :class:`Embed` of those kinds, else None.
    """

    kind: BlockKind
    text: str
    level: int = 0
    marker: str = ""
    spans: tuple[Span, ...] = ()
    media: Image | Table | Embed | None = None

    def with_text(self, text: str) -> Block:
        """This block with ``text`` in place of its own; spans follow when ``text`` is a part of the old text.

        The outline cuts bylines and datelines off the front of a paragraph: the spans of what is left
        move with it, the ones that fall outside are dropped (and clipped where they straddle the cut).
        """
        if text == self.text:
            return self
        offset = self.text.find(text) if text else -1
        if offset < 0:
            return Block(self.kind, text, self.level, self.marker, (), self.media)
        spans = []
        for span in self.spans:
            start, end = max(span.start - offset, 0), min(span.end - offset, len(text))
            if start < end:
                spans.append(Span(start, end, span.kind, span.url))
        return Block(self.kind, text, self.level, self.marker, tuple(spans), self.media)


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
    # The subtitle was the body's opening (a dek under the headline, a standfirst paragraph) and left the
    # blocks so that the reader does not show it twice; the body's text still opens with it.
    dek_in_text: bool = False

    @property
    def text(self) -> str:
        """The body as plain text, paragraphs apart (the dek first when it was the body's opening)."""
        dek = [self.subtitle] if self.dek_in_text and self.subtitle else []
        return "\n\n".join(dek + [block.text for block in self.blocks if block.text])

    @property
    def links(self) -> list[tuple[str, str]]:
        """Every link of the body as (text, url), in reading order (an embed's link among them)."""
        return [
            (block.text[span.start : span.end], span.url)
            for block in self.blocks
            for span in block.spans
            if span.kind == "link" and span.url
        ]

    @property
    def images(self) -> list[Image]:
        """The article's images in reading order: the lead image first unless a body figure shows it."""
        figures = [block.media for block in self.blocks if isinstance(block.media, Image)]
        lead = self.lead_image
        if lead is not None and all(image.url != lead.url for image in figures):
            return [lead, *figures]
        return figures

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
            "links": [{"text": text, "url": url} for text, url in self.links],
            "images": [image.to_dict() for image in self.images],
            "text": self.text,
        }

    def to_record(self) -> dict[str, Any]:
        """Everything needed to rebuild this article offline (blocks and anchors included)."""
        record = self.to_dict()
        for derived in ("text", "links", "images"):
            del record[derived]
        record["takeaways_block"] = self.takeaways_block
        record["dek_in_text"] = self.dek_in_text
        record["blocks"] = [_block_record(block) for block in self.blocks]
        record["lead_image"] = _media_record(self.lead_image) if self.lead_image else None
        record["sections"] = [_section_record(s) for s in self.sections]
        record["quotes"] = [[q.text, q.speaker, q.section, q.block] for q in self.quotes]
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Article:
        """The inverse of :meth:`to_record`; records from before spans and media load as they were."""
        lead = _media_from_record(record.get("lead_image"))
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
            dek_in_text=record.get("dek_in_text") is True,
            sections=[_section_from_record(s) for s in record.get("sections") or []],
            quotes=[
                Quote(text, speaker, section, block) for text, speaker, section, block in record["quotes"]
            ],
            blocks=[_block_from_record(block) for block in record["blocks"]],
            lead_image=lead if isinstance(lead, Image) else None,
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


# A block's record is [kind, text, level, marker], then its spans and its media only when it has them, so a
# plain block is stored as before spans existed and an old record is a record of blocks without either.
# A span is [start, end, kind] or [start, end, "link", url]; media is a dict whose "type" names its class.


def _block_record(block: Block) -> list[Any]:
    record: list[Any] = [block.kind, block.text, block.level, block.marker]
    if block.spans or block.media is not None:
        record.append([_span_record(span) for span in block.spans])
    if block.media is not None:
        record.append(_media_record(block.media))
    return record


def _span_record(span: Span) -> list[Any]:
    if span.url is None:
        return [span.start, span.end, span.kind]
    return [span.start, span.end, span.kind, span.url]


def _media_record(media: Media) -> dict[str, Any]:
    if isinstance(media, Image):
        image: dict[str, Any] = {"type": "image", "url": media.url}
        for name in ("alt", "caption", "credit", "width", "height"):
            if getattr(media, name):
                image[name] = getattr(media, name)
        return image
    if isinstance(media, Table):
        return {
            "type": "table",
            "rows": [list(row) for row in media.rows],
            "header_rows": media.header_rows,
            "caption": media.caption,
        }
    return {"type": "embed", "url": media.url, "label": media.label}


def _block_from_record(record: list[Any]) -> Block:
    kind, text, level, marker = record[:4]
    length = len(text)
    spans = tuple(
        Span(item[0], item[1], item[2], item[3] if len(item) > 3 else None)
        for item in (record[4] if len(record) > 4 else None) or ()
        # A record edited by hand (or by a bug) must not put a span outside its text.
        if isinstance(item[0], int)
        and isinstance(item[1], int)
        and 0 <= item[0] < item[1] <= length
        and item[2] in SPAN_KINDS
    )
    media = _media_from_record(record[5]) if len(record) > 5 else None
    return Block(kind, text, level, marker, spans, media)


def _size(value: Any) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


def _media_from_record(record: Any) -> Media | None:
    if not isinstance(record, dict):
        return None
    kind = record.get("type")
    if kind == "image" and record.get("url"):
        return Image(
            str(record["url"]),
            str(record.get("alt") or ""),
            str(record.get("caption") or ""),
            str(record.get("credit") or ""),
            _size(record.get("width")),
            _size(record.get("height")),
        )
    if kind == "table":
        rows = tuple(tuple(str(cell) for cell in row) for row in record.get("rows") or ())
        return Table(rows, int(record.get("header_rows") or 0), str(record.get("caption") or ""))
    if kind == "embed" and record.get("url"):
        return Embed(str(record["url"]), str(record.get("label") or ""))
    return None
