"""Issue 8, kind 2: one feed that never answers must not hold back (or lose) the others of a refresh."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING

from storage import Library

if TYPE_CHECKING:
    from conftest import LocalHTTPServer


def rss(title: str) -> bytes:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{title} story</title><link>https://{title.lower()}.example/1</link></item>"
        "</channel></rss>"
    ).encode()


def test_each_feed_is_kept_as_it_ends_while_another_stalls(
    tmp_path: Path, http_server: LocalHTTPServer
) -> None:
    release = threading.Event()

    def stall(request: BaseHTTPRequestHandler) -> None:
        # Headers, then nothing: the fetch waits on the body until its deadline or until we let go.
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Length", "1000")
        request.end_headers()
        request.wfile.flush()
        release.wait(60)

    data = tmp_path / "data"
    library = Library(data)
    urls = [
        http_server.handle("/stuck", stall),
        http_server.add("/one", rss("One"), content_type="application/rss+xml"),
        http_server.add("/two", rss("Two"), content_type="application/rss+xml"),
    ]
    library.feed_shelf.add_many([(url, url.rsplit("/", 1)[-1], ()) for url in urls])
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    command = [sys.executable, "-m", "byline", "feeds", "refresh", "--data-dir", str(data)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        kept: dict[str, int] = {}
        for _ in range(300):
            kept = {sub.title: sub.item_count for sub in Library(data).feeds() if sub.refreshed_at}
            if len(kept) == 2:
                break
            time.sleep(0.05)
        # Both quick feeds are on disk while the stuck one still holds the refresh open.
        assert kept == {"One": 1, "Two": 1}
        assert child.poll() is None
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        release.set()
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=10)
    after = {sub.title: (sub.item_count, sub.refreshed_at is not None) for sub in Library(data).feeds()}
    assert after == {"One": (1, True), "Two": (1, True), "stuck": (0, False)}
