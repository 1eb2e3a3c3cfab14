"""A second extractor's reading of the page, and the per-page choice between it and ours.

byline's own extraction (readability-lxml plus our rules, :mod:`news.clean`) stays the base. trafilatura
reads the same tree with different means (its own scoring of text blocks, forum and recipe handling), and
where the two disagree the page tells which one found the article:

- ours found almost nothing, or a block that shares nothing with trafilatura's much longer text: ours
  took a login prompt, a teaser or a caption, and trafilatura the article;
- trafilatura's text holds all of ours and much more, and the more is about what ours is about (the same
  names and terms): ours took one part of a split article. When the more is about other things, it is a
  list of other stories or the comments, and ours is kept;
- trafilatura's text holds nearly every word of ours and a sixth more, the more is prose on the same
  things and comes before or between our paragraphs: ours lost the lead or a part (text only after all
  of ours is the page's tail, text mostly in links a list of headlines).

trafilatura runs in its fast mode (no readability/jusText fallback of its own): readability is ours.
The thresholds were set on the development halves of the Readability.js and trafilatura evaluation sets
and the AEB pages (bench/extract.py and ../shared/extraction), each with the figure it was chosen from.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from news.model import Block

# Letters/digits runs are words; each CJK or kana character is a word of its own (no spaces there).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_TOKEN = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")

# The other's text replaces ours only when it is at least a sentence: a lone "Home" left over from a
# page without an article is no article either.
_MIN_OTHER_WORDS = 8
# Ours is "almost nothing" below this many words (a prompt, a caption, a date line): on the development
# pages every ours-failure below it had trafilatura right, none above it where texts were disjoint.
_TINY_WORDS = 100
# Disjoint: under half of one text is found in the other (0.5 split the wrong-block pages cleanly).
_DISJOINT = 0.5
# "Holds all of ours": 90% of our words are in the other text; "much more": 1.5x our words.
_CONTAINS = 0.9
_MUCH_MORE = 1.5
# Or it holds nearly every word of ours (97%) and adds a sixth or more: ours lost a part of the article
# (a lead, a list of steps, a closing section) and the other kept the rest of ours too. On the
# development pages such pairs added 15-40% (a recipe's ingredients, an intro); no pair where ours was
# better added more than 10%.
_NEARLY_ALL = 0.97
_SOME_MORE = 1.15
# ... and what it adds is prose: under a quarter of its characters in links.
_GAP_LINKS = 0.25
# A paragraph of the other's that :func:`fill_gaps` adds to ours: at least 20 words ending a sentence
# (on the development pages the lost leads had 25-80 words; 12 let in one teaser's blurb).
_GAP_WORDS = 20
_SENTENCE_ENDS = (".", "!", "?", "…", "»", '"', "”", "“", "'", "’")
# ... and no more than this share of its word trigrams in ours: trafilatura cuts paragraphs at inline
# code and captions where readability does not, and a piece of one of ours is no lost paragraph.
_KNOWN_SHARE = 0.2
# Below this many words ours is too short to judge the other's extra text by topic: take the longer.
_SHORT_WORDS = 300
# Share of the extra text's longer words (5+ letters) that ours also uses. Missed parts of an article
# scored 0.21-0.64 on the development pages, lists of other stories and comment threads 0.04-0.10.
_SAME_TOPIC = 0.2
_TOPIC_WORD = 5
# The same share for the paragraphs fill_gaps would add: a lead or a lost paragraph is short, so its
# share varies more; 0.12 stays above the 0.04-0.10 of other stories' text (trafilatura set: tp 853
# with no bar, 851 at 0.12, 848 at 0.2).
_GAP_TOPIC = 0.12


def words(text: str) -> list[str]:
    """The words of ``text``, NFKC-folded and lower-cased; each CJK character is one word."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def other_extraction(doc: HtmlElement, url: str | None = None) -> HtmlElement | None:
    """trafilatura's article of ``doc`` as an HTML ``<body>`` tree (``doc`` is not changed), or None.

    None when trafilatura finds no text or fails on the page: the other candidate then stands alone.
    """
    # Imported here: it is needed only when a page is cleaned, and the reader's start-up is timed.
    import trafilatura

    try:
        html = trafilatura.extract(
            doc,
            url=url,
            fast=True,
            output_format="html",
            include_comments=False,
            include_tables=True,
            include_links=True,
            include_images=True,
        )
    except Exception:  # any failure of the second opinion leaves the first; nothing is written here
        return None
    if not html:
        return None
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    body = tree.find("body")
    return body if body is not None else tree


def page_words(doc: HtmlElement) -> int:
    """How many words the page's text holds (scripts and styles left out): no extractor finds more."""
    count = 0
    for element in doc.iter():
        if element.tag in ("script", "style") or not isinstance(element.tag, str):
            count += len(words(element.tail)) if element.tail else 0
            continue
        count += len(words(element.text)) if element.text else 0
        count += len(words(element.tail)) if element.tail else 0
    return count


def could_be_replaced(ours: list[Block], page: int) -> bool:
    """Whether :func:`choose` could take another reading over ``ours`` on a page of ``page`` words.

    Every rule needs the other reading to hold more than 1.15 times (or twice) our words, and no reading
    holds more words than the page: when ours already holds seven eighths of the page, the second
    extractor need not run (the whole cost of a long article that is most of its page).
    """
    size = sum(len(words(block.text)) for block in ours)
    return size < _TINY_WORDS or size * _SOME_MORE <= page


def _bag(blocks: Iterable[Block]) -> Counter[str]:
    return Counter(word for block in blocks for word in words(block.text))


def _extra(ours: list[Block], other: list[Block]) -> list[str]:
    """The words of the other's blocks whose text, word for word, is nowhere in ours."""
    joined = " " + " ".join(" ".join(words(block.text)) for block in ours) + " "
    extra: list[str] = []
    for block in other:
        block_words = words(block.text)
        if f" {' '.join(block_words)} " not in joined:
            extra.extend(block_words)
    return extra


def _fills_a_gap(ours: list[Block], other: list[Block]) -> bool:
    """Whether the other's blocks that ours lacks are prose ours lost before or inside our text.

    A smaller addition is taken only then: text after all of ours is the page's tail (an "about the
    company" paragraph, a video's caption), and text mostly in links is a list (hover cards, headlines).
    """
    joined = " " + " ".join(" ".join(words(block.text)) for block in ours) + " "
    new = [f" {' '.join(words(block.text))} " not in joined for block in other]
    if not any(new) or all(new):
        return False
    last_shared = max(i for i, is_new in enumerate(new) if not is_new)
    if all(i > last_shared for i, is_new in enumerate(new) if is_new):
        return False
    added = [block for block, is_new in zip(other, new, strict=True) if is_new]
    chars = sum(len(block.text) for block in added)
    linked = sum(span.end - span.start for block in added for span in block.spans if span.kind == "link")
    return chars > 0 and linked < _GAP_LINKS * chars


def _same_topic(ours: list[Block], extra: list[str]) -> float:
    """The share of the longer words of ``extra`` that ours uses too (0 when there are none)."""
    vocabulary = {word for block in ours for word in words(block.text) if len(word) >= _TOPIC_WORD}
    long_words = [word for word in extra if len(word) >= _TOPIC_WORD]
    return sum(word in vocabulary for word in long_words) / len(long_words) if long_words else 0.0


def _key(block: Block) -> str:
    return " ".join(words(block.text))


def _is_prose(block: Block) -> bool:
    """A paragraph of at least :data:`_GAP_WORDS` words that ends a sentence, under a quarter in links."""
    text = block.text.rstrip()
    linked = sum(span.end - span.start for span in block.spans if span.kind == "link")
    return (
        block.kind == "paragraph"
        and len(text.split()) >= _GAP_WORDS
        and text.endswith(_SENTENCE_ENDS)
        and linked < _GAP_LINKS * len(text)
    )


def _trigrams(tokens: list[str]) -> set[tuple[str, str, str]]:
    return {(tokens[i], tokens[i + 1], tokens[i + 2]) for i in range(len(tokens) - 2)}


def _share_known(block: Block, known: set[tuple[str, str, str]]) -> float:
    """The share of ``block``'s word trigrams that are in ``known``."""
    own = _trigrams(words(block.text))
    return len(own & known) / len(own) if own else 1.0


def fill_gaps(ours: list[Block], other: list[Block]) -> list[Block]:
    """``ours`` with the other's prose paragraphs that ours lacks before its first block or between two.

    Where the two readings share paragraphs, a paragraph of prose the other has before one of ours and
    after the shared one before it (if any) is one ours lost, and goes in at that place: a lead outside
    the block readability chose, a paragraph its cleaning dropped. What the other has after all of ours
    is left: a page's tail.
    """
    place = {key: index for index, key in enumerate(_key(block) for block in ours) if key}
    keys = [_key(block) for block in other]
    known = _trigrams(words(" ".join(block.text for block in ours)))
    # next_shared[i]: where in ours the first shared paragraph after the other's block i stands (one pass
    # from the end, so a long reading costs linear time).
    next_shared: list[int | None] = [None] * len(other)
    upcoming: int | None = None
    for position in range(len(other) - 1, -1, -1):
        next_shared[position] = upcoming
        if keys[position] in place:
            upcoming = place[keys[position]]
    inserts: dict[int, list[Block]] = {}
    previous = -1
    for position, block in enumerate(other):
        if keys[position] in place:
            previous = place[keys[position]]
            continue
        if not _is_prose(block) or _share_known(block, known) >= _KNOWN_SHARE:
            continue  # no prose, or a piece of ours cut elsewhere (at a link, a caption's credit)
        following = next_shared[position]
        if following is not None and following > previous:
            inserts.setdefault(following, []).append(block)
    if not inserts:
        return ours
    added = [word for blocks in inserts.values() for block in blocks for word in words(block.text)]
    if _same_topic(ours, added) < _GAP_TOPIC:
        return ours  # other stories before ours (a section page, a live blog), not paragraphs ours lost
    filled: list[Block] = []
    for index, block in enumerate(ours):
        filled.extend(inserts.get(index, []))
        filled.append(block)
    return filled


def choose(ours: list[Block], other: list[Block]) -> list[Block]:
    """``ours`` or ``other``: the one that holds the article, by the rules in the module docstring."""
    mine, theirs = _bag(ours), _bag(other)
    size, other_size = sum(mine.values()), sum(theirs.values())
    if other_size < _MIN_OTHER_WORDS:
        return ours
    shared = sum((mine & theirs).values())
    in_other = shared / size if size else 0.0
    in_ours = shared / other_size
    if size < _DISJOINT * other_size and in_ours < _DISJOINT and (in_other < _DISJOINT or size < _TINY_WORDS):
        return other
    holds_more = in_other >= _CONTAINS and other_size >= _MUCH_MORE * size
    if holds_more and (size < _SHORT_WORDS or _same_topic(ours, _extra(ours, other)) >= _SAME_TOPIC):
        return other
    if in_other >= _NEARLY_ALL and other_size >= _SOME_MORE * size and _fills_a_gap(ours, other):
        return other if _same_topic(ours, _extra(ours, other)) >= _SAME_TOPIC else ours
    return ours
