"""Page furniture that is not the article: found by markup before extraction, by wording after it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from news.model import Block
from news.wordlists import phrases, words

# Class/id words split on punctuation and camelCase: "ImageEmbedCredit" -> image, embed, credit.
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


_FURNITURE = words("furniture-class-words.txt")
_COMPONENTS = words("component-words.txt")
# Labels of ads, teasers' lead-ins and date stamps in more languages than the English patterns below.
_AD_LABELS = phrases("ad-labels.txt")
_RELATED_LEAD_INS = phrases("related-lead-ins.txt")
_STAMP_WORDS = phrases("stamp-words.txt")
# What may stand around a label: "- Anzeige -", "» À lire aussi", "[Advertisement]".
_LABEL_MARKS = " \t\n-–—:|•*·>»«()[]"
# A class or id token of three or more words that all stand in the element's opening text is a slug of its
# heading ("sharing-with-a-single-developer" on the section headed "Sharing with a single developer"),
# written by the page's generator from the text, not the name of a page component.
_SLUG_WORDS = 3
_OPENING_CHARS = 300
_FURNITURE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog"}
)
_FURNITURE_TAGS = frozenset({"nav", "footer", "figcaption", "form", "button", "dialog"})
# Embedded posts are quoted content the reader needs; extractors drop them for their "twitter" class.
_EMBED = re.compile(r"twitter-tweet|instagram-media|tiktok-embed", re.IGNORECASE)
_EMBED_WORDS = re.compile(r"tweet|twitter|instagram|tiktok|embed", re.IGNORECASE)


def class_words(element: HtmlElement) -> set[str]:
    """The lower-case words of an element's class and id tokens, slugs of its text left out.

    A word written as furniture word plus component word ("relatedposts") also gives the furniture word.
    """
    words: set[str] = set()
    opening: set[str] | None = None
    for token in f"{element.get('class') or ''} {element.get('id') or ''}".split():
        parts = [part.lower() for part in _WORDS.findall(token)]
        if len(parts) >= _SLUG_WORDS:
            opening = _opening_words(element) if opening is None else opening
            if opening.issuperset(parts):
                continue
        words.update(parts)
        words.update(head for part in parts if (head := _compound_head(part)))
    return words


def _opening_words(element: HtmlElement) -> set[str]:
    """The lower-case words of the first :data:`_OPENING_CHARS` characters of an element's text."""
    text: list[str] = []
    size = 0
    for piece in element.itertext():
        text.append(piece)
        size += len(piece)
        if size >= _OPENING_CHARS:
            break
    return {word.lower() for word in _WORDS.findall("".join(text)[:_OPENING_CHARS])}


def _compound_head(word: str) -> str | None:
    """The furniture word that ``word`` starts with when the rest is a component word, else None."""
    if word in _FURNITURE:
        return None
    for cut in range(2, len(word) - 2):
        if word[:cut] in _FURNITURE and word[cut:] in _COMPONENTS:
            return word[:cut]
    return None


def _is_furniture(element: HtmlElement) -> bool:
    if element.tag in _FURNITURE_TAGS:
        return True
    if (element.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    return not _FURNITURE.isdisjoint(class_words(element))


def _text_length(element: HtmlElement) -> int:
    return len("".join(element.itertext()).split())


def prune(doc: HtmlElement) -> None:
    """Remove furniture from ``doc`` in place, sparing anything that holds a large part of the page's text."""
    _unhide_embeds(doc)
    body = doc.find("body")
    root = body if body is not None else doc
    protected = {root, *(a for el in doc.iterfind(".//*[@itemprop]") for a in _body_holders(el))}
    page_words = max(1, sum(_text_length(p) for p in root.iter("p")))
    all_words = max(1, _text_length(root))
    marked: list[HtmlElement] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element in protected:
            continue
        if element.tag in {"article", "main", "body", "html"} or not _is_furniture(element):
            continue
        # An element holding much of the page's prose (in paragraphs, or in bare text on pages without
        # them) is the article under an unlucky class name.
        if sum(_text_length(p) for p in element.iter("p")) * 3 > page_words:
            continue
        if _text_length(element) * 2 > all_words:
            continue
        marked.append(element)
    chosen = set(marked)
    for element in marked:
        if element.getparent() is None:
            continue
        # Inside a paragraph a link is part of the sentence, and so is the wrapper of a hover card, which
        # holds the name the card is attached to: only the innermost marked element that is not a link goes.
        if next(element.iterancestors("p"), None) is not None and (
            element.tag == "a" or any(inner in chosen for inner in element.iterdescendants())
        ):
            continue
        element.drop_tree()


def _body_holders(element: HtmlElement) -> list[HtmlElement]:
    if "articlebody" not in (element.get("itemprop") or "").lower():
        return []
    return [element, *element.iterancestors()]


def _unhide_embeds(doc: HtmlElement) -> None:
    for quote in doc.iter("blockquote"):
        if not _EMBED.search(quote.get("class") or ""):
            continue
        # Their links (handle, date, media) would make them look like a link farm to readability.
        for link in list(quote.iter("a")):
            link.drop_tag()
        size = _text_length(quote)
        for element in (quote, *quote.iterancestors()):
            if element.tag in {"body", "html", "article", "main"} or _text_length(element) > size + 20:
                break
            # Neither readability nor our own furniture words may take the embed or its wrappers.
            for name in ("class", "id"):
                if element.get(name):
                    del element.attrib[name]


@dataclass(frozen=True, slots=True)
class Piece:
    """A block of extracted text and the share of its characters that sit inside links."""

    block: Block
    links: float


# A whole block that is only a label of page furniture.
_FURNITURE_LINE = re.compile(
    r"(advertisement|advert|ad|sponsored( content)?|comments?|like( this:?| loading\W*)?|loading\W*|"
    r"print|e-?mail|"
    r"share( this)?( (on|via) \w+)?|tweet|follow us|this slideshow requires javascript\.?|\W*)",
    re.IGNORECASE,
)
# The opening of a pointer to another article.
_LEAD_IN = re.compile(
    r"(related( \w+)?|read more|more|see more|see also|also read|read also|recommended( reading)?|"
    r"don'?t miss|also on [\w.]+|you may also like|more from [^:\n]{1,30}|trending)"
    r"[ \t]*(?:[:|…\-–—\n]|\.\.\.|$)",
    re.IGNORECASE,
)
# Calls to action that are one whatever stands before them.
_CALL_TO_ACTION = re.compile(
    r"^follow\b[^.]{0,40}\bon (twitter|facebook|instagram|youtube)|like this story\?|"
    r"delivered (to your inbox|weekday)|(join|get|sign up for|subscribe to) (our|the) [^.]{0,40}newsletter",
    re.IGNORECASE,
)
# Imperatives that are a call to action only where they open a sentence or clause: "Sign up for ..." asks
# the reader, "parents rushed to sign up for ..." reports.
_IMPERATIVE = re.compile(
    r"click here|sign up (for|to|now|today)|subscribe (to|for|now|today)|"
    r"follow (us|him|her|me|them) on (twitter|facebook|instagram)|share (it|this) with",
    re.IGNORECASE,
)
# A word every match of _CALL_TO_ACTION or _IMPERATIVE holds, lower case: a text with none is no call.
_CALL_WORDS = (
    "follow",
    "like this story?",
    "delivered ",
    "newsletter",
    "click here",
    "sign up ",
    "subscribe ",
    "share ",
)
# The only characters besides ASCII letters that case-blind patterns match to ASCII letters (İ ı ſ K: every
# code point tried); a text with one is left to the patterns themselves.
_CASE_TWINS = re.compile("[\u0130\u0131\u017f\u212a]")
_CLAUSE_START = re.compile(r"(^|[.!?:;,(—–…\"“»]|\b(please|and|or|now|today))\W*$", re.IGNORECASE)
# Picture credits and captions that sit in plain paragraphs.
_PICTURE_CREDIT = re.compile(
    r"^\(?(photo|image|picture|video|credit|foto|bild)s?( credit)?\s*[:|]|^(photo|image|picture)s? by\b|"
    r"(getty images|shutterstock|ap photo[^)]*|reuters/[^)]*|afp[^)]*|istock(photo)?)\W*$",
    re.IGNORECASE,
)
# Cookie notices and "continue reading" bars that interrupt the text.
_INTERRUPTION = re.compile(
    r"we use cookies|accept (all )?cookies|cookie (policy|settings)|"
    r"^(advertisement|ad)\W+(continue reading|scroll to continue|story continues)|"
    r"^(the )?story continues below|^continue reading (below|the main story)",
    re.IGNORECASE,
)
# Wire-service credits that close a story.
_CREDITS = re.compile(r"\(?((additional )?reporting|writing|editing|compiled) by\b", re.IGNORECASE)
_MONTH = (
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|"
    r"januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|"
    r"septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro"
)
_STAMP = re.compile(r"(updated|published|posted|last modified)\b", re.IGNORECASE)
_DATE = re.compile(
    rf"\b({_MONTH})\b[^\n]{{0,40}}?\b(19|20)\d\d\b|\b(19|20)\d\d[/.\-]\d{{1,2}}[/.\-]\d{{1,2}}\b|"
    r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](19|20)?\d\d\b",
    re.IGNORECASE,
)
_HAS_WORD = re.compile(r"[^\W_]")
# Words that may follow a date on a line that only dates the story.
_TIME_WORDS = frozenset(
    {"am", "pm", "a", "p", "m", "est", "edt", "cst", "cdt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest"}
    | {"ist", "jst", "at", "às", "um", "hrs", "h"}
)


def drop_furniture_blocks(pieces: list[Piece]) -> list[Block]:
    """The blocks of ``pieces`` without labels, pointers to other articles and calls to action."""
    kept: list[Piece] = []
    after_label = False
    for piece in pieces:
        text = piece.block.text
        words = len(text.split())
        if after_label and piece.links >= 0.7:
            continue
        after_label = False
        if piece.block.kind == "code" or piece.block.media is not None:
            # Code is never furniture by its words; a picture, table or embed was judged as one already
            # (news.blocks: tracking pixels, icons, layout tables), and its text is a caption or cells,
            # often empty, that the line rules below would take for a label or a credit.
            kept.append(piece)
            continue
        if _FURNITURE_LINE.fullmatch(text):
            continue
        if piece.block.kind != "paragraph" and not _HAS_WORD.search(text):
            # A heading, item or quote of only rules or symbols ("______", "* * *") is decoration.
            continue
        if _LEAD_IN.match(text) and (piece.links >= 0.5 or words < 30):
            after_label = words <= 6 and _LEAD_IN.fullmatch(text) is not None
            continue
        related = _opening(text, _RELATED_LEAD_INS)
        if related is not None and (piece.links >= 0.5 or words < 30):
            after_label = text.strip(_LABEL_MARKS).lower() == related
            continue
        if _is_ad_label(text, words) or (words <= 10 and _opening(text, _STAMP_WORDS) and _DATE.search(text)):
            continue
        if words < 60 and _is_call_to_action(text):
            continue
        if words < 60 and _CREDITS.match(text):
            continue
        if words <= 15 and _PICTURE_CREDIT.search(text):
            continue
        if words < 60 and _interrupts(text):
            continue
        if piece.links >= 0.8 and words >= 3 and _mostly_upper(text):
            continue
        kept.append(piece)
    kept = _drop_tail(_drop_link_runs(_drop_masthead(_drop_dangling_labels(kept))))
    return [piece.block for piece in kept]


# A label ("Further information:", "Read more:", "Kontakt:") of at most this many words that ends in a
# colon introduces what follows; when nothing after it is a paragraph of prose (longer than the short
# lines of an address or a list of links), what it introduces is the page's furniture, not the article,
# and the label is dropped in any language. 8 and 20 words: the development pages' labels had 1-6 words,
# the contact and link lines under them 1-15, the shortest closing paragraph under a kept label 24.
_LABEL_WORDS = 8
_SHORT_LINE_WORDS = 20


def _drop_dangling_labels(pieces: list[Piece]) -> list[Piece]:
    """Without the short colon-ended labels after which the article holds no more prose."""
    prose_after = [False] * len(pieces)
    seen = False
    for index in range(len(pieces) - 1, -1, -1):
        prose_after[index] = seen
        piece = pieces[index]
        seen = seen or (piece.links < 0.5 and len(piece.block.text.split()) > _SHORT_LINE_WORDS)
    return [
        piece
        for piece, prose in zip(pieces, prose_after, strict=True)
        if prose or not _is_label_line(piece.block)
    ]


def _is_label_line(block: Block) -> bool:
    text = block.text.rstrip()
    return block.kind in ("heading", "paragraph") and text.endswith(":") and len(text.split()) <= _LABEL_WORDS


def _opening(text: str, openings: frozenset[str]) -> str | None:
    """The entry of ``openings`` that ``text`` starts with as whole words (marks before it skipped)."""
    lowered = text.lstrip(_LABEL_MARKS).lower()
    for opening in openings:
        if lowered.startswith(opening) and not lowered[len(opening) : len(opening) + 1].isalnum():
            return opening
    return None


def _is_ad_label(text: str, words: int) -> bool:
    """Whether ``text`` is an ad's label, alone or opening a short line after a dash, colon or bar."""
    if text.strip(_LABEL_MARKS).lower() in _AD_LABELS:
        return True
    label = _opening(text, _AD_LABELS)
    if label is None or words >= 30:
        return False
    rest = text.lstrip(_LABEL_MARKS)[len(label) :].lstrip()
    return rest[:1] in ("-", "–", "—", ":", "|")


def _is_call_to_action(text: str) -> bool:
    """Whether ``text`` asks the reader to click, sign up, subscribe or follow, rather than reporting it."""
    if not _CASE_TWINS.search(text) and not any(word in text.lower() for word in _CALL_WORDS):
        return False
    if _CALL_TO_ACTION.search(text):
        return True
    return any(_CLAUSE_START.search(text[: match.start()]) for match in _IMPERATIVE.finditer(text))


def _interrupts(text: str) -> bool:
    """Whether ``text`` is a cookie notice or a "continue reading" bar (_INTERRUPTION)."""
    if not _CASE_TWINS.search(text):
        low = text.lower()  # every match holds "cookie" or opens the text with one of these
        if "cookie" not in low and not low.startswith(("ad", "the story", "story", "continue")):
            return False
    return _INTERRUPTION.search(text) is not None


# A leading h1 this short is a site's name or a repeat of the title; a longer one is a headline, kept for
# the outline to drop when the page's title repeats it (a headline unlike the title is the text's own).
_MASTHEAD_WORDS = 6


def _drop_masthead(pieces: list[Piece]) -> list[Piece]:
    """Without the headline, dates and other short lines that come before the first paragraph of prose."""
    start = 0
    while start < len(pieces) and _is_masthead(pieces[start].block):
        start += 1
    return pieces[start:]


def _is_masthead(block: Block) -> bool:
    if block.kind == "heading":
        return block.level == 1 and len(block.text.split()) < _MASTHEAD_WORDS
    return block.kind == "paragraph" and _is_date_line(block.text)


def _is_date_line(text: str) -> bool:
    """Whether ``text`` only dates the story: "Updated 1:39 am EST, Nov. 20, 2019", "22/10/2010 20:13"."""
    if len(text) > 80:
        return False
    if _STAMP.match(text):
        return True
    dates = list(_DATE.finditer(text))
    if not dates:
        return False
    before = re.findall(r"[^\W\d_]+", text[: dates[0].start()])
    after = re.findall(r"[^\W\d_]+", text[dates[-1].end() :])
    return len(before) <= 3 and all(word.lower() in _TIME_WORDS for word in after)


def _drop_tail(pieces: list[Piece]) -> list[Piece]:
    """Without the short link lines (tags, guides, 'more' links) after the last paragraph of prose."""
    end = len(pieces)
    while end > 1 and _is_link_line(pieces[end - 1]):
        end -= 1
    return pieces[:end]


def _is_link_line(piece: Piece) -> bool:
    words = len(piece.block.text.split())
    if piece.block.kind == "item":
        return words <= 30 and piece.links >= 0.3
    return piece.block.kind in {"paragraph", "heading"} and words <= 12 and piece.links >= 0.3


def _drop_link_runs(pieces: list[Piece]) -> list[Piece]:
    """Without runs of three or more list items that are nothing but links (lists of other articles)."""
    kept: list[Piece] = []
    run: list[Piece] = []
    for piece in [*pieces, None]:
        if piece is not None and piece.block.kind == "item" and piece.links >= 0.9:
            run.append(piece)
            continue
        if len(run) < 3:
            kept.extend(run)
        run = []
        if piece is not None:
            kept.append(piece)
    return kept


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
