"""Fetch a URL with httpx, defensively: a total deadline, a size cap, few redirects, no surprise hosts."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from news.errors import SourceError

USER_AGENT = "byline/0.1 (terminal news reader; +https://github.com/byline-reader/byline)"


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How far a fetch may go: seconds in all, decoded bytes, redirects."""

    deadline: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched response body and where it finally came from."""

    url: str
    body: bytes
    content_type: str
    charset: str | None


def _is_private(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_private or address.is_loopback or address.is_link_local or address.is_reserved:
            return True
    return False


def fetch(url: str, *, limits: FetchLimits | None = None) -> Page:
    """GET ``url``; raise :class:`SourceError` with a one-line reason on any failure."""
    limits = limits or FetchLimits()
    start = time.monotonic()
    current = url
    with httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT},
                      timeout=httpx.Timeout(limits.deadline)) as client:
        for hop in range(limits.max_redirects + 1):
            remaining = limits.deadline - (time.monotonic() - start)
            if remaining <= 0:
                raise SourceError(url, f"timed out after {limits.deadline:g} s")
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        target = urljoin(current, response.headers.get("location", ""))
                        parts = urlsplit(target)
                        if parts.scheme not in {"http", "https"}:
                            raise SourceError(url, f"redirected to a non-HTTP address ({parts.scheme}:)")
                        if _is_private(parts.hostname or "") and not _is_private(urlsplit(url).hostname or ""):
                            raise SourceError(url, f"redirected to a private address ({parts.hostname})")
                        current = target
                        continue
                    if response.status_code >= 400:
                        raise SourceError(url, f"HTTP {response.status_code} {response.reason_phrase}")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limits.max_bytes:
                            raise SourceError(url, f"larger than {limits.max_bytes // 1_000_000} MB")
                        if time.monotonic() - start > limits.deadline:
                            raise SourceError(url, f"timed out after {limits.deadline:g} s")
                        chunks.append(chunk)
                    content_type = response.headers.get("content-type", "")
                    return Page(str(response.url), b"".join(chunks), content_type.split(";")[0].strip().lower(),
                                response.charset_encoding)
            except httpx.TimeoutException:
                raise SourceError(url, f"timed out after {limits.deadline:g} s") from None
            except httpx.HTTPError as error:
                raise SourceError(url, f"could not fetch ({type(error).__name__}: {error})") from None
        raise SourceError(url, f"too many redirects (more than {limits.max_redirects})")
