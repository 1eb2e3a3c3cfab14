"""Bookmarks as a Markdown document to paste into notes (Obsidian, or any CommonMark reader).

Shape, per article, in the order of its first bookmark::

    ## [Title](<url>)

    - title: Title
    - authors: A. Writer, B. Writer
    - site: Example News
    - url: <https://...>
    - published: 2025-02-07
    - saved: 2026-12-03

    > What was said
    >
    > — Speaker · § Section

    *Passage* · § Section

    The article's own words, kept as a plain paragraph (they are not a quotation).

    *Note:* the reader's note, right under its bookmark.

A document holding one article begins instead with YAML front matter holding those fields (authors
as a list), which Obsidian shows as the note's properties; it has no list under its heading.
Every value is escaped as ``byline dump`` escapes text, so nothing on a page can make structure;
front matter values are JSON strings (valid YAML).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from news import safe_text
from news.formats import escape_markdown

if TYPE_CHECKING:
    from storage import ArticleEntry, BookmarkEntry

_BARE_BRACKET = re.compile(r"(?<!\\)[\[\]]")


def _line(text: str | None) -> str:
    return " ".join(safe_text(text or "").split())


def _md(text: str | None) -> str:
    """``text`` as literal Markdown on one line: structure escaped, whitespace runs one space."""
    return escape_markdown(_line(text))


def _link_target(url: str) -> str:
    return "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"


def _metadata(title: str, url: str | None, entry: ArticleEntry | None) -> list[tuple[str, str]]:
    """The article's fields in order, as (name, plain value); empty ones left out."""
    fields = [("title", _line(title))]
    if entry is not None:
        fields += [
            ("authors", ", ".join(_line(author) for author in entry.authors)),
            ("site", _line(entry.site)),
        ]
    fields.append(("url", _line(url)))
    if entry is not None:
        fields += [("published", (entry.published or "")[:10]), ("saved", entry.saved_at[:10])]
    else:
        fields.append(("saved", "no longer in the library"))
    return [(name, value) for name, value in fields if value]


def bookmarks_markdown(marks: Sequence[BookmarkEntry], articles: Mapping[str, ArticleEntry]) -> str:
    """The bookmarks as Markdown, grouped by article; ``articles`` holds the saved ones by id."""
    groups: dict[tuple[str | None, str | None, str], list[BookmarkEntry]] = {}
    for mark in marks:
        saved = mark.article_id if mark.article_id in articles else None
        groups.setdefault((saved, mark.article_url, mark.article_title), []).append(mark)
    lines: list[str] = []
    if len(groups) == 1:
        ((article_id, url, title),) = groups
        entry = articles.get(article_id) if article_id else None
        front: dict[str, str | list[str]] = dict(_metadata(title, url, entry))
        if entry is not None and entry.authors:
            front["authors"] = [_line(author) for author in entry.authors]
        lines.append("---")
        lines += [f"{name}: {json.dumps(value, ensure_ascii=False)}" for name, value in front.items()]
        lines += ["---", ""]
    else:
        lines += ["# Bookmarks", ""]
    for (article_id, url, title), group in groups.items():
        entry = articles.get(article_id) if article_id else None
        # Inside a link's text every bracket must be escaped, or one would end the text early.
        heading = _BARE_BRACKET.sub(lambda m: "\\" + m.group(), _md(title)) or "Untitled"
        lines += [f"## [{heading}]({_link_target(url)})" if url else f"## {heading}", ""]
        if len(groups) > 1:
            for name, value in _metadata(title, url, entry):
                shown = _link_target(value) if name == "url" else _md(value)
                lines.append(f"- {name}: {shown}")
            lines.append("")
        for mark in sorted(group, key=lambda mark: (mark.block, mark.created_at)):
            where = f"§ {_md(mark.section)}" if mark.section else ""
            if mark.kind == "quote":
                lines.append(f"> {_md(mark.text)}")
                said = " · ".join(
                    part for part in (f"— {_md(mark.speaker)}" if mark.speaker else "", where) if part
                )
                if said:
                    lines += [">", f"> {said}"]
            else:
                lines += [" · ".join(part for part in ("*Passage*", where) if part), "", _md(mark.text)]
            lines.append("")
            if mark.note:
                lines += [f"*Note:* {_md(mark.note)}", ""]
    if not groups:
        lines += ["No bookmarks yet.", ""]
    return "\n".join(lines)
