"""How often the quote pass names the speaker a careful reader names, on hand-labelled aeb articles.

Reads ``tests/data/speakers/`` (the article blocks of 27 aeb pages and the labels made by reading them,
see its README), runs :func:`news.quotes.find_quotes` on each article and prints the accuracy and a
breakdown: right, wrong name, none found where the article names one, a name where it names none, and
quotes the pass missed. Reads no outside data.

    .venv/bin/python -m bench.speaker_accuracy [--show wrong,none,name,missed]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from news.model import Block, Quote
from news.quotes import find_quotes

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "speakers"
KINDS = ("right", "wrong", "none", "name", "missed")
KIND_NAMES = {
    "right": "right",
    "wrong": "wrong name",
    "none": "none found where one is named",
    "name": "name where none is",
    "missed": "quote missed",
}
# Titles and suffixes a speaker's name may carry in the text or in the pass's answer: "Mr. Trump" is
# Trump, "James P. Kennedy" is "James P. Kennedy Jr.".
_TITLES = frozenset(["mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "prof", "president", "jr", "sr"])


@dataclass(frozen=True, slots=True)
class Label:
    """One quoted passage as a reader attributes it: the acceptable ``speakers``, None for no one."""

    page: str
    block: int
    opens: str
    speakers: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    label: Label
    kind: str
    found: str | None  # the speaker the pass gave (None when it gave none or missed the quote)


def load(data: Path = DATA) -> tuple[dict[str, list[Block]], list[Label]]:
    """The labelled articles' blocks by page id, and the labels in file order."""
    with gzip.open(data / "blocks.json.gz", "rt", encoding="utf-8") as handle:
        pages = json.load(handle)
    blocks = {page: [Block(kind, text) for kind, text in entry["blocks"]] for page, entry in pages.items()}
    labels = []
    for entry in json.loads((data / "labels.json").read_text(encoding="utf-8")):
        speaker = entry["speaker"]
        speakers = tuple(speaker) if isinstance(speaker, list) else (speaker,)
        labels.append(Label(entry["page"], entry["block"], entry["opens"], speakers))
    return blocks, labels


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[“”\"‘’'`´«»…]", " ", text).casefold().split())


def _name_tokens(name: str) -> list[str]:
    tokens = [t.strip(".,") for t in name.casefold().replace("’", "'").split()]
    return [t for t in tokens if t and t not in _TITLES]


def same_person(found: str, named: str) -> bool:
    """Whether the pass's ``found`` names the labelled person: the full name, or its tail ("Trump")."""
    a, b = _name_tokens(found), _name_tokens(named)
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long[-len(short) :] == short


def judge(label: Label, quote: Quote | None) -> Outcome:
    if quote is None:
        return Outcome(label, "missed", None)
    found = quote.speaker
    if found is None:
        kind = "right" if None in label.speakers else "none"
    elif any(name is not None and same_person(found, name) for name in label.speakers):
        kind = "right"
    else:
        kind = "wrong" if any(name is not None for name in label.speakers) else "name"
    return Outcome(label, kind, found)


def evaluate(data: Path = DATA) -> tuple[list[Outcome], list[tuple[str, Quote]]]:
    """Each label's outcome, and the quotes the pass found that no label covers (page, quote)."""
    blocks, labels = load(data)
    by_page: dict[str, list[Label]] = {}
    for label in labels:
        by_page.setdefault(label.page, []).append(label)
    outcomes: list[Outcome] = []
    unlabelled: list[tuple[str, Quote]] = []
    for page, page_labels in by_page.items():
        quotes = find_quotes(blocks[page], {})
        taken: set[int] = set()
        for label in page_labels:
            opens = _fold(label.opens)
            match = next(
                (
                    i
                    for i, q in enumerate(quotes)
                    if i not in taken and q.block == label.block and opens in _fold(q.text)[: len(opens) + 12]
                ),
                None,
            )
            if match is not None:
                taken.add(match)
            outcomes.append(judge(label, quotes[match] if match is not None else None))
        unlabelled.extend((page, q) for i, q in enumerate(quotes) if i not in taken)
    return outcomes, unlabelled


def accuracy(outcomes: list[Outcome]) -> float:
    """The share of labelled quotes found with the right speaker (a missed quote counts as wrong)."""
    return sum(1 for o in outcomes if o.kind == "right") / len(outcomes) if outcomes else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", default="", help="comma-separated kinds to list: " + ",".join(KINDS[1:]))
    args = parser.parse_args()
    if not (DATA / "labels.json").exists():
        raise SystemExit(f"no labels at {DATA}")
    outcomes, unlabelled = evaluate()
    counts = Counter(o.kind for o in outcomes)
    pages = len({o.label.page for o in outcomes})
    print(f"labelled quotes: {len(outcomes)} on {pages} pages")
    print(f"accuracy: {accuracy(outcomes):.1%}")
    for kind in KINDS:
        print(f"  {KIND_NAMES[kind]:<32} {counts[kind]:>4}")
    print(f"  {'found, not labelled':<32} {len(unlabelled):>4}")
    show = {k for k in args.show.split(",") if k}
    for o in outcomes:
        if o.kind in show:
            want = " / ".join(str(s) for s in o.label.speakers)
            where = f"{o.label.page[:8]} [{o.label.block}] {o.label.opens!r}"
            print(f"{o.kind:<7} {where}: want {want}, got {o.found}")
    if "unlabelled" in show:
        for page, q in unlabelled:
            print(f"unlabelled {page[:8]} [{q.block}] {q.text[:50]!r} -> {q.speaker}")


if __name__ == "__main__":
    main()
