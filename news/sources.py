"""Read a SOURCE argument (URL, file or ``-``) into bytes, and say whether it is HTML or text."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from news.errors import SourceError
from news.fetch import FetchLimits, fetch

Kind = Literal["html", "text"]
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


@dataclass(frozen=True, slots=True)
class RawSource:
    """A source's bytes before decoding; ``charset`` is what the server declared, if anything."""

    source: str
    body: bytes
    kind: Kind
    url: str | None = None
    charset: str | None = None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_source(source: str, *, limits: FetchLimits | None = None, stdin: BinaryIO | None = None) -> RawSource:
    """Read ``source``; raise :class:`SourceError` with a one-line reason when it cannot be read."""
    limits = limits or FetchLimits()
    if is_url(source):
        page = fetch(source, limits=limits)
        kind: Kind = "text" if page.content_type.startswith("text/plain") else "html"
        return RawSource(source, page.body, kind, page.url, page.charset)
    if "://" in source.split("/", 1)[0] + "/" or source.lower().startswith(("file:", "ftp:", "data:")):
        raise SourceError(source, "only http and https URLs, files and - are supported")
    if source == "-":
        stream = stdin or sys.stdin.buffer
        body = stream.read(limits.max_bytes + 1)
        _check_size(source, body, limits)
        return RawSource(source, body, sniff(body))
    path = Path(source)
    try:
        with path.open("rb") as handle:
            body = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise SourceError(source, "no such file") from None
    except IsADirectoryError:
        raise SourceError(source, "is a folder, not a file") from None
    except OSError as error:
        raise SourceError(source, error.strerror or str(error)) from None
    _check_size(source, body, limits)
    suffix = path.suffix.lower()
    kind = "html" if suffix in _HTML_SUFFIXES else "text" if suffix in _TEXT_SUFFIXES else sniff(body)
    return RawSource(source, body, kind)


def _check_size(source: str, body: bytes, limits: FetchLimits) -> None:
    if len(body) > limits.max_bytes:
        raise SourceError(source, f"larger than {limits.max_bytes // 1_000_000} MB")


def sniff(body: bytes) -> Kind:
    """HTML when the start of ``body`` looks like markup, else text."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markers = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<article", b"<div", b"<p>", b"<p ")
    return "html" if head.startswith(markers) or b"<html" in head else "text"
