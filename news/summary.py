"""Choose a few sentences that sum an article up (extractive: word frequency, centrality and position)."""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections import Counter

from news.model import Block
from news.wordlists import phrases, words

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+|(?<=[。！？])(?=.)")
# The same splits where no CJK sentence mark stands: the space is read before the look back, so the engine
# skips from space to space (a fifth of the time on a long text).
_SPACE_AFTER_END = re.compile(r"\s(?:(?<=[.!?]\s)|(?<=[.!?][\"”’)]\s))\s*")
_CJK_END = re.compile("[。！？]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)?", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
# Abbreviations that end with a period but not a sentence.
_ABBREV = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|St|Jr|Sr|Inc|Corp|Co|Ltd|No|vs|U\.S|U\.K|E\.U|"
    r"Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|[A-Z])\.$"
)
_STOPWORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each even few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just last like made make
    many may me might more most much must my new no nor not now of off on once one only or other our ours out
    over own per said same say says she should since so some still such than that the their theirs them then
    there these they this those through to too two under until up upon us very was we were what when where
    which while who whom why will with within without would year years yet you your der die das und ist nicht
    ein eine le la les et est un une des du de el los las y en por para que con il di che e per non het een
    van op zijn
"""
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def split_sentences(text: str) -> list[str]:
    """``text`` cut into sentences, keeping abbreviations like "U.S." and "Sen." whole."""
    ends = _SENTENCE_END if _CJK_END.search(text) else _SPACE_AFTER_END
    pieces = [p for p in ends.split(text) if p and p.strip()]
    sentences: list[list[str]] = []
    for piece in pieces:
        piece = piece.strip()
        # A piece that starts in lower case continues the sentence ("the U.S. economy", "e.g. this").
        # The abbreviation ends the previous piece: searching the whole sentence joined so far would make
        # a page of one endless sentence cost quadratic time.
        if sentences and (_ends_in_abbreviation(sentences[-1][-1]) or _starts_lower(piece)):
            sentences[-1].append(piece)
        else:
            sentences.append([piece])
    return [" ".join(parts) for parts in sentences]


# _ABBREV matches at most this many characters before the end ("Sept." and a newline): the search starts
# there rather than at every character of a long piece (the look back of \b still sees the one before).
_ABBREV_REACH = 8


def _ends_in_abbreviation(piece: str) -> bool:
    return _ABBREV.search(piece, max(0, len(piece) - _ABBREV_REACH)) is not None


def _starts_lower(piece: str) -> bool:
    first = next((c for c in piece if c.isalnum()), "")
    return first.islower()


def _words(sentence: str) -> list[str]:
    if _CJK.search(sentence):
        # Character bigrams stand in for words in scripts written without spaces.
        chars = [c for c in sentence if _CJK.match(c)]
        return [a + b for a, b in itertools.pairwise(chars)]
    if _LOWER_CHANGES_WORDS.search(sentence):
        return [low for w in _WORD.findall(sentence) if (low := w.lower()) not in _STOPWORDS and len(w) > 1]
    # Lower-casing the sentence once gives the same words, lower case, as lower-casing each word.
    return [w for w in _WORD.findall(sentence.lower()) if w not in _STOPWORDS and len(w) > 1]


# The characters whose lower case is not one character of the same _WORD classes (İ, every code point
# tried) or depends on what follows (Σ, final sigma): with neither, lower-casing commutes with _WORD.
_LOWER_CHANGES_WORDS = re.compile("[\u0130\u03a3]")
_CALL_TO_ACTION = phrases("call_to_action.txt")
_FIRST_WORD = re.compile(r"[\w’']+")


def _asks(sentence: str) -> bool:
    """Whether ``sentence`` asks something of the reader: a question, or a call to act ("Vote for X!")."""
    end = sentence.rstrip('"”’)»')[-1:]
    if end in "?？":
        return True
    first = _FIRST_WORD.match(sentence.lstrip("\"“‘'(«"))
    word = first.group(0).lower().replace("’", "'") if first else ""
    # An imperative opens with a bare verb; "Read more", "Pro tip:" and exclamations that open with
    # one are furniture. A quote opening with such a word is someone speaking, not the page asking.
    return word in _CALL_TO_ACTION and sentence.lstrip()[:1] not in '“"«'


_REFERENCE_HEADINGS = phrases("reference-headings.txt")
_CITATION_OPENINGS = phrases("citation-openings.txt")
_CITATION_MARKERS = words("citation-markers.txt")
_MONTH_NAMES = words("month-names.txt")
_TOKEN = re.compile(r"[^\W_]+")


def _is_reference_heading(text: str) -> bool:
    """Whether a heading opens a section of sources ("References", "Notes", "External links")."""
    return " ".join(text.split()).strip(" .:[]()").lower() in _REFERENCE_HEADINGS


def _is_citation(sentence: str) -> bool:
    """Whether ``sentence`` is a reference's note: "Archived from the original ...", "Retrieved 4 May
    2015.", a line with an ISBN or a doi."""
    tokens = _TOKEN.findall(sentence.lower())
    if not _CITATION_MARKERS.isdisjoint(tokens):
        return True
    for opening in _CITATION_OPENINGS:
        size = opening.count(" ") + 1
        if tokens[:size] != opening.split():
            continue
        if size > 1:
            return True
        after = tokens[size : size + 1]
        if after and (after[0][:1].isdigit() or after[0] in _MONTH_NAMES):
            return True
    return False


def _usable(sentence: str) -> bool:
    if _asks(sentence) or _is_citation(sentence):
        return False
    if _CJK.search(sentence):
        return 12 <= len(sentence) <= 200
    words = len(sentence.split())
    # Korean spaces whole phrases, not words: fewer of them make a sentence.
    least = 4 if _HANGUL.search(sentence) else 8
    return least <= words <= 45 and sentence[-1:] in '.!?"”’)' and not sentence.endswith(":")


def summarize(blocks: list[Block], count: int | None = None) -> list[str]:
    """3 to 5 sentences of ``blocks`` (fewer when the text has fewer), in reading order.

    The opening sentence always counts; the others score by the frequency of their content
    words in the whole article, their similarity to the other sentences (a one-step TextRank)
    and a bonus for coming early.
    """
    sentences: list[str] = []
    # The lead is the first paragraph giving a sentence; at most one of its sentences is taken, so the
    # takeaways do not repeat the lead word for word (issue 9).
    from_lead: list[bool] = []
    lead: int | None = None
    # The level of the sources section ("References", "Notes") the walk is in; its items are citations.
    sources_level: int | None = None
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            if sources_level is not None and block.level <= sources_level:
                sources_level = None
            if sources_level is None and _is_reference_heading(block.text):
                sources_level = block.level
            continue
        if sources_level is not None:
            continue
        if block.kind in ("paragraph", "item") and block.text.count("\n") <= 2:
            text = " ".join(block.text.split())
            usable = [s for s in split_sentences(text) if _usable(s)]
            if usable and lead is None and block.kind == "paragraph":
                lead = index
            sentences.extend(usable)
            from_lead.extend([index == lead] * len(usable))
    if not sentences:
        return []
    if count is None:
        total_words = 0
        for block in blocks:  # counted only as far as the longest length that changes the count
            total_words += len(block.text.split())
            if total_words >= 1500:
                break
        count = 3 if total_words < 600 else 4 if total_words < 1500 else 5
    count = min(count, len(sentences))
    bags = [Counter(_words(s)) for s in sentences]
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(set(bag))
    top = max(frequency.values(), default=1)
    scores: list[float] = []
    for index, bag in enumerate(bags):
        if not bag:
            scores.append(0.0)
            continue
        counts = list(map(frequency.__getitem__, bag))  # each word's sentence count, looked up once
        weight = sum(map(operator.truediv, counts, itertools.repeat(top))) / math.sqrt(sum(bag.values()))
        # Words shared with every other sentence, summed: the same as pairwise overlaps, in linear time.
        overlap = sum(counts) - len(counts)
        centrality = overlap / (len(bags) * math.log(2 + len(bag)))
        # News puts what matters first: the first half of the story gets a steady bonus, the top more.
        position = 1.0 + 0.4 * (1 - index / len(bags)) + 0.4 / (1 + index)
        quoted = 0.7 if sentences[index].lstrip()[:1] in '“"«「' else 1.0
        scores.append((weight + centrality) * position * quoted)
    # The opening sentence is the story's own summary; it always leads the takeaways.
    chosen: list[int] = [0] if scores[0] > 0 else []
    chosen_words = [set(bags[j]) for j in chosen]  # the word sets of the chosen, made once each
    for index in sorted(range(len(sentences)), key=lambda i: -scores[i]):
        # Skip near-duplicates so the takeaways do not repeat one point.
        if any(_similar_words(bags[index], words) for words in chosen_words):
            continue
        if from_lead[index] and any(from_lead[j] for j in chosen):
            continue
        chosen.append(index)
        chosen_words.append(set(bags[index]))
        if len(chosen) == count:
            break
    if len(chosen) < min(3, count):
        # Too few distinct sentences: take the best of the rest rather than fall short of three.
        rest = [
            i
            for i in sorted(range(len(sentences)), key=lambda i: -scores[i])
            if i not in chosen and not from_lead[i]
        ]
        chosen += rest[: min(3, count) - len(chosen)]
    return [sentences[i] for i in sorted(chosen)]


def _similar_words(a: Counter[str], b: set[str]) -> bool:
    """Whether bag ``a`` shares most of its words, or most of the words ``b`` of another bag, with it."""
    if not a or not b:
        return False
    return len(a.keys() & b) / min(len(a), len(b)) > 0.6
