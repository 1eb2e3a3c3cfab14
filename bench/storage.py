"""Library speed at scale: byline's sharded atomic storage against TinyDB's plain default storage.

Builds, in a temporary folder, a library of N articles and M bookmarks twice: once with
``storage.Library`` (sharded files, atomic fsynced writes, inter-process lock) and once as
TinyDB's default single ``db.json`` (JSONStorage: writes in place, no fsync, no lock, so the
baseline is given every advantage). Then times, on both: mark read, save progress, add a
bookmark, list the library, open the library (construct + list). Prints median and p95 of
each in milliseconds, and the ratio plain/ours of the medians. Reads nothing outside the
temporary folder.

Then the library of years (``--sweep``, default 1000,10000,50000): for each size, a library built
in a temporary folder, and, as a user waits, in a real terminal (tmux 120x40): process start to
the first title of ``byline`` (the library screen) on screen, its peak memory, and the same after a
filter is typed; ``byline list --format json`` end to end; and the first open after an upgrade (the
catalog built from the shards). The 50,000 figures are given as a ratio to the 1,000 ones.

Usage: python bench/storage.py [--articles 20000] [--bookmarks 2000] [--samples 200]
                               [--sweep 1000,10000,50000] [--rounds 5] [--only-sweep | --no-sweep]
                               [--search 20000] [--only-search]

The search part builds N articles of news-like text and times ``Library.search`` (median over
many queries) and what indexing adds to saving one article, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from unittest import mock

from tinydb import Query, TinyDB

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path and its name would hide the storage package.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]
    sys.path.insert(0, str(ROOT))

from news.model import Article, Block, Quote  # noqa: E402
from storage import Library  # noqa: E402
from storage.atomic import write_atomic  # noqa: E402

Timings = dict[str, list[float]]


def make_article(i: int) -> Article:
    """A small synthetic article, distinct per ``i``."""
    blocks = [
        Block("paragraph", f"Paragraph {j} of story {i}: the council met on Tuesday to discuss the budget.")
        for j in range(8)
    ]
    return Article(
        source=f"https://news.example.org/2026/story-{i}",
        url=f"https://news.example.org/2026/story-{i}",
        title=f"Story number {i}: council debates the budget",
        site="Example News",
        authors=["A. Writer"],
        published="2026-11-01T09:00:00Z",
        lead=blocks[0].text,
        quotes=[Quote("We will balance the budget", "The Mayor", None, 2)],
        blocks=blocks,
    )


def time_ms(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def disk_floor(folder: Path, size: int, samples: int = 50) -> list[float]:
    """Times of one bare atomic replace of ``size`` bytes here: what any durable change costs at least."""
    folder.mkdir(exist_ok=True)
    data = b"x" * size
    return [time_ms(lambda: write_atomic(folder / "floor.json", data)) for _ in range(samples)]


def build_ours(folder: Path, n_articles: int, n_bookmarks: int) -> tuple[Library, list[str]]:
    library = Library(folder)
    ids: list[str] = []
    for start in range(0, n_articles, 1000):
        batch = [make_article(i) for i in range(start, min(n_articles, start + 1000))]
        ids.extend(entry.id for entry in library.save_articles(batch))
    rng = random.Random(1)
    for i in range(n_bookmarks):
        library.add_bookmark(
            rng.choice(ids), text=f"Quote {i}", kind="quote", speaker="The Mayor", section=None, block=2
        )
    return library, ids


def build_plain(path: Path, library: Library) -> TinyDB:
    db = TinyDB(path)  # TinyDB's default: JSONStorage, one file, rewritten in place
    db.table("articles").insert_multiple(entry.to_dict() for entry in library.articles())
    db.table("bookmarks").insert_multiple(bookmark.to_dict() for bookmark in library.bookmarks())
    return db


def bench_ours(folder: Path, library: Library, ids: list[str], samples: int) -> Timings:
    rng = random.Random(2)
    timings: Timings = {}
    timings["mark read"] = [time_ms(lambda: library.set_read(rng.choice(ids), True)) for _ in range(samples)]
    timings["save progress"] = [
        time_ms(lambda: library.set_progress(rng.choice(ids), rng.random(), rng.randrange(50)))
        for _ in range(samples)
    ]
    timings["add a bookmark"] = [
        time_ms(
            lambda: library.add_bookmark(
                rng.choice(ids), text="Another quote", kind="passage", speaker=None, section=None, block=3
            )
        )
        for _ in range(samples)
    ]
    timings["list the library"] = [time_ms(library.articles) for _ in range(max(5, samples // 20))]
    timings["open the library"] = [
        time_ms(lambda: Library(folder).articles()) for _ in range(max(5, samples // 20))
    ]
    return timings


def bench_plain(path: Path, db: TinyDB, ids: list[str], samples: int) -> Timings:
    rng = random.Random(2)
    articles, bookmarks, entry = db.table("articles"), db.table("bookmarks"), Query()
    timings: Timings = {}
    timings["mark read"] = [
        time_ms(lambda: articles.update({"read": True}, entry.id == rng.choice(ids))) for _ in range(samples)
    ]
    timings["save progress"] = [
        time_ms(lambda: articles.update({"progress": rng.random()}, entry.id == rng.choice(ids)))
        for _ in range(samples)
    ]
    timings["add a bookmark"] = [
        time_ms(lambda: bookmarks.insert({"text": "Another quote", "article_id": rng.choice(ids)}))
        for _ in range(samples)
    ]

    def listing(table: Any) -> list[Any]:
        return sorted(table.all(), key=lambda doc: doc["saved_at"], reverse=True)

    timings["list the library"] = [time_ms(lambda: listing(articles)) for _ in range(max(5, samples // 4))]
    timings["open the library"] = [
        time_ms(lambda: listing(TinyDB(path).table("articles"))) for _ in range(max(5, samples // 4))
    ]
    return timings


def build_quickly(folder: Path, n_articles: int) -> None:
    """A library of ``n_articles`` as byline saves it, without the fsyncs (building is not what is timed)."""
    with mock.patch("os.fsync"):
        library = Library(folder)
        for start in range(0, n_articles, 1000):
            library.save_articles(make_article(i) for i in range(start, min(n_articles, start + 1000)))


def _in_tmux(tmux: Any, command: str, needles: list[str], keys: list[str], session: str) -> list[float]:
    """Seconds from starting ``command`` until each needle is on screen (``keys`` typed after the first),
    then the process's peak resident memory in MB as the last value."""
    start = time.perf_counter()
    tmux.command(f"new-session -d -s {session} -x 120 -y 40 {shlex_quote(command)}")
    found: list[float] = []
    try:
        pid = tmux.command(f"display-message -p -t {session} '#{{pane_pid}}'")[0].strip()
        for n, needle in enumerate(needles):
            if n == 1:
                typed = time.perf_counter()
                for key in keys:
                    tmux.command(f"send-keys -t {session} -l {shlex_quote(key)}")
                start = typed
            while needle not in "\n".join(tmux.command(f"capture-pane -p -t {session}")):
                if time.perf_counter() - start > 60:
                    raise RuntimeError(f"{needle!r} never appeared for: {command}")
                time.sleep(0.002)
            found.append(time.perf_counter() - start)
        status = Path(f"/proc/{pid}/status").read_text()
        peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        found.append(peak_kb / 1024)
    finally:
        tmux.command(f"kill-session -t {session}")
    return found


def first_page(folder: Path) -> None:
    Library(folder).listing(limit=100)


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def sweep(sizes: list[int], rounds: int) -> None:
    """The library of years: first titles, memory, filtering and ``byline list`` at each size."""
    from bench.first_paint import Tmux, compile_bytecode

    byline = ROOT / ".venv" / "bin" / "byline"
    if shutil.which("tmux") is None or not byline.exists():
        print("library sweep: needs tmux and .venv/bin/byline (make setup); skipped")
        return
    compile_bytecode()
    rows: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="byline-sweep-") as tmp:
        tmux = Tmux()
        try:
            for size in sizes:
                folder = Path(tmp) / f"lib{size}"
                build_quickly(folder, size)
                newest = f"Story number {size - 1}: council"
                # The catalog as an upgrade finds it: absent, built from the shards on the first open.
                time.sleep(2.1)  # past the catalog's racy window, as any library not written this instant
                cold = time_ms(partial(first_page, folder))
                opened, filtered, memory = [], [], []
                for number in range(rounds + 1):
                    command = f"cd {ROOT} && exec {byline} --data-dir {folder}"
                    # "number 7" keeps the stories numbered 7, 70-79, 700-799...: a ninth of them.
                    first, then, peak = _in_tmux(
                        tmux,
                        command,
                        [newest, " of "],
                        ["/", "number 7"],
                        f"bench-sweep-{size}-{number}-{os.getpid()}",
                    )
                    if number:  # round 0 warms the disk cache
                        opened.append(first)
                        filtered.append(then)
                        memory.append(peak)
                listed = []
                for _ in range(rounds):
                    begin = time.perf_counter()
                    subprocess.run(
                        [str(byline), "list", "--format", "json", "--data-dir", str(folder)],
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                    listed.append(time.perf_counter() - begin)
                rows[size] = {
                    "first titles": statistics.median(opened) * 1000,
                    "peak MB": max(memory),
                    "filter shown": statistics.median(filtered) * 1000,
                    "list json": statistics.median(listed) * 1000,
                    "first open, no catalog": cold,
                }
                shutil.rmtree(folder)
        finally:
            tmux.close()
    print()
    print(f"library of years: tmux 120x40, {rounds} rounds each (median; memory: the highest peak)")
    names = list(next(iter(rows.values())))
    print(f"{'articles':>10}" + "".join(f"{name:>24}" for name in names))
    for size, row in rows.items():
        units = ["ms", "MB", "ms", "ms", "ms"]
        print(
            f"{size:>10}"
            + "".join(f"{row[name]:>21.0f} {unit}" for name, unit in zip(names, units, strict=True))
        )
    small, large = rows[min(rows)], rows[max(rows)]
    ratio = large["first titles"] / small["first titles"]
    verdict = "ok" if ratio <= 1.5 and large["peak MB"] < 150 else "OVER (limits 1.5x and 150 MB)"
    peak = large["peak MB"]
    print(f"first titles at {max(rows)} / at {min(rows)}: {ratio:.2f}x, peak {peak:.0f} MB  {verdict}")
    print("first titles: process start -> the newest title on screen; filter shown: / and a query typed ->")
    print("the filtered count in the status line; first open, no catalog: Library() + one page, in process.")


SYLLABLES = [
    "ka",
    "to",
    "ri",
    "mu",
    "se",
    "na",
    "po",
    "li",
    "de",
    "va",
    "ru",
    "mi",
    "so",
    "te",
    "ga",
    "bo",
    "ne",
    "ki",
    "za",
    "lu",
]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """``size`` distinct made-up words of 2-4 syllables."""
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))] = None
    return list(words)


def news_like(i: int, words: list[str], weights: list[float], rng: random.Random) -> Article:
    """An article of 16 paragraphs of 50 words drawn with Zipf's law (as words in news text are)."""
    paragraphs = []
    for _ in range(16):
        drawn = rng.choices(words, cum_weights=weights, k=50)
        paragraphs.append(" ".join(" ".join(drawn[n : n + 10]).capitalize() + "." for n in range(0, 50, 10)))
    blocks = [Block("paragraph", text) for text in paragraphs]
    title = " ".join(rng.choices(words, cum_weights=weights, k=6)).capitalize()
    url = f"https://news.example.org/{i}"
    return Article(source=url, url=url, title=title, site="Example News", lead=paragraphs[0], blocks=blocks)


def search_bench(n_articles: int, samples: int) -> None:
    """Query time at ``n_articles`` (median over many queries) and what indexing adds to one save."""
    rng = random.Random(3)
    words = vocabulary(30_000, rng)
    weights, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1 / rank**1.1
        weights.append(total)
    with tempfile.TemporaryDirectory(prefix="byline-search-") as tmp:
        folder = Path(tmp) / "library"
        start = time.perf_counter()
        with mock.patch("os.fsync"):
            library = Library(folder)
            for first in range(0, n_articles, 500):
                last = min(n_articles, first + 500)
                library.save_articles(news_like(i, words, weights, rng) for i in range(first, last))
        built = time.perf_counter() - start
        size = sum(f.stat().st_size for f in folder.glob("catalog.sqlite*")) / 1024 / 1024
        print(f"search: {n_articles} articles of 800 words (Zipf over 30,000 words), built in {built:.0f}s;")
        print(f"  catalog.sqlite with the text index: {size:.0f} MiB")
        time.sleep(2.1)  # past the catalog's racy window, as a library not written this instant
        library.search("warm")  # the first search opens the file and checks the index once
        queries = (
            [words[rng.randint(100, 5000)] for _ in range(samples)]
            + [f"{words[rng.randint(20, 2000)]} {words[rng.randint(20, 2000)]}" for _ in range(samples)]
            + [words[rng.randint(50, 3000)][:4] for _ in range(samples)]
        )
        timings: Timings = {"one word": [], "two words": [], "a prefix (4 letters)": []}
        for n, query in enumerate(queries):
            timings[list(timings)[n // samples]].append(time_ms(partial(library.search, query)))
        common = [time_ms(lambda: library.search(words[0])) for _ in range(10)]
        print("  query (Library.search: lock, catalog check, index check, FTS5 query, sentences; ms)")
        for name, values in timings.items():
            print(f"    {name:<22} median {statistics.median(values):6.2f}   p95 {p95(values):6.2f}")
        commonest = statistics.median(common)
        print(f"    {'the commonest word':<22} median {commonest:6.2f}   (matches most passages)")
        verdict = "ok" if max(statistics.median(v) for v in timings.values()) <= 50 else "OVER 50 ms"
        print(f"  {verdict} (limit: 50 ms median)")
        # What indexing adds to a save, measured in the same run: saves with and without it, interleaved.
        extra = [news_like(n_articles + i, words, weights, rng) for i in range(2 * samples)]
        with_index: list[float] = []
        without: list[float] = []
        index_only: list[float] = []
        real_index = library._index_text
        for n, article in enumerate(extra):
            save = partial(library.save_article, article)
            if n % 2:
                with mock.patch.object(library, "_index_text", lambda *_: None):
                    without.append(time_ms(save))
            else:
                with_index.append(time_ms(save))
                entry = library.find(article.url or "")
                assert entry is not None
                index_only.append(time_ms(partial(real_index, entry, article)))
        added = statistics.median(with_index) - statistics.median(without)
        print(
            f"  save one article: median {statistics.median(with_index):.2f} ms with indexing, "
            f"{statistics.median(without):.2f} ms without (fsyncs included): indexing adds {added:.2f} ms"
        )
        alone = statistics.median(index_only)
        print(
            f"  indexing alone (its own transaction, WAL, no fsync): median {alone:.2f} ms,"
            f" p95 {p95(index_only):.2f} ms  {'ok' if alone <= 5 else 'OVER 5 ms'}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--bookmarks", type=int, default=2_000)
    parser.add_argument("--samples", type=int, default=200, help="timed changes per operation (ours)")
    parser.add_argument("--sweep", default="1000,10000,50000", help="library sizes for the library of years")
    parser.add_argument("--rounds", type=int, default=5, help="terminal rounds per size in the sweep")
    parser.add_argument("--only-sweep", action="store_true")
    parser.add_argument("--no-sweep", action="store_true")
    parser.add_argument(
        "--search", type=int, default=20_000, metavar="N", help="articles for the search bench"
    )
    parser.add_argument("--only-search", action="store_true")
    options = parser.parse_args()
    if options.only_search:
        search_bench(options.search, 40)
        return 0
    if not options.only_sweep:
        operations(options)
        search_bench(options.search, 40)
    if not options.no_sweep:
        os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
        sweep([int(size) for size in options.sweep.split(",")], options.rounds)
    return 0


def operations(options: argparse.Namespace) -> None:
    """Single changes and whole-library reads: ours against TinyDB's default storage."""
    with tempfile.TemporaryDirectory(prefix="byline-bench-") as tmp:
        folder, plain_path = Path(tmp) / "library", Path(tmp) / "plain" / "db.json"
        plain_path.parent.mkdir()
        start = time.perf_counter()
        library, ids = build_ours(folder, options.articles, options.bookmarks)
        built = time.perf_counter() - start
        db = build_plain(plain_path, library)
        shard_sizes = [p.stat().st_size for p in (folder / "index").iterdir()]
        print(f"library: {options.articles} articles, {options.bookmarks} bookmarks (built in {built:.1f}s)")
        print(
            f"ours: {len(shard_sizes)} index shards, median {statistics.median(shard_sizes) / 1024:.0f} KiB; "
            f"plain db.json: {plain_path.stat().st_size / 1024 / 1024:.1f} MiB"
        )
        floor_before = disk_floor(Path(tmp) / "floor", int(statistics.median(shard_sizes)))
        ours = bench_ours(folder, library, ids, options.samples)
        floor_after = disk_floor(Path(tmp) / "floor", int(statistics.median(shard_sizes)))
        plain = bench_plain(plain_path, db, ids, max(10, options.samples // 10))

    print()
    header = ("ms", "ours median", "ours p95", "plain median", "plain p95", "plain/ours")
    print(f"{header[0]:<18}{header[1]:>12}{header[2]:>10}{header[3]:>14}{header[4]:>11}{header[5]:>12}")
    for name, values in ours.items():
        base = plain[name]
        ratio = statistics.median(base) / statistics.median(values)
        print(
            f"{name:<18}{statistics.median(values):>12.2f}{p95(values):>10.2f}"
            f"{statistics.median(base):>14.2f}{p95(base):>11.2f}{ratio:>11.1f}x"
        )
    print()
    for name, values in (("before", floor_before), ("after", floor_after)):
        print(
            f"disk floor {name} ours: one bare write+fsync+rename+fsync of a median shard: "
            f"median {statistics.median(values):.2f} ms, p95 {p95(values):.2f} ms"
        )
    print("(fsync waits on the ext4 journal, so other programs writing at the same time raise every figure.)")
    print("ours: every change fsyncs a temp file, renames it and fsyncs the folder, under a file lock;")
    print("plain: TinyDB default JSONStorage rewrites the whole db.json in place with no fsync and no lock.")


if __name__ == "__main__":
    raise SystemExit(main())
