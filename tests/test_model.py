"""news.model: inline spans, media blocks, derived links/images, and the storage record old and new."""

from __future__ import annotations

import json
from pathlib import Path

from news.model import Article, Block, Embed, Image, Span, Table
from news.sanitize import safe_article

DATA = Path(__file__).parent / "data"
PHOTO = Image("https://example.org/photo.jpg", "A harbour", "Boats at dawn.", "Photo: A. Lee", 1200, 800)


def rich_article() -> Article:
    return Article(
        source="s",
        title="t",
        blocks=[
            Block(
                "paragraph",
                "Read the report and the reply.",
                spans=(Span(5, 15, "link", "https://example.org/report"), Span(24, 29, "em")),
            ),
            Block("image", "Boats at dawn.", media=PHOTO),
            Block("table", "Year\tRate\n2024\t3%", media=Table((("Year", "Rate"), ("2024", "3%")), 1, "R")),
            Block("embed", "video", spans=(Span(0, 5, "link", "https://video.example/v/1"),),
                  media=Embed("https://video.example/v/1", "video")),
            Block("item", "plain item", 1, "-"),
        ],
        lead_image=Image("https://example.org/lead.jpg", "Lead"),
    )  # fmt: skip


def test_record_round_trip_keeps_spans_media_and_lead_image() -> None:
    article = rich_article()
    record = json.loads(json.dumps(article.to_record()))
    assert Article.from_record(record) == article


def test_plain_blocks_are_stored_in_the_old_four_field_shape() -> None:
    record = rich_article().to_record()
    assert record["blocks"][4] == ["item", "plain item", 1, "-"]
    assert "links" not in record and "images" not in record and "text" not in record


def test_a_record_saved_before_spans_and_media_still_loads() -> None:
    record = json.loads((DATA / "reader-ishiba.article.json").read_text(encoding="utf-8"))
    assert "lead_image" not in record and all(len(block) == 4 for block in record["blocks"])
    article = Article.from_record(record)
    assert article.blocks and all(b.spans == () and b.media is None for b in article.blocks)
    assert article.lead_image is None and article.links == [] and article.images == []
    assert article.to_record()["blocks"] == record["blocks"]


def test_a_span_outside_its_text_in_a_record_is_dropped() -> None:
    record = rich_article().to_record()
    record["blocks"][0][4].append([20, 999, "strong"])
    record["blocks"][0][4].append([1, 2, "blink"])
    assert Article.from_record(record).blocks[0].spans == rich_article().blocks[0].spans


def test_links_and_images_are_in_reading_order_with_the_lead_image_first() -> None:
    article = rich_article()
    assert article.links == [
        ("the report", "https://example.org/report"),
        ("video", "https://video.example/v/1"),
    ]
    assert [image.url for image in article.images] == ["https://example.org/lead.jpg", PHOTO.url]
    data = article.to_dict()
    assert data["links"][0] == {"text": "the report", "url": "https://example.org/report"}
    assert data["images"][1] == {"url": PHOTO.url, "alt": "A harbour", "caption": "Boats at dawn."}


def test_a_lead_image_the_body_shows_is_listed_once() -> None:
    article = rich_article()
    article.lead_image = PHOTO
    assert article.images == [PHOTO]


def test_with_text_moves_spans_with_a_cut_and_drops_those_cut_off() -> None:
    block = Block(
        "paragraph",
        "WASHINGTON (AP) — The senator said no.",
        spans=(Span(0, 10, "link", "https://example.org/dc"), Span(22, 29, "strong")),
    )
    cut = block.with_text("The senator said no.")
    assert cut.spans == (Span(4, 11, "strong"),)
    assert cut.text[4:11] == "senator"
    assert block.with_text("something else").spans == ()
    assert block.with_text(block.text) is block


def test_safe_article_keeps_spans_on_the_same_words_when_it_removes_characters() -> None:
    text = "a\u202eb\r\nthe link\rhere"
    block = Block(
        "paragraph",
        text,
        spans=(Span(text.index("the"), text.index("link") + 4, "link", "https://x.org/\x1b"),),
    )
    cleaned = safe_article(Article("s", "t", blocks=[block])).blocks[0]
    assert cleaned.text == "ab\nthe link\nhere"
    assert cleaned.text[cleaned.spans[0].start : cleaned.spans[0].end] == "the link"
    assert cleaned.spans[0].url == "https://x.org/"


def test_safe_article_cleans_media_strings() -> None:
    evil = Image("https://x.org/a.jpg\x1b", "alt\u202e", "cap\x07")
    article = safe_article(Article("s", "t", blocks=[Block("image", "cap", media=evil)], lead_image=evil))
    assert article.blocks[0].media == Image("https://x.org/a.jpg", "alt", "cap")
    assert article.lead_image == Image("https://x.org/a.jpg", "alt", "cap")
