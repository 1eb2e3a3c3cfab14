"""Page metadata: JSON-LD in its usual shapes, Open Graph, meta tags, title suffixes, dates."""

from __future__ import annotations

import json

import lxml.html
import pytest

from news.metadata import Metadata, normalize_date, read_metadata, split_authors, strip_site_suffix


def meta_of(head: str, body: str = "<p>Text.</p>") -> Metadata:
    return read_metadata(
        lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    )


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_news_article_with_author_object_and_publisher() -> None:
    meta = meta_of(
        ld(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": "Bridge Reopens After Repairs",
                "datePublished": "2024-03-05T08:00:00Z",
                "author": {"@type": "Person", "name": "Ann Lee"},
                "publisher": {"@type": "Organization", "name": "The Daily"},
            }
        )
    )
    assert meta.title == "Bridge Reopens After Repairs"
    assert meta.authors == ["Ann Lee"]
    assert meta.site == "The Daily"
    assert meta.published == "2024-03-05T08:00:00+00:00"


def test_graph_with_author_references_and_type_list() -> None:
    meta = meta_of(
        ld(
            {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "WebSite", "@id": "#site", "name": "Example News"},
                    {"@type": "Person", "@id": "#ann", "name": "Ann Lee"},
                    {"@type": "Person", "@id": "#bo", "name": "Bo Chen"},
                    {
                        "@type": ["Article", "NewsArticle"],
                        "headline": "Council Passes Budget",
                        "author": [{"@id": "#ann"}, {"@id": "#bo"}],
                        "publisher": {"@id": "#org"},
                        "datePublished": "2024-01-02",
                    },
                    {"@type": "Organization", "@id": "#org", "name": "Example News Group"},
                ],
            }
        )
    )
    assert meta.title == "Council Passes Budget"
    assert meta.authors == ["Ann Lee", "Bo Chen"]
    assert meta.site == "Example News Group"
    assert meta.published == "2024-01-02"


def test_array_of_nodes_and_string_authors() -> None:
    meta = meta_of(
        ld(
            [
                {"@type": "BreadcrumbList", "itemListElement": []},
                {
                    "@type": "ReportageNewsArticle",
                    "headline": "Floods Hit Valley",
                    "author": ["Ann Lee", "Bo Chen"],
                },
            ]
        )
    )
    assert meta.title == "Floods Hit Valley"
    assert meta.authors == ["Ann Lee", "Bo Chen"]


def test_broken_json_ld_falls_back_to_open_graph() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
        '<meta property="og:title" content="Open Graph Title">'
        '<meta property="og:site_name" content="OG Site">'
        '<meta name="author" content="By Ann Lee and Bo Chen">'
        '<meta property="article:published_time" content="2023-11-19T10:00:00+01:00">'
        '<link rel="canonical" href="https://example.org/story">'
    )
    meta = meta_of(head)
    assert meta.title == "Open Graph Title"
    assert meta.site == "OG Site"
    assert meta.authors == ["Ann Lee", "Bo Chen"]
    assert meta.published == "2023-11-19T10:00:00+01:00"
    assert meta.url == "https://example.org/story"


def test_raw_newlines_inside_json_ld_strings_are_tolerated() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Two\nLines"}</script>'
    assert meta_of(head).title == "Two Lines"


@pytest.mark.parametrize(
    ("title", "site", "want"),
    [
        ("Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit - Newslooks", "Newslooks", None),
        ("Bridge Reopens After Repairs | The Daily", "The Daily", "Bridge Reopens After Repairs"),
        ("The Daily | Bridge Reopens After Repairs", "The Daily", "Bridge Reopens After Repairs"),
        ("Bridge Reopens After Repairs – example.com", "Example", "Bridge Reopens After Repairs"),
        ("Bridge Reopens After Repairs | Daily", None, "Bridge Reopens After Repairs"),
        (
            "Spider-Man - A Retrospective on the Films",
            "The Daily",
            "Spider-Man - A Retrospective on the Films",
        ),
    ],
)
def test_site_suffixes_are_stripped(title: str, site: str | None, want: str | None) -> None:
    expected = want or "Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit"
    assert strip_site_suffix(title, site) == expected


def test_title_tag_is_the_last_resort_and_loses_its_suffix() -> None:
    meta = meta_of(
        '<title>Council Passes Budget - The Daily</title><meta property="og:site_name" content="The Daily">'
    )
    assert meta.title == "Council Passes Budget"


def test_double_escaped_entities_are_decoded() -> None:
    meta = meta_of('<meta property="og:title" content="&amp;#8216;Hello&amp;#8217; &amp;#8211; a story">')
    assert meta.title == "‘Hello’ – a story"


def test_site_name_that_is_a_url_becomes_its_host() -> None:
    # Readability.js reports such a site as the raw URL ("http://www.tmz.com"): a reader shows the host.
    assert meta_of('<meta property="og:site_name" content="https://www.example.in">').site == "example.in"
    # Readability.js keeps "SIMPLYFOUND.COM | BY: JOE WEE"; the part after " | " is no part of the name.
    assert meta_of('<meta property="og:site_name" content="FOUNDIT.COM | BY: JO WEE">').site == "FOUNDIT.COM"


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By TOM KRISHER, AP Auto Writer", ["Tom Krisher"]),
        ("Troy L. Smith, Cleveland.com", ["Troy L. Smith"]),
        ("Amy Kuperinsky | NJ Advance Media for NJ.com", ["Amy Kuperinsky"]),
        ("By Ann Lee and Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("J. Mansour", ["J. Mansour"]),
    ],
)
def test_author_bylines_lose_roles_and_outlets(byline: str, names: list[str]) -> None:
    assert split_authors(byline) == names


def test_author_url_is_not_a_name_and_a_site_credited_alone_is_kept() -> None:
    # Issue 9: an author equal to the site name was dropped; credited alone it is the page's byline
    # (an organisation's post), and Readability.js keeps it too.
    head = (
        '<meta property="article:author" content="https://facebook.com/someone">'
        '<meta property="og:site_name" content="The Daily">'
        + ld(
            {
                "@type": "NewsArticle",
                "headline": "X",
                "author": {"@type": "Organization", "name": "The Daily"},
            }
        )
    )
    assert meta_of(head).authors == ["The Daily"]
    # Beside a person, the publication is the outlet, not an author.
    head = '<meta property="og:site_name" content="The Daily">'
    head += '<meta name="author" content="Ann Lee, The Daily">'
    assert meta_of(head).authors == ["Ann Lee"]


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2025-02-07T19:42:10+00:00", "2025-02-07T19:42:10+00:00"),
        ("2025-02-07T19:42:10Z", "2025-02-07T19:42:10+00:00"),
        ("2025-02-07T19:42:10+0100", "2025-02-07T19:42:10+01:00"),
        ("Fri, 07 Feb 2025 19:42:10 GMT", "2025-02-07T19:42:10+00:00"),
        ("February 7, 2025", "2025-02-07"),
        ("Friday, February 7, 2025", "2025-02-07"),
        ("Feb. 7, 2025", "2025-02-07"),
        ("2025-02-07", "2025-02-07"),
        ("0001-01-01T00:00:00+00:00", None),
        ("yesterday", None),
        ("Published 4 May 2026", "2026-05-04"),
        ("Monday August 27, 2026 10:05 am PDT", "2026-08-27T10:05:00-07:00"),
        ("4 de mayo de 2026", "2026-05-04"),
        ("The council met on May 4, 2026 and again a week later to vote on the ferries", None),
    ],
)
def test_dates_normalize_to_iso(raw: str, iso: str | None) -> None:
    assert normalize_date(raw) == iso


def test_dek_by_class_only_near_the_headline() -> None:
    body = (
        '<div class="widget"><p class="subheadline">Weather: sunny with a chance of rain today</p></div>'
        '<header><h1>Headline</h1><p class="article-dek">What the story says in a sentence or two.</p>'
        "</header>"
    )
    assert meta_of("", body).subtitle == "What the story says in a sentence or two."
    assert (
        meta_of("", '<div><p class="subheadline">Weather: sunny with rain later on</p></div>').subtitle
        is None
    )


def test_seed_page_metadata(seed_html: object) -> None:
    from pathlib import Path

    path = Path(str(seed_html))
    meta = read_metadata(lxml.html.document_fromstring(path.read_text(encoding="utf-8")))
    assert meta.title == "Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit"
    assert meta.site == "Newslooks"
    assert meta.authors == ["J. Mansour"]
    assert meta.published == "2025-02-07T19:42:10+00:00"
    assert (
        meta.url == "https://www.newslooks.com/trump-tells-ishiba-he-aims-to-slash-u-s-japan-trade-deficit/"
    )


def test_dateline_element_names_a_place_only() -> None:
    body = '<p><span class="dateline">WASHINGTON (AP) —</span> The Senate voted.</p>'
    assert meta_of("", body).dateline == "WASHINGTON"
    assert meta_of("", '<p class="dateline">Updated 3:45 PM, Nov. 19, 2019</p>').dateline is None


def test_a_slug_site_name_gives_way_to_the_publisher() -> None:
    head = '<meta property="og:site_name" content="detroitnews">' + ld(
        {
            "@type": "NewsArticle",
            "headline": "X",
            "publisher": {"@type": "Organization", "name": "The Detroit News"},
        }
    )
    assert meta_of(head).site == "The Detroit News"


POINTS = (
    "<ul><li>The council approved a budget of $3 billion.</li><li>Schools get the largest increase.</li></ul>"
)
PROSE = "<p>" + "The council met for a long time and talked about many things in detail. " * 2 + "</p>"


def test_summary_box_marked_by_class() -> None:
    meta = meta_of(
        "", f'<h1>Budget</h1><div class="story-highlights">{POINTS}</div><article>{PROSE * 4}</article>'
    )
    assert meta.takeaways == [
        "The council approved a budget of $3 billion.",
        "Schools get the largest increase.",
    ]


def test_summary_list_after_a_label() -> None:
    meta = meta_of("", f"<h1>Budget</h1><p><strong>Key points</strong></p>{POINTS}{PROSE * 4}")
    assert len(meta.takeaways) == 2


def test_link_lists_and_late_boxes_are_not_takeaways() -> None:
    links = (
        '<ul><li><a href="/a">Another story about the city budget</a></li>'
        '<li><a href="/b">And one more story</a></li></ul>'
    )
    assert meta_of("", f'<div class="highlights">{links}</div>{PROSE}').takeaways == []
    assert meta_of("", f'{PROSE * 5}<div class="key-points">{POINTS}</div>').takeaways == []


def test_a_summary_box_extraction_dropped_still_gives_the_takeaways() -> None:
    from news.pipeline import article_from_html

    page = (
        f'<html><body><h1>Budget</h1><div class="story-highlights">{POINTS}</div>'
        f"<article>{PROSE * 5}</article></body></html>"
    )
    article = article_from_html(page, "page.html")
    assert article.takeaways == [
        "The council approved a budget of $3 billion.",
        "Schools get the largest increase.",
    ]
    assert article.takeaways_generated is False


def test_url_is_only_ever_a_web_address() -> None:
    head = '<meta property="og:url" content="javascript:alert(1)">'
    assert meta_of(head).url is None
    head += '<link rel="canonical" href="https://example.org/a">'
    assert meta_of(head).url == "https://example.org/a"
