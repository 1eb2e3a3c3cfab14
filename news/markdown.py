"""A Markdown source to body blocks and metadata, parsed by markdown-it-py (CommonMark, GFM tables).

Headings, lists, quotes, code, links, emphasis, images and tables become the same blocks an HTML page
gives; YAML front matter gives the title, authors and date. Raw HTML in the file is not rendered: its
tags are dropped and, in a block of its own, its text too (a Markdown file's HTML is layout or comments).
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from news.blocks import BlockBuilder, resolve
from news.metadata import Metadata, normalize_date
from news.model import Block, Image, SpanKind, Table

_EMPHASIS: dict[str, SpanKind] = {"em": "em", "strong": "strong"}
# Signs that a text without a .md name is Markdown: front matter, an ATX heading, a fence, a link or image
# target, an autolink, strong emphasis. Two different ones make it Markdown (one could be chance).
_SIGNS = (
    re.compile(r"\A---[ \t]*\n"),
    re.compile(r"^#{1,6} \S", re.MULTILINE),
    re.compile(r"^(```|~~~)", re.MULTILINE),
    re.compile(r"!?\[[^\]\n]{1,300}\]\([^)\s]{1,2000}\)"),
    re.compile(r"<https?://[^>\s]{1,2000}>"),
    re.compile(r"\*\*\S[^*\n]{0,300}\*\*"),
    re.compile(r"^\|.*\|\s*\n\|[ :|-]+\|", re.MULTILINE),
)


def looks_like_markdown(text: str) -> bool:
    """Whether ``text`` (a source with no file name to go by) reads as Markdown rather than plain text."""
    head = text[:20000]
    return head.startswith("---\n") or sum(1 for sign in _SIGNS if sign.search(head)) >= 2


def _parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(front_matter_plugin)
    )


def front_matter(text: str) -> Metadata:
    """Title, authors and date from YAML-style ``key: value`` lines (lists as ``[a, b]`` or ``- a`` lines)."""
    fields: dict[str, list[str]] = {}
    key = ""
    for line in text.splitlines():
        if line[:1].isspace() or line.startswith("- "):
            item = line.strip().removeprefix("- ").strip().strip("\"'")
            if key and item:
                fields.setdefault(key, []).append(item)
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        value = value.strip()
        if not sep:
            key = ""
            continue
        if value.startswith("[") and value.endswith("]"):
            fields[key] = [v.strip().strip("\"'") for v in value[1:-1].split(",") if v.strip()]
        elif value:
            fields[key] = [value.strip("\"'")]
    title = next(iter(fields.get("title") or []), None)
    authors = fields.get("authors") or fields.get("author") or []
    date = next(iter(fields.get("date") or fields.get("published") or []), None)
    return Metadata(
        title=title,
        authors=[a for a in authors if a],
        published=normalize_date(date) if date else None,
        subtitle=next(iter(fields.get("subtitle") or fields.get("description") or []), None),
        url=next(iter(fields.get("url") or fields.get("canonical") or []), None),
    )


def markdown_article(text: str, url: str | None = None) -> tuple[list[Block], Metadata]:
    """The blocks of a Markdown document and what its front matter says.

    Relative links and images resolve against ``url`` (where it was fetched), else the front matter's
    ``url``; a local file with neither keeps their text only.
    """
    tokens = _parser().parse(text)
    meta = Metadata()
    build = BlockBuilder(url)
    lists: list[list[int]] = []  # [ordered, next number] per open list
    cells: list[str] = []
    rows: list[tuple[str, ...]] = []
    header_rows = 0
    in_cell = False
    for token in tokens:
        kind = token.type
        if kind == "front_matter":
            meta = front_matter(token.content)
            build.base = url or (meta.url if meta.url and resolve(meta.url, None) else None)
        elif kind == "heading_open":
            build.flush()
            build.kinds.append(("heading", int(token.tag[1:]), ""))
        elif kind in {"heading_close", "list_item_close"}:
            build.flush()
            if len(build.kinds) > 1:
                build.kinds.pop()
        elif kind in {"bullet_list_open", "ordered_list_open"}:
            build.flush()
            start = token.attrs.get("start", 1)
            lists.append([kind == "ordered_list_open", int(start) if isinstance(start, int | str) else 1])
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            build.flush()
            if lists:
                lists.pop()
        elif kind == "list_item_open":
            build.flush()
            ordered, number = lists[-1] if lists else [False, 1]
            if lists:
                lists[-1][1] += 1
            build.kinds.append(("item", max(1, len(lists)), f"{number}." if ordered else "-"))
        elif kind == "paragraph_open":
            if build.kinds[-1][0] == "item" and build.length:
                build.add("\n")
            else:
                build.flush()
        elif kind == "paragraph_close":
            if build.kinds[-1][0] != "item":
                build.flush()
        elif kind == "blockquote_open":
            build.flush()
            build.quote += 1
        elif kind == "blockquote_close":
            build.flush()
            build.quote = max(0, build.quote - 1)
        elif kind in {"fence", "code_block"}:
            build.flush()
            build.kinds.append(("code", 0, ""))
            build.add(token.content.rstrip("\n"))
            build.flush()
            build.kinds.pop()
        elif kind == "table_open":
            build.flush()
            rows, header_rows = [], 0
        elif kind == "tr_open":
            cells = []
        elif kind == "tr_close":
            rows.append(tuple(cells))
        elif kind in {"th_open", "td_open"}:
            in_cell = True
            header_rows = 1 if kind == "th_open" and not rows else header_rows
        elif kind in {"th_close", "td_close"}:
            in_cell = False
        elif kind == "table_close" and rows:
            width = max(len(row) for row in rows)
            grid = tuple(row + ("",) * (width - len(row)) for row in rows)
            plain = "\n".join("\t".join(row) for row in grid)
            build.emit(Block("table", plain, media=Table(grid, header_rows)))
        elif kind == "inline" and in_cell:
            cells.append(" ".join(_plain(token.children or []).split()))
        elif kind == "inline":
            _inline(build, token.children or [])
        elif kind == "hr":
            build.flush()
    build.flush()
    return [piece.block for piece in build.pieces], meta


def _plain(children: list[Token]) -> str:
    return "".join(c.content for c in children if c.type in {"text", "code_inline"} or c.type == "softbreak")


def _inline(build: BlockBuilder, children: list[Token]) -> None:
    for child in children:
        kind = child.type
        if kind == "text":
            build.add(child.content)
        elif kind in {"softbreak"}:
            build.add(" " if build.kinds[-1][0] != "code" else "\n")
        elif kind == "hardbreak":
            build.add("\n")
        elif kind == "code_inline":
            build.open_span("code", "code")
            build.add(child.content)
            build.close_span("code")
        elif kind.removesuffix("_open") in _EMPHASIS and kind.endswith("_open"):
            name = kind.removesuffix("_open")
            build.open_span(name, _EMPHASIS[name])
        elif kind.removesuffix("_close") in _EMPHASIS and kind.endswith("_close"):
            build.close_span(kind.removesuffix("_close"))
        elif kind == "link_open":
            build.in_link += 1
            url = resolve(_attr(child, "href"), build.base)
            if url is not None:
                build.open_span("a", "link", url)
        elif kind == "link_close":
            build.in_link = max(0, build.in_link - 1)
            build.close_span("a")
        elif kind == "image":
            url = resolve(_attr(child, "src"), build.base, frozenset({"http", "https"}))
            alt = " ".join(_plain(child.children or []).split())
            if url is not None:
                caption = " ".join(_attr(child, "title").split())
                image = Image(url, alt, caption)
                build.emit(Block("image", caption, media=image))
            elif alt:
                build.add(alt)


def _attr(token: Token, name: str) -> str:
    value: Any = token.attrs.get(name)
    return value if isinstance(value, str) else ""
