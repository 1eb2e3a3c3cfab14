"""Metadata kinds seen on pages byline was not tuned on (issue 9): each a small page of our own."""

from __future__ import annotations

import json

import lxml.html

from news.metadata import Metadata, read_metadata


def meta_of(head: str, body: str = "<p>Text.</p>") -> Metadata:
    return read_metadata(
        lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    )


def test_json_ld_wrapped_in_cdata_is_read() -> None:
    data = json.dumps(
        {
            "@type": "NewsArticle",
            "headline": "Storm hits coast",
            "datePublished": "2024-12-06T22:00:40.000Z",
            "author": [{"@type": "Person", "name": "Stella Kim"}, {"@type": "Person", "name": "Jo Jett"}],
        }
    )
    head = (
        f'<script type="application/ld+json">\n<![CDATA[\n{data}\n]]>\n</script>'
        '<meta property="article:published_time" content="2024-12-07T12:43:39Z">'
    )
    meta = meta_of(head)
    assert meta.authors == ["Stella Kim", "Jo Jett"]
    assert meta.published is not None and meta.published.startswith("2024-12-06")


def test_space_separated_properties_are_each_read() -> None:
    head = (
        "<title>Title Element</title>"
        '<meta property="og:title twitter:title" content="Preferred title">'
        '<meta name="author dc:creator" content="Creator Name">'
    )
    meta = meta_of(head)
    assert meta.title == "Preferred title"
    assert meta.authors == ["Creator Name"]


def test_visible_byline_marked_only_by_class_is_read() -> None:
    # Readability.js keeps the whole line ("By Nathan Willis March 25, 2015", even a bare "April 28, 2019
    # at 6:01 am" as a byline): plainly wrong for an author field, so byline keeps the names only.
    body = (
        '<h1>Headline</h1><div class="FeatureByline"> By <b>Nat Willis</b> March 25, 2015</div>'
        "<p>Text of the story.</p>"
    )
    assert meta_of("<title>Headline</title>", body).authors == ["Nat Willis"]
    body = '<span class="pb-byline">By <a href="/p/a">Ann Lee</a>, Bo Chen and Cy Dar</span><p>Text.</p>'
    assert meta_of("", body).authors == ["Ann Lee", "Bo Chen", "Cy Dar"]
    # "author" alone classes photos, follow buttons and bios too: not enough to be a byline.
    body = '<div class="author-follow">Katie Couric</div><p>Text.</p>'
    assert meta_of("", body).authors == []


def test_profile_link_is_not_an_author() -> None:
    head = '<meta name="author" content="Andrew Zon">'
    body = '<a rel="author" href="/profile">View my complete profile</a>'
    assert meta_of("", body).authors == []
    assert meta_of(head).authors == ["Andrew Zon"]


def test_utc_stamp_gives_way_to_the_same_instant_in_local_time() -> None:
    head = (
        '<meta property="article:published_time" content="2017-02-23T17:18:13-08:00">'
        + '<script type="application/ld+json">'
        + json.dumps({"@type": "Article", "headline": "H", "dateCreated": "2017-02-24T01:18:13Z"})
        + "</script>"
    )
    assert meta_of(head).published == "2017-02-23T17:18:13-08:00"
    # A different instant is not a copy of it: JSON-LD still wins.
    other = head.replace("17:18:13-08:00", "09:00:00-08:00")
    assert meta_of(other).published == "2017-02-24T01:18:13+00:00"


def test_site_name_drops_its_tagline() -> None:
    assert meta_of('<meta property="og:site_name" content="Aktualne.cz - Víte, co se právě děje">').site == (
        "Aktualne.cz"
    )
    assert meta_of('<meta property="og:site_name" content="Mother Jones">').site == "Mother Jones"


def test_rdfa_property_outranks_name_but_a_profile_url_does_not() -> None:
    head = (
        '<meta property="dc:creator twitter:site_name" content="Creator Name">'
        '<meta name="author" content="Other">'
    )
    assert meta_of(head).authors == ["Creator Name"]
    head = '<meta property="article:author" content="https://fb.com/x"><meta name="author" content="Ann Lee">'
    assert meta_of(head).authors == ["Ann Lee"]


def test_clean_headline_inside_the_title_beats_the_title() -> None:
    body = "<h1>Harbour gets two new ferries</h1><p>Text.</p>"
    head = "<title>Print version - Harbour gets two new ferries | Daily Bugle</title>"
    assert meta_of(head, body).title == "Harbour gets two new ferries"
    assert meta_of("<title>Harbour gets two new ferries [Bugle]</title>", body).title == (
        "Harbour gets two new ferries"
    )
    # A JSON-LD "headline" that the <title> does not hold (a description) gives way too.
    head = (
        "<title>New Zealand - Encyclopedia</title>"
        + '<script type="application/ld+json">'
        + json.dumps({"@type": "Article", "headline": "constitutional monarchy in Oceania"})
        + "</script>"
    )
    assert meta_of(head, "<h1>New Zealand</h1><p>Text.</p>").title == "New Zealand"
    # Readability.js keeps the author's name and handles after the headline; the headline is the title.
    head = "<title>Harbour gets two new ferries - Bradley M. Kuhn ( Brad ) ( bkuhn )</title>"
    assert meta_of(head, body).title == "Harbour gets two new ferries"
    # An <h1> that only shares words with the <title> is not its headline.
    assert meta_of("<title>Harbour ferries: the plan</title>", "<h1>Harbour</h1>").title == (
        "Harbour ferries: the plan"
    )


def test_site_logo_in_h1_is_not_the_headline() -> None:
    body = (
        '<h1 class="heading"><a href="index.html"><span>evolve extension for Mercurial</span></a></h1>'
        '<h1><a href="#id4">Evolve: Shared Mutable History</a><a class="headerlink" href="#e">¶</a></h1>'
        "<p>Text.</p>"
    )
    head = "<title>Evolve: Shared Mutable History — evolve extension for Mercurial</title>"
    assert meta_of(head, body).title == "Evolve: Shared Mutable History"


def test_dublin_core_title_comes_before_open_graph() -> None:
    head = (
        "<title>Title Element</title>"
        '<meta property="x:title dc:title" content="Preferred title">'
        '<meta property="og:title twitter:title" content="A title">'
    )
    assert meta_of(head).title == "Preferred title"


def test_account_handle_gives_way_to_the_name_the_page_shows() -> None:
    head = (
        '<script type="application/ld+json">'
        + json.dumps({"@type": "Article", "headline": "H", "author": "CC7567"})
        + "</script>"
    )
    body = '<a href="/u/CC7567"><span class="author-name">James Akin</span></a><p>Text.</p>'
    assert meta_of(head, body).authors == ["James Akin"]
    # With no name on the page the handle is all there is, and stays.
    assert meta_of(head).authors == ["CC7567"]
    # A one-word name that is no handle is not passed over.
    head = '<meta name="author" content="Madonna">'
    assert meta_of(head, body).authors == ["Madonna"]


def test_a_commenters_byline_is_no_author() -> None:
    comments = (
        '<ul class="comments-list"><li class="comment"><div class="byline">'
        '<div class="avatar">S</div><div class="username">Sky</div></div><p>So true.</p></li></ul>'
    )
    body = f'<h1>Story</h1><p>Text.</p>{comments}<div class="author-name">NATALIYA VASILYEVA</div>'
    assert meta_of("", body).authors == ["Nataliya Vasilyeva"]
    # schema.org marks a Comment's author as itemprop="author" too.
    body = '<p>Text.</p><div id="comments"><span itemprop="author">Troll 42</span></div>'
    assert meta_of("", body).authors == []
    # A whole post classed "comments-open" (WordPress) is still the article: its byline counts.
    body = '<div class="post comments-open"><h1>Story</h1><span class="byline">By Ann Lee</span></div>'
    assert meta_of("", body).authors == ["Ann Lee"]


def test_related_story_card_byline_is_not_the_author() -> None:
    # Readability.js takes the byline of a related-story card below the story ("JOE HILDEBRAND" on a
    # column by another writer): plainly wrong, so byline keeps the article's own author.
    card = (
        '<div class="related"><h4><a href="/other">Another column</a></h4>'
        '<p class="standfirst"><em class="byline">JOE HILDEBRAND</em> Teaser.</p></div>'
    )
    head = '<meta name="article:author" content="Laurie Oakes">'
    assert meta_of(head, f"<h1>Column</h1><p>Text.</p>{card}").authors == ["Laurie Oakes"]
    assert meta_of("", f"<h1>Column</h1><p>Text.</p>{card}").authors == []


def test_a_credential_stays_with_its_name() -> None:
    # Readability.js: "By Brenda Goodman, MA WebMD Health News"; the desk is no author, "MA" no person.
    body = '<div class="author_fmt">By <a rel="author" href="/bg">Brenda  Goodman, MA</a></div><p>Text.</p>'
    assert meta_of("", body).authors == ["Brenda Goodman, MA"]
    assert meta_of('<meta name="author" content="Ann Lee, M.D., and Bo Chen, PhD">').authors == [
        "Ann Lee, M.D.",
        "Bo Chen, PhD",
    ]


def test_dublin_core_names_written_surname_first_and_its_title() -> None:
    head = (
        "<title>draft-doe-widgets-04 - Widgets</title>"
        '<meta name="DC.Title" content="Widgets">'
        '<meta name="DC.Creator" content="Kooman, F.">'
        '<meta name="DC.Creator" content="Jong, Michiel de">'
    )
    meta = meta_of(head)
    assert meta.title == "Widgets"
    assert meta.authors == ["F. Kooman", "Michiel de Jong"]
    # Two people in one value are not one inverted name.
    assert meta_of('<meta name="author" content="Ann Lee, Bo Chen">').authors == ["Ann Lee", "Bo Chen"]


def test_bracketed_site_after_the_title_is_dropped() -> None:
    head = "<title>Work title - Chapter 1 - Fandom | Tag [Archive of Ours]</title>"
    assert meta_of(head).title == "Work title - Chapter 1 - Fandom"
    assert meta_of("<title>Storm hits the coast [Video]</title>").title == "Storm hits the coast [Video]"
    head = '<title>Weekly edition for May 4 [LWN.net]</title><meta property="og:site_name" content="LWN.net">'
    assert meta_of(head).title == "Weekly edition for May 4"


def test_post_author_marked_by_itemprop_is_read() -> None:
    # Readability.js finds no byline on blog templates that credit the post at its foot ("Posted by
    # <span itemprop="author">"); the name is the post's author, so byline keeps it.
    body = (
        '<div class="post"><h3 class="post-title">Open flow</h3><p>Text.</p>'
        '<div class="post-footer">Posted by <span itemprop="author"><span itemprop="name">'
        "Andrew Zonen</span></span></div></div>"
    )
    assert meta_of("", body).authors == ["Andrew Zonen"]


def test_dates_written_only_in_the_byline_line() -> None:
    body = '<h1>H</h1><div class="byline">By Ann Lee | Published 4 May 2026</div><p>Text.</p>'
    meta = meta_of("", body)
    assert (meta.authors, meta.published) == (["Ann Lee"], "2026-05-04")
    body = '<h1>H</h1><p class="article-date">Monday August 27, 2026 10:05 am PDT</p><p>Text.</p>'
    assert meta_of("", body).published == "2026-08-27T10:05:00-07:00"
    body = '<h1>H</h1><span class="meta">4. Mai 2026, 14:30 Uhr</span><p>Text.</p>'
    assert meta_of("", body).published == "2026-05-04T14:30:00"
    # The date of a later change is not the publication date.
    body = '<h1>H</h1><p class="dates">Updated May 9, 2026 · Published May 4, 2026</p><p>Text.</p>'
    assert meta_of("", body).published == "2026-05-04"
    # Readability.js takes a bare "April 28, 2019 at 6:01 am" line as the byline: it is the date.
    body = '<h1>H</h1><div class="byline">April 28, 2019 at 6:01 am Updated April 29, 2019</div>'
    meta = meta_of("", body)
    assert (meta.authors, meta.published) == ([], "2019-04-28T06:01:00")


def test_byline_paragraph_in_the_text_gives_the_date() -> None:
    from news.model import Block
    from news.outline import build_article

    blocks = [
        Block("heading", "Harbour gets ferries", 1),
        Block("paragraph", "By Ann Lee | Published 4 May 2026"),
        Block("paragraph", "The harbour will get two new ferries next spring, the council said on Monday."),
    ]
    article = build_article("page.html", blocks, Metadata(title="Harbour gets ferries"))
    assert (article.authors, article.published) == (["Ann Lee"], "2026-05-04")


def test_a_time_among_comments_or_other_stories_is_only_a_fallback() -> None:
    comments = (
        '<ol class="comment-list"><li><time datetime="2026-06-01T10:00:00+02:00">June 1</time></li></ol>'
    )
    related = '<ul class="related-stories"><li><time datetime="2026-05-30">May 30</time></li></ul>'
    own = '<article><h1>H</h1><time datetime="2026-05-04T09:00:00+02:00">4 May</time><p>Text.</p></article>'
    assert meta_of("", comments + related + own).published == "2026-05-04T09:00:00+02:00"
    # Nothing else dates the page: a commented page's first <time> is better than none.
    fallback = meta_of("", f"<h1>H</h1><p>Text.</p>{comments}").published
    assert fallback is not None and fallback.startswith("2026-06-01")


def test_an_instant_keeps_the_calendar_date_the_page_shows() -> None:
    # A UTC stamp shown as local time: the shown time gives the offset, and the date stays the 18th.
    body = '<time datetime="2019-11-19T07:03:25+00:00">November 18, 2019 11:03 PM</time><p>Text.</p>'
    assert meta_of("", body).published == "2019-11-18T23:03:25-08:00"
    # An offset the page gives is kept as it is, never moved to UTC.
    head = '<meta property="article:published_time" content="2026-05-04T23:30:00-07:00">'
    assert meta_of(head).published == "2026-05-04T23:30:00-07:00"
    # A shown time that no real zone can explain (+15 h) leaves the stamp alone.
    body = '<time datetime="2019-11-19T07:03:25+00:00">November 19, 2019 10:03 PM</time><p>Text.</p>'
    assert meta_of("", body).published == "2019-11-19T07:03:25+00:00"


def test_itemprop_beside_property_on_one_meta_is_read() -> None:
    head = (
        '<meta property="article:published" itemprop="datePublished dateCreated"'
        ' content="2019-11-19T11:00:09.000Z">'
    )
    assert meta_of(head).published == "2019-11-19T11:00:09+00:00"


def test_htmldate_dates_a_page_nothing_else_dates() -> None:
    body = "<h1>Release notes</h1><div>Posted by kov, Tog on 2019-02-15, in the blog</div><p>Text.</p>"
    assert meta_of("", body).published == "2019-02-15"
    assert meta_of("", "<h1>Notes</h1><p>Nothing dated here at all.</p>").published is None


def test_no_title_is_made_of_the_first_sentence() -> None:
    from news.model import Block
    from news.outline import build_article

    text = "The harbour will get two new ferries next spring, the council said on Monday, after a long wait."
    blocks = [Block("paragraph", text), Block("paragraph", "A second paragraph of the story follows.")]
    assert build_article("/tmp/news/harbour.html", blocks, Metadata()).title == "harbour.html"
    assert build_article("https://example.org/2026/ferries", blocks, Metadata()).title == "ferries"
    assert build_article("https://example.org/", blocks, Metadata()).title == "example.org"
    assert build_article("-", blocks, Metadata()).title == "Untitled"
    # A heading first is the page's own headline.
    headed = [Block("heading", "Harbour gets ferries", 1), *blocks]
    assert build_article("-", headed, Metadata()).title == "Harbour gets ferries"


def test_a_publication_on_a_platform_is_the_site() -> None:
    def page(publisher_url: str) -> str:
        data = {
            "@type": "Article",
            "headline": "H",
            "publisher": {"@type": "Organization", "name": "Voodoo Works", "url": publisher_url},
        }
        script = f'<script type="application/ld+json">{json.dumps(data)}</script>'
        return f'<meta property="og:site_name" content="Medium">{script}'

    assert meta_of(page("https://medium.com/voodoo-works")).site == "Voodoo Works"
    # A parent company on a host of its own is not the site the reader is on.
    assert meta_of(page("https://www.voodoo-works.com/")).site == "Medium"


def test_a_title_that_names_only_the_site_gives_way_to_the_headline() -> None:
    body = "<h1>Harbour gets two new ferries</h1><p>Text.</p>"
    head = '<title>Daily Bugle</title><meta property="og:site_name" content="Daily Bugle">'
    assert meta_of(head, body).title == "Harbour gets two new ferries"
    # A <title> of its own that the page's one <h1> does not repeat is still the page's choice.
    assert meta_of("<title>Ferries for the harbour, at last</title>", body).title == (
        "Ferries for the harbour, at last"
    )


def test_a_share_title_for_every_page_gives_way_to_the_storys_headline() -> None:
    # Readability.js keeps such an og:title ('Yahoo News - Latest News & Headlines' on its yahoo-2 page)
    # although the page's <title> and <h1> both name the story: a reader shows the story's headline.
    head = (
        "<title>Space ship breaks up over Siberia</title>"
        '<meta property="og:title" content="Daily Bugle - Latest News &amp; Headlines">'
    )
    body = "<h1>Space ship breaks up over Siberia</h1><p>Text.</p>"
    assert meta_of(head, body).title == "Space ship breaks up over Siberia"
    # A share title of the editor's own that shares words with the story still stands.
    own = head.replace("Daily Bugle - Latest News &amp; Headlines", "Russian space ship breaks up")
    assert meta_of(own, body).title == "Russian space ship breaks up"
    # A logo of links in the first <h1> is no headline to prefer.
    logo = '<h1><a href="/">Daily Bugle</a> <a href="/news">back to the news home</a></h1>'
    generic = (
        "<title>Daily Bugle - Latest News</title>"
        '<meta property="og:title" content="Daily Bugle - Latest News">'
    )
    assert meta_of(generic, logo + "<p>Text.</p>").title != "Daily Bugle back to the news home"
