"""Article-body quality and speed: byline's pipeline against readability-lxml alone on the AEB pages.

Reads ../shared/aeb beside the checkout (or $BYLINE_AEB): html/ID.html.gz and ground-truth.json.
Each page is run through both extractors back to back, alternating which goes first,
so a noisy machine slows both alike.
Prints F1 / precision / recall (the AEB measure: 4-word shingles, per-page normalised counts) and the
median and mean time per page of each, and the ratio of ours to readability's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
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


def main(argv: list[str] | None = None) -> int:
    """Print the comparison; exit 0 (with a note) when the AEB folder is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--aeb", type=Path, default=Path(os.environ.get("BYLINE_AEB", SHARED_AEB)))
    parser.add_argument("--repeat", type=int, default=1, help="runs per page; the fastest counts")
    parser.add_argument("--worst", type=int, default=0, help="also list the N pages where we score lowest")
    parser.add_argument("--ids", help="comma-separated page ids (prefixes) to run instead of all")
    parser.add_argument("--save", type=Path, help="write our texts as a score.py prediction JSON")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
