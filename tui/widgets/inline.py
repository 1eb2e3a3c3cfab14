"""Inline runs of a block for the screen: styled ranges (link, emphasis, strong, code) and link numbers.

Pure Python (no Textual). The reader numbers an article's links once, in reading order, one number
per distinct address (as w3m and newsboat do): the number shown after a link is the one ``f`` asks
for and the one the link list (``L``) shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from news.model import Article, Block, Embed
from news.sanitize import safe_text

Run = tuple[int, int, str]
"""(start, end, role): a styled range of characters of a laid-out text."""

INLINE_ROLES = {"link": "link", "em": "em", "strong": "strong", "code": "inline-code"}
"""Span kind -> the article view's role (component class ``article-view--ROLE``)."""


@dataclass(frozen=True, slots=True)
class LinkRef:
    """One numbered link: its number (from 1), the words that carried it, its address, its first block.

    ``embed`` marks an embedded video or post: it opens in the browser, not in the reader.
    """

    number: int
    text: str
    url: str
    block: int
    embed: bool = False


@dataclass(slots=True)
class LinkIndex:
    """An article's links numbered in reading order (see :func:`index_links`)."""

    refs: list[LinkRef] = field(default_factory=list)
    numbers: dict[tuple[int, int], int] = field(default_factory=dict)
    """(block index, span index) -> link number, for every link span (and embed, span index -1)."""

    _by_url: dict[str, int] = field(default_factory=dict)

    def get(self, number: int) -> LinkRef | None:
        """The link numbered ``number``, or None when there is none."""
        return self.refs[number - 1] if 1 <= number <= len(self.refs) else None

    def add(self, block_index: int, block: Block) -> None:
        """Number the links of ``block`` (the article's block ``block_index``), after those added before."""
        found: list[tuple[int, str, str]] = [
            (span_index, span.url, block.text[span.start : span.end])
            for span_index, span in enumerate(block.spans)
            if span.kind == "link" and span.url
        ]
        media = block.media
        if block.kind == "embed" and isinstance(media, Embed) and media.url:
            found.append((-1, media.url, media.label or block.text))
        for span_index, url, words in found:
            number = self._by_url.get(url)
            if number is None:
                number = self._by_url[url] = len(self.refs) + 1
                label = " ".join(safe_text(words).split()) or url
                self.refs.append(LinkRef(number, label, url, block_index, embed=span_index == -1))
            self.numbers[(block_index, span_index)] = number


def index_links(article: Article) -> LinkIndex:
    """Number the links of ``article``'s blocks (and its embeds) in reading order, one number per address."""
    index = LinkIndex()
    for block_index, block in enumerate(article.blocks):
        if block.spans or block.kind == "embed":
            index.add(block_index, block)
    return index


@dataclass(frozen=True, slots=True)
class Styled:
    """A block's text as laid out, its styled runs, and where link numbers were put into it.

    ``inserted`` holds (offset in the block's text, characters inserted there), in order, so an
    offset into ``Block.text`` (a quote, a bookmark) maps to this text with :meth:`offset`.
    """

    text: str
    runs: tuple[Run, ...] = ()
    inserted: tuple[tuple[int, int], ...] = ()

    def offset(self, block_offset: int, *, end: bool = False) -> int:
        """``block_offset`` of the block's text as an offset of :attr:`text`.

        A start at a link's end falls after its number; an ``end`` there falls before it.
        """
        return shifted(self.inserted, block_offset, end=end)


def shifted(inserted: tuple[tuple[int, int], ...], offset: int, *, end: bool = False) -> int:
    """``offset`` moved past the characters ``inserted`` (sorted (point, length) pairs) before it."""
    moved = offset
    for point, length in inserted:
        if point > offset or (end and point == offset):
            break
        moved += length
    return moved


def styled_block(block: Block, block_index: int, links: LinkIndex, *, numbers: bool) -> Styled:
    """The text of ``block`` with its runs; with ``numbers``, each link is followed by ``[N]``.

    Spans out of range or of an unknown kind are ignored (a hand-made or older record).
    """
    spans = block.spans
    if not spans:
        return Styled(block.text)
    text = block.text
    length = len(text)
    runs: list[Run] = []
    marks: list[tuple[int, str]] = []
    for span_index, span in enumerate(spans):
        role = INLINE_ROLES.get(span.kind)
        start, end = max(0, span.start), min(length, span.end)
        if role is None or start >= end:
            continue
        runs.append((start, end, role))
        if numbers and span.kind == "link":
            number = links.numbers.get((block_index, span_index))
            if number is not None:
                marks.append((end, f"[{number}]"))
    if not marks:
        return Styled(text, tuple(runs))
    marks.sort(key=lambda mark: mark[0])
    pieces: list[str] = []
    inserted: list[tuple[int, int]] = []
    number_runs: list[Run] = []
    pos = 0
    shift = 0
    for point, mark in marks:
        pieces.append(text[pos:point])
        number_runs.append((point + shift, point + shift + len(mark), "link-number"))
        pieces.append(mark)
        inserted.append((point, len(mark)))
        shift += len(mark)
        pos = point
    pieces.append(text[pos:])
    marked = tuple(inserted)
    moved = [(shifted(marked, start), shifted(marked, end, end=True), role) for start, end, role in runs]
    return Styled("".join(pieces), tuple(sorted(moved + number_runs)), marked)
