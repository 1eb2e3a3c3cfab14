"""Hostile and broken input through the real CLI: an outline or one clear stderr line, never a traceback."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import LocalHTTPServer, PageMaker

ROOT = Path(__file__).resolve().parent.parent
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
WORDS = "The council voted on Tuesday to extend the program for another year after a long debate. "


@dataclass(frozen=True)
class Run:
    """What a CLI run left behind, its output decoded as UTF-8."""

    returncode: int
    stdout: str
    stderr: str


def dump(*sources: str, stdin: bytes = b"", fmt: str = "json") -> Run:
    """Run ``byline dump`` in a fresh interpreter, as a user would."""
    result = subprocess.run(
        [sys.executable, "-m", "byline", "dump", "--format", fmt, *sources],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    return Run(result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8"))


def one_error(result: Run, source: str) -> str:
    """The reason in the single stderr line of a failed dump of ``source``."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    prefix = f"byline: {source}: "
    assert lines[0].startswith(prefix), lines[0]
    return lines[0][len(prefix) :]


def outline(result: Run) -> dict[str, object]:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _deep(levels: int) -> bytes:
    inner = f"<h1>Deep page</h1><p>{WORDS * 3}</p><p>{WORDS * 2}</p>"
    return f"<html><body>{'<div>' * levels}{inner}{'</div>' * levels}</body></html>".encode()


def _random_bytes() -> bytes:
    generator = random.Random(7)
    return bytes(generator.randrange(1, 256) for _ in range(3000))  # no NUL byte to give it away


FILE_FAILURES: list[tuple[str, bytes, str]] = [
    ("empty.html", b"", "the file is empty"),
    ("blank.txt", b"  \n\n\t ", "the file is empty"),
    ("image.html", PNG, "not a web page or text (a PNG image)"),
    ("random.html", _random_bytes(), "not a web page or text (binary data)"),
    ("nulls.txt", b"text\x00\x01\x02" * 100, "not a web page or text (binary data)"),
    ("doc.html", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not a web page or text (a PDF document)"),
    (
        "login.html",
        b"<html><head><title>Sign in</title></head><body><nav><a href='/'>Home</a></nav>"
        b"<form><input name='user'><button>Go</button></form></body></html>",
        "no article text found on the page",
    ),
    (
        "bare.html",
        b"<html><head><title>x</title></head><body></body></html>",
        "no article text found on the page",
    ),
    ("comment.html", b"<!-- nothing but a comment -->", "no article text found on the page"),
]


@pytest.mark.parametrize(("name", "data", "reason"), FILE_FAILURES, ids=[case[0] for case in FILE_FAILURES])
def test_bad_files_give_one_line(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert one_error(dump(str(path)), str(path)) == reason


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p / "missing.html", "no such file"),
        (lambda p: p, "is a folder, not a file"),
    ],
    ids=["missing", "directory"],
)
def test_paths_that_are_not_files(tmp_path: Path, make: Callable[[Path], Path], reason: str) -> None:
    path = make(tmp_path)
    assert one_error(dump(str(path)), str(path)) == reason


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.html"
    path.write_bytes(b"<p>secret</p>")
    path.chmod(0)
    assert one_error(dump(str(path)), str(path)) == "permission denied"


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_file_that_fails_to_read() -> None:
    # Reading /proc/self/mem at offset 0 fails with EIO for any user, root included.
    assert one_error(dump("/proc/self/mem"), "/proc/self/mem") == "input/output error"


def test_stdin_empty_binary_html_and_text() -> None:
    assert one_error(dump("-"), "-") == "standard input is empty"
    assert one_error(dump("-", stdin=PNG), "-") == "not a web page or text (a PNG image)"
    html = outline(dump("-", stdin=f"<html><body><h1>Piped</h1><p>{WORDS * 3}</p></body></html>".encode()))
    assert html["title"] == "Piped"
    text = outline(dump("-", stdin=f"Piped notes\n\n{WORDS}\n".encode()))
    assert WORDS.strip() in str(text["text"])


def test_five_thousand_levels_of_nesting(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_bytes(_deep(5000))
    data = outline(dump(str(path)))
    assert data["title"] == "Deep page"
    assert WORDS.strip() in str(data["text"])


def test_five_megabyte_page(tmp_path: Path, article_page: PageMaker) -> None:
    paragraph = WORDS * 6
    path = tmp_path / "big.html"
    path.write_text(article_page("A very long page", [paragraph] * (5_000_000 // len(paragraph))))
    assert path.stat().st_size > 5_000_000
    data = outline(dump(str(path), fmt="json"))
    assert data["title"] == "A very long page"
    assert str(data["text"]).count(paragraph.strip()) > 5000


def test_invalid_utf8_and_no_title(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    body = f"<html><body><h1>Résumé of the day</h1><p>Café \xff\xfe naïve. {WORDS * 2}</p></body></html>"
    path.write_bytes(body.encode("latin-1").replace(b"\xe9", "é".encode()).replace(b"\xef", "ï".encode()))
    data = outline(dump(str(path)))
    assert data["title"] == "Résumé of the day"
    assert "Café \ufffd\ufffd naïve." in str(data["text"])


def test_failures_are_one_line_each_and_the_rest_still_print(
    http_server: LocalHTTPServer, tmp_path: Path, free_port: int, seed_html: Path, article_page: PageMaker
) -> None:
    good = http_server.add("/good", article_page("Good page", [WORDS * 3, WORDS * 2]))
    failures = {
        http_server.add("/gone", b"<p>Gone</p>", status=404): "HTTP 404 Not Found",
        http_server.add("/crash", b"<p>Oops</p>", status=500): "HTTP 500 Internal Server Error",
        http_server.add(
            "/paper.pdf", b"%PDF-1.4", content_type="application/pdf"
        ): "not a web page (application/pdf)",
        http_server.redirect(
            "/sneaky", "http://10.255.255.1/"
        ): "redirected to a private address (10.255.255.1)",
        http_server.redirect("/local", "file:///etc/passwd"): "redirected to a non-HTTP address (file:)",
        f"http://127.0.0.1:{free_port}/": f"connection refused by 127.0.0.1 port {free_port}",
        "http://news.invalid/story": "could not find the host news.invalid (DNS lookup failed)",
        "ftp://example.com/story.html": "unsupported address (ftp:); byline reads http(s) URLs, files and -",
        str(tmp_path / "missing.html"): "no such file",
    }
    for hop in range(7):
        http_server.redirect(f"/loop{hop}", f"/loop{hop + 1}")
    failures[http_server.url("/loop0")] = "too many redirects (more than 5)"
    sources = [good, *failures, str(seed_html)]
    result = dump(*sources, fmt="jsonl")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"byline: {source}: {reason}" for source, reason in failures.items()
    ]
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["source"] for item in printed] == [good, str(seed_html)]
    assert printed[0]["title"] == "Good page"


def test_a_page_that_starts_with_an_xml_declaration_keeps_its_article(tmp_path: Path) -> None:
    page = tmp_path / "xhtml.html"
    body = "".join(f"<p>{WORDS}</p>" for _ in range(4))
    page.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html><html><head><title>Vote</title></head>'
        f"<body><article>{body}</article></body></html>",
        encoding="utf-8",
    )
    result = dump(str(page))
    assert result.returncode == 0, result.stderr
    assert WORDS.strip() in str(outline(result)["text"])


def test_a_parser_error_that_quotes_the_page_stays_one_short_line(tmp_path: Path) -> None:
    page = tmp_path / "frames.html"
    page.write_text("<html><frameset>" + '<frame src="a.html">' * 5000 + "</frameset></html>")
    reason = one_error(dump(str(page)), str(page))
    assert len(reason) < 200
