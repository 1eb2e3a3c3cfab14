"""Markdown sources: parsed by markdown-it-py into the blocks an HTML page gives, front matter as metadata."""

from __future__ import annotations

from pathlib import Path

from news.markdown import front_matter, looks_like_markdown
from news.model import Image, Table
from news.pipeline import article_from_text, load

DATA = Path(__file__).parent / "data"


def test_a_markdown_file_keeps_structure_links_images_and_tables() -> None:
    article = load(str(DATA / "harbour-notes.md"))
    assert (article.title, article.authors, article.published) == (
        "Notes on the harbour",
        ["Ann Lee", "Bo Park"],
        "2024-05-02",
    )
    assert article.links == [
        ("https://news.example/harbour", "https://news.example/harbour"),
        ("the report", "https://news.example/r.pdf"),
    ]
    assert article.images == [Image("https://news.example/boats.jpg", "Boats at dawn", "The boats at dawn.")]
    first = next(b for b in article.blocks if b.kind == "paragraph")
    assert "*" not in article.text and "<https" not in article.text
    assert [(first.text[s.start : s.end], s.kind) for s in first.spans][:2] == [
        ("harbour", "em"),
        ("Tuesday", "strong"),
    ]
    (table,) = [b.media for b in article.blocks if isinstance(b.media, Table)]
    assert table == Table((("Year", "Ships"), ("2023", "120"), ("2024", "98")), 1)
    items = [(b.text, b.level, b.marker) for b in article.blocks if b.kind == "item"]
    assert items == [("First point", 1, "1."), ("Second point", 1, "2."), ("nested one", 2, "-")]
    assert any(b.kind == "quote" for b in article.blocks)
    assert any(b.kind == "code" and b.text == 'print("hi")' for b in article.blocks)
    assert [s.title for s in article.sections] == ["Numbers"]


def test_standard_input_that_reads_as_markdown_is_parsed_as_markdown() -> None:
    text = "# Title here\n\nSome **strong** words and [a link](https://x.example/) in a long enough line.\n"
    article = article_from_text(text, "-")
    assert article.links == [("a link", "https://x.example/")]
    assert "**" not in article.text
    plain = article_from_text("Just a line of text, with a * in it, and more words.\n", "-")
    assert plain.links == [] and "*" in plain.text


def test_relative_links_in_a_local_file_keep_their_text_only() -> None:
    article = article_from_text("A [relative](other.md) link and [absolute](https://a.example/) one.", "n.md")
    assert article.links == [("absolute", "https://a.example/")]
    assert "relative link" in article.text


def test_front_matter_lists_and_quotes() -> None:
    meta = front_matter('title: "A: b"\nauthors:\n  - Ann\n  - Bo\ndate: 2024-01-02\n')
    assert (meta.title, meta.authors, meta.published) == ("A: b", ["Ann", "Bo"], "2024-01-02")


def test_detection_needs_two_signs() -> None:
    assert not looks_like_markdown("# one heading only\nand text")
    assert looks_like_markdown("# heading\n\nsee [x](https://a.example/)")
