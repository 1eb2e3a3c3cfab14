"""The opening of an article's first paragraph: bylines, wire datelines and slash headers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from news.metadata import split_authors

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "WASHINGTON (AP) —", "LONDON, Jan 5 (Reuters) -", "NEW YORK, N.Y. —", "Washington (CNN) —", "PARIS:".
_WIRE = re.compile(
    r"^(?P<place>[A-ZÀ-ÖØ-Þ][\w.'’\- ]{1,40}?)"
    r"(?P<region>,\s*[A-Z][A-Za-z.]*\.?(?:\s+[A-Z][A-Za-z.]*\.?){0,2})?"
    rf"(?P<date>,?\s+{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
    r"\s*(?P<agency>\([^)]{1,40}\))?"
    r"\s*(?P<sep>—|–|--|-|:)\s+(?=\S)"
)
# "(Reuters) — ..." with the place left out.
_AGENCY_ONLY = re.compile(
    r"^\((?:AP|Reuters|AFP|CNN|dpa|UPI|Bloomberg|[A-Z][\w .]{1,20})\)\s*(?:—|–|--|-)\s+(?=\S)"
)
_LABEL_WORDS = re.compile(
    r"\b(?:edition|newsletter|briefing|digest|update|exclusive|analysis|opinion|breaking|live|"
    r"special report|bulletin|podcast|explainer|desk|wire|staff|correspondent|reporter|editor)\b",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ]\.|[A-ZÀ-ÖØ-Þ][\w’'\-]+\.?|(?:de|van|von|der|da|di|la|le|bin|al)$)")
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door)\s+\S", re.IGNORECASE)


@dataclass(slots=True)
class Opening:
    """What the start of the first paragraph says about the article, and the text after it."""

    rest: str
    title: str | None = None
    site: str | None = None
    dateline: str | None = None
    authors: list[str] = field(default_factory=list)
    # A wire dateline ("PARIS (AP) —") belongs to the story's text; a slash header is page furniture.
    part_of_text: bool = False


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _is_name(text: str) -> bool:
    tokens = text.split()
    return 2 <= len(tokens) <= 4 and all(_NAME_TOKEN.match(t) for t in tokens) and not _is_caps(text)


def _same(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _slash_header(text: str, site: str | None, title: str | None) -> Opening | None:
    """``Site/ PLACE/ Author/ Label/ text`` (optionally headline first), as some sites open their stories."""
    parts = re.split(r"\s*/\s+", text)
    if len(parts) < 3:
        return None
    head, rest = parts[:-1], parts[-1].strip()
    if len(rest.split()) < 6 or any(
        not p or len(p.split()) > 16 or (p.endswith(".") and not _is_name(p)) for p in head
    ):
        return None
    opening = Opening(rest=rest)
    recognised = 0
    for index, part in enumerate(head):
        part = part.strip()
        if _same(part, title) or (index == 0 and len(part.split()) >= 4 and not _is_caps(part)):
            opening.title = part
        elif _same(part, site):
            opening.site = part
        elif _is_caps(part) and opening.dateline is None:
            opening.dateline = part
        elif _LABEL_WORDS.search(part):
            pass
        elif _is_name(part):
            opening.authors.append(part)
        elif len(part.split()) == 1 and opening.site is None and part[:1].isupper():
            opening.site = part
        else:
            return None
        recognised += 1
    # A header must say something a header says: a place or a site, not just a few capitalised words.
    if opening.dateline is None and opening.site is None:
        return None
    return opening if recognised == len(head) else None


def read_opening(text: str, site: str | None = None, title: str | None = None) -> Opening | None:
    """The byline/dateline prefix of ``text`` and the text after it, or None when it has none."""
    slash = _slash_header(text, site, title)
    if slash is not None:
        return slash
    agency = _AGENCY_ONLY.match(text)
    if agency:
        return Opening(rest=text[agency.end() :].strip(), part_of_text=True)
    match = _WIRE.match(text)
    if match:
        place = match.group("place").strip(" .")
        caps = _is_caps(place)
        # A mixed-case place counts only with an agency, a colon only after an all-caps place.
        # A mixed-case place needs an agency or a region ("Dekalb, Ill. —"); a colon, an all-caps place.
        mixed_ok = match.group("agency") or (match.group("region") and match.group("sep") in "—–--")
        plausible = (caps or mixed_ok) and not (match.group("sep") == ":" and not caps)
        if plausible and len(place.split()) <= 5 and len(text) - match.end() > 20:
            return Opening(rest=text[match.end() :].strip(), dateline=place, part_of_text=True)
    return None


def byline_names(text: str) -> list[str] | None:
    """The authors of a standalone byline paragraph ("By Ann Lee and Bo Chen, Reuters"), else None."""
    line = " ".join(text.split())
    if (
        not _BYLINE.match(line)
        or len(line.split()) > 14
        or (line.endswith((".", "?", "!")) and len(line) > 60)
    ):
        return None
    names = [n for n in split_authors(line) if _is_name(n) or (len(n.split()) == 1 and n[:1].isupper())]
    return names or None
