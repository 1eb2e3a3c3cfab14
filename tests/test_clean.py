"""Article extraction: real pages scored against human-marked bodies, and structure kept on small pages."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from news.clean import blocks_of, clean, drop_empty_headings
from news.decode import decode
from news.errors import SourceError
from news.furniture import prune
from news.htmlparse import parse_html
from news.model import Block
from news.pipeline import article_from_html

AEB = Path(__file__).parent / "data" / "aeb"
TRUTH: dict[str, dict[str, str]] = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))

# The AEB measure (tests/data/aeb/LICENSE, MIT): 4-word shingles of \w+ tokens, counts normalised per page.
_WORD = re.compile(r"\w+")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3)) if tokens[i : i + 4])


def page_f1(truth: str, prediction: str) -> float:
    t, p = _shingles(truth), _shingles(prediction)
    tp = sum(min(t[k], p[k]) for k in t.keys() & p.keys())
    fp, fn = sum(p.values()) - tp, sum(t.values()) - tp
    if fp == fn == 0:
        return 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def test_page_f1_matches_the_benchmark_definition() -> None:
    assert page_f1("one two three four five", "one two three four five") == 1.0
    assert page_f1("one two three four five", "") == 0.0
    # Two of the truth's shingles found, one extra: precision 2/3, recall 1.
    assert page_f1("a b c d e", "a b c d e f") == pytest.approx(0.8)


def _page(page: str) -> str:
    return decode(gzip.decompress((AEB / f"{page}.html.gz").read_bytes()))


def _body(page: str) -> str:
    blocks = clean(parse_html(_page(page)), TRUTH[page]["url"])
    return "\n\n".join(block.text for block in blocks)


def _id(prefix: str) -> str:
    return next(page for page in TRUTH if page.startswith(prefix))


@pytest.mark.parametrize("page", sorted(TRUTH), ids=lambda page: page[:8])
def test_real_page_body_matches_what_a_person_marked(page: str) -> None:
    assert page_f1(TRUTH[page]["articleBody"], _body(page)) >= 0.95


def test_sample_mean_beats_readability_reference() -> None:
    scores = [page_f1(TRUTH[page]["articleBody"], _body(page)) for page in TRUTH]
    assert sum(scores) / len(scores) >= 0.97


def test_embedded_posts_are_kept_as_quotes() -> None:
    blocks = clean(parse_html(_page(_id("3f65"))))
    quotes = [b.text for b in blocks if b.kind == "quote"]
    assert any("Yes this is real" in text for text in quotes)
    assert any("(@govkristinoem)" in text for text in quotes)


def test_captions_related_links_and_calls_to_action_are_dropped() -> None:
    bbc = _body(_id("70cb"))
    assert "Image copyright" not in bbc and "Image caption" not in bbc
    assert "Follow Newsbeat on Instagram" not in bbc
    cleveland = _body(_id("35b1"))
    assert "You may also like" not in cleveland
    assert "25 worst Rock and Roll Hall of Fame Inductees" not in cleveland
    rt = _body(_id("4a44"))
    assert "Also on rt.com" not in rt and "Share it with a friend" not in rt
    wordpress = _body(_id("0dd1"))
    assert "Like this:" not in wordpress and "Loading..." not in wordpress


def test_hover_cards_go_but_the_names_they_hang_on_stay() -> None:
    hill = _body(_id("6eba"))
    assert "threatened to kill Rep. Ilhan Omar" in hill
    assert "Hillicon Valley" not in hill


def test_seed_page_loses_its_furniture_and_keeps_its_headings() -> None:
    html = (Path(__file__).parent / "data" / "newslooks-ishiba.html").read_text(encoding="utf-8")
    blocks = clean(parse_html(html))
    text = "\n\n".join(b.text for b in blocks)
    for furniture in ("ADVERTISEMENT", "Related Posts", "Share on Facebook", "You must Register or Login"):
        assert furniture not in text
    assert "His 24-hour trip included a working lunch" in text
    headings = [(b.level, b.text) for b in blocks if b.kind == "heading"]
    assert (2, "Trump Tells Ishiba He Aims to Slash U.S.-Japan Trade Deficit") in headings
    assert (3, "Japan’s Ishiba Meets Trump, Navigates Trade, Defense & AI Talks") in headings
    takeaways = next(i for i, b in enumerate(blocks) if b.kind == "heading" and "Key Takeaways" in b.text)
    assert blocks[takeaways].level == 2
    assert [b.kind for b in blocks[takeaways + 1 : takeaways + 7]] == ["item"] * 6


_FILLER = (
    "<p>The council met on Tuesday evening to debate the new budget, which raises spending on schools, "
    "roads and parks, and which opponents say leaves the city exposed if tax receipts fall next year.</p>"
)


def _page_of(inner: str, before: str = "", after: str = "") -> str:
    article = f"<article><h1>Council passes budget</h1>{_FILLER * 3}{inner}{_FILLER * 2}{after}</article>"
    return f"<html><body>{before}{article}</body></html>"


def _article(inner: str) -> list[Block]:
    return clean(lxml.html.document_fromstring(_page_of(inner)))


def test_heading_levels_are_kept() -> None:
    blocks = _article(
        "<h2>Schools</h2><p>More teachers, said the mayor, and more of them, soon.</p><h3>Roads</h3>"
    )
    assert Block("heading", "Schools", 2) in blocks
    assert Block("heading", "Roads", 3) in blocks


def test_lists_keep_depth_and_markers() -> None:
    blocks = _article(
        "<p>The budget, in short, and as the mayor put it, holds these parts:</p>"
        '<ol start="3"><li>Schools<ul><li>teachers</li><li>books</li></ul></li><li>Roads</li></ol>'
    )
    items = [b for b in blocks if b.kind == "item"]
    assert items == [
        Block("item", "Schools", 1, "3."),
        Block("item", "teachers", 2, "-"),
        Block("item", "books", 2, "-"),
        Block("item", "Roads", 1, "4."),
    ]


def test_lists_of_other_articles_are_dropped() -> None:
    related = "".join(f'<li><a href="/{n}">Other story number {n} of the day</a></li>' for n in range(4))
    blocks = _article(f"<ul>{related}</ul>")
    assert not any("Other story" in b.text for b in blocks)
    shopping = '<ul><li><a href="/shop">Get it at the store for $20</a></li></ul>'
    assert Block("item", "Get it at the store for $20", 1, "-") in _article(shopping)


def test_block_quotes_and_line_breaks_survive() -> None:
    blocks = _article(
        "<blockquote><p>We will not raise taxes, whatever happens in the markets this year.</p></blockquote>"
        "<p>Line one of the address,<br>line two of the address, in the same paragraph of the story.</p>"
    )
    assert Block("quote", "We will not raise taxes, whatever happens in the markets this year.") in blocks
    assert (
        Block(
            "paragraph",
            "Line one of the address,\nline two of the address, in the same paragraph of the story.",
        )
        in blocks
    )


def test_furniture_around_and_inside_the_article_is_dropped() -> None:
    inside = (
        "<p>ADVERTISEMENT</p>"
        '<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>'
        '<figure><img src="x.jpg"><figcaption>The mayor at City Hall. Photo: Jane Doe</figcaption></figure>'
        '<div class="newsletter-signup">'
        "<p>Sign up for our newsletter to get the news in your inbox every day.</p></div>"
        '<p>Related: <a href="/a">Mayor unveils plan for parks</a></p>'
        "<p>Advertisement - Continue Reading Below</p><p>John Doe/Getty Images</p>"
        "<p>We use cookies to improve your experience. Accept cookies to continue.</p>"
    )
    outside = '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
    after = (
        '<section class="comments"><h3>Leave a Reply</h3>'
        "<p>You must be logged in to post a comment.</p></section>"
    )
    html = _page_of(inside, outside, after)
    text = "\n".join(b.text for b in clean(lxml.html.document_fromstring(html)))
    for furniture in (
        "ADVERTISEMENT",
        "Share on Facebook",
        "Photo: Jane Doe",
        "newsletter",
        "Mayor unveils",
        "Reply",
        "Home",
        "Continue Reading",
        "John Doe",
        "cookies",
    ):
        assert furniture not in text
    assert text.count("The council met on Tuesday evening") == 5


def test_tweet_embed_is_kept() -> None:
    tweet = (
        '<blockquote class="twitter-tweet">'
        "<p>The budget passed tonight, nine votes to four, after a long debate.</p>"
        '— City Council (@council) <a href="https://twitter.com/council/status/1">November 19, 2019</a>'
        "</blockquote>"
    )
    quotes = [b.text for b in _article(tweet) if b.kind == "quote"]
    assert quotes == [
        "The budget passed tonight, nine votes to four, after a long debate.",
        "— City Council (@council) November 19, 2019",
    ]


def test_deep_nesting_does_not_crash() -> None:
    html = "<html><body>" + "<div>" * 5000 + _FILLER * 5 + "</div>" * 5000 + "</body></html>"
    try:
        article = article_from_html(html, "deep.html")
    except SourceError:
        return
    assert "The council met" in article.text


def test_walker_handles_any_depth() -> None:
    root = node = lxml.html.Element("div")
    for _ in range(5000):
        node = lxml.etree.SubElement(node, "div")
    node.text = "deep text"
    pieces = blocks_of(root)
    assert [piece.block.text for piece in pieces] == ["deep text"]


def test_page_without_an_article_gives_nothing_or_blocks() -> None:
    html = '<html><body><nav><a href="/">Home</a></nav><footer>© 2024</footer></body></html>'
    assert clean(lxml.html.document_fromstring(html)) == []
    assert clean(lxml.html.document_fromstring("<html><body></body></html>")) == []


def test_article_under_a_furniture_class_name_is_kept() -> None:
    sentence = "The council met on Tuesday evening to debate the new budget for schools and roads"
    lines = "<br><br>".join(f"{sentence}, part {n}." for n in range(12))
    html = (
        '<html><body><nav><a href="/">Home</a></nav>'
        f'<div class="post-body comments-enabled">{lines}</div>'
        '<div class="footer">© 2024 The Paper</div></body></html>'
    )
    text = "\n".join(b.text for b in clean(lxml.html.document_fromstring(html)))
    assert text.count(sentence) == 12
    assert "The Paper" not in text


def test_a_list_item_with_paragraphs_stays_one_item() -> None:
    blocks = _article(
        "<p>The plan, as the council described it, comes in two steps:</p>"
        "<ol><li><p>First, hire teachers.</p><p>They start in May.</p></li>"
        "<li><div>Then fix roads.</div></li></ol>"
    )
    items = [b for b in blocks if b.kind == "item"]
    assert items == [
        Block("item", "First, hire teachers.\nThey start in May.", 1, "1."),
        Block("item", "Then fix roads.", 1, "2."),
    ]


def test_headings_and_items_of_only_symbols_are_decoration() -> None:
    html = (
        "<html><body><article><h2>What happened</h2>"
        + "<p>The council met on Tuesday and voted to rebuild the old bridge over the river. </p>" * 4
        + "<h2>______________________________</h2><ul><li>* * *</li><li>Real item</li></ul>"
        + "<p>After the vote the mayor thanked residents for coming to the long meeting. </p>" * 3
        + "</article></body></html>"
    )
    blocks = clean(lxml.html.document_fromstring(html))
    texts = [block.text for block in blocks]
    assert "______________________________" not in texts and "* * *" not in texts
    assert "What happened" in texts and "Real item" in texts


def _texts(html: str) -> list[str]:
    return [block.text for block in clean(lxml.html.document_fromstring(html))]


def test_a_section_whose_id_is_the_slug_of_its_heading_is_not_furniture() -> None:
    # "sharing" is a furniture word, but here it is a word of each section's own heading; each section holds
    # too little of the page for the text-mass guard alone to spare it.
    sections = "".join(
        f'<div class="section" id="sharing-with-{who}-developers"><h2>Sharing with {who} developers</h2>'
        f"{_FILLER * 3}</div>"
        for who in ("single", "two", "many", "remote")
    )
    html = f"<html><body><div class='body'>{sections}</div><div class='share-tools'>Share</div></body></html>"
    doc = lxml.html.document_fromstring(html)
    prune(doc)
    assert len(doc.findall(".//div[@class='section']")) == 4
    assert doc.find(".//div[@class='share-tools']") is None
    texts = [block.text for block in clean(lxml.html.document_fromstring(html))]
    assert "Sharing with remote developers" in texts and texts.count(_FILLER[3:-4]) == 12


def test_a_wrapper_named_after_a_modal_keeps_the_article_it_holds() -> None:
    html = (
        "<html><body><div class='site modal-ready'><div class='modal-container'><article><h1>Budget</h1>"
        f"{_FILLER * 4}</article></div><div class='sidebar'><p>Weather: sunny.</p></div></div></body></html>"
    )
    assert _texts(html).count(_FILLER[3:-4]) == 4


def test_furniture_written_as_one_compound_word_is_dropped() -> None:
    related = (
        "<div class='xx-relatedposts'><p>The mayor opened a new library in the north of the city, where the "
        "old one closed years ago after a flood.</p></div>"
    )
    texts = _texts(_page_of(related))
    assert not any("new library" in text for text in texts)
    assert texts.count(_FILLER[3:-4]) == 5


def test_a_paragraph_that_reports_a_sign_up_is_text_not_a_call_to_action() -> None:
    report = (
        "<p>Thousands of parents rushed to sign up for the new school lunch plan on Monday, and the council "
        "said the website slowed under the load.</p><p>Sign up for our newsletter to get the news daily.</p>"
    )
    texts = _texts(_page_of(report))
    assert any(text.startswith("Thousands of parents rushed to sign up") for text in texts)
    assert not any("newsletter" in text for text in texts)


def test_headings_that_link_to_the_people_they_name_stay_sections() -> None:
    names = ["Ada Lovelace", "Grace Hopper", "Katherine Johnson", "Margaret Hamilton", "Radia Perlman"]
    body = "".join(f"<h2><a href='/people/{n.split()[1].lower()}'>{n}</a></h2>{_FILLER * 2}" for n in names)
    html = (
        "<html><head><title>Five engineers on their work</title></head><body><article>"
        f"<h1>Five engineers on their work</h1>{body}</article></body></html>"
    )
    blocks = clean(lxml.html.document_fromstring(html))
    assert [b.text for b in blocks if b.kind == "heading"] == names
    assert [s.title for s in article_from_html(html, "series.html").sections] == names


def test_an_article_given_only_to_readers_without_script_is_read() -> None:
    html = (
        "<html><body><div id='app'></div><noscript><article><h1>Budget</h1>"
        f"{_FILLER * 4}</article></noscript><noscript><img src='pixel.gif'></noscript></body></html>"
    )
    blocks = clean(lxml.html.document_fromstring(html))
    assert [block.text for block in blocks] == [_FILLER[3:-4]] * 4


def test_a_turn_on_javascript_line_in_noscript_stays_out() -> None:
    html = _page_of("", after="<noscript><p>Please turn on JavaScript to see the comments.</p></noscript>")
    assert not any("JavaScript" in block.text for block in clean(lxml.html.document_fromstring(html)))


def test_a_lead_beside_the_body_wrapper_opens_the_article() -> None:
    # The intro sits in the header, two wrappers away from the block readability picks; the byline
    # next to it is as long but ends no sentence, and stays out.
    html = (
        "<html><body><div class='post'><div class='post-top'><h1>Council passes budget</h1>"
        "<div class='post-intro'><p>After a long night of debate the council agreed to raise spending on "
        "schools and roads.</p></div><p>By Jane Roe and John Doe with reporting from Ann Smith in City "
        "Hall</p></div><div class='grid'><div class='main'>"
        f"{_FILLER * 8}</div></div></div><div class='other'><p>Elsewhere</p></div></body></html>"
    )
    texts = [block.text for block in clean(lxml.html.document_fromstring(html))]
    assert texts[0].startswith("After a long night of debate")
    assert texts[1:] == [_FILLER[3:-4]] * 8


def test_a_tiny_page_of_a_few_paragraphs_is_its_own_article() -> None:
    html = (
        "<html><head><title>Replace links</title></head><body>"
        "<a href='javascript:'><p>abc</p><p>def</p>ghi</a></body></html>"
    )
    article = article_from_html(html, "note.html")
    assert article.title == "Replace links"
    assert [block.text for block in article.blocks] == ["abc", "def", "ghi"]


@pytest.mark.parametrize(
    "body",
    [
        "<p>Loading…</p>",
        "<form><p>Log in</p><p>Password</p><input name='password'></form>",
        "<ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul>",
    ],
)
def test_a_tiny_shell_form_or_menu_is_still_no_article(body: str) -> None:
    with pytest.raises(SourceError, match="no article text found"):
        article_from_html(f"<html><head><title>App</title></head><body>{body}</body></html>", "app.html")


def test_a_headline_unlike_the_title_is_kept_and_a_short_masthead_goes() -> None:
    headline = "Council budget: schools win, parks gain and roads wait another year"
    html = (
        "<html><head><title>Council budget: what it means</title></head><body><article>"
        f"<h1>{headline}</h1>{_FILLER * 3}</article></body></html>"
    )
    article = article_from_html(html, "budget.html")
    assert article.title == "Council budget: what it means"
    assert article.blocks[0].text == headline
    masthead = f"<html><body><article><h1>City Herald</h1>{_FILLER * 3}</article></body></html>"
    assert "City Herald" not in [b.text for b in clean(lxml.html.document_fromstring(masthead))]


def test_a_closing_label_that_introduces_no_prose_goes_in_any_language() -> None:
    tail = "<p>Weitere Informationen:</p><p>Pressestelle, Telefon 040 123456</p><h3>Kontakt:</h3>"
    html = f"<html><body><article><h1>Council passes budget</h1>{_FILLER * 4}{tail}</article></body></html>"
    texts = [block.text for block in clean(lxml.html.document_fromstring(html))]
    assert "Weitere Informationen:" not in texts and "Kontakt:" not in texts
    assert "Pressestelle, Telefon 040 123456" in texts
    # A label the article's prose follows is the text's own.
    lead_in = f"<p>The best part comes now:</p>{_FILLER}"
    html = (
        f"<html><body><article><h1>Council passes budget</h1>{_FILLER * 4}{lead_in}</article></body></html>"
    )
    assert "The best part comes now:" in [block.text for block in clean(lxml.html.document_fromstring(html))]


def test_the_caption_of_a_picture_that_cannot_be_shown_stays_as_text() -> None:
    # A page read from a file: its relative picture has no address byline can load, its caption is text.
    figure = "<figure><img src='harbour.jpg'><figcaption>Boats at dawn</figcaption></figure>"
    texts = [block.text for block in _article(figure)]
    assert "Boats at dawn" in texts
    assert texts.index("Boats at dawn") == 3  # where the figure stood, after the first three paragraphs


def test_ad_labels_teasers_and_date_stamps_go_in_other_languages_too() -> None:
    inside = (
        "<p>- Anzeige -</p>"
        "<p>ANZEIGE - Heute mal ausgehen? Wie wäre es mit:</p>"
        "<p>À lire aussi » <a href='/b'>Le conseil vote son budget</a></p>"
        "<p>Le puede interesar: <a href='/c'>El concejo aprueba el presupuesto</a></p>"
        "<p>Publiziert: 03.04.2020, 12:35</p>"
        "<p>Photo by Ann Lee on a sunny day</p>"
        "<p>(Credit: Ann Lee / City Herald)</p>"
    )
    texts = [block.text for block in _article(inside)]
    assert texts == [_FILLER[3:-4]] * 5
    # The words as part of the article's sentences stay.
    prose = "<p>Die Anzeige wurde am 03.04.2020 aufgegeben, sagte der Sprecher des Rates am Dienstag.</p>"
    assert "Die Anzeige wurde am 03.04.2020 aufgegeben" in " ".join(b.text for b in _article(prose))


def test_pictures_without_a_caption_or_with_only_a_credit_are_kept() -> None:
    # Their text is their caption: the line rules took an empty one for decoration and 'Photo: Reuters'
    # for a stray credit, and dropped the picture with it.
    bare = "<img src='https://example.com/pictures/harbour-at-dawn.jpg' alt='harbour.jpg'>"
    credited = (
        "<figure><img src='https://example.com/pictures/ferry.jpg'>"
        "<figcaption>Photo: Reuters</figcaption></figure>"
    )
    images = [
        block
        for block in _article(bare + "<p>The harbour at dawn, before the ferries.</p>" + credited)
        if block.media
    ]
    assert [getattr(block.media, "url", None) for block in images] == [
        "https://example.com/pictures/harbour-at-dawn.jpg",
        "https://example.com/pictures/ferry.jpg",
    ]


def test_headings_that_end_the_article_go() -> None:
    # Pruning took the lists under 'More stories' and 'Further reading'; their headings were left behind,
    # ending the article on them and listing empty sections in the outline. A headline followed at
    # once by the next section stays.
    blocks = [
        Block("heading", "Council passes budget", 2),
        Block("heading", "Schools", 2),
        Block("paragraph", "More teachers, said the mayor."),
        Block("heading", "More stories", 2),
        Block("heading", "Further reading", 3),
    ]
    assert [block.text for block in drop_empty_headings(blocks)] == [
        "Council passes budget",
        "Schools",
        "More teachers, said the mayor.",
    ]
