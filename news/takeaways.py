"""Find the takeaways an article gives itself: a labelled block near the top, or a list under the headline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from news.model import Block

# Labels that introduce a summary, as a whole label ("Key Takeaways") or part of one
# ("Ishiba's Visit: Key Takeaways", "Key points from the report").
_LABELS = [
    r"key (?:take-?aways?|points?|facts|findings|highlights|details|things to know)",
    r"take-?aways?",
    r"(?:story |the )?highlights",
    r"in brief",
    r"at a glance",
    r"(?:here'?s )?what (?:you|to) (?:need|should) (?:to )?know",
    r"what you need to know",
    r"need to know",
    r"tl;? ?dr",
    r"quick (?:read|take|facts|summary)",
    r"the big picture",
    r"the short version",
    r"(?:article |story |news )?summary",
    r"in (?:short|summary|a nutshell)",
    r"the gist",
    r"main points",
    r"(?:the )?essentials",
    r"(?:\d+|three|four|five|six) things to know",
    # German, French, Spanish, Portuguese, Italian, Dutch, Scandinavian, Polish
    r"das wichtigste(?: in kürze| auf einen blick)?",
    r"auf einen blick",
    r"in kürze",
    r"kurz und knapp",
    r"zusammenfassung",
    r"l'essentiel",
    r"à retenir",
    r"ce qu'il faut (?:retenir|savoir)",
    r"en bref",
    r"(?:les )?points? clés?",
    r"(?:las )?claves",
    r"lo (?:más|mas) importante",
    r"puntos clave",
    r"en (?:resumen|breve|síntesis)",
    r"lo que (?:debes|hay que|tienes que) saber",
    r"pontos[- ]chave",
    r"pontos principais",
    r"(?:em )?resumo",
    r"o que (?:você precisa|é preciso) saber",
    r"destaques",
    r"in sintesi",
    r"punti chiave",
    r"in breve",
    r"cose da sapere",
    r"in het kort",
    r"kernpunten",
    r"(?:de )?belangrijkste punten",
    r"samenvatting",
    r"i korthet",
    r"kort fortalt",
    r"w skrócie",
    r"najważniejsze",
]
_LABEL = re.compile(
    r"^(?:[^:|–—]{0,80}\s*[:|–—]\s*)?(?:" + "|".join(_LABELS) + r")"
    r"(?:\s+(?:from|of|on|for|about|aus|von|de|du|des|del|da|do|di|van)\b[^:]{0,80})?\s*[:.]?$",
    re.IGNORECASE,
)
# Chinese and Japanese labels have no word boundaries; they count inside a short line.
_CJK_LABEL = re.compile(r"(?:ポイント|要点|重点|摘要|まとめ|要約|一分钟看懂|速览)")
_INLINE = re.compile(
    r"^(?P<label>tl;? ?dr|in brief|in short|the gist|key takeaways?|the big picture|bottom line)"
    r"\s*[:—–-]\s*(?P<body>.{20,})$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+(?=[\"“‘'(\[]?[A-Z0-9À-Ö])")
# How many substantial paragraphs may come before the label and it still counts as "near the top".
_TOP_PARAGRAPHS = 3
_MAX_TAKEAWAYS = 8


@dataclass(slots=True)
class Takeaways:
    """The takeaways found, where their label is (None for an unlabelled list) and where they are."""

    items: list[str]
    label: int | None
    first: int
    end: int


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).strip()


def is_label(text: str) -> bool:
    """Whether ``text`` (a heading or short paragraph) announces takeaways."""
    text = _fold(text)
    if not text or len(text) > 120:
        return False
    if _LABEL.match(text):
        return True
    return len(text) <= 24 and bool(_CJK_LABEL.search(text))


def _substantial(block: Block) -> bool:
    return block.kind == "paragraph" and len(block.text.split()) >= 15


def _split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def find_takeaways(blocks: list[Block], start: int = 0) -> Takeaways | None:
    """The article's own takeaways in ``blocks`` (looking from ``start``), or None."""
    opening_list = _list_under_headline(blocks, start)
    if opening_list is not None:
        return opening_list
    before = 0
    for index in range(start, len(blocks)):
        block = blocks[index]
        if block.kind in ("heading", "paragraph") and len(block.text.split()) <= 14 and is_label(block.text):
            # Only the first label counts, and only near the top: a later one is part of the body.
            return _after_label(blocks, index) if before <= _TOP_PARAGRAPHS else None
        inline = _INLINE.match(_fold(block.text)) if block.kind == "paragraph" else None
        if inline and before <= _TOP_PARAGRAPHS:
            sentences = _split_sentences(inline.group("body"))
            if 1 <= len(sentences) <= _MAX_TAKEAWAYS:
                return Takeaways(sentences, None, index, index + 1)
        if _substantial(block):
            before += 1
        if before > _TOP_PARAGRAPHS:
            break  # past the top: nothing further down is the article's summary
    return None


def _after_label(blocks: list[Block], label: int) -> Takeaways | None:
    index = label + 1
    if index < len(blocks) and blocks[index].kind == "item":
        level = blocks[index].level
        items: list[str] = []
        end = index
        while end < len(blocks) and blocks[end].kind == "item":
            if blocks[end].level == level:
                items.append(blocks[end].text)
            end += 1
        return Takeaways(items, label, index, end) if items else None
    paragraphs: list[str] = []
    end = index
    while end < len(blocks) and blocks[end].kind == "paragraph" and len(paragraphs) <= _MAX_TAKEAWAYS:
        paragraphs.append(blocks[end].text)
        end += 1
    # Short paragraphs up to the next heading are the points; a run of long prose is not a summary.
    stops_at_heading = end >= len(blocks) or blocks[end].kind == "heading"
    if (
        paragraphs
        and stops_at_heading
        and len(paragraphs) <= 6
        and all(len(p.split()) <= 60 for p in paragraphs)
    ):
        return Takeaways(paragraphs, label, index, end)
    return None


def _list_under_headline(blocks: list[Block], start: int) -> Takeaways | None:
    """A list of whole sentences that opens the body, before any paragraph, is a summary."""
    index = start
    if index >= len(blocks) or blocks[index].kind != "item":
        return None
    end = index
    while end < len(blocks) and blocks[end].kind == "item":
        end += 1
    items = [b.text for b in blocks[index:end] if b.level == blocks[index].level]
    if 2 <= len(items) <= 6 and all(len(t.split()) >= 6 for t in items) and end < len(blocks):
        return Takeaways(items, None, index, end)
    return None
