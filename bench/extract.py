"""Article-body quality and speed: byline's pipeline against readability-lxml alone on the AEB pages.

Reads ../shared/aeb beside the checkout (or $BYLINE_AEB): html/ID.html.gz and ground-truth.json.
Each page is run through both extractors back to back, alternating which goes first,
so a noisy machine slows both alike.
Prints F1 / precision / recall (the AEB measure: 4-word shingles, per-page normalised counts) and the
median and mean time per page of each, and the ratio of ours to readability's.

Then the size sweep: one article page built from the AEB bodies' paragraphs (headline, sections, nav and
footer around it) at 10 KB to 1 MB; for each size the best-of-``repeat`` time of ours and of readability-lxml
and their ratio, and each one's growth exponent (the slope of log time over log size: 1 is linear, 2
quadratic) fitted over the sizes from 100 KB up, where fixed costs no longer hide the growth.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path

import lxml.html
from readability import Document

from news.decode import decode
from news.errors import SourceError
from news.pipeline import article_from_html

# The sample pages live in shared/ beside the checkout, never in the repository.
SHARED_AEB = Path(__file__).resolve().parents[2] / "shared" / "aeb"
_WORD = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(truth: str, prediction: str) -> tuple[float, float, float]:
    """True-positive, false-positive and false-negative shingle shares of one page (summing to 1)."""
    t, p = _shingles(truth), _shingles(prediction)
    tp = sum(min(t[k], p[k]) for k in t.keys() & p.keys())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


@dataclass
class Run:
    """One extractor's texts and times over the pages."""

    name: str
    texts: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def score(self, truth: dict[str, str]) -> tuple[float, float, float]:
        """F1, precision and recall as the AEB score.py computes them."""
        rows = [page_counts(truth[i], self.texts.get(i, "")) for i in truth]
        ps = [_precision(*r) for r in rows if r[0] + r[1] > 0]
        rs = [_recall(*r) for r in rows if r[0] + r[2] > 0]
        p = sum(ps) / len(ps) if ps else 0.0
        r = sum(rs) / len(rs) if rs else 0.0
        return (2 * p * r / (p + r) if p + r else 0.0), p, r

    def page_f1(self, page: str, truth: str) -> float:
        """The F1 of one page."""
        tp, fp, fn = page_counts(truth, self.texts.get(page, ""))
        p, r = _precision(tp, fp, fn), _recall(tp, fp, fn)
        return 2 * p * r / (p + r) if p + r else 0.0


def ours(raw: bytes, page: str) -> str:
    """The body text ``byline dump --format text`` prints for the page."""
    try:
        return article_from_html(decode(raw), page).text
    except SourceError:
        return ""


def readability_alone(raw: bytes, page: str) -> str:
    """The README's readability-lxml reference: the partial summary's text content."""
    summary = Document(raw).summary(html_partial=True)
    return str(lxml.html.fromstring(summary).text_content()) if summary.strip() else ""


def measure(pages: Iterable[tuple[str, bytes]], repeat: int) -> tuple[Run, Run]:
    """Run both extractors on every page, interleaved; each time is the best of ``repeat`` runs."""
    mine, theirs = Run("byline"), Run("readability-lxml")
    for n, (page, raw) in enumerate(pages):
        order = [(mine, ours), (theirs, readability_alone)]
        if n % 2:
            order.reverse()
        best = {mine.name: float("inf"), theirs.name: float("inf")}
        for _ in range(repeat):
            for run, extract in order:
                start = time.perf_counter()
                run.texts[page] = extract(raw, page)
                best[run.name] = min(best[run.name], time.perf_counter() - start)
        mine.seconds[page], theirs.seconds[page] = best[mine.name], best[theirs.name]
    return mine, theirs


SWEEP_KB = (10, 30, 100, 300, 1000)
# Fixed per-page costs (parsing start-up, metadata) dominate small pages: fit the growth from here up.
_FIT_FROM_KB = 100


def sweep_page(paragraphs: list[str], size: int) -> bytes:
    """An article page of about ``size`` bytes, built as CMS pages are.

    Each paragraph sits in wrapper markup with an inline link; every fourth is followed by page furniture
    (an ad slot, a share bar, a list of five related stories). That is about 3 bytes of HTML per byte of
    article text, far more text than real pages carry (the AEB pages' median is 38 bytes per byte), so
    the text-bound steps weigh more here than on a real page of the same size.
    """
    head = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>A long report | The Paper</title></head>"
        "<body><nav class='site-nav'><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
        "<li><a href='/sport'>Sport</a></li></ul></nav><main><article class='story'>"
        "<h1>A long report</h1><p class='byline'>By Jane Doe</p><div class='story-body'>"
    )
    tail = (
        "</div></article></main><footer><p>© 2026 The Paper. All rights reserved.</p></footer></body></html>"
    )
    parts, total, n = [head], len(head) + len(tail), 0
    while total < size:
        words = html_escape(paragraphs[n % len(paragraphs)]).split(" ")
        cut = len(words) // 2
        text = " ".join([*words[:cut], f"<a href='/topic/{n}'>{words[cut]}</a>", *words[cut + 1 :]])
        chunk = f"<div class='story-block' data-block='{n}'><p class='story-text'>{text}</p></div>"
        if n % 4 == 3:
            related = "".join(
                f"<li class='related-item'><a href='/story/{n}/{k}'>Another story, number {k}</a></li>"
                for k in range(5)
            )
            chunk += (
                f"<div class='ad-slot' id='ad-{n}'><script>loadAd({n})</script></div>"
                "<div class='share-bar'><a href='#'>Share</a> <a href='#'>Tweet</a></div>"
                f"<aside class='related'><h3>Related</h3><ul>{related}</ul></aside>"
            )
        if n % 8 == 7:
            chunk += f"<h2>Part {n // 8 + 1}</h2>"
        parts.append(chunk)
        total += len(chunk.encode("utf-8"))
        n += 1
    parts.append(tail)
    return "".join(parts).encode("utf-8")


def growth(sizes: list[int], seconds: list[float]) -> float:
    """The least-squares slope of log(seconds) over log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(max(t, 1e-9)) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def size_sweep(truth: dict[str, str], repeat: int) -> None:
    """Print the time of ours and of readability-lxml on one article page from 10 KB to 1 MB."""
    paragraphs = [line for body in truth.values() for line in body.split("\n") if len(line.split()) >= 12]
    pages = [(f"{kb} KB", sweep_page(paragraphs, kb * 1000)) for kb in SWEEP_KB]
    measure(pages[:1], 1)  # warm-up: imports and first-call caches are not the page's cost
    mine, theirs = measure(pages, repeat)
    print(f"\nsize sweep ({len(paragraphs)} AEB paragraphs repeated), best of {repeat}:")
    print(f"{'page':>8} {'byline ms':>10} {'readability ms':>15} {'ratio':>6}")
    for name, _ in pages:
        ours_ms, theirs_ms = mine.seconds[name] * 1000, theirs.seconds[name] * 1000
        print(f"{name:>8} {ours_ms:10.1f} {theirs_ms:15.1f} {ours_ms / theirs_ms:6.2f}")
    fit = [(len(raw), name) for name, raw in pages if len(raw) >= _FIT_FROM_KB * 1000]
    sizes = [size for size, _ in fit]
    print(
        f"growth exponent from {_FIT_FROM_KB} KB (1 = linear): byline "
        f"{growth(sizes, [mine.seconds[name] for _, name in fit]):.2f}, readability-lxml "
        f"{growth(sizes, [theirs.seconds[name] for _, name in fit]):.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the comparison; exit 0 (with a note) when the AEB folder is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--aeb", type=Path, default=Path(os.environ.get("BYLINE_AEB", SHARED_AEB)))
    parser.add_argument("--repeat", type=int, default=1, help="runs per page; the fastest counts")
    parser.add_argument("--worst", type=int, default=0, help="also list the N pages where we score lowest")
    parser.add_argument("--ids", help="comma-separated page ids (prefixes) to run instead of all")
    parser.add_argument("--save", type=Path, help="write our texts as a score.py prediction JSON")
    parser.add_argument("--sweep-only", action="store_true", help="run only the size sweep")
    parser.add_argument("--no-sweep", action="store_true", help="leave the size sweep out")
    args = parser.parse_args(argv)

    truth_file = args.aeb / "ground-truth.json"
    if not truth_file.is_file():
        print(f"bench/extract.py: no AEB pages at {args.aeb} (set BYLINE_AEB); nothing measured")
        return 0
    truth_all: dict[str, dict[str, str]] = json.loads(truth_file.read_text(encoding="utf-8"))
    ids = sorted(truth_all)
    if args.ids:
        wanted = tuple(args.ids.split(","))
        ids = [i for i in ids if i.startswith(wanted)]
    truth = {i: truth_all[i].get("articleBody", "") for i in ids}
    if args.sweep_only:
        size_sweep(truth, max(1, args.repeat))
        return 0
    pages = ((i, gzip.decompress((args.aeb / "html" / f"{i}.html.gz").read_bytes())) for i in ids)
    mine, theirs = measure(pages, max(1, args.repeat))

    print(f"{len(ids)} pages from {args.aeb}")
    print(f"{'extractor':<18} {'F1':>6} {'prec':>6} {'recall':>6} {'median ms':>10} {'mean ms':>8}")
    for run in (mine, theirs):
        f1, p, r = run.score(truth)
        times = list(run.seconds.values())
        median, mean = statistics.median(times) * 1000, statistics.fmean(times) * 1000
        print(f"{run.name:<18} {f1:6.3f} {p:6.3f} {r:6.3f} {median:10.1f} {mean:8.1f}")
    median_ratio = statistics.median(mine.seconds.values()) / statistics.median(theirs.seconds.values())
    mean_ratio = statistics.fmean(mine.seconds.values()) / statistics.fmean(theirs.seconds.values())
    print(f"time ratio byline/readability: median {median_ratio:.2f}x, mean {mean_ratio:.2f}x")
    if args.worst:
        print(f"\nworst {args.worst} pages (byline F1 / readability F1):")
        worst = sorted(ids, key=lambda i: mine.page_f1(i, truth[i]))[: args.worst]
        for i in worst:
            print(f"  {i[:16]}  {mine.page_f1(i, truth[i]):.3f}  {theirs.page_f1(i, truth[i]):.3f}")
    if args.save:
        prediction = {i: {"articleBody": text} for i, text in mine.texts.items()}
        args.save.write_text(json.dumps(prediction, ensure_ascii=False), encoding="utf-8")
    if not args.no_sweep:
        size_sweep(truth, max(1, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
