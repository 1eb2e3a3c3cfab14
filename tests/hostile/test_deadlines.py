"""Kind 1: every CPU loop of a fetch answers to the deadline, and fetch plus clean share one budget.

The trial's inputs: a gzip body of two members (a 70 KB first one) that made the decoder spin for ever on
one core, and a 7.5 MB page of 200,000 paragraphs that took 17-29 s and 225 MB to clean.
"""

from __future__ import annotations

import gzip
import os
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

import pytest

from news.fetch import FetchLimits, _Deadline, _Decoder, _Guard, fetch
from news.limits import Budget
from news.pipeline import article_from_html, load
from news.summary import split_sentences

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import LocalHTTPServer

FIRST = os.urandom(35_000).hex().encode()  # 70,000 bytes that do not compress: past the 65,536 cut-off
SECOND = b"<p>The second gzip member of the page.</p>"


def big_page(paragraphs: int = 200_000) -> str:
    """The trial's page: 7.5 MB, one short paragraph after another, a menu before them."""
    body = "".join(f"<p>Paragraph {n:06} of the page.</p>\n" for n in range(paragraphs))
    return (
        "<html><head><title>A very long page</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/w'>World</a></nav><article>{body}</article></body></html>"
    )


def test_two_gzip_members_are_both_decoded(http_server: LocalHTTPServer) -> None:
    body = gzip.compress(FIRST) + gzip.compress(SECOND)
    url = http_server.add("/two", body, headers={"Content-Encoding": "gzip"})
    assert fetch(url, limits=FetchLimits(deadline=10)).body == FIRST + SECOND


def test_members_split_across_network_reads_are_decoded(http_server: LocalHTTPServer) -> None:
    body = gzip.compress(FIRST) + gzip.compress(SECOND) + gzip.compress(b"") + gzip.compress(b"end")

    def in_pieces(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Encoding", "gzip")
        request.end_headers()  # no length: the body ends with the connection
        for start in range(0, len(body), 7):  # every member boundary falls somewhere inside a read
            request.wfile.write(body[start : start + 7])
            request.wfile.flush()

    url = http_server.handle("/pieces", in_pieces)
    assert fetch(url, limits=FetchLimits(deadline=10)).body == FIRST + SECOND + b"end"


def test_junk_after_the_last_member_is_ignored_as_gzip_does(http_server: LocalHTTPServer) -> None:
    body = gzip.compress(FIRST) + b"\0\0\0\0 trailing junk"
    url = http_server.add("/junk", body, headers={"Content-Encoding": "gzip"})
    assert fetch(url, limits=FetchLimits(deadline=10)).body == FIRST


def test_the_decoder_asks_the_deadline_between_steps() -> None:
    # Many tiny members cost CPU without any network read: the decoder itself must stop at the deadline.
    members = gzip.compress(b"x") * 1000
    expired = _Guard(time.monotonic() - 1)
    with pytest.raises(_Deadline):
        list(_Decoder("gzip", expired.remaining).feed(members))
    calls = []
    decoded = b"".join(_Decoder("gzip", lambda: calls.append(1)).feed(members))
    assert decoded == b"x" * 1000 and len(calls) >= 1000


def test_a_page_too_large_to_clean_in_the_budget_is_shown_as_plain_text() -> None:
    html = big_page(2_000).replace("<head>", '<head><meta property="og:title" content="Its OG title">')
    article = article_from_html(html, "big.html", budget=Budget(time.monotonic()))  # nothing left
    assert article.title == "A very long page"  # the <title>: the page's metadata is not read
    texts = [block.text for block in article.blocks]
    assert texts == [f"Paragraph {n:06} of the page." for n in range(2_000)]  # the menu is left out
    # With time to spare the same page gets the full clean, metadata and all.
    assert article_from_html(html, "big.html", budget=Budget.start(60)).title == "Its OG title"


def test_the_trials_page_of_200000_paragraphs_keeps_every_paragraph(tmp_path: Path) -> None:
    page = tmp_path / "big.html"
    page.write_text(big_page())
    assert 7_000_000 < page.stat().st_size < 8_000_000
    article = load(str(page))
    assert len(article.blocks) == 200_000
    assert article.blocks[-1].text == "Paragraph 199999 of the page."


def test_one_endless_sentence_is_split_in_linear_time() -> None:
    # Each piece starts in lower case, so all join one sentence: joining must not rescan what came before
    # (it did: 8,000 pieces took 35 s, so this input would outlast the test time-out by far).
    text = " ".join(f"word{n} said “quoted {n}.”" for n in range(40_000))
    [sentence] = split_sentences(text)
    assert sentence == text
