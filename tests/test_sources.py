"""news.sources: which kind of source, HTML or text, and the refusals that come before any reading."""

from __future__ import annotations

import gzip
import io
from typing import TYPE_CHECKING

import pytest

from news.errors import SourceError
from news.fetch import FetchLimits
from news.sources import binary_kind, read_source, sniff

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import LocalHTTPServer

HTML = b"<!DOCTYPE html><html><body><p>Hello.</p></body></html>"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("a.html", "html"), ("a.HTM", "html"), ("a.xhtml", "html"), ("a.txt", "text"), ("a.md", "text")],
)
def test_file_kind_follows_the_suffix(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(HTML)
    raw = read_source(str(path))
    assert (raw.kind, raw.body, raw.origin, raw.url) == (kind, HTML, "file", None)


def test_file_without_a_known_suffix_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "page").write_bytes(b"\n  " + HTML)
    (tmp_path / "notes").write_bytes(b"Just a note.\nWith <b> in it.\n")
    assert read_source(str(tmp_path / "page")).kind == "html"
    assert read_source(str(tmp_path / "notes")).kind == "text"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (HTML, "html"),
        (b"\xef\xbb\xbf<html><p>x</p></html>", "html"),
        (b"<!-- saved page -->\n<div><p>x</p></div>", "html"),
        ("<html><p>x</p></html>".encode("utf-16"), "html"),
        (b"# A heading\n\nSome *markdown* text.\n", "text"),
        (b"A plain line of text.\n", "text"),
    ],
)
def test_stdin_is_sniffed(data: bytes, kind: str) -> None:
    raw = read_source("-", stdin=io.BytesIO(data))
    assert (raw.kind, raw.body, raw.origin) == (kind, data, "stdin")
    assert sniff(data) == kind


def test_url_kind_follows_the_content_type(http_server: LocalHTTPServer) -> None:
    html = http_server.add("/page", HTML)
    text = http_server.add("/notes.txt", b"Plain words.", content_type="text/plain; charset=utf-8")
    untyped = http_server.add("/untyped", HTML, content_type="application/octet-stream")
    assert read_source(html).kind == "html"
    assert read_source(text).kind == "text"
    assert read_source(text).charset == "utf-8"
    assert read_source(untyped).kind == "html"
    assert read_source(html).origin == "url"


def test_url_serving_binary_under_a_vague_type_is_refused(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/blob", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="application/octet-stream")
    with pytest.raises(SourceError, match=r"not a web page or text \(a PNG image\)"):
        read_source(url)


@pytest.mark.parametrize(
    ("source", "scheme"),
    [
        ("file:///etc/passwd", "file"),
        ("ftp://example.com/news.html", "ftp"),
        ("data:text/html,<p>hi</p>", "data"),
        ("javascript:alert(1)", "javascript"),
        ("gopher://example.com/", "gopher"),
    ],
)
def test_other_schemes_are_refused(source: str, scheme: str) -> None:
    with pytest.raises(SourceError) as caught:
        read_source(source)
    assert caught.value.reason == f"unsupported address ({scheme}:); byline reads http(s) URLs, files and -"


def test_a_file_whose_name_looks_like_a_scheme_is_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news:today.html").write_bytes(HTML)
    assert read_source("news:today.html").body == HTML


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p / "missing.html", "no such file"),
        (lambda p: p, "is a folder, not a file"),
        (lambda p: p / "missing" / "x.html", "no such file"),
    ],
)
def test_unreadable_paths(tmp_path: Path, make: object, reason: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(SourceError) as caught:
        read_source(str(path))
    assert caught.value.reason == reason


def test_size_cap_applies_to_files_and_stdin(tmp_path: Path) -> None:
    limits = FetchLimits(max_bytes=1_000)
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"a" * 2_000 + b"</p>")
    with pytest.raises(SourceError, match=r"larger than 0\.001 MB"):
        read_source(str(big), limits=limits)
    with pytest.raises(SourceError, match="larger than"):
        read_source("-", limits=limits, stdin=io.BytesIO(big.read_bytes()))
    assert read_source(str(big), limits=FetchLimits(max_bytes=2_007)).body == big.read_bytes()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"%PDF-1.7\n%\xe2\xe3", "a PDF document"),
        (b"PK\x03\x04\x14\x00", "a ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00", "gzip-compressed data"),
        (b"abc\x00def", "binary data"),
        (b"<p>text</p>", None),
        ("<p>wide</p>".encode("utf-16"), None),
    ],
)
def test_binary_kind(data: bytes, kind: str | None) -> None:
    assert binary_kind(data) == kind


def test_a_page_saved_gzip_compressed_is_read_as_its_inner_name_says(tmp_path: Path) -> None:
    page = b"<html><body><p>Kept compressed.</p></body></html>"
    saved = tmp_path / "story.html.gz"
    saved.write_bytes(gzip.compress(page))
    raw = read_source(str(saved))
    assert (raw.body, raw.kind) == (page, "html")
    notes = tmp_path / "notes.txt.gz"
    notes.write_bytes(gzip.compress(b"<p> is text here</p>"))
    assert read_source(str(notes)).kind == "text"
    assert read_source("-", stdin=io.BytesIO(gzip.compress(page))).body == page


def test_a_gzip_bomb_or_broken_gzip_is_refused_in_one_line(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"a" * 5_000_000))
    with pytest.raises(SourceError, match=r"larger than 0\.01 MB once decompressed"):
        read_source(str(bomb), limits=FetchLimits(max_bytes=10_000))
    cut = tmp_path / "cut.html.gz"
    words = " ".join(f"word{n}" for n in range(20_000)).encode()  # compresses to well over 200 bytes
    cut.write_bytes(gzip.compress(b"<p>" + words + b"</p>")[:200])
    with pytest.raises(SourceError, match="cut short"):
        read_source(str(cut))
    corrupt = tmp_path / "corrupt.html.gz"
    corrupt.write_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 40)
    with pytest.raises(SourceError, match="corrupt"):
        read_source(str(corrupt))
