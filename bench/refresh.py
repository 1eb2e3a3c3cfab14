"""Feeds refresh against a local server that adds latency: byline vs the floor (and newsboat, if installed).

A ThreadingHTTPServer on 127.0.0.1 (HTTP/1.1, keep-alive) serves FEEDS RSS feeds of ITEMS items each and
waits LATENCY seconds before every answer; it sends an ETag and answers If-None-Match with 304.

Printed, each as a ratio against a baseline measured in the same run:
- the floor: FEEDS plain keep-alive GETs (http.client) at the same concurrency, for a full and a 304 round;
- ``byline feeds refresh`` run as a user runs it (a new process), first with every feed changed, then
  again with none changed (all 304); each must stay within LIMIT of its floor;
- newsboat (``newsboat -x reload``, same feeds, same number of threads) when it is installed, for both
  rounds; byline must not be slower;
- the peak memory of each byline run, and the library's open time with FEEDS x 200 items kept against an
  empty library (at most OPEN_LIMIT times).

Usage: python bench/refresh.py [--feeds N] [--items N] [--latency S] [--concurrency N]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 3  # runs of each kind; the best one counts (the machine is shared)
LIMIT = 1.3  # issue 12: a refresh within 1.3x the floor, full or all-304
OPEN_LIMIT = 1.5  # issue 12: 200 feeds x 200 items open within 1.5x an empty library


class FeedServer:
    """FEEDS feeds at /feed/N, changed whenever ``generation`` moves on; LATENCY s before each answer."""

    def __init__(self, feeds: int, items: int, latency: float) -> None:
        self.feeds, self.items, self.latency = feeds, items, latency
        self.generation = 0
        self.requests = 0
        self.not_modified = 0
        self._bodies: dict[tuple[int, int], bytes] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body in one send, no Nagle: else each answer waits out the client's delayed ACK
            # (40 ms on Linux), a cost of this server and not of any client.
            wbufsize = 1 << 16
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                server.requests += 1
                time.sleep(server.latency)
                try:
                    number = int(self.path.rsplit("/", 1)[-1])
                except ValueError:
                    self.send_error(404)
                    return
                body = server.body(number)
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    server.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.port}/feed/{number}"

    def body(self, number: int) -> bytes:
        key = (number, self.generation)
        if key not in self._bodies:
            self._bodies[key] = self._make(number)
        return self._bodies[key]

    def _make(self, number: int) -> bytes:
        g = self.generation
        items = "".join(
            f"<item><title>Feed {number} story {g}-{i}</title>"
            f"<link>https://news{number}.example/{g}/{i}</link><guid>https://news{number}.example/{g}/{i}</guid>"
            f"<pubDate>Thu, 03 Dec 2026 {i % 24:02d}:{i % 60:02d}:00 GMT</pubDate>"
            f"<description>&lt;p&gt;Paragraph of story {i} with &lt;b&gt;some&lt;/b&gt; markup, "
            f"long enough to look like a real summary of a real story.&lt;/p&gt;</description></item>"
            for i in range(self.items)
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Feed {number}</title><link>https://news{number}.example/</link>"
            f"<description>bench</description>{items}</channel></rss>"
        ).encode()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def floor(server: FeedServer, concurrency: int, etags: dict[int, str] | None = None) -> float:
    """Seconds for plain keep-alive GETs of every feed, ``concurrency`` at a time (one connection each)."""
    local = threading.local()

    def get(number: int) -> None:
        connection = getattr(local, "connection", None)
        if connection is None:
            connection = local.connection = HTTPConnection("127.0.0.1", server.port, timeout=30)
        headers = {"If-None-Match": etags[number]} if etags else {}
        connection.request("GET", f"/feed/{number}", headers=headers)
        response = connection.getresponse()
        response.read()

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(get, range(server.feeds)))
    return time.perf_counter() - start


def run_child(
    command: list[str], env: dict[str, str]
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run ``command``; its wall time in seconds, its own peak memory in MB, and what it printed."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        # wait4, not the children's total: this child's own ru_maxrss (KiB on Linux), not newsboat's.
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(command, child.returncode, out.read(), err.read())
    return elapsed, usage.ru_maxrss / 1024, done


def best(runs: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(runs))


def library_open_times(feeds: int, items: int) -> tuple[float, float, float]:
    """Median seconds to open an empty library, one with feeds x items, and to list the latter's feeds."""
    from storage import Library

    def timed(work: Callable[[], object]) -> float:
        samples = []
        for _ in range(7):
            start = time.perf_counter()
            work()
            samples.append(time.perf_counter() - start)
        return statistics.median(samples)

    with tempfile.TemporaryDirectory(prefix="byline-bench-open-") as temp:
        empty, full = Path(temp) / "empty", Path(temp) / "full"
        Library(empty)
        library = Library(full)
        shelf = library.feed_shelf
        shelf.add_many([(f"https://news{n}.example/feed", f"Feed {n}", ("Bench",)) for n in range(feeds)])
        for sub in library.feeds():
            fake = [
                {
                    "id": f"{sub.url}#{i}",
                    "title": f"Story {i}",
                    "link": f"{sub.url}/{i}",
                    "published": f"2026-12-03T{i % 24:02d}:00:00Z",
                    "summary": "A summary of a story, long enough to look real. " * 4,
                    "author": None,
                }
                for i in range(items)
            ]
            shelf.set_items(sub.id, fake, keep=items)
        return timed(lambda: Library(empty)), timed(lambda: Library(full)), timed(library.feeds)


def newsboat_reload(urls: list[str], folder: Path, threads: int) -> float:
    """Seconds for ``newsboat -x reload`` of ``urls`` with ``threads`` reload threads (cache in folder)."""
    (folder / "urls").write_text("".join(url + "\n" for url in urls))
    (folder / "config").write_text(f"reload-threads {threads}\nsuppress-first-reload yes\n")
    command = [
        "newsboat",
        "-u",
        str(folder / "urls"),
        "-c",
        str(folder / "cache.db"),
        "-C",
        str(folder / "config"),
        "-x",
        "reload",
    ]
    env = {**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder)}
    start = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=False, timeout=600)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=4, help="byline's, the floor's and newsboat's")
    options = parser.parse_args()
    server = FeedServer(options.feeds, options.items, options.latency)
    urls = [server.url(n) for n in range(options.feeds)]
    byline = [sys.executable, "-m", "byline"]
    failed = False
    with tempfile.TemporaryDirectory(prefix="byline-bench-refresh-") as temp:
        folder = Path(temp)
        (folder / "config" / "byline").mkdir(parents=True)
        (folder / "config" / "byline" / "config.toml").write_text(
            f"[feeds]\nconcurrency = {options.concurrency}\n"
        )
        env = {**os.environ, "XDG_CONFIG_HOME": str(folder / "config"), "BYLINE_HOME": str(folder / "data")}
        opml = "".join(f'<outline type="rss" text="Feed {n}" xmlUrl="{url}"/>' for n, url in enumerate(urls))
        (folder / "feeds.opml").write_text(f'<opml version="2.0"><body>{opml}</body></opml>')
        subprocess.run([*byline, "feeds", "import", str(folder / "feeds.opml")], env=env, check=True)

        print(
            f"{options.feeds} feeds x {options.items} items, {options.latency * 1000:g} ms per request, "
            f"concurrency {options.concurrency}"
        )
        server.generation = 1
        full_floor = best(2, lambda: floor(server, options.concurrency))
        etags = {n: '"' + hashlib.sha1(server.body(n)).hexdigest()[:16] + '"' for n in range(options.feeds)}
        cached_floor = best(2, lambda: floor(server, options.concurrency, etags))

        # Made now, so no timed run waits for the server to build them.
        for generation in range(2, 2 + ROUNDS):
            server.generation = generation
            for n in range(options.feeds):
                server.body(n)

        answered: list[int] = []

        def refresh() -> tuple[float, float]:
            before = server.not_modified
            elapsed, peak, done = run_child([*byline, "feeds", "refresh"], env)
            answered.append(server.not_modified - before)
            if done.returncode != 0:
                raise SystemExit(f"byline feeds refresh failed: {done.stderr.strip()[:500]}")
            return elapsed, peak

        # Every feed changed, ROUNDS times, then nothing changed, ROUNDS times: the best of each. newsboat's
        # runs take turns with byline's, so a load on the machine weighs on both alike.
        boat = folder / "newsboat" if shutil.which("newsboat") else None
        if boat is not None:
            boat.mkdir()
        runs, boat_runs = [], []
        for generation in range(2, 2 + ROUNDS):
            server.generation = generation
            runs.append(refresh())
            if boat is not None:
                boat_runs.append(newsboat_reload(urls, boat, options.concurrency))
        full, full_peak = min(runs)
        cached_runs, boat_cached_runs = [], []
        for _ in range(ROUNDS):
            cached_runs.append(refresh())
            if boat is not None:
                boat_cached_runs.append(newsboat_reload(urls, boat, options.concurrency))
        cached, cached_peak = min(cached_runs)
        answered_304 = min(answered[-ROUNDS:])

        def line(name: str, seconds: float, base: float, extra: str = "") -> str:
            return f"  {name:<34} {seconds:6.2f} s  {seconds / base:5.2f}x floor{extra}"

        print(f"  {'floor, full (http.client)':<34} {full_floor:6.2f} s")
        print(f"  {'floor, all 304 (http.client)':<34} {cached_floor:6.2f} s")
        print(
            line(
                "byline feeds refresh, full",
                full,
                full_floor,
                f"   peak {max(full_peak, cached_peak):.0f} MB",
            )
        )
        print(
            line(
                "byline feeds refresh, all 304",
                cached,
                cached_floor,
                f"   {answered_304}/{options.feeds} answered 304",
            )
        )
        failed |= full > LIMIT * full_floor or cached > LIMIT * cached_floor
        if boat is not None:
            boat_full, boat_cached = min(boat_runs), min(boat_cached_runs)
            print(
                line("newsboat -x reload, full", boat_full, full_floor, f"   byline {full / boat_full:.2f}x")
            )
            print(
                line(
                    "newsboat -x reload, all 304",
                    boat_cached,
                    cached_floor,
                    f"   byline {cached / boat_cached:.2f}x",
                )
            )
            failed |= full > boat_full or cached > boat_cached
        else:
            print("  newsboat is not installed: no comparison (apt-get install newsboat)")
    server.close()
    empty, kept, listed = library_open_times(options.feeds, 200)
    print(
        f"  library open, empty {empty * 1000:.1f} ms, {options.feeds} x 200 items "
        f"{kept * 1000:.1f} ms ({kept / empty:.2f}x); listing those feeds {listed * 1000:.0f} ms"
    )
    failed |= kept > OPEN_LIMIT * empty
    print("FAIL" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
