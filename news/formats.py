"""The outputs of ``byline dump``: JSON, JSON lines, plain text and Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable

from news.model import Article

FORMATS = ("json", "jsonl", "text", "markdown")


def to_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=2)


def to_jsonl(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


def to_text(article: Article) -> str:
    return article.text


def to_markdown(article: Article) -> str:
    """A clean Markdown article: headline, metadata line, takeaways, headings, block quotes."""
    lines = [f"# {article.title}", ""]
    if article.subtitle:
        lines += [f"*{article.subtitle}*", ""]
    meta = " · ".join(x for x in (article.site, ", ".join(article.authors), article.published) if x)
    if meta:
        lines += [meta, ""]
    if article.takeaways:
        lines += ["## Key takeaways", "", *(f"- {t}" for t in article.takeaways), ""]
    for block in article.blocks:
        if block.kind == "heading":
            lines += [f"{'#' * min(block.level + 1, 6)} {block.text}", ""]
        elif block.kind == "item":
            lines.append(f"{'  ' * (block.level - 1)}{block.marker} {block.text}")
        elif block.kind == "quote":
            lines += [f"> {line}" for line in block.text.splitlines()] + [""]
        elif block.kind == "code":
            lines += ["```", block.text, "```", ""]
        else:
            if lines and lines[-1] and lines[-1].lstrip().startswith(("-", "1", "2", "3")):
                lines.append("")
            lines += [block.text, ""]
    return "\n".join(lines).rstrip() + "\n"


RENDERERS: dict[str, Callable[[Article], str]] = {
    "json": to_json,
    "jsonl": to_jsonl,
    "text": to_text,
    "markdown": to_markdown,
}


def render(article: Article, fmt: str) -> str:
    """``article`` in the format ``fmt`` (one of :data:`FORMATS`)."""
    return RENDERERS[fmt](article)
