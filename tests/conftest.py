"""Shared fixtures: a real HTTP server on 127.0.0.1 that tests fill with routes, seed paths, page makers."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True, slots=True)
class Hit:
    """One request the server received."""

    path: str
    headers: dict[str, str]


@dataclass(slots=True)
class LocalHTTPServer:
    """A threaded ``http.server`` on 127.0.0.1 with routes a test registers; see the ``http_server`` fixture.

    ``add`` serves fixed bytes, ``redirect`` a redirect, ``handle`` hands the raw request handler to a
    function for anything else (trickling, stalling, odd headers). Every request is recorded in ``hits``.
    """

    port: int = 0
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        """The full URL of ``path`` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def handle(self, path: str, handler: Handler) -> str:
        """Serve ``path`` with ``handler(request)``; return its URL."""
        self.routes[path] = handler
        return self.url(path)

    def add(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve fixed ``body`` at ``path`` (a str body is sent as UTF-8); return its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body

        def respond(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            if content_type is not None:
                request.send_header("Content-Type", content_type)
            sent = {key.lower() for key in headers or {}}
            for key, value in (headers or {}).items():
                request.send_header(key, value)
            if "content-length" not in sent:
                request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)

        return self.handle(path, respond)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        """Answer ``path`` with a redirect to ``location``, sent as given; return its URL."""
        return self.add(path, b"", status=status, content_type=None, headers={"Location": location})

    def hits_for(self, path: str) -> list[Hit]:
        """The requests made for ``path``."""
        return [hit for hit in self.hits if hit.path == path]

    def wait_for_close(self, request: BaseHTTPRequestHandler, seconds: float) -> bool:
        """Sleep up to ``seconds`` or until the client hangs up (True) or the server stops."""
        connection: socket.socket = request.connection
        ready, _, _ = select.select([connection], [], [], seconds)
        if ready:
            try:
                return connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True
        return self.stopping.is_set()


def _request_handler(server: LocalHTTPServer) -> type[BaseHTTPRequestHandler]:
    class RequestHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.hits.append(Hit(self.path, {key.lower(): value for key, value in self.headers.items()}))
            route = server.routes.get(self.path.split("?", 1)[0])
            if route is None:
                self.send_error(404)
                return
            # The client may give up mid-response, as the fetch limits tell it to.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                route(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return RequestHandler


@pytest.fixture(scope="session")
def _http_server_session() -> Iterator[LocalHTTPServer]:
    state = LocalHTTPServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _request_handler(state))
    httpd.daemon_threads = True
    httpd.block_on_close = False
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, name="test http server", daemon=True)
    thread.start()
    yield state
    state.stopping.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def http_server(_http_server_session: LocalHTTPServer) -> Iterator[LocalHTTPServer]:
    """A real HTTP server on 127.0.0.1 (one per test session), its routes and request log emptied per test."""
    _http_server_session.routes.clear()
    _http_server_session.hits.clear()
    yield _http_server_session
    _http_server_session.routes.clear()


@pytest.fixture
def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def seed_html() -> Path:
    """The seed article as its web page serves it."""
    return DATA / "newslooks-ishiba.html"


@pytest.fixture
def seed_text() -> Path:
    """The seed article as a reader copied its text."""
    return DATA / "newslooks-ishiba.txt"


PageMaker = Callable[..., str]


@pytest.fixture
def article_page() -> PageMaker:
    """Build a plausible news page: ``article_page(title, paragraphs, head="", lang="en")`` -> HTML text."""

    def make(title: str, paragraphs: list[str], head: str = "", lang: str = "en") -> str:
        body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head>{head}<title>{title}</title></head>\n'
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>\n"
            f"<article><h1>{title}</h1>\n{body}\n</article>\n"
            f"<footer>Copyright notice and links</footer></body></html>\n"
        )

    return make
