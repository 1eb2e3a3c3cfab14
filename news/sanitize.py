"""Strip what a hostile page could use against a terminal (control and bidi-control characters) and the
invisible marks that split words (soft hyphens, zero-width spaces).

Sanitizing the HTML before parsing is not enough: character references such as ``&#x202E;`` or ``&#27;``
only become characters inside the parser, so every string that reaches an :class:`Article` is cleaned again
at the end of the pipeline (:func:`safe_article`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TypeVar

from lxml.html import HtmlElement

from news.model import Article, Block, Span

T = TypeVar("T")

# C0 except tab and newline (CR is turned into newline first), DEL, C1, and the bidi controls:
# LRM, RLM, ALM, the embeddings and overrides (U+202A-U+202E) and the isolates (U+2066-U+2069).
# Also the noncharacters of the Basic Multilingual Plane (U+FDD0-U+FDEF, U+FFFE, U+FFFF): never text, and
# a page reaches them only through character references (``&#xFFFE;``), which lxml turns into characters.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]"
)
# Invisible marks inside words: the soft hyphen (a hint where a word may break), the zero-width space, the
# word joiner and the zero-width no-break space (U+FEFF). Left in, "Bundes\u00adregierung" is not found by
# search and is not the word "Bundesregierung". The zero-width joiner and non-joiner stay: they change how
# Persian, Indic and emoji sequences are drawn.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def safe_text(text: str) -> str:
    """``text`` without control characters (tab and newline kept), bidi controls or invisible in-word marks
    (soft hyphen, zero-width space, word joiner, U+FEFF); CR becomes newline."""
    text = _INVISIBLE.sub("", text)
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def drop_invisible_marks(doc: HtmlElement) -> None:
    """Remove soft hyphens and zero-width marks from every text of ``doc``, in place.

    Character references (``&shy;``, ``&#x200B;``) become characters only inside the parser, after
    :func:`safe_text` saw the page.
    """
    for element in doc.iter():
        if element.text and _INVISIBLE.search(element.text):
            element.text = _INVISIBLE.sub("", element.text)
        if element.tail and _INVISIBLE.search(element.tail):
            element.tail = _INVISIBLE.sub("", element.tail)


def safe_line(text: str) -> str:
    """``text`` made safe and flattened to one line (newlines and tabs become spaces)."""
    return " ".join(safe_text(text).split())


def _safe_spans(text: str, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """``spans`` of ``text`` moved to the same characters of ``safe_text(text)``."""
    # new[i] is where old offset i lands once the unsafe characters before it are gone.
    new = [0] * (len(text) + 1)
    kept = 0
    for index, char in enumerate(text):
        new[index] = kept
        # safe_text turns CR LF into LF and a lone CR into LF, and removes the other unsafe characters.
        removed = text[index + 1 : index + 2] == "\n" if char == "\r" else bool(_UNSAFE.match(char))
        if not removed:
            kept += 1
    new[len(text)] = kept
    moved = (Span(new[s.start], new[s.end], s.kind, _cleaned(s.url)) for s in spans)
    return tuple(span for span in moved if span.start < span.end)


def _cleaned(value: T) -> T:
    if isinstance(value, Block) and value.spans and safe_text(value.text) != value.text:
        spans = _safe_spans(value.text, value.spans)
        block = dataclasses.replace(value, text=safe_text(value.text), media=_cleaned(value.media))
        return dataclasses.replace(block, spans=spans)
    if isinstance(value, str):
        return safe_text(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [_cleaned(item) for item in value]  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_cleaned(item) for item in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _cleaned(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    return value


def safe_data(value: T) -> T:
    """A copy of JSON-like ``value`` (dicts, lists, strings...) with :func:`safe_text` applied to every
    string in it, keys included: for what is read back from a file someone else may have written."""
    if isinstance(value, dict):
        cleaned = {
            safe_text(key) if isinstance(key, str) else key: safe_data(item) for key, item in value.items()
        }
        return cleaned  # type: ignore[return-value]
    return _cleaned(value)


def safe_article(article: Article) -> Article:
    """A copy of ``article`` with :func:`safe_text` applied to every string it holds, however deep.

    It walks the dataclass fields rather than naming them, so a field added to the model later is covered.
    """
    return _cleaned(article)
