"""What a page says about itself: JSON-LD, Open Graph, meta tags, and its marked dek, dateline and summary."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from lxml.html import HtmlElement

from news.asides import in_aside
from news.pubdate import normalize_date as normalize_date  # re-exported: outline and markdown read it here
from news.pubdate import published
from news.takeaways import is_label
from news.wordlists import phrases

# schema.org types whose fields describe the article itself (not the site or a breadcrumb).
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "scholarlyarticle",
    "techarticle",
    "report",
}
_PAGE_TYPES = {"webpage", "itempage", "collectionpage"}
_SPACE = re.compile(r"\s+")
_BY = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s+", re.IGNORECASE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\be\b|\ben\b)\s*")
_ROLE = re.compile(
    r"\b(?:writer|correspondent|reporter|editor|staff|contributor|columnist|media|news|press|wire|"
    r"bureau|desk|agency|times|post|journal|herald|online)\b|\.(?:com|org|net|co)\b|\d",
    re.IGNORECASE,
)
_TAKEAWAY_CLASS = re.compile(
    r"(?:^|[\s_-])(?:key-?(?:points|takeaways|facts)|take-?aways?|(?:story-?)?highlights|tl-?dr|"
    r"at-?a-?glance|summary-?(?:list|box|bullets)|article-?summary)(?:$|[\s_-])",
    re.IGNORECASE,
)
# How many substantial paragraphs may come before a summary box for it to count as the article's.
_TOP_PARAGRAPHS = 3
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " » ")
_DEK_CLASS = re.compile(
    r"(?:^|[\s_-])(?:sub-?title|sub-?headline|sub-?head|dek|deck|standfirst|strapline|article-?summary)(?:$|[\s_-])",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Metadata:
    """What the page says about itself; every field may be missing."""

    title: str | None = None
    subtitle: str | None = None
    site: str | None = None
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    description: str | None = None
    dateline: str | None = None
    takeaways: list[str] = field(default_factory=list)


def read_metadata(doc: HtmlElement, url: str | None = None) -> Metadata:
    """Read the metadata of the page ``doc`` (left unchanged).

    JSON-LD wins over Open Graph, which wins over plain meta tags and header elements, except
    for the site name, where Open Graph's ``og:site_name`` is the more usual reader-facing name.
    """
    ld = _json_ld_article(doc)
    publisher = _clean(_ld_name(ld.get("publisher"), ld.get("_graph"))) if ld else None
    og_site = _meta(doc, "og:site_name")
    if og_site and publisher and og_site.islower() and " " not in og_site:
        og_site = None  # a slug such as "detroitnews" where the publisher has a real name
    if og_site and publisher and _hosted_on(ld.get("publisher"), ld.get("_graph"), og_site):
        og_site = None  # a publication on a platform: "Voodoo Engineering" at medium.com/voodoo-engineering
    site = _site_name(og_site or publisher or _meta(doc, "application-name", "al:android:app_name"))
    headline = _headline(doc)
    page_title = _clean(doc.findtext(".//title"))
    ld_title = _clean(_str(ld.get("headline")) or _str(ld.get("name"))) if ld else None
    raw_title = (
        ld_title
        # Dublin Core before Open Graph, as Readability.js orders them.
        or _meta(
            doc,
            "dc:title",
            "dc.title",  # Dublin Core in HTML: <meta name="DC.Title">, which Readability.js reads too
            "dcterm:title",
            "dcterms.title",
            "og:title",
            "twitter:title",
            "sailthru.title",
            "parsely-title",
        )
        or page_title
        or headline
    )
    # The on-page headline that the <title> holds ("Print version - X | Site", "X [Site]") is the
    # article's own: cleaner than the <title>, and surer than a JSON-LD "headline" the <title> lacks.
    # A title the page chose for sharing (og:title...) is an editor's choice and stays.
    weak = raw_title == page_title or bool(
        ld_title and raw_title == ld_title and page_title and not _part_of(ld_title, page_title)
    )
    # A <title> that is only the site's name ("Daily Bugle") names no article: the headline does.
    names_site = bool(site and page_title and _same_site(page_title, site))
    if headline and page_title and weak and (_part_of(headline, page_title) or names_site):
        raw_title = headline
    elif (
        page_title
        and raw_title
        and (story := _story_headline(doc))
        and _names_no_story(raw_title, page_title, story)
    ):
        raw_title = story
    title = strip_site_suffix(raw_title, site, headline) if raw_title else None
    description = (_clean(_str(ld.get("description"))) if ld else None) or _meta(
        doc, "og:description", "description", "twitter:description"
    )
    subtitle = (_clean(_str(ld.get("alternativeHeadline"))) if ld else None) or _page_dek(doc)
    if subtitle and title and _fold(subtitle) == _fold(title):
        subtitle = None
    canonical = [href for href in doc.xpath('//link[@rel="canonical"]/@href') if _is_http(href)]
    ld_url = _ld_url(ld) if ld else None
    return Metadata(
        title=title,
        subtitle=subtitle,
        site=site,
        # Only web addresses: a page could put "javascript:" here, and outputs turn this into a link.
        url=next((u for u in (*canonical, _meta(doc, "og:url"), ld_url, url) if u and _is_http(u)), None),
        authors=_authors(doc, ld, site),
        published=published(doc, ld, url),
        description=description,
        dateline=_page_dateline(doc),
        takeaways=_page_takeaways(doc),
    )


def _hosted_on(publisher: Any, graph: Any, platform: str) -> bool:
    """Whether the JSON-LD ``publisher`` lives under a path of the host that ``platform`` names.

    og:site_name usually beats the publisher (a parent company, "Gannett", on its own host); but a
    publisher whose url is a path of the platform's host (medium.com/voodoo-engineering beside
    og:site_name "Medium") is the publication the reader is on, as Readability.js reports it.
    """
    node = _resolve(publisher, graph)
    url = node.get("url") if isinstance(node, dict) else None
    if not isinstance(url, str) or not _is_http(url):
        return False
    parsed = urlparse(url)
    host = (parsed.hostname or "").removeprefix("www.")
    return bool(host) and parsed.path.strip("/") != "" and _same_site(platform, host)


def _headline(doc: HtmlElement) -> str | None:
    """The text of the first <h1> that is not the site's logo (a heading that is one link home)."""
    for element in doc.iter("h1"):
        links = list(element.iter("a"))
        text = _clean(element.text_content())
        if not text:
            continue
        if len(links) == 1 and _clean(links[0].text_content()) == text and _links_home(links[0].get("href")):
            continue
        # A permalink mark after the heading ("Title¶") is no part of it.
        return text.rstrip(" ¶#§").strip() or None
    return None


# A headline is a sentence, not a logo or a section's name ("Opinion", "The Daily Bugle"): at least this
# many words. The generic titles seen ("Latest News & Headlines") shared no word with the story's h1.
_HEADLINE_WORDS = 4
_WORD = re.compile(r"[^\W\d_]{3,}")


def _names_no_story(title: str, page_title: str, headline: str) -> bool:
    """Whether ``title`` is the site's title for every page rather than this story's.

    It shares no word of three letters or more with the page's headline (its ``<h1>``, a sentence of
    :data:`_HEADLINE_WORDS` words or more), and it is either the ``<title>`` itself or a share title
    (og:title) the ``<title>`` contradicts by holding the headline.
    """
    if len(headline.split()) < _HEADLINE_WORDS:
        return False
    if _fold(title) != _fold(page_title) and not _part_of(headline, page_title):
        return False
    return not {w.casefold() for w in _WORD.findall(title)} & {w.casefold() for w in _WORD.findall(headline)}


def _story_headline(doc: HtmlElement) -> str | None:
    """The text of the first ``<h1>`` that is not mostly links (a logo, a row of section links)."""
    for element in doc.iter("h1"):
        text = _clean(element.text_content())
        if not text:
            continue
        linked = sum(len(_clean(link.text_content()) or "") for link in element.iter("a"))
        if linked * 2 < len(text):
            return text.rstrip(" ¶#§").strip() or None
    return None


def _links_home(href: str | None) -> bool:
    if href is None:
        return False
    path = urlparse(href.strip()).path
    return path in ("", "/", "./", "index.html", "index.htm", "index.php", "/index.html", "/index.php")


def _part_of(headline: str, page_title: str) -> bool:
    """Whether ``headline`` is the <title>, or a part of it set off by separators or brackets."""
    folded, whole = _fold(headline), _fold(page_title)
    if not folded:
        return False
    for found in re.finditer(re.escape(folded), whole):
        before, after = whole[: found.start()], whole[found.end() :]
        if (not before or _EDGE_BEFORE.search(before)) and (not after or _EDGE_AFTER.match(after)):
            return True
    return False


# What may stand either side of a headline inside a <title>: a separator or a bracket.
_EDGE_BEFORE = re.compile(r"(?:\s(?:[|\-–—·»]|::)\s|[\[\]()]\s*)$")
_EDGE_AFTER = re.compile(r"^(?:\s(?:[|\-–—·»]|::)\s|\s*[\[\]()])")


def _site_name(value: str | None) -> str | None:
    """A publication name as pages give it: a URL becomes its host, "Site | Slogan" its first part."""
    if not value:
        return None
    if _is_http(value):
        return (urlparse(value).hostname or "").removeprefix("www.") or None
    name = value.split(" | ")[0].strip()
    # "Site - a tagline of several words": the name is the short first part.
    head, sep, tail = name.partition(" - ")
    if sep and len(head.split()) <= 3 and len(tail.split()) >= 3:
        name = head.strip()
    return name or None


def strip_site_suffix(title: str, site: str | None, headline: str | None = None) -> str:
    """``title`` without a trailing (or leading) " - Site" / " | Site" part naming the publication."""
    title = _SPACE.sub(" ", title).strip()
    if headline and _fold(headline) == _fold(title):
        return title
    title = _without_bracketed_site(title, site)
    for sep in _TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        first, _, rest = title.partition(sep)
        if (site and _same_site(tail, site)) or (headline and _fold(head) == _fold(headline)):
            return head.strip()
        if (site and _same_site(first, site)) or (headline and _fold(rest) == _fold(headline)):
            return rest.strip()
        # With no site name to compare, a short last part is the usual " | Site" suffix.
        if not site and len(tail.split()) <= 3 and len(head.split()) >= 3 and tail[:1].isupper():
            return head.strip()
    return title


# "Headline [Site]": a site name in brackets after the title, as wikis, archives and forums write it.
_BRACKETED_TAIL = re.compile(r"^(?P<head>.*\S)\s*\[(?P<site>[^\[\]]{2,60})\]$")


def _without_bracketed_site(title: str, site: str | None) -> str:
    """``title`` less a trailing "[Site]": the site's name, or (no site known) a capitalised name of 2+ words.

    One word in brackets is more often a mark of the story's kind ("[Video]", "[Updated]") and stays.
    """
    match = _BRACKETED_TAIL.match(title)
    if match is None:
        return title
    words = match.group("site").split()
    named = len(words) >= 2 and words[0][:1].isupper() and all(w[:1].isupper() or len(w) <= 3 for w in words)
    if (site and _same_site(match.group("site"), site)) or (not site and named):
        return match.group("head")
    return title


def _same_site(part: str, site: str) -> bool:
    a, b = _fold(part).replace(" ", ""), _fold(site).replace(" ", "")
    for suffix in (".com", ".org", ".net", ".co.uk"):
        a, b = a.removesuffix(suffix), b.removesuffix(suffix)
    return bool(a) and (a == b or a.startswith(b) or b.startswith(a))


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    # Many CMSs escape entities twice, so "&#8216;" reaches the attribute value as text.
    text = _SPACE.sub(" ", html.unescape(text)).strip()
    return text or None


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0]
    return None


def _is_http(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _meta(doc: HtmlElement, *keys: str) -> str | None:
    wanted = {key.lower() for key in keys}
    found: dict[str, str] = {}
    for element in doc.iter("meta"):
        # RDFa allows several properties in one attribute: property="og:title twitter:title".
        names = element.get("property") or element.get("name") or element.get("itemprop") or ""
        for key in names.lower().split():
            if key in wanted and key not in found:
                content = _clean(element.get("content"))
                if content:
                    found[key] = content
    return next((found[key.lower()] for key in keys if key.lower() in found), None)


def _meta_all(doc: HtmlElement, *keys: str) -> list[str]:
    wanted = {key.lower() for key in keys}
    values: list[str] = []
    named: list[str] = []  # from name=, which RDFa's property= outranks (as Readability.js does)
    for element in doc.iter("meta"):
        prop = element.get("property")
        found = (prop or element.get("name") or "").lower().split()
        content = _clean(element.get("content"))
        # A profile URL names no one, so it must not hide the name= value either.
        if content and not _is_http(content) and wanted.intersection(found):
            (values if prop else named).append(content)
    return values or named


def _first_text(doc: HtmlElement, xpath: str) -> str | None:
    for element in doc.xpath(xpath):
        text = _clean(element.text_content())
        if text:
            return text
    return None


def _page_dek(doc: HtmlElement) -> str | None:
    """A standfirst the page marks as such by class or itemprop, near its headline."""
    for element in doc.xpath('//*[@itemprop="alternativeHeadline" or @itemprop="alternativeheadline"]'):
        text = _clean(element.get("content") or element.text_content())
        if text:
            return text
    # Only right after the headline: elsewhere "subheadline" classes style widgets and teasers.
    headline = next(iter(doc.iter("h1")), None)
    scope = headline.getparent() if headline is not None else None
    if scope is not None and len(scope) <= 1 and scope.getparent() is not None:
        scope = scope.getparent()
    if headline is None or scope is None:
        return None
    after = False
    for element in scope.iter():
        if element is headline:
            after = True
            continue
        if not after or element.tag not in ("p", "h2", "h3", "div", "span"):
            continue
        if not _DEK_CLASS.search(element.get("class") or ""):
            continue
        if element.tag == "div" and len(element) > 2:
            continue
        text = _clean(element.text_content())
        if text and 20 <= len(text) <= 320:
            return text
    return None


def _page_takeaways(doc: HtmlElement) -> list[str]:
    """The points of a summary box near the top of the page, marked by class or by a label.

    Extraction often drops such boxes (they sit outside the article element or in an aside),
    so they are read here from the untouched page.
    """
    paragraphs_before = 0
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "p" and len(element.text_content().split()) >= 15:
            paragraphs_before += 1
            if paragraphs_before > _TOP_PARAGRAPHS:
                return []
            continue
        boxed = element.tag in ("div", "aside", "section", "ul", "ol") and _TAKEAWAY_CLASS.search(
            f"{element.get('class') or ''} {element.get('id') or ''}"
        )
        if boxed:
            items = _points(element)
            if items:
                return items
        elif (
            element.tag in ("h2", "h3", "h4", "h5", "h6", "p", "strong", "b", "div", "span")
            and len(element) <= 2
        ):
            text = _clean(element.text_content()) or ""
            if len(text.split()) <= 14 and is_label(text):
                items = _points(_list_after(element))
                if items:
                    return items
    return []


def _list_after(element: HtmlElement) -> HtmlElement | None:
    """The list that follows a label: its next sibling, or its parent's (a label inside a <p>)."""
    for node in (element, element.getparent()):
        if node is None:
            continue
        sibling = node.getnext()
        if sibling is not None and sibling.tag in ("ul", "ol"):
            return sibling
    return None


def _points(box: HtmlElement | None) -> list[str]:
    """The sentence-like list items of ``box``, when they look like a summary and not a link list."""
    if box is None:
        return []
    lists = [box] if box.tag in ("ul", "ol") else box.findall(".//ul") + box.findall(".//ol")
    if not lists:
        return []
    items: list[str] = []
    for li in lists[0].iterchildren("li"):
        text = _clean(li.text_content()) or ""
        linked = sum(len(a.text_content()) for a in li.iter("a"))
        if len(text.split()) < 4 or linked * 2 > len(text):
            return []
        items.append(text)
    return items if 2 <= len(items) <= 8 else []


def _page_dateline(doc: HtmlElement) -> str | None:
    """The place of an element the page marks as its dateline ("WASHINGTON (AP) —"), if it names one."""
    for element in doc.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " dateline ")]'):
        text = _clean(element.text_content()) or ""
        place = re.split(r"[,(—–]| - ", text, maxsplit=1)[0].strip(" .-")
        letters = [c for c in place if c.isalpha()]
        if len(letters) >= 3 and all(c.isupper() for c in letters) and len(place.split()) <= 4:
            return place
    return None


# JSON-LD ---------------------------------------------------------------------------------------


def _json_ld_nodes(doc: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        # Pages wrap the JSON in "<![CDATA[ ... ]]>" (with or without a leading "//") or a comment.
        raw = re.sub(r"^\s*(?:<!--|(?://\s*)?<!\[CDATA\[)", "", raw)
        raw = re.sub(r"(?:-->|(?://\s*)?\]\]>)\s*$", "", raw).strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            try:
                # Pages often leave raw newlines inside strings; JSON forbids them, browsers shrug.
                data = json.loads(re.sub(r"[\n\r\t]+", " ", raw))
            except ValueError:
                continue
        yield from _walk(data)


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(data.get(key), list | dict):
                yield from _walk(data[key])


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1].lower() for k in kinds if isinstance(k, str)}


def _json_ld_article(doc: HtmlElement) -> dict[str, Any]:
    """The JSON-LD node describing the article, with the graph it came from under ``_graph``."""
    nodes = list(_json_ld_nodes(doc))
    article = next(
        (n for n in nodes if _types(n) & _ARTICLE_TYPES and (n.get("headline") or n.get("name"))), None
    )
    if article is None:
        article = next((n for n in nodes if _types(n) & _ARTICLE_TYPES), None)
    if article is None:
        article = next((n for n in nodes if _types(n) & _PAGE_TYPES and n.get("headline")), None)
    if article is None:
        return {}
    return {**article, "_graph": nodes}


def _resolve(value: Any, graph: Any) -> Any:
    if isinstance(value, dict) and "@id" in value and len(value) <= 2 and isinstance(graph, list):
        for node in graph:
            if node is not value and node.get("@id") == value["@id"] and len(node) > 2:
                return node
    return value


def _ld_name(value: Any, graph: Any) -> str | None:
    value = _resolve(value, graph)
    if isinstance(value, list):
        value = value[0] if value else None
        value = _resolve(value, graph)
    if isinstance(value, str):
        return value if not _is_http(value) else None
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return name
        if isinstance(name, list) and name and isinstance(name[0], str):
            return name[0]
    return None


def _ld_url(ld: dict[str, Any]) -> str | None:
    for key in ("url", "mainEntityOfPage"):
        value = ld.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and _is_http(value):
            return value
    return None


def _ld_authors(ld: dict[str, Any]) -> list[str]:
    graph = ld.get("_graph")
    value = ld.get("author") or ld.get("creator")
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        item = _resolve(item, graph)
        if isinstance(item, dict) and "organization" in _types(item) and len(items) > 1:
            continue
        name = _ld_name(item, graph)
        if name:
            names.append(name)
    return names


# Authors and dates -----------------------------------------------------------------------------


def split_authors(text: str) -> list[str]:
    """Names in a byline such as "By Ann Lee and Bo Chen, AP Writer" (the "By" and roles dropped).

    A credential after a name ("Brenda Goodman, MA"; news/data/credentials.txt) stays with that name.
    """
    text = _BY.sub("", _SPACE.sub(" ", html.unescape(text)).strip())
    text = re.sub(r"\s*[|•·]\s*.*$", "", text)
    names: list[str] = []
    for part in _AUTHOR_SPLIT.split(text):
        part = part.strip(" ,:;-–—")
        if names and part.replace(".", "").lower() in _CREDENTIALS:
            names[-1] = f"{names[-1]}, {part}"
            continue
        if part.endswith(".") and not re.search(r"\b[A-Z]\.$", part):
            part = part[:-1]
        if not (2 <= len(part) <= 60) or _is_http(part) or not any(c.isalpha() for c in part):
            continue
        if names and _ROLE.search(part):
            continue  # "Tom Krisher, AP Auto Writer": the second part is a role or an outlet
        if part.isupper() and len(part) > 4 and not any(c.isdigit() for c in part):
            part = part.title()  # "GILLIAN MOHNEY"; a handle such as "CC7567" keeps its case
        names.append(part)
    return names


# "Jong, Michiel de", "Kooman, F.": one name, surname first, as library catalogues and Dublin Core write it.
_INVERTED = re.compile(
    r"^(?P<surname>[A-ZÀ-ÖØ-Þ][\w'’-]+),\s+"
    r"(?P<given>(?:[A-ZÀ-ÖØ-Þ]\.\s*|[A-ZÀ-ÖØ-Þ][\w'’-]+\s*)+(?:\s*\b[a-z]{1,3}\b)*)$"
)


def _uninverted(value: str) -> str:
    """A metadata name written surname first ("Jong, Michiel de") in reading order ("Michiel de Jong")."""
    match = _INVERTED.match(value.strip())
    if match is None or match.group("given").replace(".", "").strip().lower() in _CREDENTIALS:
        return value
    return f"{match.group('given').strip()} {match.group('surname')}"


def _authors(doc: HtmlElement, ld: dict[str, Any], site: str | None) -> list[str]:
    candidates: list[str] = [n for name in (_ld_authors(ld) if ld else []) for n in split_authors(name)]
    if not candidates:
        for value in _meta_all(
            doc,
            "author",
            "article:author",
            "byl",
            "parsely-author",
            "sailthru.author",
            "dc.creator",
            "dc:creator",
            "dcterms.creator",
            "cxenseparse:author",
        ):
            if not _is_http(value):
                candidates.extend(split_authors(_uninverted(value)))
    if not candidates:
        for element in doc.xpath('//*[@rel="author"] | //*[@itemprop="author"]'):
            if in_aside(element):
                continue  # a commenter's name (schema.org marks a Comment's author the same way)
            name = element.xpath('.//*[@itemprop="name"]')
            node = name[0] if name else element
            text = _clean(node.get("content") or node.text_content())
            if text and len(text) <= 80:
                candidates.extend(split_authors(text))
    if not candidates or all(_is_handle(name) for name in candidates):
        # An account handle ("CC7567") in the metadata gives way to the name the page shows.
        candidates = _visible_byline(doc) or candidates
    authors: list[str] = []
    seen: set[str] = set()
    for name in candidates:
        name = _SPACE.sub(" ", name).strip()
        key = name.casefold()
        if not name or key in seen or not _could_be_name(name):
            continue
        seen.add(key)
        authors.append(name)
    # The publication credited beside people is no author of its own; credited alone ("By The Daily",
    # an organisation's post), it is the byline the page gives, and Readability.js keeps it too.
    people = [name for name in authors if not (site and _same_site(name, site))]
    return people or authors


def _is_handle(name: str) -> bool:
    """Whether ``name`` reads as an account handle ("CC7567", "jdoe", "@ann_lee"), not a person's name."""
    return " " not in name and (any(c.isdigit() or c in "_@" for c in name) or name.islower())


_BYLINE_CLASSES = phrases("byline_classes.txt")
_NOT_AUTHOR_WORDS = phrases("not_author_phrases.txt")
_CREDENTIALS = phrases("credentials.txt")
_CLASS_TOKEN = re.compile(r"[\s_-]+")
# A date or time after the name in a byline line: "By Nathan Willis March 25, 2015".
_BYLINE_DATE = re.compile(
    r"\s+(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+\d|\d{1,4}[./-]\d).*$"
)


def _could_be_name(name: str) -> bool:
    """Whether ``name`` reads as a person or an outlet, not a widget label ("View my complete profile")."""
    return not any(word in _NOT_AUTHOR_WORDS for word in name.split() if word.islower())


def _visible_byline(doc: HtmlElement) -> list[str]:
    """The names of the first element classed as a byline ("By A, B and C"), when no metadata names one."""
    for element in doc.iter():
        classes = element.get("class")
        if not classes or not isinstance(element.tag, str) or element.tag in ("script", "style", "a", "img"):
            continue  # most elements have no class, and none is then a byline's
        tokens = {t.lower() for t in _CLASS_TOKEN.split(classes) if t}
        whole = {t.lower() for t in classes.split()}
        if not (tokens | whole) & _BYLINE_CLASSES or in_aside(element):
            continue
        text = _clean(element.text_content()) or ""
        text = _BYLINE_DATE.sub("", text)
        if not text or len(text) > 120:
            continue
        names = [
            n
            for n in split_authors(text)
            # A digit makes a date ("April 28, 2019 at 6:01 am" is all some bylines hold), not a name.
            if n[:1].isupper()
            and len(n.split()) <= 5
            and any(len(w) > 2 for w in n.split())
            and not any(c.isdigit() for c in n)
        ]
        if names:
            return names
    return []
