"""The hostile inputs of issue 8, each run as a real ``byline`` process: time to its answer and peak memory.

Each input is served by a local HTTP server on 127.0.0.1 (or written to a temporary file) and handed to
``byline dump`` (or ``byline feeds add``) in a subprocess of its own, so its peak resident memory is the
process's own (``wait4``'s ru_maxrss). A normal small page is run first as the baseline every time is
compared with. An input over 25 s or 300 MB is marked OVER and makes the exit status 1. Reads nothing
outside the temporary folder.

Usage: python bench/hostile.py [--only NAME]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MAX_SECONDS = 25.0
MAX_MB = 300.0
NORMAL = (
    "<html><head><title>A normal page</title></head><body><article>"
    + "".join(f"<p>Paragraph {n} of a normal article, long enough to read as one.</p>" for n in range(30))
    + "</article></body></html>"
).encode()

Respond = Callable[[BaseHTTPRequestHandler], None]


def fixed(body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Respond:
    def respond(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            request.send_header(key.replace("_", "-"), value)
        request.end_headers()
        request.wfile.write(body)

    return respond


def trickle(request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.send_header("Content-Type", "text/html")
    request.send_header("Content-Length", "1000")
    request.end_headers()
    for _ in range(1000):
        request.wfile.write(b"x")
        request.wfile.flush()
        time.sleep(1)


def broken_chunks(request: BaseHTTPRequestHandler) -> None:
    request.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
    request.wfile.write(b"zz\r\nabc\r\n")
    request.close_connection = True


def redirect(location: str) -> Respond:
    def respond(request: BaseHTTPRequestHandler) -> None:
        request.send_response(302)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return respond


def gzip_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1_000_000
    return b"".join(packer.compress(block) for _ in range(size // len(block))) + packer.flush()


def page(body: str, title: str = "Hostile") -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def rss(item_title: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Bad refs</title>'
        f"<item><title>{item_title}</title><link>https://news.example/a</link></item></channel></rss>"
    ).encode()


ROUTES: dict[str, Respond] = {}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route = ROUTES.get(self.path)
        if route is None:
            self.send_error(404)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the fetch may give up mid-way
            route(self)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    seconds: float
    megabytes: float
    status: int
    said: str


def run(name: str, args: list[str], data: Path) -> Outcome:
    env = {**os.environ, "BYLINE_HOME": str(data)}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "byline", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = err.decode("utf-8", "replace").strip().splitlines()
    said = lines[0] if lines else "(no error: done)"
    if len(lines) > 1:
        said += f"  [+{len(lines) - 1} more lines]"
    return Outcome(name, seconds, usage.ru_maxrss / 1024, process.returncode, said)


def inputs(base: str, folder: Path) -> list[tuple[str, list[str]]]:
    first = os.urandom(35_000).hex().encode()
    ROUTES.update(
        {
            "/normal": fixed(NORMAL),
            "/gzip-two": fixed(
                gzip.compress(page(first.decode())) + gzip.compress(b"<p>second member</p>"),
                Content_Encoding="gzip",
            ),
            "/gzip-bomb": fixed(gzip_bomb(200_000_000), Content_Encoding="gzip"),
            "/paragraphs": fixed(
                page("".join(f"<p>Paragraph {n:06} of the page.</p>\n" for n in range(200_000)))
            ),
            "/sentence": fixed(
                page("<p>" + " ".join(f"word{n} said “quoted {n}.”" for n in range(250_000)) + "</p>")
            ),
            "/nesting": fixed(
                page("<div>" * 100_000 + "<p>Deep text at the bottom.</p>" + "</div>" * 100_000)
            ),
            "/trickle": trickle,
            "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
            "/bad-ref": fixed(rss("Big &#xFFFFFFF; ref"), "application/rss+xml"),
            "/loop-feed": fixed(rss("Local"), "application/rss+xml"),
            "/utf16": fixed(NORMAL.decode().encode("utf-16le"), "text/html; charset=utf-16le"),
            "/sjis-liar": fixed(
                page("<p>石破茂首相は記者会見で、経済対策について「国民の生活を守る」と述べた。</p>"),
                "text/html; charset=shift_jis",
            ),
            "/chunked": broken_chunks,
        }
    )
    linking = folder / "site.html"
    linking.write_text(
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{base}/loop-feed"></head></html>'
    )
    truncated = folder / "truncated.html"
    truncated.write_text("<html><head><title>x</title></head>")
    binary = folder / "random.bin"
    binary.write_bytes(random.Random(8).randbytes(100_000))
    return [
        ("baseline: a normal page", ["dump", f"{base}/normal"]),
        ("gzip, two members (70 KB first)", ["dump", f"{base}/gzip-two"]),
        ("gzip bomb (200 MB of zeros)", ["dump", f"{base}/gzip-bomb"]),
        ("7.5 MB page, 200,000 paragraphs", ["dump", f"{base}/paragraphs"]),
        ("8 MB of one endless sentence", ["dump", f"{base}/sentence"]),
        ("100,000-deep nesting", ["dump", f"{base}/nesting"]),
        ("a byte a second (deadline)", ["dump", f"{base}/trickle"]),
        ("redirect to 169.254.169.254", ["dump", f"{base}/to-metadata"]),
        ("feed: &#xFFFFFFF; in a title", ["feeds", "add", f"{base}/bad-ref"]),
        ("feed link from a file to loopback", ["feeds", "add", str(linking)]),
        ("UTF-16LE declared, no BOM", ["dump", f"{base}/utf16"]),
        ("UTF-8 declared shift_jis", ["dump", f"{base}/sjis-liar"]),
        ("truncated page", ["dump", str(truncated)]),
        ("broken chunked encoding", ["dump", f"{base}/chunked"]),
        ("random bytes", ["dump", str(binary)]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the inputs whose name contains this")
    options = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    over = False
    with tempfile.TemporaryDirectory(prefix="byline-hostile-") as folder:
        cases = inputs(base, Path(folder))
        if options.only:
            cases = [cases[0], *(case for case in cases[1:] if options.only in case[0])]
        print(f"{'input':<35} {'s':>6} {'x base':>7} {'MB':>6} {'exit':>4}  answer")
        baseline: float | None = None
        for n, (name, args) in enumerate(cases):
            outcome = run(name, args, Path(folder) / f"data{n}")
            baseline = baseline or outcome.seconds
            flag = outcome.seconds > MAX_SECONDS or outcome.megabytes > MAX_MB
            over = over or flag
            print(
                f"{name:<35} {outcome.seconds:6.2f} {outcome.seconds / baseline:7.1f} "
                f"{outcome.megabytes:6.0f} {outcome.status:>4}  {'OVER ' if flag else ''}{outcome.said[:96]}",
                flush=True,
            )
    server.shutdown()
    print(
        f"limits: {MAX_SECONDS:g} s and {MAX_MB:g} MB per input;",
        "some input is OVER" if over else "all within",
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
