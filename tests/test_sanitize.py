"""news.sanitize, and proof that no control or bidi character reaches an Article from a hostile page."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest

from news.errors import SourceError
from news.model import Article, Block, Quote, Section
from news.pipeline import article_from_html, article_from_text
from news.sanitize import safe_article, safe_line, safe_text

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
EVIL = "\x1b\x07\u202e\u2066\u200f\x9b\x00\x7f"


@pytest.mark.parametrize(
    "char",
    [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]]
    + ["\u200e", "\u200f", "\u061c", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))],
)
def test_every_unsafe_character_is_removed(char: str) -> None:
    assert safe_text(f"a{char}b") == ("a\nb" if char == "\r" else "ab")


def test_tab_newline_and_real_text_survive() -> None:
    text = "Tab\there\nnew line — café, 東京, عربي, 😀, non\u00a0breaking, می\u200cخواهم, 👩\u200d💻"
    assert safe_text(text) == text


def test_soft_hyphens_and_zero_width_marks_leave_the_words_whole() -> None:
    assert safe_text("Bundes\u00adregierung zero\u200bwidth word\u2060joiner \ufeffstart") == (
        "Bundesregierung zerowidth wordjoiner start"
    )
    # As characters and as references, which become characters only inside the parser.
    html = (
        "<html><body><article><h1>Die Bundes&shy;regierung</h1>"
        + "<p>Die Bundes\u00adregierung hat am Mon&#x200B;tag den Haus&#173;halt beschlossen, sagte sie.</p>"
        * 4
        + "</article></body></html>"
    )
    article = article_from_html(html, "page.html")
    assert "Bundesregierung hat am Montag den Haushalt beschlossen" in article.text
    assert not re.search("[\u00ad\u200b]", json.dumps(article.to_dict(), ensure_ascii=False))


def test_carriage_returns_become_newlines_and_escape_sequences_lose_their_escape() -> None:
    assert safe_text("one\r\ntwo\rthree") == "one\ntwo\nthree"
    assert safe_text("\x1b]0;owned\x07\x1b[2Jtitle") == "]0;owned[2Jtitle"


def test_safe_line_is_one_line() -> None:
    assert safe_line("  a\n\tb \u202e c\r\n") == "a b c"


def _poisoned(value: Any) -> Any:
    if isinstance(value, str):
        return value + EVIL
    if isinstance(value, list):
        return [_poisoned(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: _poisoned(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    return value


def test_safe_article_reaches_every_string_field() -> None:
    article = Article(
        source="s",
        title="t",
        url="u",
        subtitle="st",
        site="si",
        authors=["a"],
        published="p",
        dateline="d",
        lead="l",
        takeaways=["k"],
        sections=[Section("h", 1, 0, [Section("h2", 2, 1)])],
        quotes=[Quote("q", "sp", "h", 1)],
        blocks=[Block("heading", "h", 1), Block("item", "i", 1, "-")],
    )
    poisoned = _poisoned(article)
    assert UNSAFE.search(json.dumps(poisoned.to_record(), ensure_ascii=False))
    cleaned = safe_article(poisoned)
    assert cleaned.to_record() == json.loads(json.dumps(article.to_record()))  # same shape, same words
    assert not UNSAFE.search(json.dumps(cleaned.to_record(), ensure_ascii=False))


HOSTILE = """<!DOCTYPE html><html><head>
<title>Head&#x202E;line &#27;[31mred\x1b[0m</title>
<meta property="og:site_name" content="Site&#x2067;Name&#7;">
<meta name="author" content="Ann&#x202D; Lee&#155;">
</head><body><article>
<h1>Head&#x202E;line &#27;[31mred\x1b[0m</h1>
<p>First paragraph with a bidi override &#x202E;txt.exe and an escape &#x1b;[2J sequence in it, long enough
to count as the body of an article that a reader would want to read in full.</p>
<h2>Sec&#x2066;tion</h2>
<p>“A quoted sentence with a hidden &#x200F;mark in it,” said Ann Lee, who spoke at length about
the matter at hand and added more words so that this paragraph is substantial.</p>
<p>Another paragraph \x07 with a raw bell and &#x9b; a C1 control, which must not survive either.</p>
</article></body></html>"""


def test_html_entities_cannot_smuggle_controls_into_the_article() -> None:
    article = article_from_html(HOSTILE, "hostile.html")
    record = json.dumps(article.to_record(), ensure_ascii=False)
    assert not UNSAFE.search(record)
    assert "Headline" in article.title
    assert "txt.exe" in article.text
    assert "Ann Lee" in json.dumps(article.to_dict(), ensure_ascii=False)


def test_plain_text_is_sanitized_too() -> None:
    article = article_from_text(f"Title{EVIL}\n\nBody line{EVIL} here.\n", "notes.txt")
    assert not UNSAFE.search(json.dumps(article.to_record(), ensure_ascii=False))
    assert "Body line here." in article.text


def test_error_lines_are_one_safe_line() -> None:
    error = SourceError("evil\x1b[2J\nname.html", "server said \u202ehello\r\nworld")
    assert str(error) == "evil[2J name.html: server said hello world"


def test_noncharacters_from_character_references_leave_the_article() -> None:
    # &#xFFFE; and &#xFFFF; parse into noncharacters (never text); a reader would draw them as boxes and
    # a search would keep them inside the word.
    page = (
        "<html><head><title>Harbour&#xFFFE; news</title></head><body><article><h1>Harbour news</h1>"
        "<p>The harbour&#xFFFF; board met on Monday and agreed&#xFDD0; the new ferry timetable for the "
        "summer, after a long debate about the cost of the extra crossings.</p>"
        "<p>The ferries will run every twenty minutes from June, the board said in its statement.</p>"
        "</article></body></html>"
    )
    article = article_from_html(page, "nonchar.html")
    record = json.dumps(article.to_record(), ensure_ascii=False)
    assert not re.search("[\ufdd0-\ufdef\ufffe\uffff]", record)
    assert article.title == "Harbour news"
    assert "The harbour board met on Monday and agreed the new ferry" in article.text
