"""The issue's minor faults: a truncated page and a broken chunked body each say one plain line."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from news.errors import SourceError
from news.fetch import FetchLimits, fetch
from news.pipeline import load

if TYPE_CHECKING:
    from conftest import LocalHTTPServer


@pytest.mark.parametrize(
    "page", ["<html><head><title>x</title></head>", "<html><head><title>x</title></head><body> </body>"]
)
def test_a_truncated_page_has_no_article_text(tmp_path: Path, page: str) -> None:
    path = tmp_path / "truncated.html"
    path.write_text(page)
    with pytest.raises(SourceError) as caught:
        load(str(path))
    assert caught.value.reason == "no article text found on the page"


@pytest.mark.parametrize("header", [b"zz\r\n", b"\x00\x01junk\r\n"])
def test_a_broken_chunked_body_quotes_no_python_repr(http_server: LocalHTTPServer, header: bytes) -> None:
    def broken(request: BaseHTTPRequestHandler) -> None:
        request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
        request.wfile.write(b"Transfer-Encoding: chunked\r\n\r\n")
        request.wfile.write(header + b"abc\r\n")
        request.close_connection = True

    url = http_server.handle("/chunked", broken)
    with pytest.raises(SourceError) as caught:
        fetch(url, limits=FetchLimits(deadline=10))
    assert caught.value.reason == "the server broke off the connection (illegal chunk header)"
