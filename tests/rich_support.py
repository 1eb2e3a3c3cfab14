"""Articles with links, emphasis, pictures and tables for the reader tests, and pictures to serve."""

from __future__ import annotations

import io

from news.model import Article, Block, Embed, Image, Span, SpanKind, Table


def png(width: int, height: int, colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """A PNG of one colour with a white band across its top half (so half-cell rows differ)."""
    from PIL import Image as PILImage

    picture = PILImage.new("RGB", (width, height), colour)
    for x in range(width):
        for y in range(height // 2):
            picture.putpixel((x, y), (250, 250, 250))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def linked(text: str, *links: tuple[str, str]) -> Block:
    """A paragraph whose words ``links[i][0]`` link to ``links[i][1]``."""
    spans = []
    for words, url in links:
        start = text.index(words)
        spans.append(Span(start, start + len(words), "link", url))
    return Block("paragraph", text, spans=tuple(spans))


def styled(text: str, *runs: tuple[str, SpanKind]) -> Block:
    """A paragraph whose words ``runs[i][0]`` have the span kind ``runs[i][1]``."""
    spans = []
    for words, kind in runs:
        start = text.index(words)
        spans.append(Span(start, start + len(words), kind))
    return Block("paragraph", text, spans=tuple(spans))


def rich_article(
    image_url: str = "https://pictures.example/harbour.png", url: str | None = "https://news.example/story"
) -> Article:
    """A short story with three links (one twice), emphasis, a picture, a table and an embed."""
    first = "The minister spoke to Reuters on Monday, and the full speech is online."
    second = "Critics called it bold and overdue; the speech drew a long reply from the opposition."
    emphasis = "It was, she said, a strong start for the plan."
    return Article(
        source="rich.html",
        url=url,
        title="Harbour plan approved",
        site="News Example",
        blocks=[
            linked(
                first, ("Reuters", "https://reuters.example/"), ("full speech", "https://gov.example/speech")
            ),
            Block(
                "image",
                "The harbour at dawn",
                media=Image(
                    image_url, alt="Harbour at dawn", caption="The harbour at dawn", credit="A. Photographer"
                ),
            ),
            linked(
                second,
                ("speech", "https://gov.example/speech"),
                ("long reply", "https://opp.example/reply.pdf"),
            ),
            styled(emphasis, ("she", "em"), ("strong", "strong"), ("plan", "code")),
            Block("heading", "The figures", 2),
            Block(
                "table",
                "Year Ships 2024 120 2025 180",
                media=Table(
                    (("Year", "Ships", "Note"), ("2024", "120", "before the plan"), ("2025", "180", "after")),
                    1,
                ),
            ),
            Block("embed", "Video: the vote", media=Embed("https://video.example/vote", "Video: the vote")),
            Block("paragraph", "The work starts in spring."),
        ],
    )


def wide_table_article(columns: int = 14) -> Article:
    """An article holding one table too wide for any measure (it scrolls sideways)."""
    header = tuple(f"Column{n:02d}-heading" for n in range(columns))
    rows = (header, *(tuple(f"value-{r}-{c}-long" for c in range(columns)) for r in range(3)))
    return Article(
        source="wide.html",
        title="A wide table",
        blocks=[Block("paragraph", "Before the table."), Block("table", "cells", media=Table(rows, 1))],
    )
