"""Plain-text and Markdown sources to blocks."""

from __future__ import annotations

from pathlib import Path

from news.model import Block
from news.plaintext import text_blocks

SEED = Path(__file__).parent / "data" / "newslooks-ishiba.txt"


def kinds(blocks: list[Block]) -> list[tuple[str, str, int]]:
    return [(b.kind, b.text, b.level) for b in blocks]


def test_seed_headings_lists_and_images() -> None:
    blocks = text_blocks(SEED.read_text(encoding="utf-8"))
    headings = {b.text: b.level for b in blocks if b.kind == "heading"}
    assert headings["Deep Look: Ishiba’s Strategic White House Visit"] == 2
    assert headings["1. U.S.-Japan Trade & Investment"] == 3
    assert headings["What’s at Stake?"] == 4  # a repeated run-in label sits under the numbered head
    assert headings["What’s Next?"] == 2
    # Lines that end in a colon introduce a list; they are not headings.
    assert "Why This Visit Matters:" not in headings
    assert "To prepare, Ishiba met with:" not in headings
    assert not any("![](" in b.text or "wp-content" in b.text for b in blocks)
    assert not any("Register or Login" in b.text for b in blocks)
    items = [b for b in blocks if b.kind == "item"]
    assert items[0].text.startswith("First White House Meeting with Trump:")
    assert all(b.marker == "-" and b.level == 1 for b in items)
    # Quotes are paragraphs, never headings, even when short.
    assert all(not b.text.startswith("“") for b in blocks if b.kind == "heading")


def test_short_last_line_is_not_a_heading() -> None:
    blocks = text_blocks("A Title Line\nSome paragraph text that follows the title line here.\nThe End")
    assert kinds(blocks) == [
        ("heading", "A Title Line", 2),
        ("paragraph", "Some paragraph text that follows the title line here.", 0),
        ("paragraph", "The End", 0),
    ]


def test_a_long_run_of_short_lines_is_not_headings() -> None:
    lines = [
        "Apples",
        "Pears",
        "Plums",
        "Cherries",
        "Grapes",
        "A paragraph of text that follows the short lines.",
    ]
    assert all(b.kind == "paragraph" for b in text_blocks("\n".join(lines)))


def test_numbered_lines_in_a_run_are_a_list() -> None:
    blocks = text_blocks(
        "Steps\n1. Preheat the oven\n2. Mix the flour\n3. Bake it\nServe warm with butter and jam."
    )
    assert [b.kind for b in blocks] == ["heading", "item", "item", "item", "paragraph"]
    assert [b.marker for b in blocks[1:4]] == ["1.", "2.", "3."]


def test_markdown_source() -> None:
    text = """# The Title

Intro paragraph with **bold** and a [link](https://example.org/a_(b)).

## Part one

> A quoted line
> that continues.

- item one
  - nested item
1. first
2. second

![alt](https://example.org/pic.jpg)

```
code   stays   as is
```

Setext Heading
--------------
"""
    assert kinds(text_blocks(text)) == [
        ("heading", "The Title", 1),
        ("paragraph", "Intro paragraph with bold and a link.", 0),
        ("heading", "Part one", 2),
        ("quote", "A quoted line\nthat continues.", 0),
        ("item", "item one", 1),
        ("item", "nested item", 2),
        ("item", "first", 1),
        ("item", "second", 1),
        ("code", "code   stays   as is", 0),
        ("heading", "Setext Heading", 2),
    ]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "The council met on Tuesday evening to discuss\n"
        "the budget for the coming year in detail.\n"
        "\n"
        "Members argued about the schools and the\n"
        "roads for several hours before voting.\n"
    )
    assert kinds(text_blocks(text)) == [
        (
            "paragraph",
            "The council met on Tuesday evening to discuss the budget for the coming year in detail.",
            0,
        ),
        ("paragraph", "Members argued about the schools and the roads for several hours before voting.", 0),
    ]


def test_one_paragraph_per_line_with_blank_lines_between() -> None:
    text = "A Heading Here\n\nFirst paragraph of the story is this line.\n\nSecond paragraph is this line.\n"
    assert [b.kind for b in text_blocks(text)] == ["heading", "paragraph", "paragraph"]


def test_empty_and_furniture_only_text() -> None:
    assert text_blocks("") == []
    assert text_blocks("\n\nADVERTISEMENT\n\n") == []


def test_front_matter_becomes_headline_byline_and_date() -> None:
    text = '---\ntitle: "Harbour wall"\nauthor: Ann Lee\ndate: 2024-03-05\ntags: [city]\n---\n'
    text += "\nThe city will act.\n"
    assert kinds(text_blocks(text)) == [
        ("heading", "Harbour wall", 1),
        ("paragraph", "By Ann Lee", 0),
        ("paragraph", "2024-03-05", 0),
        ("paragraph", "The city will act.", 0),
    ]


def test_a_rule_at_the_top_without_closing_is_not_front_matter() -> None:
    assert kinds(text_blocks("---\nJust text here.\n")) == [("paragraph", "Just text here.", 0)]


def test_wrapped_text_with_a_heading_line_on_top_of_its_paragraph() -> None:
    text = (
        "The Budget Vote\n"
        "The council met on Tuesday evening to discuss the budget for\n"
        "the coming year in some detail and at great length.\n"
        "\n"
        "Members argued about the schools and the roads for several\n"
        "hours before they finally voted on the whole plan.\n"
    )
    assert [b.kind for b in text_blocks(text)] == ["heading", "paragraph", "paragraph"]
