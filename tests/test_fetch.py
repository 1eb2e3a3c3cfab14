"""news.fetch against a real HTTP server on 127.0.0.1: limits, redirects, address policy, errors."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

import httpcore
import pytest

from news.errors import SourceError
from news.fetch import (
    USER_AGENT,
    FetchLimits,
    _Guard,
    _GuardedBackend,
    _Refused,
    address_allowed,
    address_class,
    fetch,
)

if TYPE_CHECKING:
    from conftest import LocalHTTPServer

FAST = FetchLimits(deadline=1.5)
PAGE = b"<html><head><title>T</title></head><body><p>Hello from the test server.</p></body></html>"


def reason(url: str, limits: FetchLimits | None = None) -> str:
    with pytest.raises(SourceError) as caught:
        fetch(url, limits=limits)
    assert caught.value.source == url
    assert "\n" not in str(caught.value)
    return caught.value.reason


def test_fetches_a_page_with_type_charset_and_a_real_user_agent(http_server: LocalHTTPServer) -> None:
    url = http_server.add("/a", PAGE, content_type="text/html; charset=ISO-8859-1")
    page = fetch(url)
    assert (page.url, page.body, page.content_type, page.charset) == (url, PAGE, "text/html", "iso-8859-1")
    agent = http_server.hits_for("/a")[0].headers["user-agent"]
    assert agent == USER_AGENT
    assert agent.startswith("Mozilla/5.0 (compatible; byline/")


@pytest.mark.parametrize(
    ("status", "expected"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
def test_http_errors_are_one_line(http_server: LocalHTTPServer, status: int, expected: str) -> None:
    url = http_server.add("/err", b"<p>oops</p>", status=status)
    assert reason(url) == expected


def test_connection_refused(free_port: int) -> None:
    assert reason(f"http://127.0.0.1:{free_port}/") == f"connection refused by 127.0.0.1 port {free_port}"


def test_dns_failure_for_an_invalid_name_never_leaves_the_machine() -> None:
    # RFC 6761 .invalid names fail inside byline, before any resolver query.
    assert (
        reason("http://no-such-host.invalid/news")
        == "could not find the host no-such-host.invalid (DNS lookup failed)"
    )


def test_not_a_web_page(http_server: LocalHTTPServer) -> None:
    pdf = http_server.add("/doc.pdf", b"%PDF-1.7\n" + b"x" * 5000, content_type="application/pdf")
    png = http_server.add("/img", b"\x89PNG\r\n\x1a\n", content_type="image/png")
    assert reason(pdf) == "not a web page (application/pdf)"
    assert reason(png) == "not a web page (image/png)"


def test_non_http_schemes_are_refused_before_anything_happens() -> None:
    assert reason("ftp://example.com/a") == "not an http or https URL (ftp:)"
    assert reason("file:///etc/passwd") == "not an http or https URL (file:)"


# --- the total deadline -----------------------------------------------------------------------------------


def _trickle_body(request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Content-Length", "1000")
    request.end_headers()
    for _ in range(1000):  # a byte a second: every single read is quick, the whole never ends
        request.wfile.write(b"x")
        request.wfile.flush()
        if request.server_state.wait_for_close(request, 1.0):  # type: ignore[attr-defined]
            return


def _trickle_headers(request: BaseHTTPRequestHandler) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"y" * 1000:
        request.wfile.write(bytes([byte]))
        request.wfile.flush()
        if request.server_state.wait_for_close(request, 0.5):  # type: ignore[attr-defined]
            return


def _stall_after_one_byte(request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Content-Length", "100")
    request.end_headers()
    request.wfile.write(b"<")
    request.wfile.flush()
    request.server_state.wait_for_close(request, 60.0)  # type: ignore[attr-defined]  # one read blocks


@pytest.mark.parametrize("handler", [_trickle_body, _trickle_headers, _stall_after_one_byte])
def test_total_deadline_holds_against_slow_servers(http_server: LocalHTTPServer, handler: object) -> None:
    def route(request: BaseHTTPRequestHandler) -> None:
        request.server_state = http_server  # type: ignore[attr-defined]
        handler(request)  # type: ignore[operator]

    url = http_server.handle("/slow", route)
    started = time.monotonic()
    assert reason(url, FAST) == "timed out after 1.5 s"
    # The server would go on for a minute or more: the fetch ends at its deadline, not a read timeout later.
    # (A generous bound: this tells "at the deadline" from "when the server gives up", it times nothing.)
    assert time.monotonic() - started < FAST.deadline + 20


def test_deadline_counts_across_redirects(http_server: LocalHTTPServer) -> None:
    def slow_redirect(request: BaseHTTPRequestHandler) -> None:
        time.sleep(0.6)
        request.send_response(302)
        request.send_header("Location", "/hop")
        request.end_headers()

    url = http_server.handle("/hop", slow_redirect)  # redirects to itself, slowly, 5 times allowed
    # Five 0.6 s hops are allowed, so only a deadline counted across them says "timed out".
    assert reason(url, FetchLimits(deadline=1.5, max_redirects=5)) == "timed out after 1.5 s"


# --- size ---------------------------------------------------------------------------------------------------


def _gzip_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1_000_000
    return b"".join(packer.compress(block) for _ in range(size // len(block))) + packer.flush()


def test_gzip_bomb_is_refused_without_inflating_it(http_server: LocalHTTPServer) -> None:
    bomb = _gzip_bomb(200_000_000)
    assert len(bomb) < 300_000
    url = http_server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    limits = FetchLimits(max_bytes=1_000_000)
    tracemalloc.start()
    try:
        assert reason(url, limits) == "larger than 1 MB"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 200 MB decompressed; what we hold at any time is the cap plus a chunk or so.
    assert peak < 8_000_000


def test_compressed_pages_are_decoded(http_server: LocalHTTPServer) -> None:
    gz = http_server.add("/gz", gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})
    zl = http_server.add("/zlib", zlib.compress(PAGE), headers={"Content-Encoding": "deflate"})
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    rd = http_server.add("/raw", raw.compress(PAGE) + raw.flush(), headers={"Content-Encoding": "deflate"})
    assert fetch(gz).body == fetch(zl).body == fetch(rd).body == PAGE
    assert "gzip" in http_server.hits_for("/gz")[0].headers["accept-encoding"]


def test_unsupported_or_corrupt_encoding_is_one_line(http_server: LocalHTTPServer) -> None:
    br = http_server.add("/br", b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
    bad = http_server.add("/badgz", b"\x1f\x8b\x08\x00garbage-garbage", headers={"Content-Encoding": "gzip"})
    assert reason(br) == "unsupported content encoding (br)"
    assert reason(bad) == "the gzip data is corrupt"


def test_plain_body_over_the_cap_is_refused_by_length_and_by_counting(http_server: LocalHTTPServer) -> None:
    big = b"<p>" + b"a" * 3_000_000 + b"</p>"
    declared = http_server.add("/big", big)

    def undeclared_body(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()  # no Content-Length: the body runs until the connection closes
        request.wfile.write(big)

    undeclared = http_server.handle("/big-stream", undeclared_body)
    limits = FetchLimits(max_bytes=2_000_000)
    assert reason(declared, limits) == "larger than 2 MB"
    assert reason(undeclared, limits) == "larger than 2 MB"


# --- redirects and the address policy ---------------------------------------------------------------


def test_five_redirects_are_followed_six_are_not(http_server: LocalHTTPServer) -> None:
    for hop in range(6):
        http_server.redirect(f"/r{hop}", f"/r{hop + 1}")
    http_server.add("/r6", PAGE)
    assert fetch(http_server.url("/r1")).url == http_server.url("/r6")  # five hops
    assert reason(http_server.url("/r0")) == "too many redirects (more than 5)"


def test_redirect_within_loopback_is_allowed_by_name(http_server: LocalHTTPServer) -> None:
    http_server.add("/target", PAGE)
    http_server.redirect("/to-localhost", f"http://localhost:{http_server.port}/target", status=301)
    assert fetch(http_server.url("/to-localhost")).body == PAGE


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("file:///etc/passwd", "redirected to a non-HTTP address (file:)"),
        ("ftp://127.0.0.1/x", "redirected to a non-HTTP address (ftp:)"),
        ("data:text/html,<p>hi", "redirected to a non-HTTP address (data:)"),
        ("http://10.255.255.1/admin", "redirected to a private address (10.255.255.1)"),
        ("http://169.254.169.254/latest/meta-data/", "redirected to a link-local address (169.254.169.254)"),
        ("http://[fd00::1]/", "redirected to a private address (fd00::1)"),
    ],
)
def test_redirects_to_other_schemes_and_networks_are_refused(
    http_server: LocalHTTPServer, location: str, expected: str
) -> None:
    url = http_server.redirect("/evil", location)
    # A long deadline: had we tried to connect to 10.255.255.1 the answer would be a time-out, not a refusal.
    assert reason(url, FetchLimits(deadline=30)) == expected


def test_the_backend_refuses_unvouched_addresses_before_connecting() -> None:
    # The layer that guards hostnames too (a public name may resolve to 10.x): it must refuse, not connect.
    guard = _Guard(time.monotonic() + 30, named=frozenset({"loopback"}))
    backend = _GuardedBackend(lambda: guard)
    with pytest.raises(_Refused) as caught:
        backend.connect_tcp("10.255.255.1", 80, timeout=30)
    assert caught.value.reason == "refused to connect to 10.255.255.1 (10.255.255.1, a private address)"
    guard.resolved["intranet.example"] = ["192.168.1.10"]  # as if DNS had answered so
    with pytest.raises(_Refused, match=r"intranet\.example \(192\.168\.1\.10, a private address\)"):
        backend.connect_tcp("intranet.example", 80, timeout=30)


def test_the_backend_bounds_connects_by_the_total_deadline() -> None:
    guard = _Guard(time.monotonic() - 0.1, named=frozenset({"loopback"}))
    with pytest.raises(httpcore.ConnectTimeout):
        _GuardedBackend(lambda: guard).connect_tcp("127.0.0.1", 9, timeout=30)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("0.0.0.0", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.0.1", "private"),
        ("fd12:3456::1", "private"),
        ("100.64.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "reserved"),
        ("240.0.0.1", "reserved"),
        ("8.8.8.8", None),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_classes(address: str, kind: str | None) -> None:
    assert address_class(address) == kind


def test_address_policy_vouches_only_for_the_class_the_user_named() -> None:
    assert address_allowed("8.8.8.8", frozenset())
    assert not address_allowed("127.0.0.1", frozenset())
    assert not address_allowed("10.1.2.3", frozenset())
    assert address_allowed("127.0.0.1", frozenset({"loopback"}))
    assert not address_allowed("10.1.2.3", frozenset({"loopback"}))
    assert not address_allowed("169.254.169.254", frozenset({"private"}))
    assert address_allowed("10.9.9.9", frozenset({"private"}))


def test_cookies_set_by_a_redirect_are_sent_to_the_next_hop(http_server: LocalHTTPServer) -> None:
    http_server.add(
        "/consent",
        b"",
        status=302,
        content_type=None,
        headers={"Location": "/story", "Set-Cookie": "consent=yes; Path=/"},
    )

    def story(request: BaseHTTPRequestHandler) -> None:
        ok = "consent=yes" in (request.headers.get("Cookie") or "")
        request.send_response(200 if ok else 403)
        request.send_header("Content-Type", "text/html")
        request.send_header("Content-Length", str(len(PAGE)))
        request.end_headers()
        request.wfile.write(PAGE)

    http_server.handle("/story", story)
    assert fetch(http_server.url("/consent")).body == PAGE


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://[::1/", "not a valid URL (Invalid IPv6 URL)"),
        ("http://exa mple.com/", "not a valid URL (bad host name 'exa mple.com')"),
        ("http://127.0.0.1:99999/", "not a valid URL (Port out of range 0-65535)"),
        ("http:///path", "not a valid URL (no host)"),
    ],
)
def test_malformed_urls_are_refused_before_any_lookup(url: str, expected: str) -> None:
    assert reason(url) == expected


def test_malformed_redirect_is_one_line(http_server: LocalHTTPServer) -> None:
    url = http_server.redirect("/bad", "http://exa mple.com/")
    assert reason(url) == "redirected to an invalid address (bad host name 'exa mple.com')"
