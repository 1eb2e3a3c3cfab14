"""Text and Markdown sources to body blocks: paragraphs, bare-line and ``#`` headings, lists, quotes, code."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from news.boilerplate import is_furniture_line
from news.model import Block, BlockKind

_ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)([-*+•●▪◦–])\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)(\d{1,3}[.)])\s+(.*)$")
_QUOTE_LINE = re.compile(r"^\s*>\s?(.*)$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n((?:.*\n){0,60}?)---[ \t]*(?:\n|\Z)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
# Bounded, so a line of thousands of "[a](" costs no more than a line of text.
_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\([^()\s]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{1,500})\]\([^()\s]{0,2000}(?:\([^()\s]{0,200}\)[^()\s]{0,500})?\)")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_CODE_SPAN = re.compile(r"`([^`]+)`")
# A line that ends a sentence or introduces what follows is prose, not a heading.
_PROSE_END = re.compile(r"[.!,;:…\"”»]$")
_OPENS_QUOTE = re.compile(r"^[\"“„«「'‘]")
_MAX_HEADING_WORDS = 14
_MAX_HEADING_RUN = 4


@dataclass(slots=True)
class _Unit:
    kind: BlockKind
    text: str
    level: int = 0
    marker: str = ""
    bare: bool = False  # a plain line that may turn out to be a heading
    numbered: bool = False  # a "1. Heading" line standing alone, not in a run of numbered lines


def _inline(text: str) -> str:
    """``text`` without Markdown images and link targets, emphasis markers or code ticks."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _BOLD.sub(r"\2", text)
    text = _CODE_SPAN.sub(r"\1", text)
    return " ".join(text.split())


def _headingish(text: str) -> bool:
    """A short line that neither ends a sentence nor opens with a quote mark could be a heading."""
    words = text.split()
    return (
        0 < len(words) <= _MAX_HEADING_WORDS
        and len(text) <= 110
        and not _PROSE_END.search(text)
        and not _OPENS_QUOTE.match(text)
        and (text[0].isupper() or text[0].isdigit() or not text[0].isalpha())
    )


def _is_wrapped(lines: list[str]) -> bool:
    """Whether paragraphs are separated by blank lines and broken across several lines."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    plain = [
        g for g in groups if g and not any(_BULLET.match(x) or _NUMBERED.match(x) or _ATX.match(x) for x in g)
    ]
    if len(groups) < 2 or not plain:
        return False
    multi = sum(1 for g in plain if len(g) >= 2)
    longest = max(len(x) for g in plain for x in g)
    return multi * 10 >= len(plain) * 3 and longest <= 120


def _units(text: str) -> list[_Unit]:
    lines = text.splitlines()
    wrapped = _is_wrapped(lines)
    units: list[_Unit] = []
    code: list[str] | None = None
    joinable = False  # whether the next plain line continues the last unit (wrapped paragraphs, list items)
    after_text = False  # whether the previous line was a plain text line (for "Title" over "=====")
    for index, raw in enumerate(lines):
        after_text = (
            index > 0
            and bool(lines[index - 1].strip())
            and units[-1:] != []
            and units[-1].kind == "paragraph"
        )
        if code is not None:
            if _FENCE.match(raw):
                units.append(_Unit("code", "\n".join(code)))
                code = None
            else:
                code.append(raw)
            continue
        if _FENCE.match(raw):
            code = []
            joinable = False
            continue
        line = raw.strip()
        if not line:
            joinable = False
            continue
        if _SETEXT.match(line) and after_text and units and units[-1].kind == "paragraph":
            last = units[-1]
            if len(last.text.split()) <= _MAX_HEADING_WORDS and (line[0] == "=" or len(line) >= 2):
                units[-1] = _Unit("heading", last.text, 1 if line[0] == "=" else 2)
                joinable = False
                continue
        if _RULE.match(line):
            joinable = False
            continue
        if atx := _ATX.match(line):
            units.append(_Unit("heading", _inline(atx.group(2)), len(atx.group(1))))
            joinable = False
            continue
        if quote := _QUOTE_LINE.match(raw):
            body = _inline(quote.group(1))
            if units and units[-1].kind == "quote" and joinable:
                units[-1].text = f"{units[-1].text}\n{body}" if body else units[-1].text
            elif body:
                units.append(_Unit("quote", body))
            joinable = True
            continue
        bullet = _BULLET.match(raw)
        numbered = None if bullet else _NUMBERED.match(raw)
        if bullet or numbered:
            match = bullet or numbered
            assert match is not None
            indent = len(match.group(1).expandtabs(4))
            body = _inline(match.group(3))
            if body and not is_furniture_line(body):
                units.append(_Unit("item", body, indent // 2 + 1, "-" if bullet else match.group(2)))
            joinable = wrapped
            continue
        body = _inline(line)
        if not body or is_furniture_line(body):
            # An image line or page furniture: nothing to keep, but it does not break a paragraph.
            continue
        # "Heading\nA long wrapped line…" in one block: a short unfinished first line heads the rest.
        heads_block = (
            bool(units) and units[-1].bare and len(body) >= 40 and len(units[-1].text) * 5 < len(body) * 3
        )
        if joinable and wrapped and units and units[-1].kind in ("paragraph", "item") and not heads_block:
            units[-1].text = f"{units[-1].text} {body}"
            units[-1].bare = False
            continue
        units.append(_Unit("paragraph", body, bare=_headingish(body)))
        joinable = wrapped
    if code is not None:
        units.append(_Unit("code", "\n".join(code)))
    return units


def _mark_numbered_heads(units: list[_Unit]) -> None:
    """A "1. Topic" line with no numbered neighbour and a short, unfinished text heads a part, not a list."""
    for index, unit in enumerate(units):
        if unit.kind != "item" or not unit.marker[:1].isdigit() or unit.level != 1:
            continue
        prev = units[index - 1] if index else None
        nxt = units[index + 1] if index + 1 < len(units) else None
        alone = not any(u is not None and u.kind == "item" and u.marker[:1].isdigit() for u in (prev, nxt))
        if alone and nxt is not None and _headingish(unit.text):
            unit.numbered = True


def _assign_headings(units: list[_Unit], explicit: bool) -> None:
    """Turn bare lines into headings and give every inferred heading a level."""
    if not explicit:
        index = 0
        while index < len(units):
            if not units[index].bare:
                index += 1
                continue
            run_end = index
            while run_end < len(units) and units[run_end].bare:
                run_end += 1
            # A heading needs something after it to head; a long run of short lines is a list or verse.
            followed = run_end < len(units)
            if followed and run_end - index <= _MAX_HEADING_RUN:
                for unit in units[index:run_end]:
                    unit.kind = "heading"
            index = run_end
    labels = Counter(u.text.casefold() for u in units if u.kind == "heading" and u.level == 0)
    parent = 2
    for unit in units:
        if unit.numbered:
            unit.kind, unit.level, unit.text = "heading", parent + 1, f"{unit.marker} {unit.text}"
            unit.marker = ""
        elif unit.kind == "heading" and unit.level == 0:
            # A label used more than once ("What's at stake?") is a run-in head under the current part.
            if labels[unit.text.casefold()] > 1:
                unit.level = min(parent + 2, 6)
            else:
                unit.level = parent = 2
        elif unit.kind == "heading":
            parent = unit.level


def _front_matter(text: str) -> tuple[list[_Unit], str]:
    """A Markdown file's YAML front matter as the lines a copied article opens with, and the rest.

    ``title`` becomes the headline, ``author(s)`` a "By ..." line and ``date`` a date line, so
    the outline reads them as it reads the same lines in plain text.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return [], text
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        value = value.strip().strip("\"'")
        if sep and value and not line[:1].isspace():
            fields[key.strip().lower()] = value.strip("[]")
    units: list[_Unit] = []
    if fields.get("title"):
        units.append(_Unit("heading", fields["title"], 1))
    author = fields.get("author") or fields.get("authors")
    if author:
        units.append(_Unit("paragraph", "By " + author.replace('"', "").replace("'", "")))
    date = fields.get("date") or fields.get("published")
    if date:
        units.append(_Unit("paragraph", date))
    return units, text[match.end() :]


def text_blocks(text: str) -> list[Block]:
    """The blocks of a plain-text or Markdown article.

    ``#`` lines and bare lines (short, no closing punctuation, followed by text) become headings,
    ``-``/``*``/``1.`` lines list items, ``>`` lines quotes; images and page furniture are dropped.
    """
    head, text = _front_matter(text)
    units = head + _units(text)
    explicit = any(u.kind == "heading" for u in units)
    if not explicit:
        _mark_numbered_heads(units)
    _assign_headings(units, explicit)
    blocks: list[Block] = []
    for unit in units:
        if unit.kind == "heading":
            blocks.append(Block("heading", unit.text, max(1, min(unit.level, 6))))
        elif unit.kind == "item":
            blocks.append(Block("item", unit.text, unit.level, unit.marker))
        else:
            blocks.append(Block(unit.kind, unit.text))
    return blocks
