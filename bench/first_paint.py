"""How fast the reader paints, against a minimal Textual app measured in the same run.

1. First paint: process start to the headline on screen in a real terminal (tmux, 120x40), for
   ``byline tests/data/newslooks-ishiba.html`` and for a minimal Textual app that shows one line;
   interleaved rounds, medians and the ratio (ours must stay within 1.5x). The screen is polled
   through one tmux control-mode client, and byline's modules are compiled to bytecode first (as
   installed). Then a breakdown from separate traced runs: when each process reached which point.
   byline reads the page in a second process while Textual loads, so on a machine whose other
   core is busy it pays for both on one core; the breakdown's wall / CPU gap shows that.
2. A long article (about 300 KB of text): layout time per width, and opening it and paging from
   top to end in ``run_test``, against the seed article paged the same way.

The long article is built from the AEB sample pages in ../shared/aeb when that folder exists (this
script is the only part of byline that reads shared/); without it, generated text of the same size.

Usage: .venv/bin/python bench/first_paint.py [--rounds N]
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import gzip
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from news.model import Article, Block, Quote, Section  # noqa: E402

SEED = ROOT / "tests" / "data" / "newslooks-ishiba.html"
HEADLINE = "Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit"
MINIMAL_LINE = "byline minimal app ready"
AEB = ROOT.parent / "shared" / "aeb" / "html"  # shared/ beside the checkout
LONG_BYTES = 300_000
TIMEOUT = 20.0
# Session names carry the process id: two benches running at once must not share or kill sessions.
KEEP = f"bench-keep-{os.getpid()}"

MINIMAL_APP = f'''
from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("{MINIMAL_LINE}")


Minimal().run()
'''


class Tmux:
    """One tmux control-mode client: every command, the screen polls too, goes over one connection.

    Polling with a ``tmux capture-pane`` process every 5 ms spawned ~120 processes a second: about
    half a core, taken from the app being measured (and more from byline, which runs two processes).
    """

    def __init__(self) -> None:
        # A session kept open for the whole run: the control client stays attached to it, and no
        # round pays for starting the tmux server.
        subprocess.run(["tmux", "new-session", "-d", "-s", KEEP, "sleep 600"], check=False)
        self._client = subprocess.Popen(
            ["tmux", "-C", "attach-session", "-t", KEEP],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        self.command("refresh-client")  # waits until attached

    def command(self, line: str) -> list[str]:
        """Run one tmux command; return its output lines (notifications in between are skipped)."""
        assert self._client.stdin is not None and self._client.stdout is not None
        self._client.stdin.write(line + "\n")
        self._client.stdin.flush()
        output: list[str] = []
        inside = ours = False
        for raw in self._client.stdout:
            text = raw.rstrip("\n")
            if not inside:
                if text.startswith("%begin "):
                    # Flags 1: a command this client sent (the block for attaching itself has 0).
                    inside, ours = True, text.split()[-1] == "1"
                    output = []
            elif text.startswith(("%end ", "%error ")):
                if ours:
                    return output
                inside = False
            else:
                output.append(text)
        raise RuntimeError("the tmux control client went away")

    def close(self) -> None:
        self.command(f"kill-session -t {KEEP}")
        self._client.terminate()
        self._client.wait()


def time_to_text(tmux: Tmux, command: str, needle: str, session: str) -> float:
    """Seconds from starting ``command`` in a fresh 120x40 tmux window until ``needle`` is on screen."""
    start = time.perf_counter()
    tmux.command(f"new-session -d -s {session} -x 120 -y 40 {shlex.quote(command)}")
    try:
        while time.perf_counter() - start < TIMEOUT:
            if needle in "\n".join(tmux.command(f"capture-pane -p -t {session}")):
                return time.perf_counter() - start
            time.sleep(0.002)
        raise RuntimeError(f"{needle!r} never appeared for: {command}")
    finally:
        tmux.command(f"kill-session -t {session}")


def compile_bytecode() -> None:
    """Compile byline's modules as an install does (pip writes .pyc files; Textual's are there already).

    With PYTHONDONTWRITEBYTECODE set (as in this project's sandbox) an editable checkout would
    otherwise be compiled from source on every start, which no installed copy does.
    """
    packages = [str(ROOT / name) for name in ("byline", "news", "storage", "tui")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True, capture_output=True)


def first_paint(rounds: int) -> None:
    python = ROOT / ".venv" / "bin" / "python"
    byline = ROOT / ".venv" / "bin" / "byline"
    compile_bytecode()
    with tempfile.TemporaryDirectory() as scratch:
        minimal = Path(scratch) / "minimal.py"
        minimal.write_text(MINIMAL_APP, encoding="utf-8")
        tmux = Tmux()
        ours: list[float] = []
        base: list[float] = []
        try:
            for number in range(rounds + 1):
                data_dir = Path(scratch) / f"data{number}"
                ours_cmd = f"cd {ROOT} && exec {byline} --data-dir {data_dir} {SEED}"
                base_cmd = f"cd {ROOT} && exec {python} {minimal}"
                pair = [("ours", ours_cmd, HEADLINE), ("base", base_cmd, MINIMAL_LINE)]
                if number % 2:
                    pair.reverse()
                for name, command, needle in pair:
                    seconds = time_to_text(tmux, command, needle, f"bench-{name}-{number}-{os.getpid()}")
                    if number:  # round 0 warms the disk cache and is not counted
                        (ours if name == "ours" else base).append(seconds)
            phases = breakdown(tmux, python, minimal, Path(scratch), max(3, rounds // 2))
        finally:
            tmux.close()
    ours_median, base_median = statistics.median(ours), statistics.median(base)
    print(f"first paint, {rounds} rounds, tmux 120x40 (process start -> text on screen)")
    print("  (byline's modules compiled to bytecode first, as an install has them)")
    print(f"  minimal Textual app   median {base_median * 1000:7.1f} ms   all: {_ms(base)}")
    print(f"  byline SEED.html      median {ours_median * 1000:7.1f} ms   all: {_ms(ours)}")
    # Informational: the fastest rounds are the ones no other process on the machine got in the way of.
    print(f"  (fastest rounds: minimal {min(base) * 1000:.0f} ms, byline {min(ours) * 1000:.0f} ms)")
    verdict = "ok" if ours_median <= 1.5 * base_median else "TOO SLOW (limit 1.5x)"
    print(f"  ratio byline / minimal: {ours_median / base_median:.2f}x  {verdict}")
    print(phases)


TRACER = r"""
import os, sys, time
T0, C0 = time.perf_counter(), time.process_time()
LOG, NEEDLE, MARKS = sys.argv[1], sys.argv[2], {}

def mark(name):
    MARKS.setdefault(name, ((time.perf_counter() - T0) * 1000, (time.process_time() - C0) * 1000))

def on_import(name, module):
    mark(name)
    if name == "textual.app":
        import textual.drivers.linux_driver as driver
        write = driver.LinuxDriver.write
        def traced(self, data):
            if NEEDLE in data and "on screen" not in MARKS:
                mark("on screen")
                with open(LOG, "a") as out:
                    out.write(repr(MARKS) + "\n")
            return write(self, data)
        driver.LinuxDriver.write = traced
    elif name == "tui.prefetch":
        read = module.Prefetch._read
        def traced_read(self):
            read(self)
            mark("article in")
        module.Prefetch._read = traced_read

class Finder:
    WATCH = ("textual.app", "tui.prefetch", "tui.app")
    def find_spec(self, name, path, target=None):
        if name not in self.WATCH:
            return None
        for finder in sys.meta_path:
            spec = None if finder is self else finder.find_spec(name, path, target)
            if spec is not None:
                run = spec.loader.exec_module
                def exec_module(module, run=run, name=name):
                    run(module)
                    on_import(name, module)
                spec.loader.exec_module = exec_module
                return spec
        return None

sys.meta_path.insert(0, Finder())
if sys.argv[3] == "byline":
    from byline.cli import main
    sys.argv = ["byline", *sys.argv[4:]]
    sys.exit(main())
import runpy
sys.argv = sys.argv[3:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def breakdown(tmux: Tmux, python: Path, minimal: Path, scratch: Path, rounds: int) -> str:
    """Where the time goes: traced runs (not the timed ones) and the helper process on its own."""
    tracer = scratch / "tracer.py"
    tracer.write_text(TRACER, encoding="utf-8")
    logs = {"minimal": scratch / "minimal.log", "byline": scratch / "byline.log"}
    for number in range(rounds):
        data_dir = scratch / f"traced{number}"
        runs = {
            "minimal": f"{python} {tracer} {logs['minimal']} {shlex.quote(MINIMAL_LINE)} {minimal}",
            "byline": f"{python} {tracer} {logs['byline']} {shlex.quote(HEADLINE)} byline "
            f"--data-dir {data_dir} {SEED}",
        }
        for name, run in runs.items():
            time_to_text(
                tmux,
                f"cd {ROOT} && exec {run}",
                HEADLINE if name == "byline" else MINIMAL_LINE,
                f"trace-{name}-{number}-{os.getpid()}",
            )
    sys.path.insert(0, str(ROOT))
    from tui.prefetch import helper_command

    helper_cmd, env = helper_command(str(SEED))
    helper = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(helper_cmd, cwd=ROOT, env=env, capture_output=True, check=True)
        helper.append(time.perf_counter() - start)
    lines = [
        f"breakdown: {rounds} traced runs (medians, wall / CPU ms from the start of the interpreter's work;"
        " 'article in': the helper's answer read; CPU is the app process's own):",
    ]
    for name, log in logs.items():
        records = [ast.literal_eval(line) for line in log.read_text(encoding="utf-8").splitlines()]
        names = [key for key in records[0] if all(key in record for record in records)]
        medians = {
            key: (
                statistics.median(record[key][0] for record in records),
                statistics.median(record[key][1] for record in records),
            )
            for key in names
        }
        parts = [f"{key} {wall:.0f} / {cpu:.0f}" for key, (wall, cpu) in sorted(medians.items(), key=_wall)]
        lines.append(f"  {name:8} " + ", ".join(parts))
    lines.append(
        f"  the helper alone (tui.prefetch, reads and cleans SEED.html): median "
        f"{statistics.median(helper) * 1000:.0f} ms wall"
    )
    return "\n".join(lines)


def _wall(item: tuple[str, tuple[float, float]]) -> float:
    return item[1][0]


def _ms(values: list[float]) -> str:
    return " ".join(f"{value * 1000:.0f}" for value in values)


def long_article() -> tuple[Article, str]:
    """An article of about 300 KB: AEB pages' text one after another, or generated text without them."""
    blocks: list[Block] = []
    sections: list[Section] = []
    quotes: list[Quote] = []
    size = 0
    origin = "generated text"
    if AEB.is_dir():
        from news import SourceError, article_from_html

        origin = f"AEB pages from {AEB.parent}"
        for path in sorted(AEB.glob("*.html.gz")):
            try:
                page = article_from_html(
                    gzip.decompress(path.read_bytes()).decode("utf-8", "replace"), str(path)
                )
            except (SourceError, OSError, ValueError):
                continue
            offset = len(blocks)
            sections.append(Section(page.title or path.name, 1, offset))
            blocks.append(Block("heading", page.title or path.name, 2))
            for block in page.blocks:
                blocks.append(block)
                size += len(block.text.encode("utf-8"))
            quotes += [Quote(q.text, q.speaker, q.section, q.block + offset + 1) for q in page.quotes]
            if size >= LONG_BYTES:
                break
    if size < LONG_BYTES:
        sentence = "The council met on Tuesday to weigh the budget, the timetable and what could go wrong. "
        while size < LONG_BYTES:
            if len(blocks) % 25 == 0:
                sections.append(Section(f"Part {len(sections) + 1}", 1, len(blocks)))
                blocks.append(Block("heading", f"Part {len(sections)}", 2))
            said = f"We will be done by part {len(sections) + 1}"
            quotes.append(Quote(said, "Ms Doe", sections[-1].title, len(blocks)))
            text = f"“{said},” Ms Doe said. " + sentence * 5
            blocks.append(Block("paragraph", text))
            size += len(text.encode("utf-8"))
    article = Article(source="long", title="A long read", sections=sections, quotes=quotes, blocks=blocks)
    return article, origin


async def page_through(article: Article, size: tuple[int, int]) -> tuple[float, float, int, float]:
    """Seconds to open ``article`` until its first line renders, to page to its end, and the page count."""
    from tui.app import BylineApp
    from tui.widgets.article_view import ArticleView

    app = BylineApp(article=article, use_library=False, load_user_files=False)
    start = time.perf_counter()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.screen.query_one(ArticleView)
        while not view.render_line(0).text.strip():
            await pilot.pause(0.001)
        opened = time.perf_counter() - start
        pages = 0
        start = time.perf_counter()
        end = len(view.text_layout.lines) - view.scrollable_content_region.height
        while view.top_line < end:
            await pilot.press("pagedown")
            pages += 1
        paged = time.perf_counter() - start
        # The widget's own cost of a page turn: scroll, then draw every visible line afresh.
        view.go_top()
        height = view.scrollable_content_region.height
        start = time.perf_counter()
        for _ in range(pages):
            view.action_page_down()
            view._strips.clear()
            for y in range(height):
                view.render_line(y)
        drawn = time.perf_counter() - start
    return opened, paged, pages, drawn


def long_text(rounds: int) -> None:
    from news import load
    from tui.widgets.article_layout import layout_article

    article, origin = long_article()
    seed = load(str(SEED))
    size_kb = len(article.text.encode("utf-8")) / 1000
    print(f"\nlong article: {size_kb:.0f} KB of text, {len(article.blocks)} blocks ({origin})")
    for width in (80, 120, 200):
        times = []
        for _ in range(max(3, rounds)):
            start = time.perf_counter()
            layout = layout_article(article, width)
            times.append(time.perf_counter() - start)
        median = statistics.median(times) * 1000
        print(f"  layout at width {width:3}: median {median:6.1f} ms, {len(layout.lines)} lines")
    long_open, long_paged, long_pages, long_drawn = asyncio.run(page_through(article, (120, 40)))
    seed_open, seed_paged, seed_pages, seed_drawn = asyncio.run(page_through(seed, (120, 40)))
    per_long = long_paged / long_pages * 1000
    per_seed = seed_paged / max(1, seed_pages) * 1000
    print("  run_test 120x40, open until the first line renders, then pagedown to the end:")
    for name, opened, pages, per_page in (
        ("seed", seed_open, seed_pages, per_seed),
        ("long", long_open, long_pages, per_long),
    ):
        print(
            f"    {name} article  open {opened * 1000:6.1f} ms  {pages:4} pages, {per_page:5.1f} ms per page"
        )
    print(f"    ratio long / seed: open {long_open / seed_open:.2f}x, per page {per_long / per_seed:.2f}x")
    print("    (per page includes Pilot waiting for the screen update; the widget's own work per page:)")
    draw_long = long_drawn / long_pages * 1000
    draw_seed = seed_drawn / max(1, seed_pages) * 1000
    print(f"    page turn + all visible lines drawn: seed {draw_seed:.2f} ms, long {draw_long:.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--long-only", action="store_true", help="skip the first-paint part")
    options = parser.parse_args()
    if options.long_only:
        pass
    elif shutil.which("tmux") is None:
        print("first paint: tmux is not installed; skipped")
    elif not (ROOT / ".venv" / "bin" / "byline").exists():
        print("first paint: .venv/bin/byline missing (make setup); skipped")
    else:
        first_paint(options.rounds)
    if not AEB.is_dir():
        print(f"note: {AEB} not found; the long article is generated text")
    long_text(options.rounds)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    sys.exit(main())
