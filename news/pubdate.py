"""When an article was published: structured dates (JSON-LD, meta tags, <time>) and dates in its byline.

Dates come out as ISO 8601 strings: a datetime with its offset when the page gives a time, else a date.
An instant is kept in the offset the page gave it, never moved to UTC, so its calendar date stays the
page's; a UTC stamp next to a local time shown for the same instant takes that local offset.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from lxml.html import HtmlElement

from news.asides import in_aside
from news.wordlists import phrases, rows

_MONTHS = {name: number for number, row in enumerate(rows("month-names.txt"), 1) for name in row}
_UPDATE_WORDS = phrases("update-words.txt")
_ZONES = {zone: timedelta(hours=float(hours)) for zone, hours in rows("timezone-abbreviations.txt")}
_DE = r"(?:de\s+)?"  # "4 de mayo de 2026"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
_TIME = (
    r"(?:,?\s*(?:at|um|à|a las|alle|om)?\s*(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?:Uhr|h))?(?:\s+(?P<zone>[A-Za-z]{1,5})\b)?)?"
)
# "August 27, 2026", "Aug. 27th 2026", "4 May 2026", "4. Mai 2026", "4 de mayo de 2026", each maybe
# followed by a time and a zone: "10:05 am PDT". A weekday before it is skipped by the search itself.
_WRITTEN_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b{_TIME}", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+{_DE}{_MONTH}\s+{_DE}{_YEAR}\b{_TIME}", re.I),
)
_ISO_IN_TEXT = re.compile(
    r"\b((?:19|20)\d\d-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?)\b"
)
# Meta tags that give the publication date, in the order they are trusted (Open Graph's article: first).
_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "date",
    "article.published",
    "og:published_time",
)
# Elements whose text may hold the date line: <time>, and classes naming a date or the byline.
_DATE_LINE_ELEMENTS = (
    "//time | //*[contains(@class, 'date') or contains(@class, 'Date') or contains(@class, 'byline')"
    " or contains(@class, 'Byline') or contains(@class, 'publish') or contains(@class, 'posted')"
    " or contains(@class, 'timestamp') or contains(@class, 'meta')]"
)
_ITEMPROP_DATE = '//*[contains(concat(" ", @itemprop, " "), " datePublished ")]/@datetime'
# The longest value normalize_date reads as a written date: "Published: Wednesday, September 30, 2026,
# 10:05 a.m. AEST" and its like; a longer one is a sentence that mentions a date.
_DATE_VALUE_CHARS = 60
# A date line is short: longer text is a paragraph that mentions dates.
_DATE_LINE_CHARS = 200


def normalize_date(value: str) -> str | None:
    """``value`` as an ISO 8601 date or datetime, or None when it is not a date.

    Takes ISO 8601, RFC 2822 and written dates ("Friday, February 7, 2025", "4 May 2026 10:05 am PDT");
    dates before 1990 are template placeholders and give None.
    """
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value if value >= "1990" else None
    candidate = value.replace("Z", "+00:00") if value.endswith("Z") else value
    candidate = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", candidate)
    try:
        parsed = datetime.fromisoformat(candidate)
        # Placeholder dates ("0001-01-01") are what templates print when the field is empty.
        return parsed.isoformat() if parsed.year >= 1990 else None
    except ValueError:
        pass
    match = re.match(r"^((\d{4})-\d{2}-\d{2})", value)
    if match:
        return match.group(1) if int(match.group(2)) >= 1990 else None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    # A written date with at most a label or weekday and a time around it; a longer text only mentions one.
    written = date_in_text(value) if len(value) <= _DATE_VALUE_CHARS else None
    if written is not None:
        return written
    for fmt in ("%Y/%m/%d", "%m/%d/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def date_in_text(text: str) -> str | None:
    """The first written date in a line of text ("Published 4 May 2026", "Monday August 27, 2026 10:05
    am PDT"), as ISO 8601: with its time, and its offset when the zone is a known abbreviation.

    A date marked as a later change ("Updated April 29, 2019"; news/data/update-words.txt) counts only
    when the line holds no other.
    """
    found: list[tuple[bool, int, str]] = []
    for pattern in _WRITTEN_DATES:
        for match in pattern.finditer(text):
            iso = _written(match)
            if iso is not None:
                found.append((_after_update_word(text, match.start()), match.start(), iso))
    for iso_match in _ISO_IN_TEXT.finditer(text):
        iso = normalize_date(iso_match.group(1))
        if iso is not None:
            found.append((_after_update_word(text, iso_match.start()), iso_match.start(), iso))
    return min(found)[2] if found else None


def _after_update_word(text: str, start: int) -> bool:
    before = re.findall(r"[^\W\d_]+", text[max(0, start - 30) : start].lower())[-2:]
    return not _UPDATE_WORDS.isdisjoint(before)


def _written(match: re.Match[str]) -> str | None:
    month = _MONTHS.get(match.group("month").lower().rstrip("."))
    if month is None:
        return None
    try:
        day = date(int(match.group("year")), month, int(match.group("day")))
    except ValueError:
        return None
    if day.year < 1990:
        return None
    if match.group("hour") is None:
        return day.isoformat()
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    ampm = (match.group("ampm") or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return day.isoformat()
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return day.isoformat()
    stamp = datetime(day.year, day.month, day.day, hour, minute, int(match.group("second") or 0))
    offset = _ZONES.get((match.group("zone") or "").lower())
    if offset is not None:
        stamp = stamp.replace(tzinfo=timezone(offset))
    return stamp.isoformat()


def published(doc: HtmlElement, ld: dict[str, Any], url: str | None = None) -> str | None:
    """The publication date of the page ``doc`` (whose article JSON-LD node is ``ld``), or None.

    Structured dates first (JSON-LD, meta tags, itemprop), then the first <time> outside comments and
    other stories, then a date written in the byline or date line, then htmldate (trafilatura's date
    library) on the page, and a <time> among comments or other stories only when nothing else dates it.
    """
    candidates: list[str] = []
    if ld:
        candidates += [v for v in (ld.get("datePublished"), ld.get("dateCreated")) if isinstance(v, str)]
    candidates += _meta_dates(doc)
    candidates += [str(v) for v in doc.xpath(_ITEMPROP_DATE)]
    times = doc.xpath("//time[@datetime]")
    own = next((t for t in times if not in_aside(t)), None)
    if own is not None:
        candidates.append(str(own.get("datetime")))
    dates = [d for d in (normalize_date(c) for c in candidates) if d]
    if dates:
        return _local(dates[0], dates[1:], doc)
    written = next((d for d in (date_in_text(line) for line in _date_lines(doc)) if d), None)
    found = written or _htmldate(doc, url)
    if found is None:
        found = next((d for d in (normalize_date(str(t.get("datetime"))) for t in times[:1]) if d), None)
    return found


def _meta_dates(doc: HtmlElement) -> list[str]:
    """The meta tags' dates in :data:`_META_KEYS` order; every name in property, name and itemprop counts."""
    found: dict[str, str] = {}
    for element in doc.iter("meta"):
        content = (element.get("content") or "").strip()
        if not content:
            continue
        names = " ".join(element.get(a) or "" for a in ("property", "name", "itemprop")).lower().split()
        for name in names:
            found.setdefault(name, content)
    return [found[key] for key in _META_KEYS if key in found]


def _date_lines(doc: HtmlElement) -> Iterator[str]:
    """The short texts of <time> elements and date- or byline-classed elements outside comments and teasers.

    Shapes: whitespace-collapsed strings of 6 to 200 characters, in page order, made as they are asked for
    (callers stop at the first that holds a date).
    """
    seen: dict[HtmlElement, bool] = {}
    for element in doc.xpath(_DATE_LINE_ELEMENTS):
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "meta", "body", "html"):
            continue
        text = " ".join(element.text_content().split())
        if (
            6 <= len(text) <= _DATE_LINE_CHARS
            and any(c.isdigit() for c in text)
            and not in_aside(element, seen)
        ):
            yield text


def _local(best: str, others: list[str], doc: HtmlElement) -> str:
    """``best`` in the page's local time when it is a UTC instant the page also gives (or shows) locally.

    A page that stamps "2019-11-19T07:03:25Z" and shows "November 18, 2019 11:03 PM" published on the 18th
    where it is: the shown time gives the offset (-08:00), as long as it is a real one (-12 h to +14 h, in
    quarter hours). A shown date without a time counts only as the text of that same <time>.
    """
    first = _instant(best)
    if first is None or first.utcoffset() != timedelta(0):
        return best
    for other in others:
        local = _instant(other)
        if local is not None and local.utcoffset() not in (None, timedelta(0)) and local == first:
            return other
    # The text of a <time> stamped with this instant is the instant as the page shows it.
    same = [
        " ".join(t.text_content().split())
        for t in doc.xpath("//time[@datetime]")
        if normalize_date(str(t.get("datetime"))) == best
    ]
    for index, line in enumerate(itertools.chain(same, _date_lines(doc))):
        shown = date_in_text(line)
        if shown is None:
            continue
        seen = datetime.fromisoformat(shown)
        if seen.tzinfo is not None:
            if seen == first:
                return shown
            continue
        if len(shown) == 10:
            if index < len(same) and abs((seen.date() - first.date()).days) == 1:
                return shown
            continue
        offset = seen - first.replace(tzinfo=None, second=seen.second, microsecond=0)
        if _REAL_OFFSETS[0] <= offset <= _REAL_OFFSETS[1] and offset % timedelta(minutes=15) == timedelta(0):
            return first.astimezone(timezone(offset)).isoformat()
    return best


# UTC offsets in use on Earth: from -12:00 (Baker Island) to +14:00 (Line Islands).
_REAL_OFFSETS = (timedelta(hours=-12), timedelta(hours=14))


def _instant(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _htmldate(doc: HtmlElement, url: str | None) -> str | None:
    """htmldate's original-publication date for the page (its fast search only), or None."""
    from htmldate import find_date  # imported on first use: it loads dateparser, ~0.3 s at start-up

    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    try:
        found = find_date(doc, url=url, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None
    return found if isinstance(found, str) and found >= "1990" else None
