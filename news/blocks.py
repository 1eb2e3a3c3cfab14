"""An article's HTML tree to body blocks: text with its inline runs, figures, data tables and embeds.

One iterative pass (``lxml.etree.iterwalk``), so any nesting depth is safe and the cost is linear in the
tree: a figure or a table is read once, by its own small loop, and its subtree is then skipped.
Every string comes from the page and stays plain text: nothing here parses page text as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.etree
from lxml.html import HtmlElement

from news.furniture import Piece, class_words
from news.model import Block, BlockKind, Embed, Image, Span, SpanKind, Table
from news.tables import is_data_table
from news.wordlists import phrases

_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u3000]+")
_TOKENS = re.compile(
    r"([ \t\r\f\v\u00a0\u2000-\u200b\u3000]+)|(\n)|([^\n \t\r\f\v\u00a0\u2000-\u200b\u3000]+)"
)
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that end the running paragraph; everything else is inline and joins it.
_BLOCK_TAGS = """
    p div section article main header footer aside nav figure table tbody thead tfoot tr dl dt dd
    address hr center details summary form fieldset body html caption figcaption
"""
_BLOCK = frozenset(_BLOCK_TAGS.split())
# Elements whose content is never article text (iframe, video and picture are read as media first).
_SKIP_TAGS = """
    script style noscript template iframe svg button select textarea input object embed video audio
    canvas head title meta link source
"""
_SKIP = frozenset(_SKIP_TAGS.split())
_SPAN_TAGS: dict[str, SpanKind] = {
    "em": "em",
    "i": "em",
    "cite": "em",
    "strong": "strong",
    "b": "strong",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "tt": "code",
}
# Where a lazy-loading page keeps the real address while ``src`` holds a placeholder, most telling first.
_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src", "data-full-src")
_LAZY_SRCSET = ("data-srcset", "data-lazy-srcset", "srcset")
# The widest picture worth fetching for a terminal (the bar: the best size up to 1600 px wide).
MAX_IMAGE_WIDTH = 1600
# At most this many pixels on a side is a tracking pixel or spacer; both sides at most ICON are an icon.
_PIXEL = 2
_ICON = 48
_SIZE_ATTR = "data-byline-size"
_CAPTION_ATTR = "data-byline-caption"
_CREDIT_ATTR = "data-byline-credit"
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_IMAGE_SCHEMES = frozenset({"http", "https"})
_CREDIT_WORDS = frozenset({"credit", "credits", "copyright", "byline", "source", "attribution"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+x\d+|\d+")
# A video player's address says so; anything else embedded is a post or a widget.
_VIDEO_WORDS = frozenset({"video", "videos", "player", "watch", "embed", "v"})
# Where a caption's credit starts when no class marks it: "The mayor at City Hall. Photo: Jane Doe".
_CAPTION_CREDIT = re.compile(r"(?:^|\s)(?:photo|image|picture|credit|foto|bild)s?(?: credit)?\s*[:|]", re.I)


def note_media(doc: HtmlElement) -> None:
    """Keep what extraction would strip from figures where it will not: image sizes and captions.

    readability drops ``width``/``height``, and furniture pruning drops ``<figcaption>`` (a caption outside
    a figure is furniture); both are copied into ``data-byline-*`` attributes, which survive both.
    """
    for img in doc.iter("img"):
        width, height = _number(img.get("width")), _number(img.get("height"))
        if width is not None or height is not None:
            img.set(_SIZE_ATTR, f"{width or 0}x{height or 0}")
    for figure in doc.iter("figure"):
        caption, credit = _caption(figure)
        if caption:
            figure.set(_CAPTION_ATTR, caption)
        if credit:
            figure.set(_CREDIT_ATTR, credit)


def _caption(figure: HtmlElement) -> tuple[str, str]:
    """A figure's caption and credit, the credit taken out of the caption's end."""
    caption_el = next(figure.iter("figcaption"), None)
    if caption_el is None:
        return figure.get(_CAPTION_ATTR) or "", figure.get(_CREDIT_ATTR) or ""
    credits = [el for el in caption_el.iter() if isinstance(el.tag, str) and _CREDIT_WORDS & class_words(el)]
    credit = " ".join(_text(el) for el in credits if el is not caption_el)
    caption = _text(caption_el)
    if credit and caption.endswith(credit):
        caption = caption[: -len(credit)].rstrip()
    return caption, credit


def _number(value: str | None) -> int | None:
    digits = (value or "").strip().removesuffix("px")
    return int(digits) if digits.isdigit() and len(digits) < 6 else None


def page_base(doc: HtmlElement, url: str | None) -> str | None:
    """The address relative links resolve against: ``<base href>``, ``url``, else the canonical URL."""
    base = doc.find(".//base[@href]")
    if base is not None:
        resolved = resolve(base.get("href"), url, _IMAGE_SCHEMES)
        if resolved is not None:
            return resolved
    if url:
        return url
    # A saved page has no address of its own, but usually names the one it was saved from.
    for found in (doc.find(".//link[@rel='canonical']"), doc.find(".//meta[@property='og:url']")):
        if found is not None:
            address = resolve(found.get("href") or found.get("content"), None, _IMAGE_SCHEMES)
            if address is not None:
                return address
    return None


def resolve(url: str | None, base: str | None, schemes: frozenset[str] = _LINK_SCHEMES) -> str | None:
    """``url`` made absolute against ``base``, or None when it is empty, in-page, or of another scheme.

    ``javascript:``, ``data:`` and a relative address with no base to resolve against all give None.
    """
    # As browsers do: tabs and newlines of a wrapped attribute go, an inner space is percent-encoded.
    url = (url or "").strip().replace("\n", "").replace("\t", "").replace(" ", "%20")
    if not url or url.startswith("#"):
        return None
    if urlsplit(url).scheme == "" and not base:
        return None
    try:
        absolute = urljoin(base or "", url)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes or (parts.scheme != "mailto" and not parts.netloc):
        return None
    return absolute


@dataclass
class BlockBuilder:
    """The state of one pass over a tree: the running text with its spans, its kind, what has been emitted."""

    base: str | None
    pieces: list[Piece] = field(default_factory=list)
    out: list[str] = field(default_factory=list)
    length: int = 0
    pending: str = ""  # the separator owed before the next word: "", " " or a line break
    line_has_text: bool = False
    link_chars: int = 0
    in_link: int = 0
    quote: int = 0
    breaks: int = 0  # <br> seen since the last word
    kinds: list[tuple[BlockKind, int, str]] = field(default_factory=lambda: [("paragraph", 0, "")])
    lists: list[list[int]] = field(default_factory=list)  # [ordered, next number] per open list
    open_spans: list[list[object]] = field(default_factory=list)  # [tag, kind, start, url], innermost last
    spans: list[Span] = field(default_factory=list)

    def add(self, text: str | None) -> None:
        """Append page text, collapsing runs of space and dropping blank lines as the block is built."""
        if not text:
            return
        kind = self.kinds[-1][0]
        if kind == "code":
            self.out.append(text)
            self.length += len(text)
            return
        if "\n" not in text:
            self._add_line(text)
            return
        joiner = " " if kind == "heading" else "\n"
        for space, newline, word in _TOKENS.findall(text):
            if word:
                if self.pending and self.length:
                    self.out.append(self.pending)
                    self.length += 1
                    if self.in_link:
                        self.link_chars += 1
                self.pending = ""
                self.out.append(word)
                self.length += len(word)
                self.line_has_text = True
                self.breaks = 0
                if self.in_link:
                    self.link_chars += len(word)
            elif newline:
                if self.line_has_text:
                    self.pending = joiner
                self.line_has_text = False
            elif space and self.line_has_text and not self.pending:
                self.pending = " "

    def _add_line(self, text: str) -> None:
        """:meth:`add` of a text without a line break: the same steps, its words appended as one string."""
        pieces = _SPACE.split(text)  # the words, with "" first or last where the text starts or ends in space
        words = [piece for piece in pieces if piece]
        if pieces[0] == "" and self.line_has_text and not self.pending:
            self.pending = " "
        if not words:
            return
        if self.pending and self.length:
            self.out.append(self.pending)
            self.length += 1
            if self.in_link:
                self.link_chars += 1
        run = " ".join(words)
        self.out.append(run)
        self.length += len(run)
        if self.in_link:
            self.link_chars += len(run)
        self.line_has_text = True
        self.breaks = 0
        self.pending = " " if pieces[-1] == "" else ""

    def position(self) -> int:
        """Where the next word will start in the block's text."""
        return self.length + (1 if self.pending and self.length else 0)

    def open_span(self, tag: str, kind: SpanKind, url: str | None = None) -> None:
        self.open_spans.append([tag, kind, self.position(), url])

    def close_span(self, tag: str) -> None:
        for index in range(len(self.open_spans) - 1, -1, -1):
            if self.open_spans[index][0] == tag:
                _, kind, start, url = self.open_spans.pop(index)
                self._keep(start, self.length, kind, url)  # type: ignore[arg-type]
                return

    def _keep(self, start: int, end: int, kind: SpanKind, url: str | None) -> None:
        if start < end:
            self.spans.append(Span(start, end, kind, url))

    def block_edge(self) -> None:
        """End the running block, or inside a list item or heading (which stay one block) start a new line."""
        if self.kinds[-1][0] in {"item", "heading"}:
            self.add("\n")
        else:
            self.flush()

    def line_break(self) -> None:
        """A ``<br>``: a new line, and two in a row (with nothing but space between) end a paragraph."""
        self.breaks += 1
        if self.breaks >= 2 and self.kinds[-1][0] == "paragraph":
            self.flush()
        else:
            self.add("\n")

    def flush(self) -> None:
        kind, level, marker = self.kinds[-1]
        text = "".join(self.out)
        # A span still open (a link around a whole paragraph) ends with this block and goes on in the next.
        for entry in self.open_spans:
            self._keep(entry[2], self.length, entry[1], entry[3])  # type: ignore[arg-type]
            entry[2] = 0
        spans = sorted(self.spans, key=lambda s: (s.start, -s.end))
        self.out.clear()
        self.spans.clear()
        self.length, self.pending, self.line_has_text, self.breaks = 0, "", False, 0
        links, self.link_chars = self.link_chars, 0
        if kind == "code":
            lead = len(text) - len(text.lstrip("\n"))
            text = text.strip("\n")
            if not text.strip():
                return
            spans = [
                Span(max(0, s.start - lead), min(len(text), s.end - lead), s.kind, s.url)
                for s in spans
                if min(len(text), s.end - lead) > max(0, s.start - lead)
            ]
        elif not text:
            return
        elif kind == "paragraph" and self.quote:
            kind = "quote"
        share = min(1.0, links / max(1, len(text.replace("\n", ""))))
        self.pieces.append(Piece(Block(kind, text, level, marker, tuple(spans)), share))

    def emit(self, block: Block) -> None:
        """A figure, table or embed: it ends the running paragraph and stands as a block of its own."""
        self.flush()
        self.pieces.append(Piece(block, 1.0 if block.kind == "embed" else 0.0))


def blocks_of(root: HtmlElement, base: str | None = None) -> list[Piece]:
    """The blocks under ``root`` in document order, each with the share of its text that is links.

    ``base`` is the address links and images are resolved against (the page's URL or its ``<base>``).
    """
    walk = BlockBuilder(base)
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag and element is not root and _media(walk, element, tag):
                walker.skip_subtree()  # its "end" event still comes, and adds its tail
                continue
            if not tag or tag in _SKIP:
                walker.skip_subtree()
                continue
            _open(walk, element, tag)
            walk.add(element.text)
        else:
            if tag and tag not in _SKIP:
                _close(walk, tag)
            if element is not root:
                walk.add(element.tail)
    walk.flush()
    return walk.pieces


def _media(walk: BlockBuilder, element: HtmlElement, tag: str) -> bool:
    """Emit ``element`` as a figure, table or embed block when it is one; True when it was read whole."""
    if tag == "figure":
        return _figure(walk, element)
    if tag in {"img", "picture"}:
        image = _image(element, walk.base)
        if image is not None:
            walk.emit(Block("image", "", media=image))
        return True
    if tag == "table":
        return _table(walk, element)
    if tag in {"iframe", "video"}:
        embed = _embed(element, tag, walk.base)
        if embed is not None:
            walk.emit(
                Block(
                    "embed", embed.label, spans=(Span(0, len(embed.label), "link", embed.url),), media=embed
                )
            )
        return True
    return False


def _text(element: HtmlElement) -> str:
    """The words of ``element`` on one line (a caption, a table cell)."""
    return " ".join("".join(element.itertext()).split())


def _cell_text(cell: HtmlElement) -> str:
    """A table cell's words; a cell holding only a picture (a tick, a flag) reads as its alt text or title."""
    text = _text(cell)
    if text:
        return text
    for picture in cell.iter("img"):
        label = " ".join((picture.get("alt") or picture.get("title") or "").split())
        if label:
            return label
    return ""


def _figure(walk: BlockBuilder, figure: HtmlElement) -> bool:
    """A ``<figure>`` holding a picture becomes one image block with its caption and credit."""
    found = next((el for el in figure.iter("picture", "img") if _image(el, walk.base) is not None), None)
    if found is None:
        caption, _ = _caption(figure)
        caption = _CAPTION_CREDIT.split(caption, 1)[0].strip()  # the credit belongs to the picture
        if caption and next(figure.iter("picture", "img"), None) is not None:
            # A picture byline cannot show (no address it can resolve, a page read from a file): its
            # caption is still the article's text, and furniture pruning took the <figcaption> itself.
            walk.emit(Block("paragraph", caption))
            return True
        return False  # a figure around a quote, a table or an embed: read what it holds
    image = _image(found, walk.base)
    assert image is not None
    caption, credit = _caption(figure)
    image = Image(image.url, image.alt, caption, credit, image.width, image.height)
    walk.emit(Block("image", caption, media=image))
    return True


def _image(element: HtmlElement, base: str | None) -> Image | None:
    """The picture an ``<img>`` or ``<picture>`` shows, at its best size; None for chrome or no address."""
    img = element if element.tag == "img" else next(element.iter("img"), None)
    candidates: list[tuple[str, float]] = []
    if element.tag == "picture":
        for source in element.iter("source"):
            media = (source.get("media") or "").replace(" ", "")
            if "max-width" in media and not media.startswith("(min"):
                continue  # a phone's crop; the wide one is listed too
            for name in _LAZY_SRCSET:
                candidates += _srcset(source.get(name))
    if img is None and not candidates:
        return None
    if img is not None:
        for name in _LAZY_SRCSET:
            candidates += _srcset(img.get(name))
    url = _best(candidates)
    if url is None and img is not None:
        url = next((img.get(name) for name in (*_LAZY_SRC, "src") if _usable(img.get(name))), None)
    absolute = resolve(url, base, _IMAGE_SCHEMES)
    if absolute is None:
        return None
    width, height = _size(img)
    alt = " ".join((img.get("alt") or "").split()) if img is not None else ""
    if is_chrome(absolute, img, width, height):
        return None
    return Image(absolute, alt, width=width, height=height)


def _usable(url: str | None) -> bool:
    return bool(url and url.strip() and not url.strip().startswith("data:"))


def _srcset(value: str | None) -> list[tuple[str, float]]:
    """``srcset`` as (url, width in px); a density descriptor ``2x`` counts as 800 px per x."""
    found = []
    for entry in (value or "").split(","):
        parts = entry.split()
        if not parts or not _usable(parts[0]):
            continue
        width = 0.0
        if len(parts) > 1:
            descriptor = parts[1].lower()
            try:
                if descriptor.endswith("w"):
                    width = float(descriptor[:-1])
                elif descriptor.endswith("x"):
                    width = float(descriptor[:-1]) * 800
            except ValueError:
                continue
        found.append((parts[0], width))
    return found


def _best(candidates: list[tuple[str, float]]) -> str | None:
    """The widest candidate no wider than :data:`MAX_IMAGE_WIDTH`, else the narrowest one."""
    if not candidates:
        return None
    fitting = [c for c in candidates if c[1] <= MAX_IMAGE_WIDTH]
    if fitting:
        return max(fitting, key=lambda c: c[1])[0]
    return min(candidates, key=lambda c: c[1])[0]


def _size(img: HtmlElement | None) -> tuple[int | None, int | None]:
    if img is None:
        return None, None
    noted = (img.get(_SIZE_ATTR) or "").partition("x")
    width = _number(img.get("width")) or _number(noted[0]) or None
    height = _number(img.get("height")) or _number(noted[2]) or None
    return width, height


def is_chrome(url: str, img: HtmlElement | None, width: int | None, height: int | None) -> bool:
    """Whether an image is a tracking pixel, spacer, icon, avatar or logo, not a picture of the story."""
    if (width is not None and width <= _PIXEL) or (height is not None and height <= _PIXEL):
        return True
    if width is not None and height is not None and max(width, height) <= _ICON:
        return True
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    words = {word.lower() for word in _WORDS.findall(name)}
    if img is not None:
        words |= class_words(img)
        parent = img.getparent()
        if parent is not None and parent.tag in {"a", "span", "picture", "div"}:
            words |= class_words(parent)
    return not words.isdisjoint(phrases("image_junk.txt"))


def _table(walk: BlockBuilder, table: HtmlElement) -> bool:
    """A data table becomes one table block; a layout table (one cell, or holding tables) is read through."""
    if not is_data_table(table):
        return False
    rows: list[tuple[str, ...]] = []
    header_rows = 0
    heading = True
    for tr in table.iter("tr"):
        cells: list[str] = []
        all_th = True
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in {"td", "th"}:
                continue
            all_th = all_th and cell.tag == "th"
            cells.append(_cell_text(cell))
            span = _number(cell.get("colspan")) or 1
            cells += [""] * (min(span, 50) - 1)
        if not cells:
            continue
        parent = tr.getparent()
        if heading and (all_th or (parent is not None and parent.tag == "thead")):
            header_rows += 1
        else:
            heading = False
        rows.append(tuple(cells))
    # One row, or one column, is a layout box or a list: its cells read as paragraphs.
    if len(rows) < 2 or max(len(row) for row in rows) < 2 or not any(any(row) for row in rows):
        return False
    width = max(len(row) for row in rows)
    rows = [row + ("",) * (width - len(row)) for row in rows]
    caption_el = next(table.iter("caption"), None)
    caption = _text(caption_el) if caption_el is not None else ""
    text = "\n".join("\t".join(row) for row in rows)
    walk.emit(Block("table", text, media=Table(tuple(rows), min(header_rows, len(rows)), caption)))
    return True


def _embed(element: HtmlElement, tag: str, base: str | None) -> Embed | None:
    """An iframe or video as a link to what it plays; None when it has no address worth following."""
    src = element.get("src") or element.get("data-src")
    if not src and tag == "video":
        src = next((s.get("src") for s in element.iter("source") if s.get("src")), None)
    url = resolve(src, base, _IMAGE_SCHEMES)
    if url is None:
        return None
    parts = urlsplit(url)
    words = {word.lower() for word in _WORDS.findall(parts.path)}
    kind = "Video" if tag == "video" or not words.isdisjoint(_VIDEO_WORDS) else "Embedded post"
    title = " ".join((element.get("title") or element.get("aria-label") or "").split())
    host = parts.netloc.removeprefix("www.")
    label = f"{kind}: {title} ({host})" if title else f"{kind} ({host})"
    return Embed(url, label)


def _open(walk: BlockBuilder, element: HtmlElement, tag: str) -> None:
    if tag == "br":
        walk.line_break()
    elif tag == "a":
        walk.in_link += 1
        url = resolve(element.get("href"), walk.base)
        if url is not None:
            walk.open_span("a", "link", url)
    elif tag in _SPAN_TAGS and not (tag in {"code", "tt"} and walk.kinds[-1][0] == "code"):
        walk.open_span(tag, _SPAN_TAGS[tag])
    elif tag in _HEADING:
        walk.flush()
        walk.kinds.append(("heading", _HEADING[tag], ""))
    elif tag in {"ul", "ol"}:
        walk.flush()
        start = element.get("start") or "1"
        walk.lists.append([tag == "ol", int(start) if start.isdigit() and len(start) < 9 else 1])
    elif tag == "li":
        walk.flush()
        ordered, number = walk.lists[-1] if walk.lists else [False, 1]
        if walk.lists:
            walk.lists[-1][1] += 1
        walk.kinds.append(("item", max(1, len(walk.lists)), f"{number}." if ordered else "-"))
    elif tag == "pre":
        walk.flush()
        walk.kinds.append(("code", 0, ""))
    elif tag == "blockquote":
        walk.flush()
        walk.quote += 1
    elif tag in _BLOCK:
        walk.block_edge()
    elif tag in {"td", "th"}:
        walk.add(" ")


def _close(walk: BlockBuilder, tag: str) -> None:
    if tag == "a":
        walk.in_link = max(0, walk.in_link - 1)
        walk.close_span("a")
    elif tag in _SPAN_TAGS:
        walk.close_span(tag)
    elif tag in _HEADING or tag in {"li", "pre"}:
        walk.flush()
        if len(walk.kinds) > 1:
            walk.kinds.pop()
    elif tag in {"ul", "ol"}:
        walk.flush()
        if walk.lists:
            walk.lists.pop()
    elif tag == "blockquote":
        walk.flush()
        walk.quote = max(0, walk.quote - 1)
    elif tag in _BLOCK:
        walk.block_edge()
    elif tag in {"td", "th"}:
        walk.add(" ")
