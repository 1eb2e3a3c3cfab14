"""Cleaning cost of a rich page against the seed article, as ratios measured in one run.

Two generated pages (built here, so nothing is read from shared/): a 300 KB article with 2,000 links and
50 figures, and one with a 20,000-cell data table. Each is cleaned end to end (``article_from_html``: parse,
extract, walk, outline) alternately with the seed page, the best of ``--repeat`` runs counting, and the
ratio to the seed's time is printed, with what was kept (links, images, cells) to show the work was done.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from news.model import Article, Table
from news.pipeline import article_from_html

SEED = Path(__file__).resolve().parents[1] / "tests" / "data" / "newslooks-ishiba.html"
_TEXT = "the harbour reopened on tuesday after a storm that closed it for weeks officials said"
_WORDS = _TEXT.split(" ")


def _sentence(n: int) -> str:
    return " ".join(_WORDS[(n + i) % len(_WORDS)] for i in range(14)).capitalize() + "."


def links_page(links: int = 2000, figures: int = 50, size: int = 300_000) -> str:
    """An article of about ``size`` bytes: paragraphs with ``links`` links in all, a figure every few."""
    paragraphs: list[str] = []
    per = max(1, links // 200)
    n = 0
    while sum(len(p) for p in paragraphs) < size - 4000 or n < 200:
        anchors = (
            " ".join(f'<a href="/story/{n}-{k}">linked words {k}</a>' for k in range(per)) if n < 200 else ""
        )
        paragraphs.append(f"<p>{_sentence(n)} {anchors} {_sentence(n + 3)} {_sentence(n + 5)}</p>")
        if n % 4 == 0 and n // 4 < figures:
            paragraphs.append(
                f'<figure><img src="/img/{n}.jpg" srcset="/img/{n}-800.jpg 800w, /img/{n}-1600.jpg 1600w" '
                f'alt="Picture {n}"><figcaption>Caption of picture {n}.</figcaption></figure>'
            )
        n += 1
    return _page("Rich article", "".join(paragraphs))


def table_page(cells: int = 20_000, columns: int = 10) -> str:
    """An article with one data table of ``cells`` cells, between two paragraphs."""
    head = "<tr>" + "".join(f"<th>Column {c}</th>" for c in range(columns)) + "</tr>"
    body = "".join(
        "<tr>" + "".join(f"<td>{r * columns + c}</td>" for c in range(columns)) + "</tr>"
        for r in range(cells // columns - 1)
    )
    text = "".join(f"<p>{_sentence(n)} {_sentence(n + 1)}</p>" for n in range(6))
    return _page("Table article", f"{text}<table><thead>{head}</thead><tbody>{body}</tbody></table>{text}")


def _page(title: str, body: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>"
        '<link rel="canonical" href="https://news.example/story"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def _best(clean: Callable[[], Article], repeat: int) -> tuple[float, Article]:
    best, article = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        article = clean()
        best = min(best, time.perf_counter() - start)
    assert article is not None
    return best, article


def main(argv: list[str] | None = None) -> int:
    """Print each rich page's cleaning time as a ratio to the seed's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each page; the fastest counts")
    args = parser.parse_args(argv)
    seed_html = SEED.read_text(encoding="utf-8")
    pages = {"links": links_page(), "table": table_page()}
    seed_time, _ = _best(
        lambda: article_from_html(seed_html, "seed", "https://news.example/seed"), args.repeat
    )
    print(f"seed ({len(seed_html) // 1000} KB): {seed_time * 1000:.1f} ms")
    for name, html in pages.items():
        took, article = _best(lambda html=html, name=name: article_from_html(html, name), args.repeat)  # type: ignore[misc]
        cells = sum(len(row) for b in article.blocks if isinstance(b.media, Table) for row in b.media.rows)
        print(
            f"{name} ({len(html) // 1000} KB; {len(article.links)} links, {len(article.images)} images, "
            f"{cells} cells): {took * 1000:.1f} ms = {took / seed_time:.1f}x the seed"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
