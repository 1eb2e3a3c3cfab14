"""Read a SOURCE argument (URL, file or ``-``) into bytes, and say whether it is HTML or text."""

from __future__ import annotations

import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from news.decode import decodes_as_wide
from news.errors import SourceError
from news.limits import FetchLimits, megabytes

Kind = Literal["html", "text"]
Origin = Literal["url", "file", "stdin"]

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
_TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Schemes a person might paste that are not files: refused by name even without "//" (data:, mailto:...).
_KNOWN_SCHEMES = frozenset(
    {
        "file",
        "ftp",
        "ftps",
        "sftp",
        "data",
        "javascript",
        "mailto",
        "about",
        "gopher",
        "ws",
        "wss",
        "ssh",
        "news",
    }
)
# Signatures of the binary files people most often pass by mistake, to name them in the error.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x7fELF", "a program"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True, slots=True)
class RawSource:
    """A source's bytes before decoding; ``charset`` is what the server declared, if anything."""

    source: str
    body: bytes
    kind: Kind
    url: str | None = None
    charset: str | None = None
    origin: Origin = "file"


def is_url(source: str) -> bool:
    """Whether ``source`` is an http or https URL."""
    return source.lower().startswith(("http://", "https://"))


def read_source(
    source: str,
    *,
    limits: FetchLimits | None = None,
    stdin: BinaryIO | None = None,
    origin: str | None = None,
) -> RawSource:
    """Read ``source``; raise :class:`SourceError` with a one-line reason when it cannot be read.

    ``origin`` is the address the user typed that led to a URL ``source`` (see :func:`news.fetch.fetch`);
    None when ``source`` itself was typed.
    """
    limits = limits or FetchLimits()
    if not source.strip():
        # An empty path would name the current folder.
        raise SourceError(source, "an empty name: give a URL, a file or -")
    if is_url(source):
        # httpx loads only for URLs: reading a file or stdin should not wait for it.
        from news.fetch import fetch

        page = fetch(source, limits=limits, origin=origin)
        kind: Kind = "text" if page.content_type in _TEXT_TYPES else "html"
        if page.content_type not in _TEXT_TYPES and page.content_type not in {
            "text/html",
            "application/xhtml+xml",
        }:
            kind = sniff(page.body)  # no type, or octet-stream: let the bytes decide
        _refuse_binary(source, page.body, page.charset)
        return RawSource(source, page.body, kind, page.url, page.charset, "url")
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            body = stream.read(limits.max_bytes + 1)
        except OSError as error:
            raise SourceError("standard input", _os_reason(error)) from None
        _check_size(source, body, limits)
        if body.startswith(_GZIP_MAGIC):  # zcat left out of a pipe
            body = _gunzip("standard input", body, limits)
        _refuse_binary(source, body)
        return RawSource(source, body, sniff(body), origin="stdin")
    scheme = _SCHEME.match(source)
    looks_like_address = scheme is not None and (
        source[scheme.end() :].startswith("//") or scheme.group(1).lower() in _KNOWN_SCHEMES
    )
    if scheme is not None and looks_like_address and not Path(source).exists():
        name = scheme.group(1).lower()
        raise SourceError(source, f"unsupported address ({name}:); byline reads http(s) URLs, files and -")
    path = Path(source)
    try:
        with path.open("rb") as handle:
            body = handle.read(limits.max_bytes + 1)
    except OSError as error:
        raise SourceError(source, _os_reason(error)) from None
    _check_size(source, body, limits)
    if body.startswith(_GZIP_MAGIC):
        # A page kept compressed (page.html.gz, as archives and some browsers save them): its name
        # without .gz says what it holds.
        body = _gunzip(source, body, limits)
        if path.suffix.lower() == ".gz":
            path = path.with_suffix("")
    _refuse_binary(source, body)
    suffix = path.suffix.lower()
    kind = "html" if suffix in _HTML_SUFFIXES else "text" if suffix in _TEXT_SUFFIXES else sniff(body)
    return RawSource(source, body, kind, origin="file")


_GZIP_MAGIC = b"\x1f\x8b"


def _gunzip(source: str, body: bytes, limits: FetchLimits) -> bytes:
    """``body`` decompressed, never past ``limits.max_bytes`` (a gzip bomb stops there, unexpanded).

    Only the first gzip member is read: a saved page is one member, and stopping there keeps the cost
    bounded by the one cap.
    """
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflate.decompress(body, limits.max_bytes + 1)
    except zlib.error:
        raise SourceError(source, "the gzip data is corrupt") from None
    if len(out) > limits.max_bytes:
        raise SourceError(source, f"larger than {megabytes(limits.max_bytes)} once decompressed")
    if not inflate.eof:
        raise SourceError(source, "the gzip data is cut short")
    return out


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(error, NotADirectoryError):
        return "no such file (a part of the path is not a folder)"
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error) or type(error).__name__).lower()


def _check_size(source: str, body: bytes, limits: FetchLimits) -> None:
    if len(body) > limits.max_bytes:
        raise SourceError(source, f"larger than {megabytes(limits.max_bytes)}")


def binary_kind(body: bytes, charset: str | None = None) -> str | None:
    """What ``body`` is when it is plainly not text (``"a PNG image"``, ``"binary data"``), else None.

    ``charset`` is the one the server declared: UTF-16/32 text has NULs, and is text all the same when it
    starts with a BOM or decodes in the declared wide encoding (news.decode reads it either way).
    """
    for magic, name in _MAGIC:
        if body.startswith(magic):
            return name
    head = body[:8192]
    if b"\x00" in head and not head.startswith(_WIDE_BOMS) and not decodes_as_wide(body, charset):
        return "binary data"
    return None


def _refuse_binary(source: str, body: bytes, charset: str | None = None) -> None:
    kind = binary_kind(body, charset)
    if kind is not None:
        raise SourceError(source, f"not a web page or text ({kind})")


def sniff(body: bytes) -> Kind:
    """HTML when the start of ``body`` looks like markup, else text."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.replace(b"\x00", b"")[2:].lstrip()
    markers = (
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<article",
        b"<div",
        b"<p>",
        b"<p ",
        b"<!--",
        b"<?xml",
    )
    return "html" if head.startswith(markers) or b"<html" in head or b"<body" in head else "text"
