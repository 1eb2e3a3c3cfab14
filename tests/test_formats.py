"""The dump formats: JSON, JSON lines, plain text and Markdown."""

from __future__ import annotations

import json
import re
from pathlib import Path

from news import load
from news.formats import escape_markdown, render
from news.metadata import Metadata
from news.model import Article, Block
from news.outline import build_article

DATA = Path(__file__).parent / "data"
LONG = "The council met on Tuesday evening to discuss the budget for the coming year in some detail."


def hostile() -> Article:
    blocks = [
        Block("paragraph", LONG),
        Block("heading", "## Injected [link](javascript:alert(1))", 2),
        Block("paragraph", "# Not a heading\n> not a quote\n- not an item\n1. not a list"),
        Block("paragraph", "<script>alert(1)</script> and *stars* and `ticks` and | pipes |"),
        Block("item", "- nested marker", 1, "-"),
        Block("quote", "“We will rebuild the bridge this year,” Ann Lee said."),
        Block("code", "``` fence inside\nprint('x')"),
    ]
    return build_article("test", blocks, Metadata(title="# Title [x](y)", site="Site", authors=["Ann Lee"]))


def test_json_is_the_contract_outline() -> None:
    article = load(str(DATA / "newslooks-ishiba.html"))
    data = json.loads(render(article, "json"))
    assert data == json.loads(json.dumps(article.to_dict()))
    assert data["title"] == "Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit"


def test_jsonl_is_one_line_even_with_line_separators_in_text() -> None:
    article = build_article(
        "t", [Block("paragraph", f"{LONG}\u2028second\u2029third\nfourth")], Metadata(title="T")
    )
    line = render(article, "jsonl")
    assert "\n" not in line
    assert len(line.splitlines()) == 1
    assert json.loads(line)["text"].endswith("third\nfourth")


def test_text_is_the_body_with_blank_lines_between_paragraphs() -> None:
    article = load(str(DATA / "newslooks-ishiba.txt"))
    text = render(article, "text")
    assert text.startswith("Japanese Prime Minister Shigeru Ishiba made a whirlwind trip")
    assert "\n\nHis 24-hour trip included a working lunch" in text
    # A list's items stand on consecutive lines.
    assert (
        "- Biden blocked the deal in January, citing national security concerns.\n- Trump also opposed it"
        in text
    )
    assert "Newslooks/" not in text and "Register or Login" not in text


def test_markdown_of_the_seed() -> None:
    md = render(load(str(DATA / "newslooks-ishiba.html")), "markdown")
    lines = md.splitlines()
    assert lines[0] == "# Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit"
    assert "*Japan’s Ishiba Meets Trump, Navigates Trade, Defense & AI Talks*" in lines
    assert "Newslooks · By J. Mansour · 2025-02-07 · WASHINGTON" in lines
    assert "## Key takeaways" in lines
    assert md.count("First White House Meeting with Trump") == 1  # listed once, under Key takeaways
    assert "## Deep Look: Ishiba’s Strategic White House Visit" in lines
    assert "### Building a Bond with Trump" in lines
    assert "#### 1. U.S.-Japan Trade & Investment" in lines
    assert "Ishiba’s Washington Visit: Key Takeaways" not in md


def _inline_kinds(md: str) -> set[str]:
    """Every kind of Markdown token a CommonMark + GFM parser finds in ``md``, inline ones included."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    kinds: set[str] = set()
    for token in parser.parse(md):
        kinds.add(token.type)
        kinds.update(child.type for child in token.children or [])
    return kinds


def test_markdown_page_text_cannot_add_structure() -> None:
    md = render(hostile(), "markdown")
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "# \\# Title [x\\](y)",
        "## Summary (chosen by byline)",
        "## \\#\\# Injected [link\\](javascript:alert(1))",
    ]
    kinds = _inline_kinds(md)
    # Page text made no links, images, HTML, emphasis, code spans, strike-through or tables.
    assert not kinds & {
        "link_open",
        "image",
        "html_inline",
        "html_block",
        "em_open",
        "strong_open",
        "code_inline",
        "s_open",
        "table_open",
    }
    # The only structure is byline's own: headings, paragraphs, one list, the quote, the code block.
    assert kinds & {"heading_open", "bullet_list_open", "blockquote_open", "fence"} == {
        "heading_open",
        "bullet_list_open",
        "blockquote_open",
        "fence",
    }
    assert "ordered_list_open" not in kinds
    body = [line.rstrip() for line in md.splitlines()]
    assert "\\# Not a heading" in body and "\\> not a quote" in body and "1\\. not a list" in body
    assert "- \\- nested marker" in body
    assert "> “We will rebuild the bridge this year,” Ann Lee said." in body
    # The code block's fence is longer than any run of backticks inside it.
    assert "````" in body and "print('x')" in body


def test_escaping_keeps_ordinary_prose_readable() -> None:
    assert escape_markdown("a ~ b, 5 * 3, a < b, snake_case, [note] and C:\\path") == (
        "a ~ b, 5 * 3, a < b, snake_case, [note] and C:\\path"
    )
    md = escape_markdown("Man** said ~~no~~ to _this_ and ![img](u) <b>")
    assert _inline_kinds(md) <= {"paragraph_open", "paragraph_close", "inline", "text", "softbreak"}


def test_generated_takeaways_are_labelled_as_such() -> None:
    sentences = [
        f"The harbour project number {i} will cost the city more money than planned." for i in range(6)
    ]
    article = build_article("t", [Block("paragraph", s) for s in sentences], Metadata(title="Harbour"))
    md = render(article, "markdown")
    assert "## Summary (chosen by byline)" in md
    assert article.takeaways_generated


def test_escape_markdown_leaves_plain_prose_alone() -> None:
    prose = "Prices rose 3.5% in May, the bureau said; 1. was not a list here."
    assert escape_markdown(prose) == prose
    assert re.fullmatch(r"\\=+", escape_markdown("==="))


def test_markdown_links_only_web_addresses() -> None:
    article = hostile()
    article.url = "javascript:alert(1)"
    assert "javascript:alert(1)>" not in render(article, "markdown")
    article.url = "https://example.org/a b<c>"
    assert "<https://example.org/a%20b%3Cc%3E>" in render(article, "markdown")


def _rich() -> Article:
    from news.model import Image, Span, Table

    text = "Read [the] report, *really*, and the `cfg` note."
    return Article(
        source="s",
        title="Rich",
        blocks=[
            Block(
                "paragraph",
                text,
                spans=(
                    Span(5, 17, "link", "https://ex.org/a (b)"),
                    Span(11, 17, "strong"),
                    Span(19, 27, "em"),
                    Span(text.index("`"), text.index("`") + 5, "code"),
                ),
            ),
            Block("image", "Boats.", media=Image("https://ex.org/i.jpg", "A [harbour]", "Boats.", "AP")),
            Block("table", "Y\tR\n2024\t3|4", media=Table((("Y", "R"), ("2024", "3|4")), 1)),
            Block(
                "item", "# not a heading, see docs", 1, "-", spans=(Span(21, 25, "link", "https://ex.org/d"),)
            ),
        ],
        lead_image=Image("https://ex.org/lead.jpg", "Lead"),
    )


def test_markdown_writes_links_emphasis_images_and_tables_that_parse_back() -> None:
    from markdown_it import MarkdownIt

    markdown = render(_rich(), "markdown")
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert '<a href="https://ex.org/a%20%28b%29">[the] <strong>report</strong></a>' in html
    assert "<em>*really*</em>" in html and "<code>`cfg`</code>" in html
    assert '<img src="https://ex.org/i.jpg" alt="A [harbour]" />' in html
    assert "<p><em>Boats. — AP</em></p>" in html
    assert '<img src="https://ex.org/lead.jpg" alt="Lead" />' in html
    assert "<th>Y</th>" in html and "<td>3|4</td>" in html
    assert '<li># not a heading, see <a href="https://ex.org/d">docs</a></li>' in html
    assert html.index("lead.jpg") < html.index("report")
