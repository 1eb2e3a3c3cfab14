"""Speed of the quote-speaker pass on long, quote-heavy articles: byline end to end against readability-lxml.

Builds synthetic articles of 10 KB to 1 MB (each paragraph quotes a speaker by surname after naming them in
full, the shape that made the full-name pass quadratic before issue 9), runs ``article_from_html`` and
readability-lxml's ``Document.summary()`` on each in the same process, and prints both times, their ratio
and the growth exponent between sizes (1.0 is linear). Reads no outside data.

    .venv/bin/python -m bench.speakers [--sizes 10000,100000,300000,1000000]
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from functools import partial

from readability import Document

from news.pipeline import article_from_html


def page(size: int) -> str:
    """An article page of about ``size`` bytes: one paragraph per distinct speaker."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < size:
        paragraph = (
            f"<p>Inspector Ann Kahn{index} reached the harbour at dawn. “We expect the figures to "
            f"improve over the coming months,” Kahn{index} said on Tuesday. "
            f"Exports rose by {index % 90} percent.</p>"
        )
        parts.append(paragraph)
        total += len(paragraph)
        index += 1
    body = "".join(parts)
    head = "<html><head><title>Harbour report</title></head>"
    return f"{head}<body><article><h1>Harbour report</h1>{body}</article></body></html>"


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def _readability(html: str) -> str:
    return str(Document(html).summary())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,300000,1000000")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"{'bytes':>9} {'byline s':>9} {'readability s':>13} {'ratio':>6} "
        f"{'exp byline':>10} {'exp readab.':>11}"
    )
    previous: tuple[int, float, float] | None = None
    for size in sizes:
        html = page(size)
        ours = best_of(args.runs, partial(article_from_html, html, "bench"))
        theirs = best_of(args.runs, partial(_readability, html))
        grow = ""
        if previous is not None:
            scale = math.log(len(html) / previous[0])
            ours_exp = math.log(ours / previous[1]) / scale
            theirs_exp = math.log(theirs / previous[2]) / scale
            grow = f"{ours_exp:>10.2f} {theirs_exp:>11.2f}"
        print(f"{len(html):>9} {ours:>9.3f} {theirs:>13.3f} {ours / theirs:>6.2f} {grow}")
        previous = (len(html), ours, theirs)


if __name__ == "__main__":
    main()
