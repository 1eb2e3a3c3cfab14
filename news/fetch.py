"""Fetch a URL with httpx, defensively: a total deadline, a size cap, few redirects, no surprise hosts.

Safety lives in the network layer, not in checks made beside it: a :class:`_GuardedBackend` resolves each
host itself (with a bounded wait), refuses addresses the address policy rejects *before* connecting, connects
to exactly the address it checked (so DNS cannot answer differently the second time), and hands httpcore
streams whose every read, write and TLS handshake is bounded by the time left of the total deadline. httpx's
own timeouts are per operation, so without this a server trickling one byte a second would never time out.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

import httpcore
import httpx

from news.errors import SourceError, TryLater
from news.limits import FetchLimits as FetchLimits
from news.limits import megabytes as megabytes

try:
    _VERSION = version("byline")
except PackageNotFoundError:  # a source checkout run without installing
    _VERSION = "0"

USER_AGENT = f"Mozilla/5.0 (compatible; byline/{_VERSION}; terminal news reader)"
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,*/*;q=0.1"
_CHUNK = 64 * 1024

# What a reader can show; octet-stream and a missing type are let through to be sniffed by the caller.
PAGE_TYPES = frozenset(
    {"text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown"}
)
_SNIFFED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})
# What a feed reader takes: the feed types, plus HTML pages (to find the feed they link to).
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "text/html",
        "application/xhtml+xml",
    }
)
_FEED_ACCEPT = (
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,text/html;q=0.8,*/*;q=0.1"
)


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched response body (content-decoded) and where it finally came from.

    ``not_modified`` is True for a 304 answer to a conditional request (``body`` is then empty);
    ``etag`` and ``last_modified`` are the validators the server sent, to send back next time.
    """

    url: str
    body: bytes
    content_type: str
    charset: str | None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional GET sends back (RFC 9110 section 13): an entity tag and/or a Last-Modified date."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """The If-None-Match / If-Modified-Since headers these validators make."""
        sent: dict[str, str] = {}
        if self.etag:
            sent["If-None-Match"] = self.etag
        if self.last_modified:
            sent["If-Modified-Since"] = self.last_modified
        return sent


# --- address policy ---------------------------------------------------------------------------------------

_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: not private in ipaddress, not public


def address_class(address: str) -> str | None:
    """The class of a non-public IP (loopback, link-local, private, reserved), or None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback or ip.is_unspecified:  # 0.0.0.0 reaches this machine on Linux
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast or ip.is_reserved:  # before private: ipaddress counts 240.0.0.0/4 as both
        return "reserved"
    if ip.is_private or (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED):
        return "private"
    if not ip.is_global:
        return "reserved"
    return None


def address_allowed(address: str, named: frozenset[str]) -> bool:
    """Whether a fetch may connect to ``address``, given the address classes of the host the user named.

    A public address is always allowed. A non-public one only when the user's own URL named a host of that
    class: typing ``http://127.0.0.1:8000/`` vouches for this machine, not for the LAN, and a public page
    must never be able to redirect us to the router, the cloud metadata service or localhost.
    """
    kind = address_class(address)
    return kind is None or kind in named


# --- the guarded network layer ----------------------------------------------------------------------------


class _Refused(Exception):
    """A fetch stopped by our own rules or by the network; ``reason`` is the one line to show.

    ``retry_after`` (seconds) is set when the server asked us to come back later (429 or 503).
    """

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _Deadline(Exception):
    """The total deadline passed."""


@dataclass(slots=True)
class _Guard:
    """The state one fetch shares with its network layer: when to give up, and which addresses are vouched."""

    deadline_at: float
    named: frozenset[str] = frozenset()
    resolved: dict[str, list[str]] = field(default_factory=dict)

    def remaining(self) -> float:
        left = self.deadline_at - time.monotonic()
        if left <= 0:
            raise _Deadline
        return left

    def bound(self, timeout: float | None) -> float:
        left = self.remaining()
        return left if timeout is None else min(timeout, left)

    def resolve(self, host: str) -> list[str]:
        """The IP addresses of ``host``, looked up once per fetch and never waiting past the deadline."""
        host = host.strip("[]")
        if host in self.resolved:
            return self.resolved[host]
        try:
            addresses = [str(ipaddress.ip_address(host.split("%", 1)[0]))]
        except ValueError:
            addresses = _lookup(host.rstrip(".").lower(), self.remaining())
        self.resolved[host] = addresses
        return addresses


def _lookup(host: str, timeout: float) -> list[str]:
    # RFC 6761: resolvers should fail .invalid at once; doing so also keeps such lookups off the network.
    if host == "invalid" or host.endswith(".invalid"):
        raise _Refused(f"could not find the host {host} (DNS lookup failed)")
    result: list[list[str] | BaseException] = []

    def work() -> None:
        try:
            infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
            result.append(list(dict.fromkeys(str(info[4][0]) for info in infos)))
        except BaseException as error:
            result.append(error)

    # getaddrinfo cannot be interrupted; a daemon thread lets the fetch give up on time all the same.
    worker = threading.Thread(target=work, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if not result:
        raise _Deadline
    outcome = result[0]
    if isinstance(outcome, socket.gaierror):
        raise _Refused(f"could not find the host {host} (DNS lookup failed)")
    if isinstance(outcome, BaseException):
        raise _Refused(f"could not find the host {host} ({outcome})")
    if not outcome:
        raise _Refused(f"could not find the host {host} (no addresses)")
    return outcome


class _GuardedStream(httpcore.NetworkStream):
    """An httpcore stream whose every operation ends by the total deadline of the fetch using it.

    ``guard_of`` gives that fetch's guard: a pooled connection outlives the fetch that opened it, and each
    later fetch on it must be held to its own deadline.
    """

    def __init__(self, inner: httpcore.NetworkStream, guard_of: Callable[[], _Guard]) -> None:
        self._inner = inner
        self._guard_of = guard_of

    def _bound(self, timeout: float | None, error: type[Exception]) -> float:
        try:
            return self._guard_of().bound(timeout)
        except _Deadline:
            raise error("the total deadline passed") from None

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname, self._bound(timeout, httpcore.ConnectTimeout)
        )
        return _GuardedStream(inner, self._guard_of)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Resolve, vet and connect to a host ourselves so that no packet goes to an address we refuse."""

    def __init__(self, guard_of: Callable[[], _Guard]) -> None:
        self._guard_of = guard_of

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        guard = self._guard_of()
        try:
            addresses = guard.resolve(host)
        except _Deadline:
            raise httpcore.ConnectTimeout("the total deadline passed") from None
        for address in addresses:
            if not address_allowed(address, guard.named):
                raise _Refused(
                    f"refused to connect to {host} ({address}, a {address_class(address)} address)"
                )
        failure: OSError | None = None
        for address in addresses:
            try:
                wait = guard.bound(timeout)
            except _Deadline:
                raise httpcore.ConnectTimeout("the total deadline passed") from None
            try:
                # An IP literal, so httpcore does no second lookup; TLS still uses the URL's host name.
                stream = super().connect_tcp(address, port, wait, local_address, socket_options)
            except httpcore.ConnectTimeout:
                raise
            except httpcore.ConnectError as error:
                failure = error.__context__ if isinstance(error.__context__, OSError) else OSError(str(error))
                continue
            return _GuardedStream(stream, self._guard_of)
        if isinstance(failure, ConnectionRefusedError):
            raise _Refused(f"connection refused by {host} port {port}")
        detail = (failure.strerror or str(failure)) if failure else "no address"
        raise _Refused(f"could not connect to {host} port {port} ({detail})")


def _transport(guard_of: Callable[[], _Guard], limits: httpx.Limits | None = None) -> httpx.HTTPTransport:
    transport = httpx.HTTPTransport(retries=0, limits=limits or httpx.Limits())
    # httpx has no public hook for the network backend; httpcore's pool reads this attribute per connection.
    pool: Any = transport._pool
    if not hasattr(pool, "_network_backend"):
        raise RuntimeError("this httpcore version has no _network_backend; byline needs httpcore 1.x")
    pool._network_backend = _GuardedBackend(guard_of)
    return transport


class FetchSession:
    """One connection pool shared by many fetches (a feeds refresh), safe to use from several threads.

    Building a transport costs a TLS context (about 25 ms, measured for issue 12) and every new connection
    a handshake; a session pays both once per host instead of once per fetch. Each fetch keeps its own
    guard (deadline, vouched address classes), found through a thread-local by the shared network layer.
    Connections are pooled apart per set of vouched classes: a connection opened for a fetch the user's own
    address vouched for (say, to this machine) is never handed to a fetch that vouches for less.

    Use it as a context manager, or call :meth:`close`.
    """

    def __init__(self, max_connections: int = 20) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self._limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
        self._pools: dict[frozenset[str], httpx.HTTPTransport] = {}
        self._closed = False

    def _guard(self) -> _Guard:
        guard: _Guard | None = getattr(self._local, "guard", None)
        if guard is None:  # a stream used outside a fetch: nothing may wait
            raise _Deadline
        return guard

    @contextmanager
    def _using(self, guard: _Guard) -> Iterator[httpx.HTTPTransport]:
        with self._lock:
            if self._closed:
                raise _Refused("the fetch session is closed")
            transport = self._pools.get(guard.named)
            if transport is None:
                transport = self._pools[guard.named] = _transport(self._guard, self._limits)
        self._local.guard = guard
        try:
            yield transport
        finally:
            self._local.guard = None

    def close(self) -> None:
        """Close every pooled connection; later fetches through this session fail."""
        with self._lock:
            self._closed = True
            pools, self._pools = list(self._pools.values()), {}
        for transport in pools:
            transport.close()

    def __enter__(self) -> FetchSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- content decoding, bounded --------------------------------------------------------------------------


_GZIP_MAGIC = b"\x1f\x8b"


class _Decoder:
    """Undo a Content-Encoding in bounded steps, so a gzip bomb never expands past what we ask for.

    A gzip body may hold several members one after another (RFC 1952 2.2); each is decoded in turn, as
    ``gzip -d`` does. Bytes after the last member that do not start another one are ignored, as gzip and
    browsers do. ``check`` is called between steps and raises once the fetch's deadline has passed: a body
    of many tiny members costs CPU, not reads.
    """

    def __init__(self, encoding: str, check: Callable[[], object] = lambda: None) -> None:
        names = [part.strip().lower() for part in encoding.split(",") if part.strip()]
        names = [name for name in names if name != "identity"]
        if len(names) > 1 or (names and names[0] not in {"gzip", "x-gzip", "deflate"}):
            raise _Refused(f"unsupported content encoding ({encoding.strip()})")
        self._kind = names[0] if names else ""
        self._check = check
        self._zlib: Any = self._new()
        # Once data has inflated, a later error is corruption, not a raw-deflate server.
        self._inflating = False
        self._trailing = False  # the body's last member has ended: what follows is junk

    def _new(self) -> Any:
        if self._kind in {"gzip", "x-gzip"}:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self._kind == "deflate":
            return zlib.decompressobj(zlib.MAX_WBITS)
        return None

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes of ``data``, at most one chunk at a time."""
        if self._zlib is None:
            yield data
            return
        pending = data
        while pending and not self._trailing:
            self._check()
            if self._zlib.eof:
                # A member has ended. (With a max_length, zlib leaves what follows in unconsumed_tail as
                # well as in unused_data: reading the tail again would loop for ever on a dead stream.)
                head = pending[:2]
                if self._kind == "deflate" or head != _GZIP_MAGIC[: len(head)]:
                    self._trailing = True
                    return
                self._zlib = self._new()
            try:
                out = self._zlib.decompress(pending, _CHUNK)
            except zlib.error:
                if self._kind == "deflate" and not self._inflating:
                    # Some servers send raw deflate without the zlib header the standard asks for.
                    self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._inflating = True
                    continue
                raise _Refused(f"the {self._kind} data is corrupt") from None
            self._inflating = True
            if out:
                yield out
            pending = self._zlib.unused_data if self._zlib.eof else self._zlib.unconsumed_tail


# --- the fetch --------------------------------------------------------------------------------------------


def _host_classes(url: str, guard: _Guard) -> frozenset[str]:
    host = urlsplit(url).hostname or ""
    classes = {address_class(address) for address in guard.resolve(host)}
    return frozenset(kind for kind in classes if kind is not None)


def _vouched(url: str, origin: str | None, guard: _Guard) -> frozenset[str]:
    """The address classes the user's own typing vouches for: those of ``origin``'s host, else ``url``'s.

    An origin that is no http(s) URL (a feed file, standard input) or whose host cannot be found vouches
    for nothing: only an address the user typed can open the way to this machine or the LAN.
    """
    if origin is None:
        return _host_classes(url, guard)
    try:
        parts = _parse_url(origin)
    except ValueError:
        return frozenset()
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return frozenset()
    try:
        return _host_classes(origin, guard)
    except _Refused:
        return frozenset()


_BAD_HOST = re.compile(r"[\s/\\?#@%<>\"'`{}|^]")


def _parse_url(url: str) -> SplitResult:
    """``urlsplit(url)``; ValueError for a bad port or a host name no resolver should be asked about."""
    parts = urlsplit(url)
    if parts.port == 0:
        raise ValueError("port 0")
    if parts.hostname and _BAD_HOST.search(parts.hostname):
        raise ValueError(f"bad host name {parts.hostname!r}")
    return parts


def _check_scheme(target: str) -> None:
    parts = urlsplit(target)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise _Refused(f"redirected to a non-HTTP address ({scheme or 'no scheme'}:)")
    if not parts.hostname:
        raise _Refused(f"redirected to an address with no host ({target})")


def _media_type(response: httpx.Response) -> str:
    content_type: str = response.headers.get("content-type", "")
    return content_type.split(";", 1)[0].strip().lower()


def fetch(
    url: str,
    *,
    limits: FetchLimits | None = None,
    accept: frozenset[str] = PAGE_TYPES,
    session: FetchSession | None = None,
    validators: Validators | None = None,
    origin: str | None = None,
) -> Page:
    """GET ``url`` within ``limits``; raise :class:`SourceError` with a one-line reason on any failure.

    Args:
        accept: the media types to take (:data:`PAGE_TYPES` or :data:`FEED_TYPES`); untyped bodies pass too.
        session: a pool to fetch through (many fetches); without one the fetch opens and closes its own.
        validators: make the GET conditional; a 304 answer is then a :class:`Page` with ``not_modified``.
            A 304 to a request that sent no validator is an error (nothing cached to reuse).
        origin: the address the user typed that led to ``url`` (the page whose feed link this is, the feed
            whose item this is), or None when the user typed ``url`` itself. A loopback, private or
            link-local address is reached only when the typed address is of that same class, so a public
            page cannot send byline to this machine, the LAN or the cloud metadata service by naming it.

    Raises:
        TryLater: the server answered 429 or 503; ``retry_after`` holds its Retry-After in seconds, if any.
        SourceError: any other failure.
    """
    limits = limits or FetchLimits()
    try:
        parts = _parse_url(url)
    except ValueError as error:
        raise SourceError(url, f"not a valid URL ({error})") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise SourceError(url, f"not an http or https URL ({parts.scheme or 'no scheme'}:)")
    if not parts.hostname:
        raise SourceError(url, "not a valid URL (no host)")
    guard = _Guard(time.monotonic() + limits.deadline)
    try:
        guard.named = _vouched(url, origin, guard)
        if session is not None:
            with session._using(guard) as transport:
                return _fetch(url, limits, guard, accept, transport, validators)
        with _transport(lambda: guard) as transport:
            return _fetch(url, limits, guard, accept, transport, validators)
    except _Refused as refusal:
        if refusal.retry_after is not None or refusal.reason.startswith(("HTTP 429", "HTTP 503")):
            raise TryLater(url, refusal.reason, refusal.retry_after) from None
        raise SourceError(url, refusal.reason) from None
    except (_Deadline, httpx.TimeoutException):
        raise SourceError(url, f"timed out after {limits.deadline:g} s") from None
    except httpx.RemoteProtocolError as error:
        raise SourceError(url, f"the server broke off the connection ({_protocol_detail(error)})") from None
    except httpx.InvalidURL as error:
        raise SourceError(url, f"not a valid URL ({error})") from None
    except httpx.ConnectError as error:
        raise SourceError(url, f"could not connect ({_first_line(error)})") from None
    except httpx.HTTPError as error:
        raise SourceError(url, f"could not fetch ({type(error).__name__}: {_first_line(error)})") from None


# h11 quotes the bytes it choked on as a Python repr: "illegal chunk header: bytearray(b'zz\\r\\n')".
_BYTES_REPR = re.compile(r"""\s*:?\s*(?:bytearray\()?b(['"]).*?\1\)?""")


def _protocol_detail(error: BaseException) -> str:
    """What went wrong in the server's HTTP, without the Python reprs of the bytes it sent."""
    return _BYTES_REPR.sub("", _first_line(error)).strip() or "a malformed response"


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


def _fetch(
    url: str,
    limits: FetchLimits,
    guard: _Guard,
    accept: frozenset[str],
    transport: httpx.HTTPTransport,
    validators: Validators | None,
) -> Page:
    wanted = _FEED_ACCEPT if accept == FEED_TYPES else _ACCEPT
    headers = {"User-Agent": USER_AGENT, "Accept": wanted, "Accept-Encoding": "gzip, deflate"}
    conditional = validators.headers() if validators is not None else {}
    headers.update(conditional)
    timeout = httpx.Timeout(limits.deadline).as_dict()
    current = url
    # The transport, not a Client: a Client parses every Location header itself (failing on data: URLs and
    # junk before we can say what was wrong), while we follow redirects by hand to vet each hop.
    # Cookies carry over between hops: many sites answer a first visit by setting one and redirecting.
    cookies = httpx.Cookies()
    for hop in range(limits.max_redirects + 1):
        try:
            request = httpx.Request("GET", current, headers=headers, extensions={"timeout": timeout})
        except httpx.InvalidURL as error:
            said = "not a valid URL" if hop == 0 else "redirected to an invalid address"
            raise _Refused(f"{said} ({_first_line(error)})") from None
        cookies.set_cookie_header(request)
        response = transport.handle_request(request)
        response.request = request
        try:
            if response.status_code == 304:
                if not conditional:
                    raise _Refused("answered 304 Not Modified to a request that was not conditional")
                return Page(current, b"", "", None, *_validators_of(response, validators), not_modified=True)
            if response.is_redirect:
                cookies.extract_cookies(response)
                current = _redirect_target(current, response.headers["location"], guard)
                continue
            return _page(current, response, limits, guard, accept)
        finally:
            response.close()
    raise _Refused(f"too many redirects (more than {limits.max_redirects})")


def _redirect_target(current: str, location: str, guard: _Guard) -> str:
    try:
        target = urljoin(current, location.strip())
        parts = _parse_url(target)
    except ValueError as error:
        raise _Refused(f"redirected to an invalid address ({error})") from None
    _check_scheme(target)
    host = (parts.hostname or "").strip("[]")
    try:
        literal = str(ipaddress.ip_address(host))
    except ValueError:
        return target
    if not address_allowed(literal, guard.named):
        # Said here for a clear message; the backend would refuse the connection anyway.
        raise _Refused(f"redirected to a {address_class(literal)} address ({literal})")
    return target


def _validators_of(response: httpx.Response, sent: Validators | None) -> tuple[str | None, str | None]:
    """The ETag and Last-Modified to send next time: the response's, else (on a 304) the ones sent."""
    etag = response.headers.get("etag") or (sent.etag if sent else None)
    modified = response.headers.get("last-modified") or (sent.last_modified if sent else None)
    # A header value goes back to the server as is: keep it one printable line, and short.
    return _header_value(etag), _header_value(modified)


def _header_value(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value if 0 < len(value) <= 512 and value.isprintable() else None


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds the server asks us to wait (RFC 9110 section 10.2.3: delay-seconds or an HTTP date)."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(min(int(value), 7 * 24 * 3600))
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, min(when.timestamp() - time.time(), 7 * 24 * 3600.0))


def _page(
    url: str, response: httpx.Response, limits: FetchLimits, guard: _Guard, accept: frozenset[str]
) -> Page:
    if response.status_code in {429, 503}:
        reason = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
        raise _Refused(reason, _retry_after(response))
    if response.status_code >= 400:
        raise _Refused(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
    if not 200 <= response.status_code < 300:
        raise _Refused(f"unexpected HTTP {response.status_code} {response.reason_phrase}".rstrip())
    media = _media_type(response)
    if media not in accept and media not in _SNIFFED_TYPES:
        raise _Refused(f"not a {'web page' if accept == PAGE_TYPES else 'feed'} ({media})")
    body = _read_body(response, limits, guard)
    return Page(url, body, media, response.charset_encoding, *_validators_of(response, None))


def _read_body(response: httpx.Response, limits: FetchLimits, guard: _Guard) -> bytes:
    encoding = response.headers.get("content-encoding", "")
    declared = response.headers.get("content-length", "")
    if not encoding and declared.isdigit() and int(declared) > limits.max_bytes:
        raise _Refused(f"larger than {megabytes(limits.max_bytes)}")
    decoder = _Decoder(encoding, guard.remaining)
    body = bytearray()
    # iter_raw, not iter_bytes: httpx would inflate a whole network chunk at once, a 1000-fold blow-up.
    for raw in response.iter_raw(_CHUNK):
        for chunk in decoder.feed(raw):
            body += chunk
            if len(body) > limits.max_bytes:
                raise _Refused(f"larger than {megabytes(limits.max_bytes)}")
        guard.remaining()  # a trickle that keeps each read short still ends at the deadline
    return bytes(body)
