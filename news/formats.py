"""The outputs of ``byline dump``: JSON, JSON lines, plain text and Markdown."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

from news.model import Article, Block, Image, Section, Span, Table
from news.takeaways import is_label

FORMATS = ("json", "jsonl", "text", "markdown")

# Only what could start inline structure is escaped, so the Markdown stays readable as plain text:
# a backslash before punctuation, code ticks, emphasis marks touching text, underscores at a word's
# edge, a bracket that would close a link, a tag or autolink opener, and table pipes.
_INLINE_SPECIAL = re.compile(
    r"\\(?=[!-/:-@\[-`{-~])|`|\*(?=\S)|(?<=\S)\*|(?<!\w)_|_(?!\w)|\](?=[(\[:])|<(?=[A-Za-z/!?])|\|"
)
# Characters that would end an autolink early or break it across lines.
_URL_UNSAFE = re.compile(r"[<>\s]")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Line starts that Markdown reads as a heading, quote, list item, rule, table or fence.
_LINE_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|>|[-+*](?=\s)|=+\s*$|-+\s*$|(\d{1,9})([.)])(?=\s|$))")


def _json(article: Article, indent: int | None) -> str:
    text = json.dumps(article.to_dict(), ensure_ascii=False, indent=indent)
    # Line and paragraph separators are valid in JSON strings but split "lines" for many readers.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def to_json(article: Article) -> str:
    """The outline of CONTRACT.md as indented JSON."""
    return _json(article, 2)


def to_jsonl(article: Article) -> str:
    """The outline as one JSON object on one line."""
    return _json(article, None)


def to_text(article: Article) -> str:
    """The body as plain text: blocks separated by blank lines, a list's items on consecutive lines."""
    parts: list[str] = []
    for block, previous in _with_previous(article.blocks):
        if block.kind == "item":
            line = f"{'  ' * max(block.level - 1, 0)}{block.marker or '-'} {block.text}"
            if previous is not None and previous.kind == "item":
                parts[-1] += "\n" + line
            else:
                parts.append(line)
        elif block.text:
            parts.append(block.text)
    return "\n\n".join(parts) + "\n" if parts else ""


def _with_previous(blocks: list[Block]) -> Iterator[tuple[Block, Block | None]]:
    previous: Block | None = None
    for block in blocks:
        yield block, previous
        previous = block


def _escape_inline(text: str, tildes: bool) -> str:
    """``text`` with what could start inline structure escaped; ``tildes`` escapes every ``~`` too."""
    text = _ENTITY.sub("&amp;", _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(), text))
    return text.replace("~", "\\~") if tildes else text


def _escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if match:
        number, mark = match.group(3), match.group(4)
        marker = f"{number}\\{mark}" if number else "\\" + match.group(2)
        line = match.group(1) + marker + line[match.end() :]
    return line


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    """``text`` with every character that Markdown would read as structure escaped, line by line.

    ``line_start`` False is for text after a heading's ``#``, where list and quote markers are plain.
    """
    lines = []
    for line in text.split("\n"):
        # Two tildes on a line could strike through what lies between them.
        line = _escape_inline(line, line.count("~") > 1)
        # Inside a heading a trailing " #" would be read as a closing sequence and dropped.
        line = _escape_line_start(line) if line_start else line.replace("#", "\\#")
        lines.append(line.strip())
    return "\n".join(line for line in lines if line)


def _url(url: str) -> str:
    """``url`` as a link destination: nothing in it can end the link or break it across lines."""
    return _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", url).replace("(", "%28").replace(")", "%29")


def _link_text(text: str, tildes: bool) -> str:
    """Page text inside ``[...]``: every bracket escaped, so none can end the link text early."""
    parts = re.split(r"([\[\]])", text.replace("\n", " "))
    return "".join("\\" + part if part in ("[", "]") else _escape_inline(part, tildes) for part in parts)


def _code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _marked(block: Block) -> str:
    """A block's text as Markdown with its spans: links inline, ``*em*``, ``**strong**``, `` `code` ``.

    Spans that cross another, a link inside a link and anything inside code are written as plain text.
    Line starts are escaped afterwards, on the whole line, so only page text is ever escaped.
    """
    text = block.text
    tildes = text.count("~") > 1
    out: list[str] = []
    stack: list[tuple[Span, int]] = []  # open spans and where their rendering starts in ``out``
    position = 0

    def plain(end: int) -> None:
        nonlocal position
        if end > position:
            piece = text[position:end]
            if any(span.kind == "link" for span, _ in stack):
                out.append(_link_text(piece, tildes))
            else:
                out.append(_escape_inline(piece, tildes))
            position = end

    def close() -> None:
        span, start = stack.pop()
        inner = "".join(out[start:])
        del out[start:]
        if span.kind == "code":
            out.append(_code_span(text[span.start : span.end].replace("\n", " ")))
        elif not inner.strip():
            out.append(inner)
        elif span.kind == "link":
            out.append(f"[{inner}]({_url(span.url or '')})")
        else:
            mark = "**" if span.kind == "strong" else "*"
            out.append(f"{mark}{inner}{mark}")

    for span in block.spans:
        while stack and stack[-1][0].end <= span.start:
            plain(stack[-1][0].end)
            close()
        outer = stack[-1][0] if stack else None
        if outer is not None and (
            span.end > outer.end
            or outer.kind == "code"
            or (span.kind == "link" and any(s.kind == "link" for s, _ in stack))
        ):
            continue
        if span.start < position:
            continue
        plain(span.start)
        stack.append((span, len(out)))
        if span.kind == "code":
            position = span.end
    while stack:
        plain(stack[-1][0].end)
        close()
    plain(len(text))
    lines = (_escape_line_start(line).strip() for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def _image_markdown(image: Image) -> list[str]:
    alt = _link_text(" ".join(image.alt.split()), True)
    lines = [f"![{alt}]({_url(image.url)})", ""]
    note = " — ".join(x for x in (image.caption, image.credit) if x)
    if note:
        lines += [f"*{escape_markdown(' '.join(note.split()))}*", ""]
    return lines


def _cell(text: str) -> str:
    return _escape_inline(" ".join(text.split()), "~" in text) or " "


def _table_markdown(table: Table) -> list[str]:
    """A GFM table: the first row heads it (GFM needs one), every row padded to the same width."""
    width = max((len(row) for row in table.rows), default=0)
    if not width:
        return []
    rows = [[_cell(cell) for cell in row] + [" "] * (width - len(row)) for row in table.rows]
    lines = [f"*{escape_markdown(' '.join(table.caption.split()))}*", ""] if table.caption.strip() else []
    lines.append("| " + " | ".join(rows[0]) + " |")
    lines.append("|" + "---|" * width)
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return [*lines, ""]


def _section_depths(sections: list[Section]) -> dict[int, int]:
    depths: dict[int, int] = {}
    for section in sections:
        depths[section.block] = section.level
        depths.update(_section_depths(section.children))
    return depths


def _takeaway_blocks(article: Article) -> set[int]:
    """The blocks the takeaways list stands in, with its label: already shown at the top."""
    start = article.takeaways_block
    if start is None:
        return set()
    wanted = set(article.takeaways)
    covered = set()
    index = start
    while index < len(article.blocks) and article.blocks[index].text in wanted:
        covered.add(index)
        index += 1
    if start > 0 and is_label(article.blocks[start - 1].text):
        covered.add(start - 1)
    return covered


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def to_markdown(article: Article) -> str:
    """A clean Markdown article: headline, metadata line, lead image, takeaways, headings, block quotes,
    links inline, images as ``![alt](url)`` with the caption under them, tables as GFM tables.

    Page text is escaped, so nothing in it can add headings, links or HTML to the document.
    """
    out = [f"# {escape_markdown(' '.join(article.title.split()), line_start=False)}", ""]
    if article.subtitle:
        out += [f"*{escape_markdown(article.subtitle)}*", ""]
    byline = f"By {', '.join(article.authors)}" if article.authors else ""
    date = article.published[:10] if article.published else None
    meta = [x for x in (article.site, byline, date, article.dateline) if x]
    if meta:
        out += [escape_markdown(" · ".join(meta)), ""]
    if article.url and article.url.startswith(("http://", "https://")):
        url = _URL_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", article.url)
        out += [f"<{url}>", ""]
    shown = {block.media.url for block in article.blocks if isinstance(block.media, Image)}
    if article.lead_image is not None and article.lead_image.url not in shown:
        out += _image_markdown(article.lead_image)
    if article.takeaways:
        heading = "Summary (chosen by byline)" if article.takeaways_generated else "Key takeaways"
        out += [f"## {heading}", ""]
        out += [f"- {escape_markdown(' '.join(t.split()))}" for t in article.takeaways]
        out.append("")
    depths = _section_depths(article.sections)
    skip = _takeaway_blocks(article)
    for index, block in enumerate(article.blocks):
        if index in skip:
            continue
        previous = article.blocks[index - 1] if index else None
        if block.kind != "item" and out and out[-1] != "":
            out.append("")
        if block.kind == "heading":
            level = min(depths.get(index, 3) + 1, 6)
            title = escape_markdown(" ".join(block.text.split()), line_start=False)
            out += [f"{'#' * level} {title}", ""]
        elif block.kind == "item":
            if previous is not None and previous.kind != "item" and out and out[-1] != "":
                out.append("")
            marker = block.marker if re.fullmatch(r"\d{1,9}[.)]", block.marker) else "-"
            indent = "  " * max(block.level - 1, 0) if marker == "-" else "   " * max(block.level - 1, 0)
            out.append(f"{indent}{marker} {' '.join(_marked(block).split())}")
        elif block.kind == "quote":
            out += [f"> {line}" for line in _marked(block).split("\n")] + [""]
        elif isinstance(block.media, Image):
            out += _image_markdown(block.media)
        elif isinstance(block.media, Table):
            out += _table_markdown(block.media)
        elif block.kind == "code":
            fence = _fence(block.text)
            out += [fence, block.text, fence, ""]
        else:
            out += [_marked(block).replace("\n", "  \n"), ""]
    return "\n".join(out).rstrip() + "\n"


RENDERERS: dict[str, Callable[[Article], str]] = {
    "json": to_json,
    "jsonl": to_jsonl,
    "text": to_text,
    "markdown": to_markdown,
}


def render(article: Article, fmt: str) -> str:
    """``article`` in the format ``fmt`` (one of :data:`FORMATS`)."""
    return RENDERERS[fmt](article)
