"""How fast the reader opens an article full of links and pictures, against the seed article in the same run.

0. End to end, as a user waits (tmux, 120x40, interleaved rounds, medians): process start until the
   headline is on screen, for ``byline URL`` of the seed page and of a generated 300 KB page with
   2,000 links and 50 pictures, both served by a local HTTP server on 127.0.0.1 (the pictures arrive
   afterwards). The ratio must stay within 2x. Needs tmux; skipped without it.
1. Open in-process: ``run_test`` at 120x40 from app start until the first line renders, for the seed and
   for a 300 KB article with 2,000 links and 50 pictures (ratio must stay within 2x). The pictures are
   served by a local HTTP server on 127.0.0.1 and arrive afterwards: the time until all 50 are drawn
   is reported apart, as is a page turn (scroll, then draw every visible line) with pictures on screen.
2. Layout of a 20,000-cell table at 80 columns.

The seed article is tests/data/newslooks-ishiba.html, cleaned by the pipeline; this script reads
nothing from ../shared.

Usage: .venv/bin/python bench/rich_article.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from news.model import Article, Block, Image, Span  # noqa: E402

SEED = ROOT / "tests" / "data" / "newslooks-ishiba.html"
LINKS = 2_000
PICTURES = 50
TEXT_BYTES = 300_000


def picture_bytes(number: int) -> bytes:
    """A 800x450 JPEG, a different colour for each number (a news photo's usual shape)."""
    from PIL import Image as PILImage

    picture = PILImage.new("RGB", (800, 450), ((number * 37) % 256, (number * 91) % 256, 160))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80)
    return out.getvalue()


class Pictures(BaseHTTPRequestHandler):
    """Serves the pictures (/p/N.jpg) and the two pages (/seed, /story) made at start."""

    served: ClassVar[dict[str, bytes]] = {}

    def do_GET(self) -> None:
        body = self.served.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        kind = "image/jpeg" if self.path.endswith(".jpg") else "text/html; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


def rich_article(base: str) -> Article:
    """About 300 KB of text, 2,000 links spread through it and 50 pictures, as the model gives them."""
    sentence = "The council met on Tuesday to weigh the budget, the timetable and what could go wrong. "
    blocks: list[Block] = []
    size = links = 0
    paragraphs = TEXT_BYTES // (len(sentence) * 5)
    per_paragraph = -(-LINKS // paragraphs)
    every = max(1, paragraphs // PICTURES)
    for number in range(paragraphs):
        text = sentence * 5
        spans = []
        for k in range(min(per_paragraph, LINKS - links)):
            start = text.index("budget", k * len(sentence))
            spans.append(Span(start, start + 6, "link", f"https://example.org/story/{links}"))
            links += 1
        blocks.append(Block("paragraph", text, spans=tuple(spans)))
        size += len(text.encode("utf-8"))
        if number % every == 0 and number // every < PICTURES:
            index = number // every
            image = Image(
                f"{base}/p/{index}.jpg", alt=f"Picture {index}", caption=f"Caption of picture {index}"
            )
            blocks.append(Block("image", image.caption, media=image))
    return Article(
        source=f"{base}/story", url=f"{base}/story", title="A long read with pictures", blocks=blocks
    )


async def open_article(article: Article, wait_pictures: int) -> tuple[float, float, float]:
    """Seconds to the first paint, to ``wait_pictures`` pictures drawn, and per page turn with them shown.

    The first paint is when Textual itself first asks the article view for a line with text (the frame
    it then writes is what the user sees), not when a Pilot pause returns: a pause waits for the app to
    be idle, and pictures arriving keep it busy without delaying what is on screen.
    """
    from textual.strip import Strip

    from tui.app import BylineApp
    from tui.widgets.article_view import ArticleView

    painted: list[float] = []
    render_line = ArticleView.render_line

    def recording(self: ArticleView, y: int) -> Strip:
        strip = render_line(self, y)
        if not painted and strip.text.strip():
            painted.append(time.perf_counter())
        return strip

    ArticleView.render_line = recording  # type: ignore[method-assign]
    app = BylineApp(article=article, use_library=False, load_user_files=False)
    start = time.perf_counter()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            while not painted:
                await asyncio.sleep(0.001)
            opened = painted[0] - start
            view = app.screen.query_one(ArticleView)
            arrived = 0.0
            if wait_pictures:
                while len(view.figures.pictures) + len(view.figures.failed) < wait_pictures:
                    await pilot.pause(0.01)
                while view._relayout_timer is not None:
                    await pilot.pause(0.01)
                arrived = time.perf_counter() - start
            await pilot.pause()
            height = view.scrollable_content_region.height
            pages = 0
            view.go_top()
            start = time.perf_counter()
            end = len(view.text_layout.lines) - height
            while view.top_line < end:
                view.action_page_down()
                view._strips.clear()
                for y in range(height):
                    view.render_line(y)
                pages += 1
            per_page = (time.perf_counter() - start) / max(1, pages)
            failed = len(view.figures.failed)
    finally:
        ArticleView.render_line = render_line  # type: ignore[method-assign]
    if failed:
        print(f"  note: {failed} pictures failed to arrive")
    return opened, arrived, per_page


def rich_page(base: str) -> str:
    """The rich article as a web page: paragraphs with links, figures with captions."""
    sentence = "The council met on Tuesday to weigh the budget, the timetable and what could go wrong. "
    parts = ["<html><head><title>A long read with pictures</title></head><body><article>"]
    parts.append("<h1>A long read with pictures</h1>")
    links = 0
    number = 0
    paragraphs = TEXT_BYTES // (len(sentence) * 5)
    per_paragraph = -(-LINKS // paragraphs)
    every = max(1, paragraphs // PICTURES)
    for number in range(paragraphs):
        pieces = []
        for k in range(5):
            if k < per_paragraph and links < LINKS:
                pieces.append(sentence.replace("budget", f'<a href="/story/{links}">budget</a>'))
                links += 1
            else:
                pieces.append(sentence)
        parts.append(f"<p>{''.join(pieces)}</p>")
        if number % every == 0 and number // every < PICTURES:
            index = number // every
            parts.append(
                f'<figure><img src="{base}/p/{index}.jpg" alt="Picture {index}" width="800" height="450">'
                f"<figcaption>Caption of picture {index}</figcaption></figure>"
            )
    parts.append("</article></body></html>")
    return "".join(parts)


def end_to_end(base: str, rounds: int) -> None:
    """Process start to headline on screen, seed page against the rich page, both by URL."""
    import shutil
    import tempfile

    if shutil.which("tmux") is None:
        print("end to end: tmux is not installed; skipped")
        return
    from bench.first_paint import HEADLINE, Tmux, compile_bytecode, time_to_text

    byline = ROOT / ".venv" / "bin" / "byline"
    compile_bytecode()
    tmux = Tmux()
    seeds: list[float] = []
    richs: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for number in range(rounds + 1):
                pair = [
                    ("seed", f"{base}/seed", HEADLINE),
                    ("rich", f"{base}/story", "A long read with pictures"),
                ]
                if number % 2:
                    pair.reverse()
                for name, url, needle in pair:
                    data = Path(scratch) / f"{name}{number}"
                    command = f"cd {ROOT} && exec {byline} --data-dir {data} {url}"
                    seconds = time_to_text(tmux, command, needle, f"bench-rich-{name}-{number}-{os.getpid()}")
                    if number:  # round 0 warms the caches and is not counted
                        (seeds if name == "seed" else richs).append(seconds)
    finally:
        tmux.close()
    seed, rich = statistics.median(seeds), statistics.median(richs)
    verdict = "ok" if rich <= 2 * seed else "TOO SLOW (limit 2x)"
    print(f"end to end, tmux 120x40, {rounds} rounds (process start -> headline on screen, medians):")
    print(
        f"  byline {base}/seed    {seed * 1000:7.1f} ms   all: {' '.join(f'{v * 1000:.0f}' for v in seeds)}"
    )
    print(
        f"  byline {base}/story   {rich * 1000:7.1f} ms   all: {' '.join(f'{v * 1000:.0f}' for v in richs)}"
    )
    print(f"  ratio rich / seed: {rich / seed:.2f}x  {verdict}")


def big_table() -> None:
    from tui.widgets.table_layout import grid_lines

    rows = tuple(tuple(f"r{r}c{c} value" for c in range(10)) for r in range(2_000))
    times = []
    for _ in range(3):
        start = time.perf_counter()
        lines = grid_lines(rows, 1, 76)
        times.append(time.perf_counter() - start)
    median = statistics.median(times) * 1000
    print(f"20,000-cell table at 80 columns: {len(lines)} lines, layout median {median:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--in-process-only", action="store_true", help="skip the end-to-end part")
    options = parser.parse_args()
    from news import load

    Pictures.served = {f"/p/{n}.jpg": picture_bytes(n) for n in range(PICTURES)}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pictures)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    Pictures.served["/seed"] = SEED.read_bytes()
    Pictures.served["/story"] = rich_page(base).encode("utf-8")
    if not options.in_process_only:
        end_to_end(base, options.rounds)
    seed = load(str(SEED))
    rich = rich_article(base)
    size = len(rich.text.encode("utf-8")) // 1000
    links = sum(1 for block in rich.blocks for span in block.spans if span.kind == "link")
    print(f"rich article: {size} KB of text, {links} links, {PICTURES} pictures (served on 127.0.0.1)")
    seeds, richs, arrivals, seed_pages, rich_pages = [], [], [], [], []
    asyncio.run(open_article(seed, 0))  # warm imports and caches, not counted
    for number in range(options.rounds):
        pair = [("seed", seed), ("rich", rich)]
        if number % 2:
            pair.reverse()
        for name, article in pair:
            opened, arrived, per_page = asyncio.run(open_article(article, PICTURES if name == "rich" else 0))
            if name == "seed":
                seeds.append(opened)
                seed_pages.append(per_page)
            else:
                richs.append(opened)
                arrivals.append(arrived)
                rich_pages.append(per_page)
    seed_open, rich_open = statistics.median(seeds), statistics.median(richs)
    verdict = "ok" if rich_open <= 2 * seed_open else "TOO SLOW (limit 2x)"
    print(f"open until the first line renders, run_test 120x40, {options.rounds} rounds (medians):")
    print(f"  seed article      {seed_open * 1000:7.1f} ms")
    print(f"  rich article      {rich_open * 1000:7.1f} ms   ratio {rich_open / seed_open:.2f}x  {verdict}")
    print(f"  all {PICTURES} pictures drawn {statistics.median(arrivals) * 1000:7.1f} ms after start")
    print(
        f"  page turn + every visible line drawn: seed {statistics.median(seed_pages) * 1000:.2f} ms, "
        f"rich (pictures on) {statistics.median(rich_pages) * 1000:.2f} ms"
    )
    big_table()
    server.shutdown()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    sys.exit(main())
