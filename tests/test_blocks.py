"""news.blocks: the walk from an article's tree to blocks with spans, figures, tables and embeds."""

from __future__ import annotations

import lxml.html

from news.blocks import blocks_of, resolve
from news.model import Block, Embed, Image, Span, Table

BASE = "https://news.example/world/story.html"


def walk(html: str, base: str | None = BASE) -> list[Block]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [piece.block for piece in blocks_of(root, base)]


def spans(block: Block) -> list[tuple[str, str, str | None]]:
    return [(block.text[s.start : s.end], s.kind, s.url) for s in block.spans]


def test_links_and_emphasis_are_spans_over_the_plain_text() -> None:
    (block,) = walk(
        "<p>Officials <a href='/report.pdf'>released  the report</a> on <em>Tuesday</em>, "
        "calling it <strong>final</strong> and citing <code>rule 12</code>.</p>"
    )
    assert block.text == "Officials released the report on Tuesday, calling it final and citing rule 12."
    assert spans(block) == [
        ("released the report", "link", "https://news.example/report.pdf"),
        ("Tuesday", "em", None),
        ("final", "strong", None),
        ("rule 12", "code", None),
    ]


def test_nested_spans_are_ordered_outer_first() -> None:
    (block,) = walk("<p>See <strong><a href='https://a.example/x'>this</a> now</strong>.</p>")
    assert spans(block) == [("this now", "strong", None), ("this", "link", "https://a.example/x")]


def test_bad_links_keep_their_text_and_lose_their_link() -> None:
    html = (
        "<p><a href='javascript:alert(1)'>one</a> <a href='data:text/html,x'>two</a> "
        "<a href='#top'>three</a> <a href='mailto:desk@news.example'>four</a></p>"
    )
    (block,) = walk(html)
    assert block.text == "one two three four"
    assert spans(block) == [("four", "link", "mailto:desk@news.example")]
    (alone,) = walk("<p><a href='/relative'>five</a> <a href='https://ok.example/'>six</a></p>", base=None)
    assert spans(alone) == [("six", "link", "https://ok.example/")]


def test_resolve() -> None:
    assert resolve(" ../a b\n.html ", BASE) == "https://news.example/a%20b.html"
    assert resolve("//cdn.example/x", BASE) == "https://cdn.example/x"
    assert resolve("JavaScript:void(0)", BASE) is None
    assert resolve("", BASE) is None


def test_a_link_around_two_paragraphs_is_a_span_in_each() -> None:
    blocks = walk("<a href='/x'><p>First part.</p><p>Second part.</p></a>")
    assert [spans(b) for b in blocks] == [
        [("First part.", "link", "https://news.example/x")],
        [("Second part.", "link", "https://news.example/x")],
    ]


def test_two_line_breaks_split_paragraphs_and_one_does_not() -> None:
    blocks = walk("<p>One line<br>same para<br> <br>Next <b>para</b></p>")
    assert [(b.text, spans(b)) for b in blocks] == [
        ("One line\nsame para", []),
        ("Next para", [("para", "strong", None)]),
    ]


def test_a_figure_is_one_image_block_with_caption_credit_and_the_best_size() -> None:
    html = """<p>Before.</p><figure>
      <picture>
        <source media="(max-width: 600px)" srcset="/small.jpg 600w">
        <source srcset="/img/800.webp 800w, /img/1600.webp 1600w, /img/3200.webp 3200w">
        <img src="/placeholder.gif" data-src="/img/lazy.jpg" alt="Boats in  the harbour"
             width="1600" height="900">
      </picture>
      <figcaption>Boats at dawn. <span class="credit">Photo: A. Lee/AP</span></figcaption>
    </figure><p>After.</p>"""
    before, figure, after = walk(html)
    assert (before.text, after.text) == ("Before.", "After.")
    assert figure.kind == "image" and figure.text == "Boats at dawn."
    assert figure.media == Image(
        "https://news.example/img/1600.webp",
        "Boats in the harbour",
        "Boats at dawn.",
        "Photo: A. Lee/AP",
        1600,
        900,
    )


def test_lazy_images_use_their_real_address() -> None:
    (block,) = walk("<img src='data:image/gif;base64,R0lGOD' data-src='/real.jpg' alt='A chart'>")
    assert block.media == Image("https://news.example/real.jpg", "A chart")
    assert block.text == ""  # alt text describes the picture; it is not the article's text


def test_pixels_spacers_icons_and_avatars_are_not_images() -> None:
    html = """<p>Text <img src="/t.gif" width="1" height="1"> more.</p>
      <img src="/img/spacer.gif"><img src="/i/share-icon.png"><img src="/a.png" class="author-avatar">
      <img src="/s.png" width="32" height="32"><img src="/u/photo.jpg">"""
    blocks = walk(html)
    assert [b.text for b in blocks if b.media is None] == ["Text more."]
    assert [b.media.url for b in blocks if isinstance(b.media, Image)] == ["https://news.example/u/photo.jpg"]


def test_a_data_table_is_one_block_and_its_words_count() -> None:
    html = """<table><caption>Rates</caption>
      <thead><tr><th>Year</th><th>Rate</th></tr></thead>
      <tbody><tr><td>2024</td><td>3 %</td></tr><tr><td colspan="2">Source: bank</td></tr></tbody></table>"""
    (block,) = walk(html)
    assert block.kind == "table"
    assert block.media == Table((("Year", "Rate"), ("2024", "3 %"), ("Source: bank", "")), 1, "Rates")
    assert block.text == "Year\tRate\n2024\t3 %\nSource: bank\t"


def test_a_layout_table_is_read_through() -> None:
    (block,) = walk("<table><tr><td><p>The story itself, in a <a href='/x'>box</a>.</p></td></tr></table>")
    assert block.kind == "paragraph" and spans(block) == [("box", "link", "https://news.example/x")]
    nested = walk("<table><tr><td>x</td><td><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr>"
                  "</table></td></tr></table>")  # fmt: skip
    assert [b.kind for b in nested] == ["paragraph", "table"]


def test_an_iframe_is_an_embed_with_its_link() -> None:
    (block,) = walk(
        "<p>Watch:</p><iframe src='https://video.example/embed/123' title='The launch'></iframe>"
    )[1:]
    assert block.kind == "embed"
    assert block.media == Embed("https://video.example/embed/123", "Video: The launch (video.example)")
    assert block.spans == (Span(0, len(block.text), "link", "https://video.example/embed/123"),)


def test_a_big_table_and_many_links_walk_without_recursion() -> None:
    rows = "".join(f"<tr><td>r{i}</td>" + "<td>c</td>" * 19 + "</tr>" for i in range(1000))
    (table,) = walk(f"<table>{rows}</table>")
    assert isinstance(table.media, Table) and len(table.media.rows) == 1000 and len(table.media.rows[0]) == 20
    links = " ".join(f"<a href='/l{i}'>link {i}</a>" for i in range(2000))
    (block,) = walk(f"<p>{links}</p>")
    assert len(block.spans) == 2000 and spans(block)[-1] == (
        "link 1999",
        "link",
        "https://news.example/l1999",
    )
    deep = "<div>" * 200 + "<p>deep <em>text</em></p>" + "</div>" * 200
    assert [spans(b) for b in walk(deep)] == [[("text", "em", None)]]


def test_a_saved_page_keeps_its_links_figure_caption_table_and_lead_image() -> None:
    from pathlib import Path

    from news.pipeline import article_from_html

    html = (Path(__file__).parent / "data" / "rich-article.html").read_text(encoding="utf-8")
    article = article_from_html(html, "rich-article.html")  # no URL: the canonical link is the base
    assert article.links == [("a link", "https://news.example/other")]
    lead = Image("https://news.example/media/lead.jpg", "Lead alt", "The harbour at dawn.")
    assert article.lead_image == lead and article.images == [lead]
    tables = [b.media for b in article.blocks if isinstance(b.media, Table)]
    assert tables == [Table((("Year", "Rate"), ("2024", "3%")), 1)]
    assert "Year\tRate\n2024\t3%" in article.text


def test_share_image_that_is_a_logo_is_not_the_lead() -> None:
    from news.leadimage import lead_image, share_image

    doc = lxml.html.document_fromstring(
        "<html><head><meta property='og:image' content='https://news.example/site-logo.png'></head>"
        "<body><p>x</p></body></html>"
    )
    assert share_image(doc, BASE) is None
    figure = Block("image", "", media=Image("https://news.example/f.jpg"))
    assert lead_image(None, [figure]) == Image("https://news.example/f.jpg")
