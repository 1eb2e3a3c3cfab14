"""The pieces of the article's inline rendering without a screen: link numbers, tables, wrapping, stores."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rich_support import linked, rich_article

from news.model import Article, Block, Span, Table
from storage.images import ImageStore
from tui.follow import opens_in_reader
from tui.widgets import wrapping
from tui.widgets.article_layout import LayoutOptions, layout_article
from tui.widgets.figure import placeholder_text
from tui.widgets.inline import index_links, styled_block
from tui.widgets.table_layout import MAX_MIN_COLUMN, column_widths, grid_lines


def test_links_are_numbered_in_reading_order_once_per_address() -> None:
    links = index_links(rich_article())
    assert [(ref.number, ref.text, ref.url) for ref in links.refs] == [
        (1, "Reuters", "https://reuters.example/"),
        (2, "full speech", "https://gov.example/speech"),
        (3, "long reply", "https://opp.example/reply.pdf"),
        (4, "Video: the vote", "https://video.example/vote"),
    ]
    assert links.numbers[(2, 0)] == 2  # "speech" in the third block: the same address as "full speech"
    assert links.get(0) is None and links.get(5) is None


def test_numbers_go_after_the_link_and_offsets_map_past_them() -> None:
    block = linked("Ask Ann and Bob now.", ("Ann", "https://a.example/"), ("Bob", "https://b.example/"))
    article = Article(source="x", title="x", blocks=[block])
    styled = styled_block(block, 0, index_links(article), numbers=True)
    assert styled.text == "Ask Ann[1] and Bob[2] now."
    assert ("link", "Ann") in [(role, styled.text[a:b]) for a, b, role in styled.runs]
    assert ("link-number", "[2]") in [(role, styled.text[a:b]) for a, b, role in styled.runs]
    # "and Bob" in the block's own text maps to the same words here, without the [1] before it.
    start, end = block.text.index("and"), block.text.index("Bob") + 3
    assert styled.text[styled.offset(start) : styled.offset(end, end=True)] == "and Bob"
    hidden = styled_block(block, 0, index_links(article), numbers=False)
    assert hidden.text == block.text and hidden.inserted == ()


def test_spans_out_of_range_or_of_unknown_kind_are_ignored() -> None:
    block = Block("paragraph", "short", spans=(Span(2, 99, "em"), Span(4, 2, "strong")))
    styled = styled_block(block, 0, index_links(Article(source="x", title="x")), numbers=True)
    assert styled.runs == ((2, 5, "em"),)


def test_a_control_character_in_styled_text_never_reaches_the_screen() -> None:
    block = Block("paragraph", "bad \x1b[31m link", spans=(Span(11, 15, "link", "https://x.example/"),))
    layout = layout_article(Article(source="x", title="t", blocks=[block]), 80)
    texts = [unit.text for unit in layout.units]
    assert all("\x1b" not in text for text in texts)


def test_column_widths_fit_the_measure_and_keep_words_whole() -> None:
    rows = [["Name", "A fairly long description of what the row is about"], ["x", "y"]]
    widths = column_widths(rows, 40)
    assert sum(widths) + 3 * len(widths) + 1 == 40
    assert widths[0] == 4
    # A table of words too long to fit gives each column its floor (and comes out wider).
    wide = [[f"{'w' * 30}{n}" for n in range(5)]]
    assert column_widths(wide, 40) == [MAX_MIN_COLUMN] * 5


def test_grid_lines_wrap_cells_and_rule_the_header() -> None:
    lines = grid_lines((("Year", "Note"), ("2024", "one two three four five six")), 1, 24)
    texts = [line.text for line in lines]
    assert texts[0].startswith("┌") and texts[-1].startswith("└")
    assert lines[1].role == "table-head" and "╞" in texts[2]
    assert all(wrapping.cells(text) <= 24 for text in texts)
    assert sum("2024" in text for text in texts) == 1 and len(texts) > 5  # the note wraps
    assert grid_lines((), 0, 40) == []
    ragged = grid_lines((("a", "b", "c"), ("d",)), 0, 40)
    assert len({wrapping.cells(line.text) for line in ragged}) == 1


def test_a_table_too_wide_is_laid_out_whole_for_sideways_scrolling() -> None:
    rows = (tuple(f"heading-number-{n}" for n in range(8)),)
    article = Article(source="x", title="t", blocks=[Block("table", "x", media=Table(rows))])
    layout = layout_article(article, 80)
    widths = [wrapping.cells(unit.text) for unit in layout.units if unit.role.startswith("table")]
    assert min(widths) > layout.text_width


def test_the_first_screens_of_a_long_article_begin_its_whole_layout() -> None:
    article = rich_article()
    article.blocks = article.blocks * 60
    whole = layout_article(article, 100)
    first = layout_article(article, 100, max_lines=50)
    assert whole.complete and not first.complete
    assert 50 <= len(first.lines) < len(whole.lines)
    for line_first, line_whole in zip(first.lines, whole.lines, strict=False):
        assert line_first.prefix == line_whole.prefix and line_first.start == line_whole.start
    assert [ref.url for ref in first.links.refs] == [ref.url for ref in whole.links.refs][
        : len(first.links.refs)
    ]


def test_pictures_off_give_one_placeholder_line_each() -> None:
    layout = layout_article(rich_article(), 80, LayoutOptions(figures=None))
    placeholders = [unit.text for unit in layout.units if unit.role == "figure-placeholder"]
    assert placeholders == ["▣ Harbour at dawn — The harbour at dawn"]


def test_placeholder_text_says_what_it_can() -> None:
    from news.model import Image

    assert placeholder_text(Image("u")) == "▣ picture"
    assert placeholder_text(Image("u", alt="A cat", caption="A cat")) == "▣ A cat"
    assert placeholder_text(Image("u", caption="Only a caption")) == "▣ Only a caption"
    assert placeholder_text(Image("u", alt="a\nb\x07c")) == "▣ a bc"


@pytest.mark.parametrize(
    ("url", "reader"),
    [
        ("https://news.example/2025/story", True),
        ("https://news.example/story.html", True),
        ("http://news.example/", True),
        ("https://news.example/report.PDF", False),
        ("https://news.example/photo.jpg?w=800", False),
        ("mailto:desk@news.example", False),
        ("tel:+441234", False),
        ("ftp://files.example/a.txt", False),
    ],
)
def test_what_opens_in_the_reader(url: str, reader: bool) -> None:
    assert opens_in_reader(url) is reader


def test_the_image_store_keeps_bytes_by_address(tmp_path: Path) -> None:
    store = ImageStore(tmp_path)
    assert store.get("https://a.example/p.png") is None
    store.put("https://a.example/p.png", b"one")
    store.put("https://a.example/q.png", b"two")
    assert store.get("https://a.example/p.png") == b"one"
    store.put("https://a.example/p.png", b"three")
    assert store.get("https://a.example/p.png") == b"three"
    files = sorted(path.name for path in (tmp_path / "images").rglob("*") if path.is_file())
    assert len(files) == 2 and not any(name.startswith(".") for name in files)  # no temp files left


def test_the_image_store_reports_a_failed_write(tmp_path: Path) -> None:
    (tmp_path / "images").write_text("a file where the folder should be", encoding="utf-8")
    with pytest.raises(OSError):
        ImageStore(tmp_path).put("https://a.example/p.png", b"x")


def test_ascii_wrapping_matches_the_general_wrapper() -> None:
    chance = random.Random(7)
    words = ["a", "bb", "word", "longerword", "x" * 30, " ", "  "]
    for _ in range(2000):
        text = "".join(
            chance.choice(words) + " " * chance.randint(0, 2) for _ in range(chance.randint(0, 25))
        )
        width = chance.randint(1, 40)
        fast: list[tuple[int, int]] = []
        general: list[tuple[int, int]] = []
        wrapping._wrap_ascii(text, 0, width, fast)
        wrapping._wrap_line(text, 0, width, general)
        assert fast == general
